"""`coopkg build`: every document through the pipeline into a new store, swapped in when complete.

Each document's quads go into the store as soon as it is processed, in batches, so memory holds one
batch and the digests the post-passes need, not the whole graph."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from . import pipeline
from .paths import corpus_dir
from .store import load_nquads, load_quads, write_atomically

# Quads per bulk load: large enough that RocksDB gets few big files, small enough to bound memory.
BATCH = 250_000
# Documents from which `build` uses one worker process per core by default.
PARALLEL_FROM = 20


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False, disable=not sys.stderr.isatty(),
        console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True),
    )


def _processed(sources, jobs: int):
    """(quads, digest) per source, in source order; over `jobs` worker processes when more than one."""
    if jobs <= 1:
        for source in sources:
            result = pipeline.process(source)
            yield result.quads, pipeline.digest(result)
        return
    import concurrent.futures as cf
    import multiprocessing

    # spawn, not fork: the parent holds an open RocksDB store and its threads; and spawned workers
    # are the build's own children, so their CPU time shows in the build's resource usage
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init) as pool:
        try:
            for packed in pool.map(_process_packed, sources):
                yield _unpack(packed)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one message, not one per worker


def _process_packed(source) -> tuple:
    """In a worker: quads travel back as N-Quads bytes, which cross the process boundary far faster
    than pickled term objects, and which the parent loads without making Python objects of them."""
    import pyoxigraph

    result = pipeline.process(source)
    digest = pipeline.digest(result)
    nq = pyoxigraph.RdfFormat.N_QUADS
    # loading N-Quads text gives blank nodes fresh labels: a document with any travels as terms
    blank = any(isinstance(t, pyoxigraph.BlankNode) for q in result.quads for t in (q.subject, q.object))
    data = result.quads if blank else pyoxigraph.serialize(result.quads, format=nq)
    return data, (digest.name, digest.plans, pyoxigraph.serialize(digest.quads, format=nq))


def _unpack(packed) -> tuple:
    import pyoxigraph

    data, (name, plans, digest_data) = packed
    digest_quads = list(pyoxigraph.parse(digest_data, format=pyoxigraph.RdfFormat.N_QUADS))
    return data, pipeline.Digest(name, plans, digest_quads)


def jobs_for(sources, jobs: int | None) -> int:
    """Policy: worker processes only pay off beyond a few documents (each starts spaCy and the gazetteer)."""
    if jobs:
        return jobs
    return min(os.cpu_count() or 1, 8) if len(sources) >= PARALLEL_FROM else 1


def process_into(store, sources, jobs: int = 1) -> list[pipeline.Digest]:
    """Every source through the pipeline, its quads into the store; the digests in source order."""
    digests, batch = [], Batch(store)
    with _progress() as progress:
        task = progress.add_task("building", total=len(sources))
        for quads, digest in _processed(sources, jobs):
            progress.update(task, description=f"{digest.name[:48]:48}")
            batch.add(quads)
            digests.append(digest)
            progress.advance(task)
    batch.flush()
    return digests


class Batch:
    """Quads (term objects or N-Quads bytes) gathered until BATCH of them, then bulk-loaded."""

    def __init__(self, store):
        self.store, self.quads, self.nquads, self.size = store, [], [], 0

    def add(self, quads) -> None:
        if isinstance(quads, bytes):
            self.nquads.append(quads)
            self.size += quads.count(b"\n")  # N-Quads escapes newlines inside literals: one line, one quad
        else:
            self.quads.extend(quads)
            self.size += len(quads)
        if self.size >= BATCH:
            self.flush()

    def flush(self) -> None:
        load_quads(self.store, self.quads)
        load_nquads(self.store, b"".join(self.nquads))
        self.quads, self.nquads, self.size = [], [], 0


def post_pass_quads(digests: list[pipeline.Digest]) -> list:
    """Links that need every document at once: carry-overs between plans (issue 7) and renewals
    between editions named in different documents."""
    from .carryover import build_quads as carryover_quads
    from .renewals import build_quads as renewal_quads

    return carryover_quads(digests) + renewal_quads(digests)


def summary(digests: list[pipeline.Digest], quads: int, seconds: float) -> dict:
    plans = [p for d in digests for p in d.plans]
    return {
        "documents": len(digests),
        "plans": len(plans),
        "items": sum(len(p.items) for p in plans),
        "quads": quads,
        "seconds": round(seconds, 2),
        "sources": [d.name for d in digests],
    }


def run(corpus: list[Path] | None, target: Path, jobs: int | None = None) -> dict:
    started = time.perf_counter()
    sources = pipeline.sources(list(corpus) if corpus else [corpus_dir()])
    info: dict = {}

    def fill(store) -> None:
        pipeline.load_ontology(store)
        digests = process_into(store, sources, jobs_for(sources, jobs))
        load_quads(store, post_pass_quads(digests))
        info.update(summary(digests, len(store), 0.0))  # with the ontology graph: the figure `coopkg stats` shows

    write_atomically(target, fill, lambda: {k: v for k, v in info.items() if k != "seconds"})
    info["seconds"] = round(time.perf_counter() - started, 2)
    print(
        f"built {target}: {info['documents']} documents, {info['plans']} plans, {info['items']} items, "
        f"{info['quads']} quads in {info['seconds']} s",
        file=sys.stderr,
    )
    return info
