"""Item-entity evaluation: the entities each gold plan item names against the built graph.

Gold (tests/gold/corpus.json, "item_entities") lists, per plan item, canonical Traditional names
by category. A predicted entity is a coop:mentions object of the item; it matches a gold name
when the folded name equals the fold of one of its labels or aliases, so script and width never
count as errors. Programmes are scored by the programmes evaluation, not here.
"""

from __future__ import annotations

from . import fold

CATEGORIES = {"institutions": "Institution", "places": "Place", "projects": "Project", "people": "Person"}
OVERALL = "item-entities"

_MENTIONS = """
SELECT DISTINCT ?year ?number ?e ?type ?l WHERE {
  ?plan coop:year ?year ; coop:hasItem ?item .
  ?item coop:itemNumber ?number ; coop:mentions ?e .
  ?e a ?type .
  { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l }
}"""


def predicted(db) -> dict[tuple[int, int], dict[str, dict[str, set[str]]]]:
    """(year, item number) -> category -> entity IRI -> folded labels."""
    from .sparql import run

    out: dict = {}
    for row in run(db, _MENTIONS):
        category = next((c for c, t in CATEGORIES.items() if row["type"].value.endswith("#" + t)), None)
        if category is None:
            continue
        key = (int(row["year"].value[:4]), int(row["number"].value))
        out.setdefault(key, {}).setdefault(category, {}).setdefault(row["e"].value, set()).add(fold.key(row["l"].value))
    return out


def match(gold_names: list[str], entities: dict[str, set[str]]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for one item and category, one to one."""
    wanted = {fold.key(n) for n in gold_names}
    used: set[str] = set()
    tp = 0
    for name in wanted:
        hit = next((e for e, keys in sorted(entities.items()) if e not in used and name in keys), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    return tp, len(entities) - len(used), len(wanted) - tp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def counts(db, gold: dict) -> dict[str, list[int]]:
    found = predicted(db)
    totals = {c: [0, 0, 0] for c in [*CATEGORIES, OVERALL]}
    for entry in gold.get("item_entities", []):
        per_item = found.get((int(entry["year"]), int(entry["item"])), {})
        for category in CATEGORIES:
            result = match(entry.get(category, []), per_item.get(category, {}))
            for i, n in enumerate(result):
                totals[category][i] += n
                totals[OVERALL][i] += n
    return totals


def score_item_entities(db, gold: dict) -> dict[str, tuple[float, float, float]]:
    """Category name -> (precision, recall, F1) over the gold items; OVERALL pools the categories."""
    return {category: prf(*n) for category, n in counts(db, gold).items()}


def errors(db, gold: dict) -> list[tuple[int, int, str, list[str], list[str]]]:
    """Per gold item and category: (year, item, category, missed gold names, extra predicted labels)."""
    found = predicted(db)
    out = []
    for entry in gold.get("item_entities", []):
        per_item = found.get((int(entry["year"]), int(entry["item"])), {})
        for category in CATEGORIES:
            wanted = {fold.key(n): n for n in entry.get(category, [])}
            got = per_item.get(category, {})
            missed = [n for k, n in wanted.items() if not any(k in keys for keys in got.values())]
            extra = [min(keys) for keys in got.values() if not keys & set(wanted)]
            if missed or extra:
                out.append((int(entry["year"]), int(entry["item"]), category, missed, sorted(extra)))
    return out
