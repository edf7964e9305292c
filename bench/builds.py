"""Build throughput and scaling: `coopkg build` at each scale in a child process, against the
floor (bench/floor.py) on the same texts and the same quads, in the same run."""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import measure
from .corpora import Corpus


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    runs: tuple[measure.Run, ...]
    floor: measure.Run | None  # None when the build was stopped
    phases: dict  # the floor's own split: tokenise, bulk_load (s)
    quads: int
    store: Path | None
    nquads: Path | None
    stopped: float | None = None  # the time limit a stopped build ran into (s)

    @property
    def build(self) -> measure.Run:
        return measure.median_run(list(self.runs))


def build_once(corpus: Corpus, store: Path, log: Path, limit: float | None) -> measure.Run:
    shutil.rmtree(store, ignore_errors=True)
    return measure.run([measure.COOPKG, "build", "--corpus", str(corpus.path), "--store", str(store)], log=log, timeout=limit)


def dump(store: Path, target: Path) -> int:
    """The built store's quads as N-Quads (what the floor bulk-loads); returns how many."""
    from kg_build.store import open_store
    import pyoxigraph

    db = open_store(store)
    db.dump(str(target), format=pyoxigraph.RdfFormat.N_QUADS)
    return len(db)


def floor_once(corpus: Corpus, nquads: Path, work: Path) -> tuple[measure.Run, dict]:
    target, out = work / "floor-store", work / "floor.json"
    shutil.rmtree(target, ignore_errors=True)
    run = measure.run([measure.PYTHON, "-m", "bench.floor", "--corpus", str(corpus.path), "--quads", str(nquads), "--store", str(target), "--json", str(out)])
    shutil.rmtree(target, ignore_errors=True)
    return run, json.loads(out.read_text())


def bench_scale(corpus: Corpus, times: int, work: Path, out: Path, limit: float | None = None) -> BuildResult:
    """Build `times` times (stopping at the first run past `limit` s), dump the store, run the floor."""
    store = work / f"store-{corpus.scale}x"
    runs = []
    for _ in range(times):
        try:
            runs.append(build_once(corpus, store, out / f"build-{corpus.scale}x.log", limit))
        except measure.TimedOut as stop:
            shutil.rmtree(store, ignore_errors=True)
            return BuildResult(corpus, (stop.run,), None, {}, 0, None, None, stopped=stop.seconds)
    nquads = work / f"store-{corpus.scale}x.nq"
    quads = dump(store, nquads)
    floor, phases = floor_once(corpus, nquads, work)
    return BuildResult(corpus, tuple(runs), floor, phases, quads, store, nquads)


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size); 1.0 is linear."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    var = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / var if var else None


def net(seconds: float, startup: float) -> float:
    """Time net of the command's start-up (`coopkg --help`), floored so a log stays defined."""
    return max(seconds - startup, 1e-3)
