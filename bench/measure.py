"""Running one measured command in a child process: wall time, CPU time and peak RSS of that
child alone (os.wait4 gives the rusage of the one process waited for, where
RUSAGE_CHILDREN would carry the maximum over every child so far)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COOPKG = str(BIN / "coopkg")
PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    rss: int  # peak resident set size of the child, bytes


class Failed(RuntimeError):
    pass


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, log: Path | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run `cmd` to completion; stdout is discarded, stderr kept in `log` (or shown on failure).
    `ok` lists the exit codes that count as success (lookup exits 1 when nothing matches)."""
    sink = open(log, "wb") if log else subprocess.DEVNULL
    err = sink if log else subprocess.PIPE
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=err)
    stderr = b"" if log else proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        sink.close()
    if proc.returncode not in ok:
        detail = log.read_text(errors="replace")[-2000:] if log else stderr.decode(errors="replace")[-2000:]
        raise Failed(f"{' '.join(cmd)} exited {proc.returncode}: {detail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def repeat(cmd: list[str], times: int, **kwargs) -> list[Run]:
    return [run(cmd, **kwargs) for _ in range(times)]


def median(values) -> float:
    return statistics.median(list(values))


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (CPU and RSS of that same run, so the figures agree)."""
    ordered = sorted(runs, key=lambda r: r.wall)
    return ordered[(len(ordered) - 1) // 2]


def timed(fn, times: int) -> list[float]:
    """Wall seconds of `times` in-process calls of fn()."""
    out = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out
