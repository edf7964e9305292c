"""Running one measured command in a child process: wall time, CPU time and peak RSS.

CPU time is os.wait4's rusage of the child, which includes the worker processes it waited for.
Peak RSS is the larger of the child's own peak (wait4) and the highest total resident memory of
the child and all its descendants, sampled every 0.1 s: a build with worker processes uses the sum
of their memory, which no single process's peak shows."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
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
    rss: int  # peak resident set size of the child with its descendants, bytes


class Failed(RuntimeError):
    pass


class TimedOut(RuntimeError):
    """The child ran past its time; `run` holds what it had used when it was stopped."""

    def __init__(self, cmd: list[str], seconds: float, run: "Run"):
        super().__init__(f"{' '.join(cmd)} stopped after {seconds:.0f} s")
        self.seconds, self.run = seconds, run


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, log: Path | None = None,
        ok: tuple[int, ...] = (0,), timeout: float | None = None) -> Run:
    """Run `cmd` to completion; stdout is discarded, stderr kept in `log` (shown on failure).
    `ok` lists the exit codes that count as success (lookup exits 1 when nothing matches);
    past `timeout` seconds the child is killed and TimedOut raised."""
    with (open(log, "w+b") if log else tempfile.TemporaryFile()) as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=err)
        status, usage = _wait(proc, started, timeout, cmd)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise Failed(f"{' '.join(cmd)} exited {proc.returncode}: {err.read().decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def _wait(proc: subprocess.Popen, started: float, timeout: float | None, cmd: list[str]):
    """Wait for the child while a thread samples its tree's memory; without a timeout the wait
    blocks, so the wall time is exact (polling would round it up to the poll interval)."""
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, 0 if timeout is None else os.WNOHANG)
            if pid:
                return status, _Usage(usage, peak[0])
            if time.perf_counter() - started > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise TimedOut(cmd, timeout, Run(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, peak[0])))
            time.sleep(0.1)
    finally:
        done.set()
        sampler.join()


class _Usage:
    """wait4's rusage with ru_maxrss raised to the sampled peak of the whole process tree (KiB)."""

    def __init__(self, usage, peak: int):
        self.ru_utime, self.ru_stime = usage.ru_utime, usage.ru_stime
        self.ru_maxrss = max(usage.ru_maxrss, peak // 1024)


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process descended from it, now (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        tree.update(kids)
        todo.extend(kids)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


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
