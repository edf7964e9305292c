"""Queries run in worker processes, so a runaway query can be stopped.

pyoxigraph evaluates a query in Rust and cannot be interrupted from Python: a thread running it
would run to the end. Each worker is a separate process holding the store open read-only; the
server hands it one query at a time over a pipe and waits at most `timeout` seconds. A worker that
overruns is killed and replaced, and the server keeps answering with the others.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

READY_WITHIN = 60.0  # seconds a fresh worker may take to import and open the store


@dataclass(frozen=True)
class Ask:
    """One query as the worker needs it: text, negotiation inputs, dataset and cap."""

    query: str
    accept: str = "*/*"
    format: str | None = None
    max_rows: int = 10000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str = "text/plain; charset=utf-8"
    data: bytes = b""
    headers: dict = field(default_factory=dict)


def _problem(status: int, message: str) -> Answer:
    return Answer(status, data=(message.rstrip() + "\n").encode("utf-8"))


# ---------------------------------------------------------------- inside a worker process


def _dataset(ask: Ask) -> dict:
    from pyoxigraph import NamedNode

    from . import sparql_text

    if not ask.default_graphs and not ask.named_graphs:
        # a FROM in the query chooses its own graphs; otherwise every graph is the default graph
        return {} if sparql_text.names_dataset(ask.query) else {"use_default_graph_as_union": True}
    # the protocol's graphs are the whole dataset: default-graph-uri alone leaves no named graphs
    return {"default_graph": [NamedNode(g) for g in ask.default_graphs],
            "named_graphs": [NamedNode(g) for g in ask.named_graphs]}


def _kind(result) -> str:
    import pyoxigraph

    return {pyoxigraph.QuerySolutions: "select", pyoxigraph.QueryBoolean: "ask"}.get(type(result), "graph")


def _serialise(result, ask: Ask) -> Answer:
    from . import serve_formats as formats
    from .rdf import PREFIXES

    kind = _kind(result)
    media = formats.media_for(kind, ask.accept, ask.format)
    if media is None:
        return _problem(406, f"cannot answer a {kind.upper()} query in {ask.format or ask.accept}; offered: {formats.offered(kind)}")
    if kind == "select":
        from .sparql_text import written_order

        body = formats.solutions(result, media, ask.max_rows, written_order(ask.query, [v.value for v in result.variables]))
    elif kind == "ask":
        body = formats.boolean(result, media)
    else:
        body = formats.triples(result, media, ask.max_rows)
    headers = {"X-Coopkg-Rows": str(body.rows), "X-Coopkg-Truncated": "true" if body.truncated else "false"}
    charset = "" if media.endswith("+xml") or media.endswith("/xml") else "; charset=utf-8"
    return Answer(200, media + charset, body.data, headers)


def answer(store, ask: Ask) -> Answer:
    """Run one query on an open store; every failure becomes an HTTP answer, never an exception."""
    from . import sparql_text
    from .rdf import PREFIXES

    refused = sparql_text.refusal(ask.query, endpoint=True)
    if refused:
        return _problem(400, refused)
    try:
        result = store.query(ask.query, prefixes=PREFIXES, **_dataset(ask))
        return _serialise(result, ask)
    except SyntaxError as exc:
        return _problem(400, f"malformed SPARQL query: {sparql_text.syntax_problem(ask.query, str(exc), PREFIXES)}")
    except (ValueError, TypeError) as exc:
        return _problem(400, f"bad request: {exc}")
    except OSError as exc:
        return _problem(500, f"the query failed: {exc}")


def _work(store_dir: str, conn) -> None:
    import pyoxigraph

    try:
        store = pyoxigraph.Store.read_only(store_dir)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            ask = conn.recv()
        except EOFError:
            return
        if ask is None:
            return
        conn.send(("done", answer(store, ask)))


# ---------------------------------------------------------------- in the server


class _Worker:
    def __init__(self, store_dir: str):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_work, args=(store_dir, child), daemon=True, name="coopkg-query")
        self.process.start()
        child.close()
        if not self.conn.poll(READY_WITHIN):
            self.stop()
            raise RuntimeError("a query worker did not start in time")
        state, detail = self.conn.recv()
        if state != "ready":
            self.stop()
            raise RuntimeError(f"a query worker could not open the store: {detail}")

    def ask(self, ask: Ask, timeout: float) -> Answer | None:
        """The answer, or None when the worker overran `timeout` (it is then unusable)."""
        self.conn.send(ask)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()[1]

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """`size` workers; `run` waits for a free one, then for its answer, each at most `timeout` s."""

    def __init__(self, store_dir: Path, *, size: int, timeout: float):
        self.store_dir, self.size, self.timeout = str(store_dir), size, timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="coopkg-pool")
        self._all: set[_Worker] = set()
        self.replaced = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, _Worker, self.store_dir) for _ in range(self.size)))
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def run(self, ask: Ask) -> Answer:
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            return _problem(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly")
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._threads, worker.ask, ask, self.timeout)
        except (EOFError, OSError):
            result = _problem(500, "the query worker died while answering (out of memory?); the query was abandoned")
            self._replace(worker)
            return result
        if result is None:
            self._replace(worker)
            return _problem(503, f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                                 "add a LIMIT or more specific patterns, or ask for a longer --timeout")
        self._idle.put_nowait(worker)
        return result

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` and start another in the background; the pool is one short until it is ready."""
        loop = asyncio.get_running_loop()
        self._all.discard(worker)
        self.replaced += 1

        def fresh() -> None:
            worker.stop()
            new = _Worker(self.store_dir)
            self._all.add(new)
            loop.call_soon_threadsafe(self._idle.put_nowait, new)

        loop.run_in_executor(self._threads, fresh)

    async def close(self) -> None:
        for worker in list(self._all):
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.stop()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
