"""Evaluation against a hand-annotated gold file (tests/gold/corpus.json): precision, recall, F1.

Names are compared by fold.key over every label and altLabel, so script, width and spacing never
count as errors. A gold entry matches at most one predicted node and the other way round.
Categories: documents (name and type), citations (plan year, item number, document), supports
(agreement, year, item), programmes, meetings (ordinal, kind, date, place, chairs and documents signed all right),
and the item-entity categories of entity_eval when that module is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import fold
from .errors import UserError

Score = tuple[float, float, float]

_DOCS = """
SELECT DISTINCT ?d ?type ?l WHERE {
  VALUES ?type { coop:Document coop:Agreement coop:Plan coop:Regulation }
  ?d a ?type . { ?d rdfs:label ?l } UNION { ?d skos:altLabel ?l }
}"""
_PROGRAMMES = "SELECT DISTINCT ?d ?l WHERE { ?d a coop:Programme . { ?d rdfs:label ?l } UNION { ?d skos:altLabel ?l } }"
_CITES = """
SELECT DISTINCT ?year ?number ?d WHERE { ?plan coop:year ?year ; coop:hasItem ?item . ?item coop:itemNumber ?number ; coop:cites ?d }"""
_SUPPORTS = """
SELECT DISTINCT ?year ?number ?d WHERE { ?plan coop:year ?year ; coop:hasItem ?item . ?item coop:itemNumber ?number . ?d coop:supports ?item }"""
_MEETINGS = """
SELECT DISTINCT ?m ?ordinal ?kind ?date ?p ?place ?c ?chair WHERE {
  ?m a coop:Meeting ; coop:ordinal ?ordinal ; coop:meetingKind ?kind .
  OPTIONAL { ?m coop:date ?date } OPTIONAL { ?m coop:heldIn ?p . ?p rdfs:label ?place }
  OPTIONAL { ?m coop:chairedBy ?c . ?c rdfs:label ?chair }
}"""
_SIGNED = "SELECT DISTINCT ?ordinal ?kind ?d ?l WHERE { ?m coop:ordinal ?ordinal ; coop:meetingKind ?kind . ?d coop:signedAt ?m . { ?d rdfs:label ?l } UNION { ?d skos:altLabel ?l } }"


def prf(tp: int, fp: int, fn: int) -> Score:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def name_key(name: str) -> str:
    """fold.key without the enclosing brackets (《X》 = X) but keeping inner ones (《A》B stays)."""
    key = fold.key(name)
    if len(key) > 1 and key[0] + key[-1] in ("《》", "「」", "“”") and key[1:-1].count(key[0]) == key[1:-1].count(key[-1]) == 0:
        return key[1:-1]
    return key


def names(entry) -> set[str]:
    """Folded names of a gold entry: a plain string, or canonical/name/label plus aliases/as_written."""
    if isinstance(entry, str):
        return {name_key(entry)}
    found = [entry.get(k) for k in ("canonical", "name", "label")]
    found += [a for k in ("aliases", "as_written", "altLabels") for a in entry.get(k, [])]
    return {name_key(n) for n in found if n}


def _nodes(db, query: str) -> dict[str, dict]:
    """Node IRI -> {"keys": folded names, "types": local type names}."""
    from .sparql import run

    out: dict[str, dict] = {}
    for row in run(db, query):
        node = out.setdefault(row["d"].value, {"keys": set(), "types": set()})
        node["keys"].add(name_key(row["l"].value))
        if "?type" in query:
            node["types"].add(row["type"].value.rsplit("#", 1)[-1])
    return out


def _type_of(node: dict) -> str:
    specific = node["types"] - {"Document"}
    return min(specific) if specific else "Document"


def match_entities(gold: list, nodes: dict[str, dict], *, typed: bool) -> tuple[int, int, int, dict]:
    """(tp, fp, fn, gold index -> node IRI) with one-to-one matching by shared folded names."""
    used: dict[int, str] = {}
    taken: set[str] = set()
    for i, entry in enumerate(gold):
        keys = names(entry)
        for iri, node in sorted(nodes.items()):
            if iri not in taken and keys & node["keys"]:
                if typed and isinstance(entry, dict) and entry.get("type") and entry["type"] != _type_of(node):
                    continue
                used[i] = iri
                taken.add(iri)
                break
    return len(used), len(nodes) - len(taken), len(gold) - len(used), used


def _relation_score(db, query: str, gold: list, docs: dict[str, dict], doc_field: tuple[str, ...], aliases: dict[str, set[str]]) -> tuple[int, int, int]:
    """A gold relation names its document by canonical name; its gold aliases count too."""
    from .sparql import run

    predicted = {(int(r["year"].value[:4]), int(r["number"].value), r["d"].value) for r in run(db, query)}
    matched: set = set()
    fn = 0
    for entry in gold:
        year, item, doc = _triple(entry, doc_field)
        keys = names(doc) | aliases.get(name_key(doc), set())
        hit = next((p for p in sorted(predicted) if p[:2] == (year, item) and keys & docs.get(p[2], {}).get("keys", set())), None)
        if hit is None:
            fn += 1
        else:
            matched.add(hit)
    return len(matched), len(predicted) - len(matched), fn


def _triple(entry, doc_field: tuple[str, ...]) -> tuple[int, int, str]:
    if isinstance(entry, (list, tuple)):
        return int(entry[0]), int(entry[1]), entry[2]
    doc = next(entry[k] for k in doc_field if k in entry)
    return int(entry["year"]), int(entry["item"]), doc


def _meeting_rows(db) -> dict[tuple[int, str], dict]:
    from .sparql import run

    out: dict[tuple[int, str], dict] = {}
    for row in run(db, _MEETINGS):
        key = (int(row["ordinal"].value), row["kind"].value)
        m = out.setdefault(key, {"date": set(), "place": {}, "chairs": {}})
        if row["date"] is not None:
            m["date"].add(row["date"].value)
        if row["p"] is not None:
            m["place"].setdefault(row["p"].value, set()).add(fold.key(row["place"].value))
        if row["c"] is not None:
            m["chairs"].setdefault(row["c"].value, set()).add(fold.key(row["chair"].value))
    for row in run(db, _SIGNED):
        m = out.get((int(row["ordinal"].value), row["kind"].value))
        if m is not None:
            m.setdefault("signed", {}).setdefault(row["d"].value, set()).add(name_key(row["l"].value))
    return out


def _same_nodes(gold_names: list[str], nodes: dict[str, set[str]]) -> bool:
    """Each gold name is a label of its own node, and there are no other nodes."""
    keys = [fold.key(n) for n in gold_names]
    return len(nodes) == len(keys) and all(sum(k in labels for labels in nodes.values()) == 1 for k in keys)


def _shown(nodes: dict[str, set[str]]) -> list[str]:
    return sorted(min(labels) for labels in nodes.values())


def meeting_problems(gold_meeting: dict, found: dict | None, aliases: dict[str, set[str]] | None = None) -> list[str]:
    """What is wrong with one meeting: missing, or the fields that differ from the gold."""
    if found is None:
        return ["not found"]
    aliases = aliases or {}
    problems = []
    if gold_meeting.get("date") and found["date"] != {gold_meeting["date"]}:
        problems.append(f"date {sorted(found['date'])} != {gold_meeting['date']}")
    place = gold_meeting.get("place")
    if place and not _same_nodes([place], found["place"]):
        problems.append(f"place {_shown(found['place'])} != {place}")
    chairs = gold_meeting.get("chairs", [])
    if chairs and not _same_nodes(chairs, found["chairs"]):
        problems.append(f"chairs {_shown(found['chairs'])} != {sorted(chairs)}")
    signed = found.get("signed", {})
    wanted = [aliases.get(name_key(d), {name_key(d)}) for d in gold_meeting.get("signed", [])]
    if "signed" in gold_meeting and (len(signed) != len(wanted) or not all(any(w & keys for keys in signed.values()) for w in wanted)):
        problems.append(f"signed {_shown(signed)} != {gold_meeting['signed']}")
    return problems


def _kind(entry: dict) -> str:
    kind = str(entry.get("kind", "plenary"))
    return "working" if "work" in kind or "工作" in kind else "plenary"


def score_meetings(db, gold: list, aliases: dict[str, set[str]] | None = None) -> tuple[tuple[int, int, int], dict[str, list[str]]]:
    found = _meeting_rows(db)
    problems = {}
    for entry in gold:
        key = (int(entry["ordinal"]), _kind(entry))
        wrong = meeting_problems(entry, found.get(key), aliases)
        if wrong:
            problems[entry.get("name", str(key))] = wrong
    gold_keys = {(int(e["ordinal"]), _kind(e)) for e in gold}
    tp = len(gold) - len(problems)
    fp = len(set(found) - gold_keys) + sum(1 for p in problems.values() if p != ["not found"])
    return (tp, fp, len(problems)), problems


# The categories evaluate() scores: a gold file holding none of them would score nothing, silently.
SCORED = ("documents", "citations", "supports", "programmes", "meetings", "item_entities")


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"{path}: cannot read the gold file ({exc.strerror}); give one with --gold") from None
    except ValueError as exc:
        raise UserError(f"{path}: not valid JSON ({exc}); fix the gold file") from None
    if not isinstance(gold, dict) or not any(key in gold for key in SCORED):
        raise UserError(f"{path}: not a gold annotation (an object with any of {', '.join(SCORED)}); "
                        "see tests/gold/README.md")
    wrong = [key for key in SCORED if key in gold and not isinstance(gold[key], list)]
    if wrong:
        raise UserError(f"{path}: expected a list under {', '.join(wrong)}; see tests/gold/README.md")
    return gold


def evaluate(db, gold: dict) -> tuple[dict[str, Score], dict[str, list[str]]]:
    """Category -> (precision, recall, F1), and notes (meeting problems, unavailable modules)."""
    docs = _nodes(db, _DOCS)
    scores: dict[str, Score] = {}
    tp, fp, fn, _ = match_entities(gold.get("documents", []), docs, typed=True)
    scores["documents"] = prf(tp, fp, fn)
    aliases = {name_key(d.get("name") or d.get("canonical", "")): names(d) for d in gold.get("documents", []) if isinstance(d, dict)}
    scores["citations"] = prf(*_relation_score(db, _CITES, gold.get("citations", []), docs, ("document", "doc"), aliases))
    scores["supports"] = prf(*_relation_score(db, _SUPPORTS, gold.get("supports", []), docs, ("agreement", "document", "doc"), aliases))
    tp, fp, fn, _ = match_entities(gold.get("programmes", []), _nodes(db, _PROGRAMMES), typed=False)
    scores["programmes"] = prf(tp, fp, fn)
    counts, problems = score_meetings(db, gold.get("meetings", []), aliases)
    scores["meetings"] = prf(*counts)
    notes = {f"meeting {k}": v for k, v in problems.items()}
    try:
        from .entity_eval import score_item_entities
    except ImportError:
        notes["item entities"] = ["not available (kg_build.entity_eval is not installed)"]
    else:
        scores.update(score_item_entities(db, gold))
    return scores, notes


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'category':<16} {'precision':>9} {'recall':>7} {'F1':>6}"]
    lines += [f"{name:<16} {p:>9.3f} {r:>7.3f} {f:>6.3f}" for name, (p, r, f) in scores.items()]
    return "\n".join(lines)
