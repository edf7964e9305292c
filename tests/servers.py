"""Real SPARQL servers for the tests, on loopback, started here and stopped by process id.

- `oxigraph_server(folder)`: the Oxigraph server from PyPI (`oxigraph serve`), union default graph.
- `virtuoso_server(folder)`: a private Virtuoso 7 (Debian `virtuoso-opensource-7-bin`) with its own
  ini and database in `folder`, anonymous SPARQL updates granted through isql-vt.
- `coopkg_server(store)`: `coopkg serve` itself.

Readiness is polled with a bounded loop; every helper is a context manager that kills its process
on exit, whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    name: str
    pid: int
    query: str  # SPARQL query URL
    update: str | None = None
    graph_store: str | None = None
    sql_port: int | None = None


def wait_until_ready(url: str, process: subprocess.Popen, *, within: float, log: Path | None = None) -> None:
    """Poll `url` until it answers 200, the process dies, or `within` seconds pass."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {_tail(log)}")
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready at {url} after {within:g} s: {_tail(log)}")


def _tail(log: Path | None) -> str:
    return log.read_text(errors="replace")[-800:] if log and log.exists() else ""


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process by its id, then SIGKILL if it has not gone within `grace` seconds."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(5)


def _start(cmd: list[str], log: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs)


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(folder: Path):
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph executable is missing; pip install oxigraph (the test extra)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    log = folder / "oxigraph.log"
    process = _start([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"], log)
    try:
        wait_until_ready(f"{base}/query?query=ASK%7B%7D", process, within=30, log=log)
        yield Server("oxigraph", process.pid, f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {db}
CaseMode = 2
MaxQueryMem = 200M
; One thread per query: once, in a CI run on a loaded machine, the named query places counted 146
; items for one place where the store has 181, and the same push compared equal on rerun. Parallel
; evaluation of a grouped COUNT(DISTINCT) is the one nondeterministic part of that query here.
ThreadsPerQuery = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10
MaxKeepAlives = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def _isql(isql: str, sql_port: int, statement: str) -> None:
    result = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or "Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql-vt failed on {statement!r}: {result.stdout} {result.stderr}")


@contextlib.contextmanager
def virtuoso_server(folder: Path):
    binaries = virtuoso_binaries()
    if binaries is None:
        raise RuntimeError("virtuoso-t / isql-vt are not installed (Debian: virtuoso-opensource-7-bin)")
    server, isql = binaries
    db = folder / "db"
    db.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql=sql_port, http=http_port), encoding="utf-8")
    log = folder / "virtuoso.out"
    process = _start([server, "+foreground", "+configfile", str(ini)], log, cwd=db)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_ready(f"{base}/sparql?query=ASK%7B%7D", process, within=90, log=log)
        _isql(isql, sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        yield Server("virtuoso", process.pid, f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud", sql_port)
    finally:
        stop(process)


@contextlib.contextmanager
def coopkg_server(store: Path, *extra: str):
    port = free_port()
    log = store.parent / f"serve-{port}.log"
    cmd = [sys.executable, "-m", "kg_build.cli", "serve", "--store", str(store), "--port", str(port), "--quiet", *extra]
    process = _start(cmd, log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/sparql?query=ASK%7B%7D", process, within=60, log=log)
        yield Server("coopkg", process.pid, f"{base}/sparql")
    finally:
        stop(process)
