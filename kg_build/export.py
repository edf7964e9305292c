"""Export the store: union graph (Turtle, N-Triples, JSON-LD), per-document graphs (N-Quads, TriG),
spreadsheet tables (CSV of entities and of relations) and a VoID description.

Output is sorted so that the same store always gives byte-identical files (exports/ is checked
for freshness by a test). Only pyoxigraph, plus rdflib for JSON-LD: never spaCy or pyshacl.
"""

from __future__ import annotations

import json

from .rdf import PREFIXES

TRIPLE_FORMATS = ("turtle", "ntriples", "jsonld")
QUAD_FORMATS = ("nquads", "trig")
TABLE_FORMATS = ("csv-entities", "csv-relations")
FORMATS = TRIPLE_FORMATS + QUAD_FORMATS + TABLE_FORMATS + ("void",)
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "nquads": ".nq", "trig": ".trig",
          "csv-entities": ".entities.csv", "csv-relations": ".relations.csv", "void": ".void.ttl"}
_OXI = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG"}
_PREFIXED = {"turtle", "trig"}


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
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    ctx = context().get("@context", {})
    data = graph.serialize(format="json-ld", context=ctx, auto_compact=True, sort_keys=True, indent=1, ensure_ascii=False)
    return (data if isinstance(data, str) else data.decode("utf-8")).encode("utf-8") + b"\n"


def rdf_bytes(store, fmt: str) -> bytes:
    import pyoxigraph

    terms = all_quads(store) if fmt in QUAD_FORMATS else union_triples(store)
    prefixes = PREFIXES if fmt in _PREFIXED else None
    return pyoxigraph.serialize(terms, format=getattr(pyoxigraph.RdfFormat, _OXI[fmt]), prefixes=prefixes)


def _tables(store, fmt: str) -> bytes:
    from . import tables

    return tables.entities_csv(store) if fmt == "csv-entities" else tables.relations_csv(store)


def _void(store) -> bytes:
    from . import void

    return void.describe(store)


# Format -> writer: one entry per family, so adding a format is one line.
WRITERS = {
    **{fmt: rdf_bytes for fmt in ("turtle", "ntriples", "nquads", "trig")},
    "jsonld": lambda store, fmt: jsonld(union_triples(store)),
    "csv-entities": _tables,
    "csv-relations": _tables,
    "void": lambda store, fmt: _void(store),
}


def serialise(store, fmt: str) -> bytes:
    return WRITERS[fmt](store, fmt)
