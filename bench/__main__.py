"""`python -m bench` (what `make bench` runs): every measurement, then bench/REPORT.md.

    python -m bench                                  # 1×, 10×, 100×; writes bench/REPORT.md
    python -m bench --scales 1 --quick --out DIR     # the smoke test: one scale, few runs, DIR/REPORT.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import builds, latency, measure, queries
from .corpora import scaled
from .report import Results, write

HERE = Path(__file__).resolve().parent
LOAD_MD = HERE / "out" / "load.md"


@dataclass(frozen=True)
class Plan:
    """How many times each thing runs; --quick keeps the smoke test short."""

    builds: dict  # scale -> runs
    commands: int
    queries: int
    exports: int
    budget: float  # s per rdflib task before it is stopped
    load_budget: float
    build_limit: dict  # scale -> s a single build may take before it is stopped
    query_limit: float = 30  # s for one pyoxigraph job (warm-up and repetitions) before it is stopped


def plan(scales: list[int], quick: bool) -> Plan:
    if quick:
        return Plan({s: 1 for s in scales}, 3, 3, 1, 5, 60, {s: 600 for s in scales})
    limits = {s: min(1500, 150 + 15 * s) for s in scales}  # 100×: 25 minutes, about twice a linear projection from 1×
    return Plan({s: (3 if s == 1 else 1) for s in scales}, 9, 7, 3, 20, 300, limits)


def meta() -> dict:
    libs = {name: _version(name) for name in ("pyoxigraph", "rdflib", "spacy", "typer", "coopkg")}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=measure.ROOT, capture_output=True, text=True)
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "libraries": libs,
        "commit": commit.stdout.strip() or "unknown",
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def lookup_hits(store: Path) -> int:
    out = subprocess.run([measure.COOPKG, "lookup", "前海", "--format", "json", "--store", str(store)], capture_output=True, text=True)
    try:
        return len(json.loads(out.stdout or "[]"))
    except ValueError:
        return 0


def say(text: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def run(scales: list[int], quick: bool, out: Path, report: Path) -> Results:
    p = plan(scales, quick)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="coopkg-bench-", dir="/tmp"))
    try:
        res = Results(meta(), _settings(scales, quick, p), latency.cold("--help", latency.HELP, p.commands), [])
        for scale in scales:
            projected = _projected(res, scale)
            if projected and projected > 1.5 * p.build_limit[scale]:
                res.skipped[scale] = projected
                say(f"{scale}×: not built, projected {projected:.0f} s is past the {p.build_limit[scale]:.0f} s limit")
                break
            corpus = scaled(measure.ROOT / "corpus", out / f"corpus-{scale}x", scale)
            say(f"{scale}×: {corpus.documents} documents, {corpus.characters:,} characters; building {p.builds[scale]}×")
            res.builds.append(builds.bench_scale(corpus, p.builds[scale], work, out, p.build_limit[scale]))
            if res.builds[-1].stopped:
                say(f"{scale}×: build stopped after {res.builds[-1].stopped:.0f} s; no larger scale")
                break
            say(f"{scale}×: build {res.builds[-1].build.wall:.2f} s, floor {res.builds[-1].floor.wall:.2f} s")
        _commands(res, p)
        top = res.completed[-1]
        say(f"queries and exports on the {top.corpus.scale}× store")
        res.timings, res.rdflib_load = queries.compare(
            top.store, top.nquads, work, query_times=p.queries, export_times=p.exports, budget=p.budget, load_budget=p.load_budget,
            limit=p.query_limit,
        )
        res.load_md = LOAD_MD.read_text(encoding="utf-8") if LOAD_MD.is_file() else None
        write(res, report)
        say(f"wrote {report}")
        return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _projected(res: Results, scale: int) -> float | None:
    """Linear projection of a build at `scale` from the largest completed one, start-up added back."""
    if not res.completed:
        return None
    last, s = res.completed[-1], res.startup.median
    return s + builds.net(last.build.wall, s) * scale / last.corpus.scale


def _commands(res: Results, p: Plan) -> None:
    res.floor = latency.cold("floor", latency.FLOOR, p.commands)
    stores = {b.corpus.scale: b.store for b in (res.completed[0], res.completed[-1])}
    for scale, store in stores.items():
        say(f"cold commands on the {scale}× store")
        res.lookup_hits[scale] = lookup_hits(store)
        for name, cmd in latency.commands(store).items():
            res.commands.append((name, scale, latency.cold(name, cmd, p.commands)))


def _settings(scales: list[int], quick: bool, p: Plan) -> dict:
    reps = (f"builds {', '.join(f'{s}×: {n}' for s, n in p.builds.items())}; cold commands {p.commands}; "
            f"queries {p.queries} (after one warm-up); exports {p.exports}; rdflib up to 3 per task, stopped after {p.budget:.0f} s")
    command = "python -m bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "make bench"
    return {"scales": scales, "quick": quick, "repetitions": reps, "command": command.strip()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark coopkg and write a report.")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated corpus scales (default 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="one build per scale and few repetitions (smoke test)")
    parser.add_argument("--out", type=Path, default=None, help="folder for corpora and logs (default bench/out); the report goes there too")
    parser.add_argument("--report", type=Path, default=None, help="report path (default bench/REPORT.md, or OUT/REPORT.md with --out)")
    args = parser.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    out = (args.out or HERE / "out").resolve()
    report = args.report or (out / "REPORT.md" if args.out else HERE / "REPORT.md")
    run(scales, args.quick, out, report)


if __name__ == "__main__":
    main()
