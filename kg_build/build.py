"""`coopkg build`: every document through the pipeline, then one atomic store write."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from . import pipeline
from .paths import corpus_dir
from .store import load_quads, write_atomically


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False, disable=not sys.stderr.isatty(),
        console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True),
    )


def process_all(paths: list[Path]) -> list[pipeline.DocumentResult]:
    sources = pipeline.sources(paths)
    results = []
    with _progress() as progress:
        task = progress.add_task("building", total=len(sources))
        for source in sources:
            progress.update(task, description=f"{source.name[:48]:48}")
            results.append(pipeline.process(source))
            progress.advance(task)
    return results


def summary(results: list[pipeline.DocumentResult], triples: int, seconds: float) -> dict:
    plans = [p for r in results for p in r.plans]
    return {
        "documents": len(results),
        "plans": len(plans),
        "items": sum(len(p.items) for p in plans),
        "quads": triples,
        "seconds": round(seconds, 2),
        "sources": [r.norm.source.name for r in results],
    }


def run(corpus: list[Path] | None, target: Path) -> dict:
    started = time.perf_counter()
    results = process_all(list(corpus) if corpus else [corpus_dir()])
    quads = [q for r in results for q in r.quads]
    # carry-over post-pass (issue 7): needs every plan at once, so it runs after the per-document quads
    from .carryover import build_quads as carryover_quads

    quads += carryover_quads(results)
    from .renewals import build_quads as renewal_quads  # editions named in different documents

    quads += renewal_quads(results)

    info = summary(results, len(quads), 0.0)

    def fill(store) -> None:
        pipeline.load_ontology(store)
        load_quads(store, quads)
        info["quads"] = len(store)  # with the ontology graph: the figure `coopkg stats` shows

    write_atomically(target, fill, lambda: {k: v for k, v in info.items() if k != "seconds"})
    info["seconds"] = round(time.perf_counter() - started, 2)
    print(
        f"built {target}: {info['documents']} documents, {info['plans']} plans, {info['items']} items, "
        f"{info['quads']} quads in {info['seconds']} s",
        file=sys.stderr,
    )
    return info
