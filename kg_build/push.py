"""`coopkg push`: copy every named graph of the store to a SPARQL 1.1 server, then count it back.

Two ways to write, chosen by what the server offers:
- the Graph Store HTTP Protocol: one PUT per graph with its N-Triples (replaces the graph), or
- SPARQL Update: DROP SILENT GRAPH, then INSERT DATA in chunks.
Both replace each graph whole, so pushing twice leaves the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import remote
from .errors import UserError

NTRIPLES = "application/n-triples"
UPDATE = "application/sparql-update"
CHUNK = 1000  # triples per INSERT DATA; small enough for Virtuoso's statement size limits


@dataclass(frozen=True)
class Target:
    endpoint: str  # the query endpoint, used to count back
    graph_store: str | None = None
    update_endpoint: str | None = None
    graph_param: str | None = None
    credentials: remote.Credentials = remote.Credentials()

    @property
    def method(self) -> str:
        return "graph-store" if self.graph_store else "update"

    def param(self) -> str:
        """The graph-naming query parameter: Virtuoso's crud route calls it graph-uri."""
        if self.graph_param:
            return self.graph_param
        return "graph-uri" if self.graph_store and "sparql-graph-crud" in self.graph_store else "graph"


@dataclass(frozen=True)
class Pushed:
    graph: str
    sent: int
    counted: int

    @property
    def ok(self) -> bool:
        return self.sent == self.counted


def graphs(store) -> list[tuple[str, list]]:
    """Every named graph with its triples, in IRI order so reports read the same each time."""
    out = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        out.append((graph.value, [q.triple for q in store.quads_for_pattern(None, None, None, graph)]))
    return out


def ntriples(triples: list) -> bytes:
    import pyoxigraph

    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def _has_blank(triple) -> bool:
    import pyoxigraph

    return isinstance(triple.subject, pyoxigraph.BlankNode) or isinstance(triple.object, pyoxigraph.BlankNode)


def chunks(triples: list, size: int = CHUNK) -> list[list]:
    """Chunks for INSERT DATA. A blank node means one node only within one request, so every
    triple that mentions a blank node goes into a single chunk of its own."""
    blank = [t for t in triples if _has_blank(t)]
    plain = [t for t in triples if not _has_blank(t)]
    out = [plain[i:i + size] for i in range(0, len(plain), size)]
    return out + ([blank] if blank else [])


def _put(http, target: Target, graph: str, triples: list) -> None:
    remote.send(http, "PUT", target.graph_store, params={target.param(): graph},
                content=ntriples(triples), headers={"Content-Type": NTRIPLES})


def _update(http, target: Target, text: str) -> None:
    url = target.update_endpoint or target.endpoint
    remote.send(http, "POST", url, content=text.encode("utf-8"), headers={"Content-Type": UPDATE})


def _replace_by_update(http, target: Target, graph: str, triples: list) -> None:
    _update(http, target, f"DROP SILENT GRAPH <{graph}>")
    for chunk in chunks(triples):
        body = ntriples(chunk).decode("utf-8")
        # INSERT DATA may not hold blank nodes on some servers (Virtuoso SP031); a template may,
        # and with one empty solution it makes one fresh node per label, as the data says
        form = "INSERT {{ GRAPH <{g}> {{\n{b}}} }} WHERE {{}}" if _has_blank(chunk[-1]) else "INSERT DATA {{ GRAPH <{g}> {{\n{b}}} }}"
        _update(http, target, form.format(g=graph, b=body))


WRITERS = {"graph-store": _put, "update": _replace_by_update}


def push(store, target: Target, *, progress=lambda line: None) -> list[Pushed]:
    """Replace each named graph on the server with the store's, then count each back."""
    write = WRITERS[target.method]
    report = []
    with remote.client(target.credentials) as http:
        for graph, triples in graphs(store):
            write(http, target, graph, triples)
            counted = remote.count_graph(http, target.endpoint, graph)
            report.append(Pushed(graph, len(triples), counted))
            progress(f"{graph}  sent {len(triples)}  counted {counted}{'' if counted == len(triples) else '  MISMATCH'}")
    return report


def check(report: list[Pushed]) -> None:
    bad = [p for p in report if not p.ok]
    if bad:
        details = "; ".join(f"{p.graph}: sent {p.sent}, server has {p.counted}" for p in bad)
        raise UserError(f"the server's counts differ from the store's ({details}); "
                        "is --endpoint the query endpoint of the same server you pushed to?")
