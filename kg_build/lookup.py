"""Lookup: find nodes by label or alias in either script, then describe them for a person.

Matching runs on the folded coop:searchKey literals written at build time: exact key first,
then keys that contain the query (河套 -> 落馬洲河套地區), then keys the query contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fold
from .rdf import COOP, PREFIXES
from .sparql import run, short

_MATCH = """
SELECT DISTINCT ?q ?s ?key WHERE {
  ?s coop:searchKey ?key .
  FILTER(?key = ?q || CONTAINS(?key, ?q) || (STRLEN(?key) >= 2 && CONTAINS(?q, ?key)))
}"""

_DESCRIBE_OUT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p != coop:searchKey) }"
_DESCRIBE_IN = "SELECT ?s ?x ?p WHERE { ?x ?p ?s FILTER(!isLiteral(?x) && ?p != rdf:object) }"
_LABELS = "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"
# Oxigraph lower-cases language tags; people read them in BCP 47 case.
LANGS = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans", "en": "en"}
_SKIP_OUT = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel",
             "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", COOP + "evidence"}


@dataclass
class Hit:
    iri: str
    score: int
    types: list[str] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    out: list[tuple[str, str, str]] = field(default_factory=list)  # (property, value iri or '', value label)
    incoming: list[tuple[str, str, str]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def _score(key: str, query: str) -> int:
    if key == query:
        return 0
    return 1 + abs(len(key) - len(query)) if query in key else 100 + abs(len(key) - len(query))


def find(store, text: str, *, type_: str | None = None, limit: int = 10) -> list[Hit]:
    from pyoxigraph import Literal, Variable

    query = fold.key(text)
    if not query:
        return []
    best: dict[str, int] = {}
    for row in run(store, _MATCH, {Variable("q"): Literal(query)}):
        iri = row["s"].value
        best[iri] = min(best.get(iri, 10**6), _score(row["key"].value, query))
    hits = [describe(store, iri, score) for iri, score in best.items()]
    if type_:
        hits = [h for h in hits if any(t.lower().endswith(type_.lower()) for t in h.types)]
    exact = [h for h in hits if h.score == 0]
    chosen = exact or hits
    return sorted(chosen, key=lambda h: (h.score, h.iri))[:limit]


def label_of(store, iri: str) -> str:
    from pyoxigraph import NamedNode, Variable

    labels = [row["l"] for row in run(store, _LABELS, {Variable("s"): NamedNode(iri)})]
    preferred = sorted(labels, key=lambda l: (LANGS.get(l.language or "") not in ("zh-Hant", "zh-Hans"), l.value))
    return preferred[0].value if preferred else ""


def describe(store, iri: str, score: int = 0) -> Hit:
    from pyoxigraph import NamedNode, Variable

    node = NamedNode(iri)
    hit = Hit(iri, score)
    for row in run(store, _DESCRIBE_OUT, {Variable("s"): node}):
        p, o = row["p"].value, row["o"]
        if p.endswith("#type"):
            if short(o) not in hit.types:
                hit.types.append(short(o))
        elif p.endswith("#label"):
            values = hit.labels.setdefault(LANGS.get(o.language or "", o.language or ""), [])
            if o.value not in values:
                values.append(o.value)
        elif p.endswith("#altLabel"):
            if o.value not in hit.aliases:  # one row per graph that states it
                hit.aliases.append(o.value)
        elif p == COOP + "evidence":
            hit.evidence.append(o.value)
        elif isinstance(o, NamedNode):
            hit.out.append((short(row["p"]), o.value, label_of(store, o.value)))
        else:
            hit.out.append((short(row["p"]), "", o.value))
    for row in run(store, _DESCRIBE_IN, {Variable("s"): node}):
        if row["p"].value in _SKIP_OUT or row["p"].value == COOP + "evidence":
            continue
        x = row["x"].value
        if "/statement/" in x:
            continue
        hit.incoming.append((short(row["p"]), x, label_of(store, x)))
    for values in (hit.types, hit.aliases, hit.out, hit.incoming, hit.evidence):
        values.sort()
    return hit


def as_json(hit: Hit) -> dict:
    return {
        "iri": hit.iri,
        "types": hit.types,
        "labels": hit.labels,
        "aliases": hit.aliases,
        "relations": [{"property": p, "iri": i or None, "value": v} for p, i, v in hit.out],
        "incoming": [{"property": p, "iri": i, "label": v} for p, i, v in hit.incoming],
        "evidence": hit.evidence,
    }


__all__ = ["Hit", "find", "describe", "as_json", "PREFIXES"]
