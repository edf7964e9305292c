"""The load benchmark: concurrent clients asking the named queries of `coopkg serve`.

    python -m bench.load                       # 20 clients × 500 queries on the bundled corpus
    python -m bench.load --clients 4 --queries 20 --store DIR --out FILE

Builds the bundled corpus into a temporary store (unless --store), starts `coopkg serve` on a free
loopback port, runs the clients (each asks `--queries` named queries drawn with a fixed seed, their
parameters written in as for any remote server), stops the server by its process id, and writes
its section to bench/out/load.md: errors, throughput, p50/p99 latency, and the per-query spread.
Bounded: every request has a timeout and the run ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "load.md"
ACCEPT = "application/sparql-results+json"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, seconds: float) -> None:
        self.latencies.setdefault(name, []).append(seconds)

    def all(self) -> list[float]:
        return sorted(x for values in self.latencies.values() for x in values)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def workload(clients: int, per_client: int, seed: int = 5) -> list[list[tuple[str, str]]]:
    """Each client's list of (name, query text): named queries with default parameters, inlined."""
    from kg_build import named_queries, remote

    texts = {name: remote.inline(q.text, named_queries.bindings(q, {})) for name, q in named_queries.catalogue().items()}
    rng = random.Random(seed)
    names = sorted(texts)
    return [[(name, texts[name]) for name in rng.choices(names, k=per_client)] for _ in range(clients)]


async def client(http, url: str, jobs: list[tuple[str, str]], tally: Tally) -> None:
    for name, text in jobs:
        start = time.perf_counter()
        try:
            response = await http.post(url, data={"query": text}, headers={"Accept": ACCEPT})
            response.raise_for_status()
            response.json()["results"]
        except Exception as exc:  # every failure counts as an error, whatever its kind
            tally.errors.append(f"{name}: {type(exc).__name__}: {str(exc)[:160]}")
            continue
        tally.add(name, time.perf_counter() - start)


async def run_clients(url: str, plan: list[list[tuple[str, str]]], timeout: float) -> tuple[Tally, float]:
    import httpx

    tally = Tally()
    limits = httpx.Limits(max_connections=len(plan), max_keepalive_connections=len(plan))
    async with httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http, url, jobs, tally) for jobs in plan))
        return tally, time.perf_counter() - start


def report(tally: Tally, wall: float, clients: int, per_client: int, workers: int, quads: int) -> str:
    done = tally.all()
    total = clients * per_client
    lines = [
        "## Load: `coopkg serve` under concurrent clients",
        "",
        f"{clients} concurrent clients × {per_client} queries each = {total} requests, drawn (seed 5) from the "
        f"{len(tally.latencies)} named queries with default parameters, POSTed to `/sparql` on loopback "
        f"(JSON results; {workers} query worker processes; store of {quads} quads; "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}).",
        "",
        "| requests | errors | wall time | throughput | p50 | p99 | max |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {total} | {len(tally.errors)} | {wall:.1f} s | {len(done) / wall:.1f} q/s | {percentile(done, 50) * 1000:.0f} ms "
        f"| {percentile(done, 99) * 1000:.0f} ms | {(done[-1] if done else float('nan')) * 1000:.0f} ms |",
        "",
        "| named query | requests | p50 | p99 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in sorted(tally.latencies):
        values = sorted(tally.latencies[name])
        lines.append(f"| {name} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | {percentile(values, 99) * 1000:.0f} ms |")
    if tally.errors:
        lines += ["", "First errors:", ""] + [f"- {e}" for e in tally.errors[:10]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from servers import coopkg_server  # the tests' helper: free port, bounded readiness, stop by pid

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=500, help="queries per client")
    parser.add_argument("--workers", type=int, default=max(2, min(4, os.cpu_count() or 2)))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request, client and server side")
    parser.add_argument("--store", type=Path, help="an existing store (default: build the bundled corpus into a temporary one)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="coopkg-load-") as tmp:
        store = args.store
        if store is None:
            from kg_build.build import run

            store = Path(tmp) / "coopkg-store"
            run(None, store)
        from kg_build.store import open_store

        quads = len(open_store(store))
        plan = workload(args.clients, args.queries)
        with coopkg_server(store, "--workers", str(args.workers), "--timeout", str(args.timeout)) as server:
            tally, wall = asyncio.run(run_clients(server.query, plan, args.timeout + 10))
    text = report(tally, wall, args.clients, args.queries, args.workers, quads)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
