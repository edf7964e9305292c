"""Shared fixtures: the bundled corpus built once per test session, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"


def coopkg(*args: str, store: Path | None = None, check: bool = False, env: dict | None = None, input: str | None = None):
    """Run the real command line in a subprocess, as a user would."""
    cmd = [sys.executable, "-m", "kg_build.cli", *args]
    if store is not None:
        cmd += ["--store", str(store)]
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=full_env, input=input)
    if check and result.returncode != 0:
        raise AssertionError(f"coopkg {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The bundled corpus, built once; tests must not modify it."""
    from kg_build.build import run

    store = tmp_path_factory.mktemp("store") / "coopkg-store"
    run(None, store)
    return store


@pytest.fixture(scope="session")
def db(built_store):
    from kg_build.store import open_store

    return open_store(built_store)
