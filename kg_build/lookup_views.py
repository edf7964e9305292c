"""Per-type views for `coopkg lookup` (issue 4): the main relations of a node, as a researcher reads them.

`view(store, iri)` returns a plain dict of sections, the same for the text output and for
`--format json`. Its "kind" says which layout it follows:

- document (Agreement, Document, Regulation, Plan): where and when signed, signatories and witnesses,
  what it renews and what renews it (with periods), the plan items it supports and the items that
  cite it, grouped by plan year;
- place, programme, project: the plan items naming it by year (programme and project: first and last year);
- person: posts with dates, meetings chaired, documents signed or witnessed;
- institution: items it leads (coop:responsibleAgency) and items naming it, by year; parent and sub-bodies;
- meeting: kind, ordinal, date, place, chairs, documents signed there;
- item (PlanItem): plan, year, number, section, full text, agencies, entities named by kind,
  documents cited and supporting, and the carry-over history;
- generic: anything else; the caller shows the plain incoming/outgoing lists.

Every view costs a fixed handful of SPARQL queries (the node's own literals, its linked nodes, the
plan items linked to it, the labels of what was found), never one query per row.
"""

from __future__ import annotations

from .rdf import COOP
from .sparql import run

SHORT = 40  # characters of an item's text shown next to its number

# The most specific class decides the layout.
_KIND_OF = [
    ("PlanItem", "item"), ("Meeting", "meeting"), ("Person", "person"),
    ("Agreement", "document"), ("Regulation", "document"), ("Plan", "document"), ("Document", "document"),
    ("Institution", "institution"), ("Programme", "programme"), ("Project", "project"), ("Place", "place"),
]

# Nodes linked to the node of each kind: (section key, property path from the node).
_LINKS = {
    "document": [
        ("signed_at", "coop:signedAt"), ("signatories", "coop:signatory"), ("witnesses", "coop:witness"),
        ("renews", "coop:renews"), ("renewed_by", "^coop:renews"),
        ("framework", "coop:framework"), ("framework_of", "^coop:framework"),
    ],
    "place": [("meetings_held", "^coop:heldIn")],
    "person": [
        ("posts", "coop:tenure|^coop:holder"), ("chaired", "^coop:chairedBy"),
        ("signed", "^coop:signatory"), ("witnessed", "^coop:witness"),
    ],
    "institution": [
        ("parent", "coop:parentBody"), ("sub_bodies", "^coop:parentBody"),
        ("signed", "^coop:signatory"), ("witnessed", "^coop:witness"), ("posts", "^coop:postIn"),
    ],
    "meeting": [("places", "coop:heldIn"), ("chairs", "coop:chairedBy"), ("documents_signed", "^coop:signedAt")],
    "item": [
        ("plan", "^coop:hasItem"), ("section", "coop:inSection"), ("parent_section", "coop:inSection/^coop:hasSubsection"),
        ("agencies", "coop:responsibleAgency"), ("named", "coop:mentions"), ("cites", "coop:cites"),
        ("supported_by", "^coop:supports|coop:supportedBy"),
    ],
    "programme": [],
    "project": [],
}

# Plan items linked to the node, whatever its kind: (section key, SPARQL pattern binding ?item).
_ITEM_LINKS = [
    ("mentioned_in", "?item coop:mentions ?s"),
    ("responsible_for", "?item coop:responsibleAgency ?s"),
    ("cited_by", "?item coop:cites ?s"),
    ("supports", "{ ?s coop:supports ?item } UNION { ?item coop:supportedBy ?s }"),
]

_SELF = """
SELECT ?s ?p ?o WHERE {
  { ?s ?p ?o FILTER(isLiteral(?o) && ?p IN (coop:date, coop:period, coop:year, coop:ordinal, coop:meetingKind,
                                              coop:itemNumber, coop:text, coop:sectionNumber)) }
  UNION { ?s a ?o BIND(rdf:type AS ?p) }
  UNION { ?s coop:hasItem ?o BIND(coop:hasItem AS ?p) }
}"""

_LINKED = """
SELECT ?s ?rel ?node (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types) (MIN(STR(?d)) AS ?date)
       (SAMPLE(?per) AS ?period) (SAMPLE(?y) AS ?year) (SAMPLE(?num) AS ?number) (SAMPLE(?kind) AS ?meeting_kind)
       (SAMPLE(?where) AS ?place) (SAMPLE(?title) AS ?post) (SAMPLE(?org) AS ?post_in)
WHERE {
  %s
  FILTER(!isLiteral(?node))
  OPTIONAL { ?node a ?t FILTER(STRSTARTS(STR(?t), STR(coop:))) }
  OPTIONAL { ?node coop:date|coop:asOf ?d }
  OPTIONAL { ?node coop:period ?per }
  OPTIONAL { ?node coop:year ?y }
  OPTIONAL { ?node coop:sectionNumber|coop:ordinal|coop:itemNumber ?num }
  OPTIONAL { ?node coop:meetingKind ?kind }
  OPTIONAL { ?node coop:heldIn ?where }
  OPTIONAL { ?node coop:postTitle ?title }
  OPTIONAL { ?node coop:postIn ?org }
}
GROUP BY ?s ?rel ?node"""

# The linked items first, each once; then one OPTIONAL per property, which Oxigraph evaluates item by
# item (required patterns here were joined by hash over every item of the store: 1 s for 前海 in 600
# items on a 100x store, 40 ms this way). An item is what has a number and a text (checked in _items).
_ITEMS = """
SELECT ?s ?rel ?item (SAMPLE(?y) AS ?year) (SAMPLE(?n) AS ?number) (SAMPLE(?t) AS ?text) (SAMPLE(?a) AS ?alias)
WHERE {
  { SELECT DISTINCT ?s ?rel ?item WHERE { %s } }
  OPTIONAL { ?item coop:itemNumber ?n }
  OPTIONAL { ?item coop:text ?t }
  OPTIONAL { ?plan coop:hasItem ?item ; coop:year ?y }
  OPTIONAL { ?item skos:altLabel ?a }
}
GROUP BY ?s ?rel ?item"""

_LABELS = "SELECT ?x ?l WHERE { VALUES ?x { %s } ?x rdfs:label ?l }"

# Oxigraph lower-cases language tags.
_LANG_RANK = {"zh-hant": 0, "zh-hans": 1, "zh": 2, "en": 4}


def kind_of(types) -> str:
    """The layout for a node of these classes ('coop:Place' or full IRIs)."""
    names = {t.rsplit(":", 1)[-1].rsplit("#", 1)[-1] for t in types}
    for name, kind in _KIND_OF:
        if name in names:
            return kind
    return "generic"


def short_text(text: str, size: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 16 -> 十六, 23 -> 二十三: how sections are numbered in the plans."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "") if n < 100 else str(n)


def section_title(number, title: str, top: bool) -> str:
    if number is None:
        return title
    return f"{chinese_number(number)}、{title}" if top else f"（{chinese_number(number)}）{title}"


def best_label(labels: list[tuple[str, str]], iri: str = "") -> str:
    """Traditional Chinese first, then Simplified, then others; among equals the one the IRI is named after."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    ranked = sorted(labels, key=lambda pair: (_LANG_RANK.get(pair[1], 3), pair[0] != tail, len(pair[0]), pair[0]))
    return ranked[0][0] if ranked else ""


def labels(store, iris) -> dict[str, str]:
    """The preferred label of each IRI, in one query."""
    from pyoxigraph import NamedNode

    iris = sorted(set(iris))
    if not iris:
        return {}
    found: dict[str, list[tuple[str, str]]] = {}
    for row in run(store, _LABELS % " ".join(str(NamedNode(i)) for i in iris)):
        found.setdefault(row["x"].value, []).append((row["l"].value, (row["l"].language or "").lower()))
    return {i: best_label(found.get(i, []), i) for i in iris}


def _year(value) -> int | None:
    return int(value.value[:4]) if value is not None and value.value[:4].isdigit() else None


def _int(value) -> int | None:
    try:
        return int(value.value) if value is not None else None
    except ValueError:
        return None


def _own(store, node) -> tuple[list[str], dict[str, list[str]]]:
    from pyoxigraph import Variable

    types, literals = [], {}
    for row in run(store, _SELF, {Variable("s"): node}):
        p, o = row["p"].value, row["o"].value
        if p.endswith("#type"):
            if o.startswith(COOP) and o not in types:
                types.append(o)
        else:
            values = literals.setdefault(p[len(COOP):], [])
            if o not in values:
                values.append(o)
    return types, literals


def _linked(store, node, links) -> dict[str, list[dict]]:
    """Nodes reached from the node along each path, with their dates, periods, places and posts."""
    from pyoxigraph import Variable

    if not links:
        return {}
    pattern = " UNION ".join(f'{{ ?s {path} ?node BIND("{key}" AS ?rel) }}' for key, path in links)
    rows = list(run(store, _LINKED % pattern, {Variable("s"): node}))
    names = labels(store, [r[v].value for r in rows for v in ("node", "place", "post_in") if r[v] is not None])
    found: dict[str, list[dict]] = {key: [] for key, _ in links}
    for r in rows:
        iri = r["node"].value
        entry = {"iri": iri, "label": names.get(iri) or iri}
        types = sorted(t[len(COOP):] for t in r["types"].value.split() if t.startswith(COOP)) if r["types"] else []
        if types:
            entry["type"] = kind_class(types)
        for var in ("date", "period", "meeting_kind", "post"):
            if r[var] is not None:
                entry[var] = r[var].value
        if r["year"] is not None:
            entry["year"] = _year(r["year"])
        if r["number"] is not None:
            entry["number"] = _int(r["number"])
        if r["place"] is not None:
            entry["place"] = names.get(r["place"].value) or r["place"].value
        if r["post_in"] is not None:
            entry["institution"] = names.get(r["post_in"].value) or r["post_in"].value
        found[r["rel"].value].append(entry)
    for entries in found.values():
        entries.sort(key=lambda e: (e.get("year") or 9999, e.get("date") or "9999", e.get("number") or 0, e["label"], e["iri"]))
    return found


def kind_class(types: list[str]) -> str:
    """The most specific coop class among local names (Agreement before Document)."""
    for name, _ in _KIND_OF:
        if name in types:
            return name
    return types[0]


def _items(store, node) -> dict[str, list[dict]]:
    """Plan items linked to the node (mentioning, led by, citing, supported by it), grouped by plan year."""
    from pyoxigraph import Variable

    pattern = " UNION ".join(f'{{ {p} BIND("{key}" AS ?rel) }}' for key, p in _ITEM_LINKS)
    found: dict[str, list[dict]] = {key: [] for key, _ in _ITEM_LINKS}
    for r in run(store, _ITEMS % pattern, {Variable("s"): node}):
        if r["number"] is None or r["text"] is None:
            continue
        year, number = _year(r["year"]), _int(r["number"])
        alias = r["alias"].value if r["alias"] is not None else f"{year}-{number}"
        found[r["rel"].value].append({"item": alias, "year": year, "number": number,
                                      "text": short_text(r["text"].value), "iri": r["item"].value})
    return {key: by_year(rows) for key, rows in found.items()}


def by_year(rows: list[dict]) -> list[dict]:
    """[{"year": 2016, "items": [...]}, …], years ascending (items of no known year last), items by number."""
    groups: dict = {}
    for row in sorted(rows, key=lambda r: (r["year"] is None, r["year"] or 0, r["number"] or 0, r["iri"])):
        groups.setdefault(row["year"], []).append(row)
    return [{"year": year, "items": items} for year, items in groups.items()]


def count(groups: list[dict]) -> int:
    return sum(len(g["items"]) for g in groups)


def _first(values: dict[str, list[str]], key: str):
    found = sorted(values.get(key, []))
    return found[0] if found else None


def _plain(entries: list[dict], *keys: str) -> list[dict]:
    keep = ("iri", "label") + keys
    return [{k: e[k] for k in keep if k in e} for e in entries]


def view(store, iri: str, types=None) -> dict:
    """The sections of the node's view; {"kind": "generic"} for classes without a layout of their own."""
    from pyoxigraph import NamedNode

    node = NamedNode(iri)
    own_types, own = _own(store, node)
    kind = kind_of(types if types is not None else own_types)
    if kind == "generic":
        return {"kind": kind}
    linked = _linked(store, node, _LINKS[kind])
    items = _items(store, node) if kind != "item" else {}
    build = globals()[f"_{kind}"]
    return {"kind": kind, **build(store, iri, own, linked, items)}


def _document(store, iri, own, linked, items) -> dict:
    out = {
        "date": _first(own, "date"),
        "period": _first(own, "period"),
        "signed_at": _plain(linked["signed_at"], "date", "place"),
        "signatories": _plain(linked["signatories"], "type"),
        "witnesses": _plain(linked["witnesses"], "type"),
        "renews": _plain(linked["renews"], "period", "date"),
        "renewed_by": _plain(linked["renewed_by"], "period", "date"),
        "framework": _plain(linked["framework"]),
        "framework_of": _plain(linked["framework_of"], "year"),
        "supports": items["supports"],
        "cited_by": items["cited_by"],
    }
    if own.get("year"):
        out["year"] = int(_first(own, "year")[:4])
    if own.get("hasItem"):
        out["item_count"] = len(own["hasItem"])
    return out


def _place(store, iri, own, linked, items) -> dict:
    return {"mentioned_in": items["mentioned_in"], "meetings_held": _plain(linked["meetings_held"], "date")}


def _programme(store, iri, own, linked, items) -> dict:
    years = [g["year"] for g in items["mentioned_in"] if g["year"] is not None]
    return {"first_year": min(years) if years else None, "last_year": max(years) if years else None,
            "mentioned_in": items["mentioned_in"]}


_project = _programme


def _person(store, iri, own, linked, items) -> dict:
    posts = [{"title": e.get("post") or e["label"], "date": e.get("date"), "institution": e.get("institution"),
              "iri": e["iri"]} for e in linked["posts"]]
    posts.sort(key=lambda p: (p["date"] or "9999", p["title"]))
    return {
        "posts": posts,
        "chaired": _plain(linked["chaired"], "date", "place"),
        "signed": _plain(linked["signed"], "date"),
        "witnessed": _plain(linked["witnessed"], "date"),
        "mentioned_in": items["mentioned_in"],
    }


def _institution(store, iri, own, linked, items) -> dict:
    return {
        "parent": _plain(linked["parent"]),
        "sub_bodies": _plain(linked["sub_bodies"]),
        "responsible_for": items["responsible_for"],
        "mentioned_in": items["mentioned_in"],
        "signed": _plain(linked["signed"], "date"),
        "witnessed": _plain(linked["witnessed"], "date"),
    }


def _meeting(store, iri, own, linked, items) -> dict:
    return {
        "meeting_kind": _first(own, "meetingKind"),
        "ordinal": int(_first(own, "ordinal")) if own.get("ordinal") else None,
        "date": _first(own, "date"),
        "places": _plain(linked["places"]),
        "chairs": _plain(linked["chairs"]),
        "documents_signed": _plain(linked["documents_signed"], "type"),
    }


def _item(store, iri, own, linked, items) -> dict:
    from .carryover import confidence, history

    plan = linked["plan"][0] if linked["plan"] else None
    section = " › ".join(
        section_title(s.get("number"), s["label"], top)
        for s, top in ((linked["parent_section"][0] if linked["parent_section"] else None, True),
                       (linked["section"][0] if linked["section"] else None, not linked["parent_section"]))
        if s is not None)
    named: dict[str, list[dict]] = {}
    for e in linked["named"]:
        named.setdefault(e.get("type", "Other"), []).append({"iri": e["iri"], "label": e["label"]})
    order = [name for name, _ in _KIND_OF]
    named = {k: named[k] for k in sorted(named, key=lambda k: (order.index(k) if k in order else 99, k))}
    chain = [{"item": f"{year}-{number}", "year": year, "number": number, "iri": node, "score": score,
              **({"confidence": confidence(score)} if score is not None else {})}
             for year, number, node, score in history(store, iri)]
    return {
        "plan": {"iri": plan["iri"], "label": plan["label"]} if plan else None,
        "year": plan.get("year") if plan else None,
        "number": int(_first(own, "itemNumber")) if own.get("itemNumber") else None,
        "section": section or None,
        "text": _first(own, "text"),
        "agencies": _plain(linked["agencies"]),
        "named": named,
        "cites": _plain(linked["cites"], "type", "period"),
        "supported_by": _plain(linked["supported_by"], "type", "period"),
        "history": chain if len(chain) > 1 else [],
    }


__all__ = ["view", "kind_of", "labels", "best_label", "short_text", "by_year", "count", "SHORT"]
