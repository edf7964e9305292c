"""One pyoxigraph job (a named query or an export) timed in a child process, because a query
evaluates inside Rust where no signal can stop it; the parent kills the child past its limit.

    python -m bench.oxigraph_side --store DIR --job query:plans --times 7 --out OUT.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def job(store: Path, job_id: str):
    from kg_build import named_queries, sparql
    from kg_build.export import serialise
    from kg_build.store import open_store

    db = open_store(store)
    kind, name = job_id.split(":", 1)
    if kind == "export":
        return lambda: len(serialise(db, name))
    named = named_queries.get(name)
    subs = named_queries.bindings(named, {})
    return lambda: len(list(sparql.run(db, named.text, subs)))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.oxigraph_side")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--job", required=True)
    parser.add_argument("--times", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    fn = job(args.store, args.job)
    started = time.perf_counter()
    size = fn()  # warm-up: the first run pays for opening files and caches
    first = time.perf_counter() - started
    times = args.times if first < 1 else 1  # a slow job is timed once more, not seven times
    runs = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    args.out.write_text(json.dumps({"runs": runs, "median": statistics.median(runs), "size": size, "first": first}))


if __name__ == "__main__":
    main()
