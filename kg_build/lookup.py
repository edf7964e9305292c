"""Lookup: find nodes by label or alias in either script, then describe them for a person.

Matching runs on the folded coop:searchKey literals written at build time: exact key first,
then keys that contain the query (河套 -> 落馬洲河套地區). When no key equals or contains the query,
keys the query contains and keys sharing most character bigrams with it (fuzzy, marked as such:
粵港知識產權保護合作協議 -> 粵港保護知識產權合作協議) are offered together, closest first.

Each hit carries the generic description (labels, aliases, outgoing and incoming links) and the
per-type view of kg_build.lookup_views (issue 4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import fold
from .lookup_views import best_label, labels, view
from .rdf import COOP, PREFIXES
from .sparql import run, short

# Exact keys first: an index lookup, whatever the size of the store. Only when none matches does
# lookup scan every key for substrings (and then bigrams).
_EXACT = "SELECT DISTINCT ?q ?s ?key WHERE { ?s coop:searchKey ?q BIND(?q AS ?key) }"
_MATCH = """
SELECT DISTINCT ?q ?s ?key WHERE {
  ?s coop:searchKey ?key .
  FILTER(?key = ?q || CONTAINS(?key, ?q) || (STRLEN(?key) >= 2 && CONTAINS(?q, ?key)))
}"""
# Types are read for the matched nodes only: joined into the scan above, they made it read every
# node's types (20 s for one lookup on a store of 3 million quads).
_TYPES = "SELECT DISTINCT ?s ?t WHERE { VALUES ?s { %s } ?s a ?t }"
_KEYS = "SELECT DISTINCT ?s ?key WHERE { ?s coop:searchKey ?key }"

_DESCRIBE_OUT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p != coop:searchKey) }"
_DESCRIBE_IN = "SELECT ?s ?x ?p WHERE { ?x ?p ?s FILTER(!isLiteral(?x) && ?p != rdf:object) }"
_LABELS = "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"
# Oxigraph lower-cases language tags; people read them in BCP 47 case.
LANGS = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans", "en": "en"}
_SKIP_OUT = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel",
             "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", COOP + "evidence"}
# Fuzzy matches need at least this Dice coefficient on character bigrams of the folded keys.
FUZZY_MIN = 0.5
# … and at most this far below the best fuzzy match, so the closest names are not drowned in near-misses.
FUZZY_SPREAD = 0.15
_FUZZY_BASE = 1000  # fuzzy scores are above every exact or substring score
_PART_OF_QUERY = 100  # _score of a key the query contains


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
    view: dict = field(default_factory=dict)  # lookup_views.view: the main relations for the node's type

    @property
    def match(self) -> str:
        """exact, partial (substring either way) or fuzzy (shared bigrams)."""
        return "exact" if self.score == 0 else "partial" if self.score < _FUZZY_BASE else "fuzzy"

    @property
    def similarity(self) -> float | None:
        return None if self.score < _FUZZY_BASE else round(1 - (self.score - _FUZZY_BASE) / 1000, 3)


def _score(key: str, query: str) -> int:
    if key == query:
        return 0
    return 1 + abs(len(key) - len(query)) if query in key else 100 + abs(len(key) - len(query))


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two strings' character bigram sets (0 when either has none)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _type_ok(types: set[str], type_: str | None) -> bool:
    return not type_ or any(short_t.lower().endswith(type_.lower()) for short_t in types)


def _candidates(store, query: str, type_: str | None) -> dict[str, int]:
    """iri -> best score over its keys, for exact and substring matches of the right type."""
    from pyoxigraph import Literal, Variable

    best: dict[str, int] = {}
    for text in (_EXACT, _MATCH):
        for row in run(store, text, {Variable("q"): Literal(query)}):
            iri = row["s"].value
            best[iri] = min(best.get(iri, 10**6), _score(row["key"].value, query))
        types = _types(store, list(best))
        best = {iri: score for iri, score in best.items() if _type_ok(types.get(iri, {""}), type_)}
        if best:  # an exact hit of another type (--type) must not stop the substring scan
            break
    return best


def _types(store, iris: list[str]) -> dict[str, set[str]]:
    from pyoxigraph import NamedNode

    if not iris:
        return {}
    found: dict[str, set[str]] = {}
    for row in run(store, _TYPES % " ".join(str(NamedNode(i)) for i in iris)):
        found.setdefault(row["s"].value, set()).add(short(row["t"]))
    return found


_CLASSES = "SELECT DISTINCT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> FILTER(STRSTARTS(STR(?c), STR(coop:))) }"


def classes(store) -> list[str]:
    """The ontology's class names (Place, Agreement, …), for saying what --type accepts."""
    return sorted(row["c"].value[len(COOP):] for row in run(store, _CLASSES))


def unknown_type(store, type_: str) -> list[str] | None:
    """The class names, when --type names none of them (else None)."""
    names = classes(store)
    return None if any(_type_ok({name}, type_) for name in names) else names


def _fuzzy(store, query: str, type_: str | None) -> dict[str, int]:
    """iri -> fuzzy score (_FUZZY_BASE + 1000 × (1 − Dice)) for keys sharing enough bigrams with the query."""
    if len(query) < 2:
        return {}
    best: dict[str, float] = {}
    for row in run(store, _KEYS):
        iri = row["s"].value
        dice = similarity(query, row["key"].value)
        if dice >= FUZZY_MIN and dice > best.get(iri, 0.0):
            best[iri] = dice
    types = _types(store, list(best))
    best = {iri: dice for iri, dice in best.items() if _type_ok(types.get(iri, {""}), type_)}
    top = max(best.values(), default=0.0)
    return {iri: _FUZZY_BASE + round((1 - dice) * 1000) for iri, dice in best.items() if dice >= top - FUZZY_SPREAD}


# A plan item's reference, year-number (2019-1): it names one item or none, so only an exact key
# counts (2017-99 must not find 2017-9, whose key it contains).
ITEM_REFERENCE = re.compile(r"\d{4}-\d+")


_IRI = re.compile(r"https?://\S+")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w-]*):(\S*)")


def as_iri(text: str) -> str | None:
    """The IRI a person pasted, in full or with one of the prefixes coopkg prints (id:plan/…, coop:Plan);
    None for a name."""
    text = text.strip()
    if _IRI.fullmatch(text):
        return text
    prefixed = _PREFIXED_NAME.fullmatch(text)
    if prefixed and prefixed.group(1) in PREFIXES:
        return PREFIXES[prefixed.group(1)] + prefixed.group(2)
    return None


def node(store, iri: str) -> str | None:
    """The IRI as the graph holds it: as given, or with %-escapes undone (a browser's copy of
    …/project/港珠澳大橋 is …/project/%E6%B8%AF…)."""
    from urllib.parse import unquote

    from pyoxigraph import NamedNode

    for candidate in dict.fromkeys((iri, unquote(iri))):
        try:
            if next(store.quads_for_pattern(NamedNode(candidate), None, None, None), None) is not None:
                return candidate
        except ValueError:  # not a valid IRI
            continue
    return None


def find(store, text: str, *, type_: str | None = None, limit: int = 10) -> list[Hit]:
    iri = as_iri(text)
    if iri is not None:  # an IRI names one node: that node, or nothing
        found = node(store, iri)
        if found is None or not _type_ok(_types(store, [found]).get(found, set()), type_):
            return []
        return [describe(store, found, 0)]
    query = fold.search_key(text)
    if not query:
        return []
    best = _candidates(store, query, type_)
    if ITEM_REFERENCE.fullmatch(query):
        return [describe(store, iri, 0) for iri, score in sorted(best.items()) if score == 0][:limit]
    if not any(s < _PART_OF_QUERY for s in best.values()):  # no key equals or contains the query
        best = {**_fuzzy(store, query, type_), **best}
    exact = {iri: s for iri, s in best.items() if s == 0}
    chosen = sorted((exact or best).items(), key=lambda pair: _order(pair[1], len(query)) + (pair[0],))[:limit]
    return [describe(store, iri, score) for iri, score in chosen]


def _order(score: int, query_length: int) -> tuple:
    """Exact keys and keys containing the query first, closest length first; then keys inside the query
    and fuzzy matches together, by how much of the query they share: the part of it a key inside it
    covers, or a fuzzy key's Dice coefficient. A section called 知識產權保護 covers 6 of the 13
    characters of 粵港知識產權保護合作協議 (0.46), so the agreement it misremembers (Dice 0.55) comes first."""
    if score < _PART_OF_QUERY:
        return (0, score)
    if score >= _FUZZY_BASE:
        return (1, -(1 - (score - _FUZZY_BASE) / 1000))
    return (1, -(query_length - (score - _PART_OF_QUERY)) / query_length)


def label_of(store, iri: str) -> str:
    from pyoxigraph import NamedNode, Variable

    found = [(row["l"].value, (row["l"].language or "").lower()) for row in run(store, _LABELS, {Variable("s"): NamedNode(iri)})]
    return best_label(found, iri)


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
            hit.out.append((short(row["p"]), o.value, ""))
        else:
            hit.out.append((short(row["p"]), "", o.value))
    for row in run(store, _DESCRIBE_IN, {Variable("s"): node}):
        if row["p"].value in _SKIP_OUT or row["p"].value == COOP + "evidence":
            continue
        x = row["x"].value
        if "/statement/" in x or not isinstance(row["x"], NamedNode):  # a blank node: an OWL axiom, no page of its own
            continue
        hit.incoming.append((short(row["p"]), x, ""))
    names = labels(store, [i for _, i, _ in hit.out + hit.incoming if i])  # one query, not one per row
    hit.out = [(p, i, names.get(i, "") if i else v) for p, i, v in hit.out]
    hit.incoming = [(p, i, names.get(i, "")) for p, i, _ in hit.incoming]
    hit.view = view(store, iri, hit.types)
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
        "match": hit.match,
        **({"similarity": hit.similarity} if hit.similarity is not None else {}),
        "view": hit.view,
    }


__all__ = ["Hit", "find", "describe", "as_json", "similarity", "PREFIXES"]
