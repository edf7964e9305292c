"""Export the store: union graph (Turtle, N-Triples, JSON-LD), per-document graphs (N-Quads, TriG),
spreadsheet tables (CSV of entities and of relations) and a VoID description.

The same store always gives byte-identical files (exports/ is checked for freshness by a test):
Turtle, N-Triples, N-Quads and TriG come out in Oxigraph's index order, which depends only on the
triples (never on the run), instead of being sorted in Python (3.3 million quads took over 30 s
that way); JSON-LD and the tables are sorted in Python. Only pyoxigraph, plus rdflib
for JSON-LD: never spaCy or pyshacl.
"""

from __future__ import annotations

import json

from . import sparql
from .rdf import PREFIXES

TRIPLE_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
QUAD_FORMATS = ("nquads", "trig")
TABLE_FORMATS = ("csv-entities", "csv-relations")
FORMATS = TRIPLE_FORMATS + QUAD_FORMATS + TABLE_FORMATS + ("void",)
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf", "nquads": ".nq", "trig": ".trig",
          "csv-entities": ".entities.csv", "csv-relations": ".relations.csv", "void": ".void.ttl"}
_OXI = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "rdfxml": "RDF_XML", "nquads": "N_QUADS", "trig": "TRIG"}


def union_triples(store) -> list:
    """Every triple of every named graph, once, in a stable order."""
    import pyoxigraph

    triples = {
        pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
    }
    return sorted(triples, key=str)


def context() -> dict:
    from .paths import ontology_dir

    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def jsonld(triples) -> bytes:
    """Compacted JSON-LD with the project's context inline (no network needed to read it back)."""
    import rdflib

    graph = rdflib.Graph()
    for t in triples:
        graph.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    ctx = context().get("@context", {})
    data = graph.serialize(format="json-ld", context=ctx, auto_compact=True, sort_keys=True, indent=1, ensure_ascii=False)
    # rdflib orders nodes and multiple values by Python's per-process string hashing: sort them so
    # one store always gives the same bytes (exports/ is checked for staleness byte by byte).
    ordered = _sorted_values(json.loads(data))
    return json.dumps(ordered, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def _sorted_values(value, key: str | None = None):
    """Sort every JSON array except RDF collections (@list), which are ordered by meaning."""
    if isinstance(value, dict):
        return {k: _sorted_values(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_values(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _rdflib_term(term):
    """pyoxigraph term -> rdflib term, keeping blank-node labels: parsing N-Triples would draw fresh
    random labels and make two exports of one store differ."""
    import pyoxigraph
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


# Each triple of the union once, in the store's index order (DISTINCT keeps the first occurrence).
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def rdf_bytes(store, fmt: str) -> bytes:
    import pyoxigraph

    if fmt in QUAD_FORMATS:
        return store.dump(format=getattr(pyoxigraph.RdfFormat, _OXI[fmt]), prefixes=PREFIXES if fmt == "trig" else None)
    return sparql.rdf_bytes(store.query(_UNION), _OXI[fmt])  # rdfxml: for tools that read nothing else (old Protégé, XSLT)


def _tables(store, fmt: str) -> bytes:
    from . import tables

    return tables.entities_csv(store) if fmt == "csv-entities" else tables.relations_csv(store)


def _void(store) -> bytes:
    from . import void

    return void.describe(store)


# Format -> writer: one entry per family, so adding a format is one line.
WRITERS = {
    **{fmt: rdf_bytes for fmt in _OXI},
    "jsonld": lambda store, fmt: jsonld(union_triples(store)),
    "csv-entities": _tables,
    "csv-relations": _tables,
    "void": lambda store, fmt: _void(store),
}


def serialise(store, fmt: str) -> bytes:
    return WRITERS[fmt](store, fmt)
