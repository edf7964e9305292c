"""CSV tables for spreadsheet users: one row per named entity, one row per relation between them."""

from __future__ import annotations

import csv
import io

from .sparql import run, short

_ENTITIES = """
SELECT ?s (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types) WHERE {
  ?s rdfs:label ?l ; a ?t . FILTER(STRSTARTS(STR(?s), STR(id:)))
} GROUP BY ?s"""
_LABELS = "SELECT ?s ?p ?l WHERE { ?s ?p ?l VALUES ?p { rdfs:label skos:altLabel } FILTER(isIRI(?s)) }"
_RELATIONS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol .
  FILTER(isIRI(?o) && STRSTARTS(STR(?s), STR(id:)) && ?p NOT IN (rdf:type, coop:evidence))
}"""
_ZH = ("zh-hant", "zh-hans")


def _names(store) -> dict[str, dict[str, list[str]]]:
    """iri -> {'zh': [...], 'en': [...], 'alias': [...]}, each sorted, Traditional first."""
    names: dict[str, dict[str, list[str]]] = {}
    for row in run(store, _LABELS):
        lang = (row["l"].language or "").lower()
        slot = "alias" if row["p"].value.endswith("altLabel") else ("en" if lang == "en" else "zh" if lang in _ZH or not lang else "other")
        names.setdefault(row["s"].value, {}).setdefault(slot, []).append((lang != "zh-hant", row["l"].value))
    return {iri: {k: [v for _, v in sorted(set(vs))] for k, vs in slots.items()} for iri, slots in names.items()}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return buffer.getvalue().encode("utf-8")


def _first(names: dict, iri: str, slot: str) -> str:
    return (names.get(iri, {}).get(slot) or [""])[0]


def entities_csv(store) -> bytes:
    names = _names(store)
    rows = [
        [row["s"].value, " ".join(sorted(short(t) for t in _split(row["types"].value))),
         _first(names, row["s"].value, "zh"), _first(names, row["s"].value, "en"),
         "|".join(names.get(row["s"].value, {}).get("alias", []))]
        for row in run(store, _ENTITIES)
    ]
    return _csv(["iri", "type", "label_zh", "label_en", "aliases"], rows)


def _split(types: str):
    from pyoxigraph import NamedNode

    return [NamedNode(t) for t in types.split()]


def relations_csv(store) -> bytes:
    names = _names(store)
    rows = [
        [row["s"].value, short(row["p"]), row["o"].value, _first(names, row["s"].value, "zh"), _first(names, row["o"].value, "zh")]
        for row in run(store, _RELATIONS)
    ]
    return _csv(["subject", "property", "object", "subject_label", "object_label"], rows)
