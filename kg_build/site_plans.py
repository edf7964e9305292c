"""Site data for the index, the plan pages, the per-plan comparison and the list pages."""

from __future__ import annotations

import re

from . import site_timeline
from .errors import UserError
from .ids import BASE, COOP
from .site import ITEM_LINKS, KIND_TITLES, LIST_KINDS, Context, fact_quotes, header, node_quotes
from .sparql import run

_ITEMS = """SELECT DISTINCT ?plan ?item ?n ?text ?sec WHERE { ?plan coop:hasItem ?item .
  OPTIONAL { ?item coop:itemNumber ?n } OPTIONAL { ?item coop:text ?text } OPTIONAL { ?item coop:inSection ?sec } }"""
_SECTIONS = """SELECT DISTINCT ?plan ?sec ?parent WHERE {
  { ?plan coop:hasSection ?sec } UNION { ?plan coop:hasSection ?top . ?top coop:hasSubsection* ?parent . ?parent coop:hasSubsection ?sec } }"""
_LINKS = """SELECT DISTINCT ?plan ?item ?p ?o WHERE { ?plan coop:hasItem ?item .
  { ?item ?p ?o FILTER(?p IN (coop:cites, coop:mentions, coop:responsibleAgency, coop:continues)) }
  UNION { ?o coop:supports ?item BIND(coop:supports AS ?p) } }"""
_ITEM_SOURCES = f"""SELECT DISTINCT ?plan ?item ?file ?line WHERE {{ ?plan coop:hasItem ?item . ?item coop:evidence ?m .
  ?m oa:hasSource/dcterms:identifier ?file ; coop:line ?line }}"""
_PLAN_COUNTS = """SELECT ?plan ?year (COUNT(DISTINCT ?item) AS ?items) (COUNT(DISTINCT ?cited) AS ?cites)
  (COUNT(DISTINCT ?named) AS ?mentions) WHERE { ?plan coop:hasItem ?item . OPTIONAL { ?plan coop:year ?year }
  OPTIONAL { ?item coop:cites ?cited } OPTIONAL { ?item coop:mentions ?named } } GROUP BY ?plan ?year"""
_SECTION_COUNTS = """SELECT ?plan (COUNT(DISTINCT ?top) AS ?top) (COUNT(DISTINCT ?sub) AS ?sub) WHERE {
  ?plan coop:hasSection ?top OPTIONAL { ?top coop:hasSubsection+ ?sub } } GROUP BY ?plan"""
_SIGNINGS = "SELECT DISTINCT ?doc ?meeting WHERE { ?doc coop:signedAt ?meeting }"
# Signed, but the graph knows no meeting: the document's own date stands for the signing.
_SIGNED_UNPLACED = "SELECT DISTINCT ?doc WHERE { ?doc coop:signatory ?x FILTER NOT EXISTS { ?doc coop:signedAt ?m } }"
_SOURCES = "SELECT DISTINCT ?src ?file WHERE { ?src a coop:SourceDocument ; dcterms:identifier ?file }"
_PLAN_FACTS = """SELECT DISTINCT ?plan ?year ?framework WHERE { ?plan coop:hasItem ?i .
  OPTIONAL { ?plan coop:year ?year } OPTIONAL { ?plan coop:framework ?framework } }"""


def _path_key(iri: str) -> tuple:
    """Sections and items sort by the numbers in their last IRI segment (3.10 after 3.9)."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\-]", tail))


def _bindings(plan: str) -> dict:
    from pyoxigraph import NamedNode, Variable

    return {Variable("plan"): NamedNode(plan)}


def _items(db, ctx: Context, plan: str) -> dict[str, dict]:
    items = {}
    for r in run(db, _ITEMS, _bindings(plan)):
        iri = r["item"].value
        items[iri] = {"iri": iri, "anchor": ctx.pages[iri].partition("#")[2],
                      "number": int(r["n"].value) if r["n"] else None, "text": r["text"].value if r["text"] else "",
                      "section": r["sec"].value if r["sec"] else None, "links": [], "source": None}
    quotes = fact_quotes(db, "{ ?plan coop:hasItem ?s } UNION { ?plan coop:hasItem ?o }", {"plan": plan})
    for r in run(db, _LINKS, _bindings(plan)):
        item, p, o = r["item"].value, r["p"].value, r["o"].value
        key = (o, p, item) if p == COOP + "supports" else (item, p, o)
        items[item]["links"].append({"rel": ITEM_LINKS[p], "node": ctx.ref(o), "quotes": quotes.get(key, [])})
    for r in run(db, _ITEM_SOURCES, _bindings(plan)):
        items[r["item"].value]["source"] = items[r["item"].value]["source"] or f"{r['file'].value}:{r['line'].value}"
    for item in items.values():
        item["links"].sort(key=lambda x: (x["rel"], x["node"]["label"]))
    return items


def _sections(db, ctx: Context, plan: str, items: dict[str, dict]) -> list[dict]:
    """The plan's sections as a tree, each with its items in number order; items without a section last."""
    nodes, parent = {}, {}
    for r in run(db, _SECTIONS, _bindings(plan)):
        sec = r["sec"].value
        nodes[sec] = {"iri": sec, "label": ctx.label(sec), "number": sec.rsplit("/", 1)[-1],
                      "anchor": ctx.pages.get(sec, "#").partition("#")[2], "items": [], "children": []}
        if r["parent"]:
            parent[sec] = r["parent"].value
    for item in sorted(items.values(), key=lambda i: (i["number"] is None, i["number"] or 0, i["iri"])):
        target = nodes.get(item["section"]) if item["section"] else None
        (target["items"] if target else nodes.setdefault(None, _loose())["items"]).append(item)
    for sec in sorted((s for s in nodes if s), key=_path_key):
        if sec in parent and parent[sec] in nodes:
            nodes[parent[sec]]["children"].append(nodes[sec])
    tops = [nodes[s] for s in sorted((s for s in nodes if s and s not in parent), key=_path_key)]
    tops += [nodes[None]] if None in nodes else []
    for top in tops:
        _count(top)
    return tops


def _count(section: dict) -> int:
    section["count"] = len(section["items"]) + sum(_count(c) for c in section["children"])
    return section["count"]


def _loose() -> dict:
    return {"iri": None, "label": "Items outside any section", "number": "", "anchor": "unsectioned", "items": [], "children": []}


def _plan_year_framework(db, plan: str) -> tuple[int | None, str]:
    for r in run(db, _PLAN_FACTS, _bindings(plan)):
        year = int(r["year"].value[:4]) if r["year"] else None
        return year, plan[len(BASE + "plan/"):].rsplit("/", 1)[0] if plan.startswith(BASE + "plan/") else ""
    return None, ""


def comparison(db, ctx: Context, plan: str) -> dict | None:
    """The carry-over comparison of a plan with its framework's previous plan (issue 7), or None when there is none."""
    key = ("comparison", plan)
    if key not in ctx.memo:
        ctx.memo[key] = _comparison(db, plan)
    return ctx.memo[key]


def _comparison(db, plan: str) -> dict | None:
    try:
        from .carryover import compare
    except ImportError:  # hook: carry-over not available in this build of coopkg
        return None
    year, framework = _plan_year_framework(db, plan)
    if year is None or not framework:
        return None
    try:
        return compare(db, year, framework)
    except UserError:
        return None


def compare_path(ctx: Context, plan: str) -> str:
    return "compare/" + ctx.pages[plan]


def plan_page(db, ctx: Context, plan: str) -> dict:
    items = _items(db, ctx, plan)
    year, framework = _plan_year_framework(db, plan)
    return {"head": header(ctx, plan), "year": year, "framework": framework, "date": ctx.dates.get(plan, ""),
            "sections": _sections(db, ctx, plan, items), "item_count": len(items),
            "quotes": node_quotes(db, plan), "has_comparison": comparison(db, ctx, plan) is not None,
            "comparison_page": compare_path(ctx, plan)}


def compare_page(db, ctx: Context, plan: str) -> dict | None:
    import copy

    data = copy.deepcopy(comparison(db, ctx, plan))
    if data is None:
        return None
    for group in data["sections"] + data["previous_sections"]:
        for entry in (e for key in ("carried_over", "new", "dropped") for e in group.get(key, [])):
            entry["node"] = {**ctx.ref(entry["iri"]), "label": entry["item"]}
            for p in entry.get("predecessors", []):
                p["node"] = {**ctx.ref(p["iri"]), "label": p["item"]}
    previous = next((p for p in ctx.of_kind("plan") if _plan_year_framework(db, p) == (data["previous_year"], data["framework"])), None)
    return {"head": header(ctx, plan), "plan": ctx.ref(plan), "previous": ctx.ref(previous) if previous else None, **data,
            "totals": {k: sum(len(g[k]) for g in data[src]) for k, src in
                       (("carried_over", "sections"), ("new", "sections"), ("dropped", "previous_sections"))}}


def plan_rows(db, ctx: Context) -> list[dict]:
    sections = {r["plan"].value: (int(r["top"].value), int(r["sub"].value)) for r in run(db, _SECTION_COUNTS)}
    rows = []
    for r in run(db, _PLAN_COUNTS):
        plan = r["plan"].value
        top, sub = sections.get(plan, (0, 0))
        rows.append({"plan": ctx.ref(plan), "english": ctx.english(plan), "year": r["year"].value if r["year"] else "",
                     "item_count": int(r["items"].value), "sections": top, "subsections": sub,
                     "cites": int(r["cites"].value), "mentions": int(r["mentions"].value)})
    return sorted(rows, key=lambda x: (x["year"], x["plan"]["label"]))


def timeline_events(db, ctx: Context) -> list[dict]:
    """Meetings at their dates, and signings at the date of their meeting (or the document's own date)."""
    events = [{"date": ctx.dates[m], "kind": "meeting", "node": ctx.ref(m)} for m in ctx.of_kind("meeting") if m in ctx.dates]
    for r in run(db, _SIGNINGS):
        doc, meeting = r["doc"].value, r["meeting"].value
        date = ctx.dates.get(meeting) or ctx.dates.get(doc)
        if date:
            events.append({"date": date, "kind": "signing", "node": ctx.ref(doc), "at": ctx.ref(meeting)})
    for r in run(db, _SIGNED_UNPLACED):
        doc = r["doc"].value
        if doc in ctx.dates:
            events.append({"date": ctx.dates[doc], "kind": "signing", "node": ctx.ref(doc), "at": None})
    return events


def index_page(db, ctx: Context) -> dict:
    counts = [{"kind": k, "title": KIND_TITLES[k], "count": len(ctx.of_kind(k)), "page": f"list/{k}.html"} for k in LIST_KINDS]
    sources = sorted(r["file"].value for r in run(db, _SOURCES))
    return {"plans": plan_rows(db, ctx), "counts": counts, "sources": sources,
            "timeline": site_timeline.layout(timeline_events(db, ctx))}


_NAMED_BY = """SELECT ?node (COUNT(DISTINCT ?item) AS ?items) (MIN(?year) AS ?first) (MAX(?year) AS ?last) WHERE {
  { ?item ?p ?node FILTER(?p IN (coop:mentions, coop:cites, coop:responsibleAgency)) } UNION { ?node coop:supports ?item }
  ?plan coop:hasItem ?item . OPTIONAL { ?plan coop:year ?year } } GROUP BY ?node"""


def list_page(db, ctx: Context, kind: str) -> dict:
    """Every node of one page kind, with how many plan items name it and in which years."""
    named = {r["node"].value: r for r in run(db, _NAMED_BY)}
    rows = []
    for node in ctx.of_kind(kind):
        r = named.get(node)
        rows.append({"node": ctx.ref(node), "english": ctx.english(node), "date": ctx.dates.get(node, ""),
                     "types": ", ".join(sorted(t[len(COOP):] for t in ctx.types.get(node, ()) if t.startswith(COOP))),
                     "item_count": int(r["items"].value) if r else 0,
                     "years": _span(r["first"], r["last"]) if r and r["first"] else ""})
    return {"kind": kind, "title": KIND_TITLES[kind], "rows": rows}


def _span(first, last) -> str:
    a, b = first.value[:4], last.value[:4]
    return a if a == b else f"{a}–{b}"
