"""Cold command latency: each run a fresh process, as a user at a terminal starts it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import measure

FLOOR = [measure.PYTHON, "-c", "import pyoxigraph, typer"]
HELP = [measure.COOPKG, "--help"]


@dataclass(frozen=True)
class Latency:
    name: str
    median: float  # s
    runs: tuple[float, ...]
    rss: int


def cold(name: str, cmd: list[str], times: int) -> Latency:
    runs = measure.repeat(cmd, times, ok=(0, 1))
    walls = tuple(sorted(r.wall for r in runs))
    return Latency(name, measure.median(walls), walls, measure.median_run(runs).rss)


def commands(store: Path) -> dict[str, list[str]]:
    where = ["--store", str(store)]
    return {
        "lookup 前海": [measure.COOPKG, "lookup", "前海", *where],
        "query plans": [measure.COOPKG, "query", "plans", *where],
    }
