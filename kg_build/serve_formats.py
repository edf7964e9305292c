"""What a SPARQL endpoint answers in: the Accept header (or a `format=` parameter) chooses a media
type among those the result's kind allows, and the result is serialised with a cap on its size.

Pure functions of data, run inside the query workers (kg_build/serve_pool.py); nothing here
touches HTTP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# media type → pyoxigraph format name, per kind of result; the first of each table is the default
SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
    "application/xml": "XML",
    "text/xml": "XML",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "text/plain": "N_TRIPLES",
    "application/json": "JSON_LD",
    "application/x-json+ld": "JSON_LD",
}
# `format=` short names, for links and people typing URLs
SHORT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "application/n-triples"),
    "tsv": ("text/tab-separated-values", "application/n-triples"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
    "jsonld": ("application/sparql-results+json", "application/ld+json"),
}


@dataclass(frozen=True)
class Body:
    """A serialised result: its media type, bytes, and whether the row cap cut it short."""

    media_type: str
    data: bytes
    rows: int = -1
    truncated: bool = False


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) of each part of an Accept header, q=0 included."""
    out = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q, position))
    return out


def accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header that are acceptable (q > 0), best first (stable for equal q)."""
    return [media for media, q, position in sorted(_ranges(accept), key=lambda r: (-r[1], r[2])) if q > 0]


def _quality(media: str, ranges) -> tuple[float, int]:
    """(q, position) of the most specific range that matches `media` (RFC 7231 5.3.2: text/csv;q=0
    refuses CSV even when */* is accepted); q is 0 when none matches."""
    kind = media.split("/")[0] + "/*"
    for wanted in (media, kind, "*/*"):
        found = [(q, position) for rng, q, position in ranges if rng == wanted]
        if found:
            return max(found, key=lambda f: (f[0], -f[1]))
    return 0.0, 0


def choose(accept: str, table: dict[str, str]) -> str | None:
    """The media type of `table` the client rates highest; on equal q the one whose range comes first
    in the header, then the table's order. None when it accepts none of them."""
    ranges = _ranges(accept or "*/*")
    rated = [(*_quality(media, ranges), order, media) for order, media in enumerate(table)]
    acceptable = [(q, position, order, media) for q, position, order, media in rated if q > 0]
    if not acceptable:
        return None
    return min(acceptable, key=lambda r: (-r[0], r[1], r[2]))[3]


def media_for(kind: str, accept: str, short: str | None) -> str | None:
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if short:
        pair = SHORT_NAMES.get(short.lower())
        return None if pair is None else pair[kind == "graph"]
    return choose(accept, table)


def offered(kind: str) -> str:
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    return ", ".join(dict.fromkeys(table))


def _term(term) -> dict:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate), "object": _term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def solutions(result, media_type: str, max_rows: int, names: list[str] | None = None) -> Body:
    """SELECT results, at most `max_rows` of them, with the columns `names` (default: the result's
    order); read row by row so a huge result never fills memory."""
    names = names or [v.value for v in result.variables]
    bindings, truncated = [], False
    for solution in result:
        if len(bindings) == max_rows:
            truncated = True
            break
        bindings.append(binding(solution, names))
    return Body(media_type, encode_solutions(names, bindings, SOLUTION_TYPES[media_type]), len(bindings), truncated)


def binding(solution, names: list[str]) -> dict:
    return {name: _term(solution[name]) for name in names if solution[name] is not None}


def encode_solutions(names: list[str], bindings: list[dict], fmt: str) -> bytes:
    """SPARQL results in `fmt` (JSON, CSV, TSV or XML), built from JSON bindings so that the columns
    come in the order of `names` whatever order the engine gave them."""
    import pyoxigraph

    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if fmt == "JSON":
        return data
    from .sparql import csv_results, xml_safe

    parsed = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
    if fmt == "CSV":
        return csv_results(names, parsed)
    data = parsed.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt))
    return xml_safe(data) if fmt == "XML" else data


def boolean(result, media_type: str) -> Body:
    import pyoxigraph

    fmt = getattr(pyoxigraph.QueryResultsFormat, SOLUTION_TYPES[media_type])
    return Body(media_type, result.serialize(format=fmt), 1)


def triples(result, media_type: str, max_rows: int) -> Body:
    """CONSTRUCT/DESCRIBE results, at most `max_rows` triples."""
    from .sparql import rdf_bytes

    kept, truncated = [], False
    for triple in result:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(triple)
    return Body(media_type, rdf_bytes(kept, GRAPH_TYPES[media_type]), len(kept), truncated)
