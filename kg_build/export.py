"""Export the store: union graph (Turtle, N-Triples, JSON-LD) or per-document graphs (N-Quads, TriG).

Output is sorted so that the same store always gives byte-identical files (exports/ is checked
for freshness by a test).
"""

from __future__ import annotations

import json

from .rdf import PREFIXES

TRIPLE_FORMATS = ("turtle", "ntriples", "jsonld")
QUAD_FORMATS = ("nquads", "trig")
FORMATS = TRIPLE_FORMATS + QUAD_FORMATS
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "nquads": ".nq", "trig": ".trig"}


def union_triples(store) -> list:
    """Every triple of every named graph, once, in a stable order."""
    import pyoxigraph

    triples = {
        pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
    }
    return sorted(triples, key=str)


def all_quads(store) -> list:
    return sorted(store.quads_for_pattern(None, None, None, None), key=str)


def context() -> dict:
    from .paths import ontology_dir

    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def jsonld(triples) -> bytes:
    """Compacted JSON-LD with the project's context inline (no network needed to read it back)."""
    import pyoxigraph
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
    ctx = context().get("@context", {})
    data = graph.serialize(format="json-ld", context=ctx, auto_compact=True, sort_keys=True, indent=1, ensure_ascii=False)
    return data.encode("utf-8") if isinstance(data, str) else data


def serialise(store, fmt: str) -> bytes:
    import pyoxigraph

    if fmt == "jsonld":
        return jsonld(union_triples(store))
    if fmt in QUAD_FORMATS:
        name = {"nquads": "N_QUADS", "trig": "TRIG"}[fmt]
        return pyoxigraph.serialize(all_quads(store), format=getattr(pyoxigraph.RdfFormat, name), prefixes=PREFIXES if fmt == "trig" else None)
    name = {"turtle": "TURTLE", "ntriples": "N_TRIPLES"}[fmt]
    return pyoxigraph.serialize(union_triples(store), format=getattr(pyoxigraph.RdfFormat, name), prefixes=PREFIXES if fmt == "turtle" else None)
