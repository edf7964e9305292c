"""Named queries and exports on the largest store: pyoxigraph (the project's own path) against
rdflib on the same quads, run in a child process (bench/rdflib_side.py) with a budget per task."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import measure

EXPORTS = ("nquads", "turtle")
# An export job (warm-up and one timed run of writing every quad, 0.9 GB of N-Quads at 100x) may
# take this many times a query job's limit before it is stopped.
EXPORT_LIMIT_FACTOR = 4


@dataclass
class Timing:
    id: str  # "query:plans", "export:turtle"
    oxigraph: float | None = None  # median s
    oxigraph_runs: list = field(default_factory=list)
    oxigraph_size: int | None = None  # rows, or bytes for an export
    rdflib: float | None = None  # median s; None when it did not finish
    rdflib_runs: list = field(default_factory=list)
    rdflib_size: int | None = None
    rdflib_note: str = ""  # "> 120 s (stopped)", "failed: …"
    oxigraph_note: str = ""  # set when pyoxigraph itself was stopped


def oxigraph_side(store: Path, work: Path, query_times: int, export_times: int, limit: float) -> dict[str, Timing]:
    """Each job in its own child (bench/oxigraph_side.py), stopped after `limit` seconds."""
    from kg_build.named_queries import catalogue

    jobs = [(f"query:{n}", query_times, limit) for n in catalogue()]
    jobs += [(f"export:{fmt}", export_times, limit * EXPORT_LIMIT_FACTOR) for fmt in EXPORTS]
    out, result = {}, work / "oxigraph-job.json"
    for job_id, times, seconds in jobs:
        cmd = [measure.PYTHON, "-m", "bench.oxigraph_side", "--store", str(store), "--job", job_id, "--times", str(times), "--out", str(result)]
        try:
            measure.run(cmd, timeout=seconds)
        except measure.TimedOut:
            out[job_id] = Timing(job_id, oxigraph_note=f"> {seconds:.0f} s (stopped)")
            continue
        found = json.loads(result.read_text())
        out[job_id] = Timing(job_id, found["median"], found["runs"], found["size"])
    return out


def budget_for(oxigraph: float | None, cap: float) -> float:
    """Long enough to show a 10× gap with room to spare (12× pyoxigraph's time, at least 3 s), at most `cap`."""
    return min(cap, max(3.0, 12 * (oxigraph or 0)))


def rdflib_tasks(timings: dict[str, Timing], cap: float) -> dict:
    from kg_build.named_queries import catalogue
    from kg_build.rdf import PREFIXES

    tasks = [
        {"id": f"query:{n}", "kind": "query", "text": q.text, "params": [[p.name, p.type, p.default] for p in q.params]}
        for n, q in catalogue().items()
    ]
    tasks += [{"id": f"export:{fmt}", "kind": "export", "format": fmt} for fmt in EXPORTS]
    tasks = [t for t in tasks if t["id"] in timings]
    for task in tasks:
        task["budget"] = budget_for(timings[task["id"]].oxigraph if task["id"] in timings else None, cap)
    return {"prefixes": PREFIXES, "tasks": tasks}


def _events(progress: Path) -> list[dict]:
    if not progress.is_file():
        return []
    return [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines() if line.strip().endswith("}")]


def _child(nquads: Path, tasks: dict, work: Path, progress: Path) -> subprocess.Popen:
    path = work / "rdflib-tasks.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    cmd = [measure.PYTHON, "-m", "bench.rdflib_side", "--nquads", str(nquads), "--tasks", str(path), "--progress", str(progress)]
    return subprocess.Popen(cmd, cwd=measure.ROOT, stdout=subprocess.DEVNULL, stderr=open(work / "rdflib-side.log", "ab"))


def _overdue(events: list[dict], budget: float) -> str | None:
    """The id of the task that started and has run past its budget (and its alarm), if any."""
    done = {e["id"] for e in events if e["event"] == "done"}
    running = [e for e in events if e["event"] == "start" and e["id"] not in done]
    if running and time.time() - running[-1]["at"] > budget + 30:
        return running[-1]["id"]
    return None


def rdflib_side(nquads: Path, work: Path, timings: dict, budget: float, load_budget: float) -> tuple[dict, dict]:
    """Run every task, restarting the child past any task that overruns; returns (results, load)."""
    tasks, results, load = rdflib_tasks(timings, budget), {}, {}
    progress = work / "rdflib-progress.jsonl"
    progress.unlink(missing_ok=True)
    while True:
        pending = [t for t in tasks["tasks"] if t["id"] not in results]
        if not pending:
            return results, load
        progress.unlink(missing_ok=True)
        proc, started = _child(nquads, {**tasks, "tasks": pending}, work, progress), time.time()
        stopped = _watch(proc, progress, budget, load_budget, started)
        events = _events(progress)
        for e in events:
            if e["event"] == "loaded":
                load = load or e
            if e["event"] == "done":
                results[e["id"]] = e if "timeout" not in e else {"note": f"> {e['timeout']:.1f} s (stopped)"}
        if not any(e["event"] == "loaded" for e in events):
            return results | {t["id"]: {"note": f"rdflib did not load the data within {load_budget:.0f} s"} for t in pending}, load
        victim = stopped or next((t["id"] for t in pending if t["id"] not in results), None)
        if victim and victim not in results:
            results[victim] = {"note": f"> {budget:.0f} s (stopped)" if stopped else "failed (see rdflib-side.log)"}


def _watch(proc: subprocess.Popen, progress: Path, budget: float, load_budget: float, started: float) -> str | None:
    while proc.poll() is None:
        time.sleep(0.5)
        events = _events(progress)
        loaded = any(e["event"] == "loaded" for e in events)
        victim = _overdue(events, budget) if loaded else (None if time.time() - started < load_budget else "load")
        if victim:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return None if victim == "load" else victim
    return None


def compare(store: Path, nquads: Path, work: Path, *, query_times: int, export_times: int, budget: float, load_budget: float, limit: float):
    timings = oxigraph_side(store, work, query_times, export_times, limit)
    runnable = {k: t for k, t in timings.items() if not t.oxigraph_note}
    results, load = rdflib_side(nquads, work, runnable, budget, load_budget) if runnable else ({}, {})
    for job_id, timing in timings.items():
        found = results.get(job_id, {"note": "not run (pyoxigraph stopped)" if timing.oxigraph_note else "not run"})
        timing.rdflib = found.get("median")
        timing.rdflib_runs = found.get("runs", [])
        timing.rdflib_size = found.get("size")
        timing.rdflib_note = found.get("note", "")
    return timings, load
