"""Carry-over: which item of a plan continues which item of the previous plan of the same framework.

A post-pass over the whole build (it needs every plan at once). Two kinds of evidence, both pure
functions of the items: character 2- and 3-gram similarity of the folded texts (script, width and
spacing folded by fold.key, so a Simplified plan compares with a Traditional one), and the
specific entities both items name (projects, programmes, documents, and a place together with an
institution). The threshold was chosen on the tuning half of tests/gold/carryover.json only
(`coopkg carryover-eval` shows how) and is fixed here. N-grams in more than STOP_SHARE of the items
(generic policy vocabulary) carry no weight.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import fold, ids
from .errors import UserError

GRAPH = ids.BASE + "graph/carryover"
COOP = ids.COOP

# Chosen with RELATIVE and IDF_POWER on the 80 tuning items (see carryover_eval.choose_threshold), then
# fixed before the held-back sample was measured.
THRESHOLD = 0.11
# A later item may continue several earlier ones (a merge), but only those nearly as close as its best.
RELATIVE = 0.70
# Each shared specific entity closes this share of the remaining distance to 1.
ENTITY_WEIGHT = 0.25
# An entity named by more items than this in one plan is background (CEPA, the framework agreement):
# a concrete commitment is named once or twice per plan.
MAX_PER_PLAN = 2
GRAM_SIZES = (2, 3)
# idf is raised to this power: a rare n-gram (the name of one bridge, scheme or pilot) should outweigh
# the many common ones two items of one policy field share. Chosen on the tuning sample, like THRESHOLD.
IDF_POWER = 1.5
# An n-gram found in more than this share of a framework's items is generic policy vocabulary
# (合作, 粵港, 推進, 加強, 兩地: about fifteen n-grams at 0.20) and gets no weight at all: idf alone
# leaves their many small overlaps to outvote one shared name in the short items of a later plan.
# A corpus-frequency stoplist, not a word list; chosen on the 80 tuning items by cross-validation
# (the middle of the plateau 0.13-0.23), then fixed.
STOP_SHARE = 0.20

# How far to trust a link, by its score: over the 151 annotated later items, 42 of 44 links at 0.30 or
# more were right, 14 of 20 from 0.20, 20 of 32 below (README). queries/carried-over.rq writes the
# same bands in SPARQL; a test keeps the two equal.
CONFIDENCE = ((0.30, "high"), (0.20, "medium"), (0.0, "low"))

ENTITY_LINKS = (COOP + "mentions", COOP + "cites", COOP + "responsibleAgency")
KIND_OF_TYPE = {
    COOP + "Project": "project",
    COOP + "Programme": "programme",
    COOP + "Document": "document",
    COOP + "Agreement": "document",
    COOP + "Regulation": "document",
    COOP + "Plan": "document",
    COOP + "Place": "place",
    COOP + "Institution": "institution",
}
SPECIFIC_KINDS = {"project", "programme", "document"}
PAIRED_KINDS = {"place", "institution"}  # specific only together: a place and an institution both shared


@dataclass(frozen=True)
class ItemRecord:
    iri: str
    framework: str
    year: int
    number: int
    label: str
    section: str | None
    text: str
    entities: frozenset = frozenset()  # (entity iri, kind)


@dataclass(frozen=True)
class Link:
    later: str
    earlier: str
    score: float
    text_score: float
    shared: tuple[str, ...]


# --- text similarity -------------------------------------------------------------------------

_RUN = re.compile(r"[\w]+")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=4096)
def grams(text: str, sizes: tuple[int, ...] = GRAM_SIZES) -> Counter:
    """Character n-grams of the folded text, within runs between punctuation; numbers count as one sign."""
    counts: Counter = Counter()
    for run in _RUN.findall(_DIGITS.sub("#", fold.key(text))):
        for n in sizes:
            counts.update(run[i:i + n] for i in range(len(run) - n + 1))
    return counts


def jaccard(a: Counter, b: Counter) -> float:
    union = len(a.keys() | b.keys())
    return len(a.keys() & b.keys()) / union if union else 0.0


def idf(documents: list[Counter], stop_share: float = STOP_SHARE) -> dict[str, float]:
    """Smoothed inverse document frequency, to IDF_POWER: phrases every plan repeats (粵港兩地, 加強交流) weigh
    little, and an n-gram in more than `stop_share` of the documents weighs nothing (see STOP_SHARE)."""
    df: Counter = Counter()
    for doc in documents:
        df.update(doc.keys())
    total = len(documents)
    return {g: 0.0 if n > stop_share * total else (math.log((1 + total) / (1 + n)) + 1) ** IDF_POWER
            for g, n in df.items()}


def weighted(a: Counter, weights: dict[str, float] | None = None) -> tuple[dict[str, float], float]:
    """The idf-weighted vector and its length: computed once per item, not once per pair."""
    w = weights or {}
    va = {g: c * w.get(g, 1.0) for g, c in a.items() if w.get(g, 1.0)}  # stop n-grams drop out
    return va, math.sqrt(sum(v * v for v in va.values()))


def cosine_matrix(rows: list[tuple[dict[str, float], float]], columns: list[tuple[dict[str, float], float]]):
    """Cosines of every weighted vector of `rows` with every one of `columns`, as one matrix product:
    pair by pair in Python this was a fifth of the build."""
    import numpy as np

    index: dict[str, int] = {}
    for vector, _ in (*rows, *columns):
        for g in vector:
            index.setdefault(g, len(index))

    def matrix(vectors):
        m = np.zeros((len(vectors), len(index)))
        for i, (vector, _) in enumerate(vectors):
            for g, v in vector.items():
                m[i, index[g]] = v
        return m

    dots = matrix(rows) @ matrix(columns).T
    norms = np.outer([n for _, n in rows], [n for _, n in columns])
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms != 0)


def pair_cosines(pairs: list[tuple["ItemRecord", "ItemRecord"]], vectors: dict) -> list[float]:
    """The cosine of every (later, earlier) pair, from one matrix of the later items against the earlier ones."""
    if not pairs:
        return []
    laters = {iri: i for i, iri in enumerate(dict.fromkeys(a.iri for a, _ in pairs))}
    earliers = {iri: i for i, iri in enumerate(dict.fromkeys(b.iri for _, b in pairs))}
    scores = cosine_matrix([vectors[iri] for iri in laters], [vectors[iri] for iri in earliers])
    return [float(scores[laters[a.iri], earliers[b.iri]]) for a, b in pairs]


def cosine(a: Counter, b: Counter, weights: dict[str, float] | None = None) -> float:
    return float(cosine_matrix([weighted(a, weights)], [weighted(b, weights)])[0, 0])


# --- shared entities -------------------------------------------------------------------------


def background(records: list[ItemRecord]) -> frozenset[str]:
    """Entities too common in one plan to tell one commitment from another."""
    counts = Counter((r.year, iri) for r in records for iri, _ in r.entities)
    return frozenset(iri for (_, iri), n in counts.items() if n > MAX_PER_PLAN)


def shared_entities(a: ItemRecord, b: ItemRecord, common: frozenset[str] = frozenset()) -> tuple[str, ...]:
    both = {(iri, kind) for iri, kind in a.entities & b.entities if iri not in common}
    specific = {iri for iri, kind in both if kind in SPECIFIC_KINDS}
    paired = {kind for _, kind in both if kind in PAIRED_KINDS}
    if paired == PAIRED_KINDS:
        specific |= {iri for iri, kind in both if kind in PAIRED_KINDS}
    return tuple(sorted(specific))


def combined(text_score: float, shared: tuple[str, ...]) -> float:
    """Text similarity, raised towards 1 by each shared specific entity."""
    return 1 - (1 - text_score) * (1 - ENTITY_WEIGHT) ** len(shared)


# --- candidate pairs and links ---------------------------------------------------------------


def previous_year(records: list[ItemRecord]) -> dict[tuple[str, int], int]:
    """(framework, year) -> the latest earlier year of that framework present (2019 -> 2017 when 2018 is missing)."""
    years: dict[str, set[int]] = {}
    for r in records:
        years.setdefault(r.framework, set()).add(r.year)
    out = {}
    for framework, present in years.items():
        ordered = sorted(present)
        out.update({(framework, later): earlier for earlier, later in zip(ordered, ordered[1:])})
    return out


def candidate_pairs(records: list[ItemRecord]) -> list[tuple[ItemRecord, ItemRecord]]:
    """(later item, earlier item) for every item and every item of the latest earlier plan of its framework."""
    prev = previous_year(records)
    by_plan: dict[tuple[str, int], list[ItemRecord]] = {}
    for r in sorted(records, key=lambda r: (r.framework, r.year, r.number, r.label)):
        by_plan.setdefault((r.framework, r.year), []).append(r)
    return [
        (later, earlier)
        for (framework, year), items in by_plan.items() if (framework, year) in prev
        for later in items
        for earlier in by_plan[(framework, prev[(framework, year)])]
    ]


def scored_pairs(records: list[ItemRecord], minimum: float = 0.0) -> list[Link]:
    """Every candidate pair scoring at least `minimum`, with its score; the weighting (idf,
    background entities) is per framework."""
    out = []
    for framework in sorted({r.framework for r in records}):
        group = [r for r in records if r.framework == framework]
        weights = idf([grams(r.text) for r in group])
        vectors = {r.iri: weighted(grams(r.text), weights) for r in group}
        common = background(group)
        sharing = _sharing(group, common)
        pairs = candidate_pairs(group)
        for (later, earlier), text_score in zip(pairs, pair_cosines(pairs, vectors)):
            shared = shared_entities(later, earlier, common) if (later.iri, earlier.iri) in sharing else ()
            score = combined(text_score, shared)
            if score >= minimum:
                out.append(Link(later.iri, earlier.iri, score, text_score, shared))
    return out


def _sharing(group: list[ItemRecord], common: frozenset[str]) -> set[tuple[str, str]]:
    """Pairs of items naming one entity that is not background: the only pairs shared_entities can
    find anything for (comparing the entity sets of every pair was most of the pass)."""
    naming: dict[str, list[str]] = {}
    for r in group:
        for iri, _ in r.entities:
            if iri not in common:
                naming.setdefault(iri, []).append(r.iri)
    return {(a, b) for items in naming.values() for a in items for b in items if a != b}


def select(pairs: list[Link], threshold: float = THRESHOLD, relative: float = RELATIVE) -> list[Link]:
    """Policy: keep a pair at or above the threshold and within `relative` of the later item's best."""
    best: dict[str, float] = {}
    for p in pairs:
        best[p.later] = max(best.get(p.later, 0.0), p.score)
    return [p for p in pairs if p.score >= threshold and p.score >= relative * best[p.later]]


def links(records: list[ItemRecord], threshold: float = THRESHOLD) -> list[Link]:
    # a pair under the threshold is never kept, and cannot be a later item's best that matters
    return select(scored_pairs(records, minimum=threshold), threshold)


# --- items from a build, or from a built store -----------------------------------------------


def entity_index(quads) -> dict[str, frozenset]:
    """item iri -> {(entity iri, kind)} from coop:mentions / coop:cites / coop:responsibleAgency quads."""
    types: dict[str, str] = {}
    named: dict[str, set[str]] = {}
    for q in quads:
        p = q.predicate.value
        if p == _RDF_TYPE:
            kind = KIND_OF_TYPE.get(q.object.value)
            if kind and types.get(q.subject.value) not in SPECIFIC_KINDS:
                types[q.subject.value] = kind
        elif p in ENTITY_LINKS:
            named.setdefault(q.subject.value, set()).add(q.object.value)
    return {item: frozenset((e, types[e]) for e in ents if e in types) for item, ents in named.items()}


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def reads(quad) -> bool:
    """The quads entity_index looks at: the build keeps only these once a document is in the store."""
    p = quad.predicate.value
    return p in ENTITY_LINKS or (p == _RDF_TYPE and quad.object.value in KIND_OF_TYPE)


def records_from_results(results) -> list[ItemRecord]:
    """Items of every plan of a build (pipeline.DocumentResult list), with the entities their quads name."""
    entities = entity_index(q for r in results for q in r.quads)
    records = []
    for result in results:
        for plan in result.plans:
            plan_iri = ids.plan(plan.framework, plan.year)
            for item in plan.items:
                iri = ids.item(plan_iri, item.label)
                section = ids.section(plan_iri, item.section) if item.section else None
                records.append(ItemRecord(iri, ids.framework_slug(plan.framework), plan.year, item.number,
                                          item.label, section, item.text, entities.get(iri, frozenset())))
    return records


_ITEMS = """
SELECT DISTINCT ?item ?plan ?year ?number ?section ?text WHERE {
  ?plan coop:hasItem ?item ; coop:year ?year .
  ?item coop:itemNumber ?number ; coop:text ?text .
  OPTIONAL { ?item coop:inSection ?section }
}"""
_ENTITIES = """
SELECT DISTINCT ?item ?p ?entity ?type WHERE {
  ?item a coop:PlanItem ; ?p ?entity . ?entity a ?type .
  VALUES ?p { coop:mentions coop:cites coop:responsibleAgency }
}"""


def records_from_store(db) -> list[ItemRecord]:
    """The same records, read back from a built store (for evaluation, history and comparison)."""
    from pyoxigraph import NamedNode, Quad

    from .sparql import run

    links_ = [Quad(r["item"], NamedNode(r["p"].value), r["entity"]) for r in run(db, _ENTITIES)]
    links_ += [Quad(r["entity"], NamedNode(_RDF_TYPE), r["type"]) for r in run(db, _ENTITIES)]
    entities = entity_index(links_)
    records = {}
    for row in run(db, _ITEMS):
        iri, plan = row["item"].value, row["plan"].value
        framework = plan[len(ids.BASE + "plan/"):].rsplit("/", 1)[0]
        section = row["section"].value if row["section"] else None
        records[iri] = ItemRecord(iri, framework, int(row["year"].value[:4]), int(row["number"].value),
                                  iri.rsplit("/", 1)[1], section, row["text"].value, entities.get(iri, frozenset()))
    return sorted(records.values(), key=lambda r: (r.framework, r.year, r.number, r.label))


# --- RDF: coop:continues plus a scored coop:Continuation node, in a graph of their own ---------


def continuation_iri(link: Link) -> str:
    """Content-derived: …/continuation/gd-hk/2019-1/2017-1 (framework, later item, earlier item)."""
    later, earlier = link.later.split("/"), link.earlier.split("/")
    return f"{ids.BASE}continuation/{later[-4]}/{later[-3]}-{later[-1]}/{earlier[-3]}-{earlier[-1]}"


def continuation_quads(selected: list[Link]) -> list:
    from pyoxigraph import Literal, NamedNode, Quad

    graph, coop = NamedNode(GRAPH), (lambda name: NamedNode(COOP + name))
    quads = []
    for link in sorted(selected, key=lambda l: (l.later, l.earlier)):
        node, later, earlier = NamedNode(continuation_iri(link)), NamedNode(link.later), NamedNode(link.earlier)
        quads += [
            Quad(later, coop("continues"), earlier, graph),
            Quad(node, NamedNode(_RDF_TYPE), coop("Continuation"), graph),
            Quad(node, coop("continuationFrom"), earlier, graph),
            Quad(node, coop("continuationTo"), later, graph),
            Quad(node, coop("score"), Literal(f"{link.score:.3f}", datatype=NamedNode(_XSD_DECIMAL)), graph),
            Quad(node, NamedNode(_RDFS_LABEL), Literal(_label(link)), graph),
        ]
        quads += [Quad(node, coop("sharedEntity"), NamedNode(e), graph) for e in link.shared]
    return quads


_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _label(link: Link) -> str:
    later, earlier = link.later.split("/"), link.earlier.split("/")
    return f"{later[-3]}-{later[-1]} ← {earlier[-3]}-{earlier[-1]} ({link.score:.3f})"


def build_quads(results) -> list:
    """The build's post-pass: continuation quads from every document's plans and entity links."""
    return continuation_quads(links(records_from_results(results)))


# --- reading the links back: an item's history, a plan compared with the previous one ---------

_EDGES = """
SELECT DISTINCT ?from ?to ?score WHERE {
  ?c a coop:Continuation ; coop:continuationFrom ?from ; coop:continuationTo ?to ; coop:score ?score .
}"""
_SECTION_TITLES = "SELECT DISTINCT ?s ?l WHERE { ?s a coop:Section ; rdfs:label ?l }"


def edges(db) -> list[tuple[str, str, float]]:
    """(later item, earlier item, score) for every continuation in the store."""
    from .sparql import run

    return sorted((r["to"].value, r["from"].value, float(r["score"].value)) for r in run(db, _EDGES))


def chain(links_: list[tuple[str, str, float]], start: str) -> list[tuple[str, float | None]]:
    """Items reachable from start backward and forward, each with the score of the link that reached it."""
    back = {}
    fwd = {}
    for later, earlier, score in links_:
        back.setdefault(later, []).append((earlier, score))
        fwd.setdefault(earlier, []).append((later, score))
    found: dict[str, float | None] = {start: None}
    for step in (back, fwd):
        todo = [start]
        while todo:
            for nxt, score in step.get(todo.pop(), []):
                if nxt not in found:
                    found[nxt] = score
                    todo.append(nxt)
    return list(found.items())


def confidence(score: float) -> str:
    return next(band for floor, band in CONFIDENCE if score >= floor)


def history(db, item_iri: str) -> list[tuple[int, int, str, float | None]]:
    """(year, number, iri, score) for the item's chain, oldest first; the item itself has score None."""
    records = {r.iri: r for r in records_from_store(db)}
    rows = [(records[i].year, records[i].number, i, s) for i, s in chain(edges(db), item_iri) if i in records]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def _entry(record: ItemRecord, predecessors=()) -> dict:
    entry = {"item": f"{record.year}-{record.label}", "iri": record.iri, "number": record.number, "text": record.text}
    if predecessors:
        entry["predecessors"] = [{"item": f"{p.year}-{p.label}", "iri": p.iri, "score": s, "confidence": confidence(s)}
                                 for p, s in predecessors]
    return entry


def _by_section(records: list[ItemRecord], titles: dict[str, str], keys: tuple[str, ...]) -> dict[str | None, dict]:
    sections: dict[str | None, dict] = {}
    for r in records:
        sections.setdefault(r.section, {"section": r.section, "title": titles.get(r.section or "", ""), **{k: [] for k in keys}})
    return sections


def compare(db, year: int, framework: str = "gd-hk") -> dict:
    """A plan against the latest earlier plan of its framework, section by section: carried over, new, dropped.

    Later-plan sections list `carried_over` (with predecessors and scores) and `new`; earlier-plan
    sections list `dropped`. Plain data for the site's per-plan comparison page.
    """
    from .sparql import run

    records = [r for r in records_from_store(db) if r.framework == framework]
    previous = previous_year(records).get((framework, year))
    if previous is None:
        raise UserError(f"no {framework} plan before {year} in the store; compare needs two plans of one framework")
    titles = {row["s"].value: row["l"].value for row in run(db, _SECTION_TITLES)}
    by_iri = {r.iri: r for r in records}
    later = [r for r in records if r.year == year]
    earlier = [r for r in records if r.year == previous]
    preds: dict[str, list] = {}
    for to, frm, score in edges(db):
        if to in by_iri and by_iri[to].year == year and frm in by_iri:
            preds.setdefault(to, []).append((by_iri[frm], score))
    continued = {p.iri for ps in preds.values() for p, _ in ps}
    sections = _by_section(later, titles, ("carried_over", "new"))
    for r in later:
        key = "carried_over" if r.iri in preds else "new"
        sections[r.section][key].append(_entry(r, sorted(preds.get(r.iri, []), key=lambda x: -x[1])))
    dropped = _by_section(earlier, titles, ("dropped",))
    for r in earlier:
        if r.iri not in continued:
            dropped[r.section]["dropped"].append(_entry(r))
    return {"framework": framework, "year": year, "previous_year": previous,
            "sections": list(sections.values()), "previous_sections": list(dropped.values())}
