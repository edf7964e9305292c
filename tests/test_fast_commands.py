"""`lookup`, `query` and `export` never import spaCy or pyshacl (design.md: fast commands stay fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

HEAVY = ("spacy", "pyshacl")
PROBE = """
import sys
from kg_build.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ("lookup", "前海", "--evidence"),
    ("lookup", "2019-1", "--format", "json"),
    ("query", "plans"),
    ("query", "--list"),
    ("export", "--format", "turtle"),
    ("export", "--format", "csv-entities"),
    ("export", "--format", "void"),
])
def test_fast_command_leaves_heavy_modules_out(built_store, args):
    code = PROBE.replace("{heavy!r}", repr(set(HEAVY)))
    result = subprocess.run([sys.executable, "-c", code, *args, "--store", str(built_store)],
                            capture_output=True, text=True, cwd=ROOT)
    marker = [line for line in result.stderr.splitlines() if line.startswith("HEAVY:")]
    assert marker == ["HEAVY:"], result.stderr[-2000:]
