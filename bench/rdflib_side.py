"""The rdflib side of the comparison, as a child process the parent can stop when one task
runs past its budget:

    python -m bench.rdflib_side --nquads FILE --tasks TASKS.json --progress PROGRESS.jsonl

It loads the N-Quads into an rdflib Dataset (default_union=True, like the store's union default
graph), then runs each task — a named query with its parameters as initBindings, or an export —
and appends one JSON line per event to PROGRESS, so the parent keeps whatever finished.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import time
from pathlib import Path

XSD = "http://www.w3.org/2001/XMLSchema#"
REPEAT_UNDER = 2.0  # s: a task faster than this runs up to three times and reports the median


def term(kind: str, value: str):
    from rdflib import Literal, URIRef

    if kind == "iri":
        return URIRef(value)
    if kind.startswith("xsd:") and kind != "xsd:string":
        return Literal(value, datatype=URIRef(XSD + kind[4:]))
    return Literal(value)


def query_task(ds, task: dict, prefixes: dict):
    from rdflib import Variable

    bindings = {Variable(name): term(kind, value) for name, kind, value in task["params"]}
    return lambda: len(list(ds.query(task["text"], initBindings=bindings, initNs=prefixes)))


def export_task(ds, task: dict, prefixes: dict):
    return lambda: len(ds.serialize(format=task["format"], encoding="utf-8"))


_TASKS = {"query": query_task, "export": export_task}


class Overrun(Exception):
    pass


def _alarm(signum, frame):
    raise Overrun()


def measure(fn, budget: float) -> dict:
    """Median of up to three runs; rdflib is pure Python, so an alarm stops it at `budget` seconds."""
    runs, size = [], 0
    signal.signal(signal.SIGALRM, _alarm)
    while not runs or (len(runs) < 3 and max(runs) < REPEAT_UNDER):
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            size = fn()
        except Overrun:
            return {"timeout": budget} if not runs else {"runs": runs, "median": statistics.median(runs), "size": size}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        runs.append(time.perf_counter() - started)
    return {"runs": runs, "median": statistics.median(runs), "size": size}


def main() -> None:
    import rdflib

    parser = argparse.ArgumentParser(prog="python -m bench.rdflib_side")
    parser.add_argument("--nquads", type=Path, required=True)
    parser.add_argument("--tasks", type=Path, required=True)
    parser.add_argument("--progress", type=Path, required=True)
    args = parser.parse_args()
    tasks = json.loads(args.tasks.read_text(encoding="utf-8"))
    with args.progress.open("a", encoding="utf-8", buffering=1) as log:
        started = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(str(args.nquads), format="nquads")
        prefixes = tasks["prefixes"]
        for prefix, ns in prefixes.items():
            ds.bind(prefix, ns, override=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        log.write(json.dumps({"event": "loaded", "seconds": time.perf_counter() - started, "rss": rss}) + "\n")
        for task in tasks["tasks"]:
            log.write(json.dumps({"event": "start", "id": task["id"], "at": time.time()}) + "\n")
            result = measure(_TASKS[task["kind"]](ds, task, prefixes), task["budget"])
            log.write(json.dumps({"event": "done", "id": task["id"], **result}) + "\n")


if __name__ == "__main__":
    main()
