"""The benchmark at 1× in quick mode, so it cannot rot: it must run end to end and write a
report with every expected table row. No timing is asserted (design.md: tests never do)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg_build.named_queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "bench" / "REPORT.md"


def test_bench_quick_writes_report(tmp_path):
    out = tmp_path / "bench"
    before = COMMITTED.stat().st_mtime_ns if COMMITTED.exists() else None
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--scales", "1", "--quick", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = (out / "REPORT.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].lstrip("| ") for line in report.splitlines() if line.startswith("| ")}
    expected = {
        "build time ÷ floor at 1×",
        "build time growth, net of start-up",
        "build peak RSS at 1×",
        "cold `lookup 前海` ÷ floor (1× store)",
        "cold `query plans` ÷ floor (1× store)",
        "pyoxigraph ÷ rdflib: export nquads at 1×",
        "pyoxigraph ÷ rdflib: export turtle at 1×",
    }
    for name in catalogue():
        expected |= {f"query `{name}` median at 1×", f"pyoxigraph ÷ rdflib: query {name} at 1×"}
    assert expected <= rows, sorted(expected - rows)
    for heading in ("## Targets", "## Scaled corpora", "## Build", "## Commands", "## Named queries and exports on the 1× store"):
        assert heading in report
    assert "| 1× | 5 | " in report  # the bundled corpus: five documents
    assert (COMMITTED.stat().st_mtime_ns if COMMITTED.exists() else None) == before  # --out leaves the committed report alone
