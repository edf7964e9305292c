"""Site data for the page of one entity: a document, programme, project, place, institution, person
or meeting. Every page has the same parts (literal details, named relations, the plan items that
name the entity by year, other facts, evidence); which relations get a heading of their own is a
table per kind, so a relation the extractors add later still shows, under "Other facts"."""

from __future__ import annotations

from collections import defaultdict

from .ids import COOP
from .site import SKOS_ALT, Context, sorted_quotes, fact_quotes, facts, header, node_quotes, prop_name
from .sparql import run

OUT, IN = "out", "in"
# kind -> (heading, predicate, direction): the relations a reader of that page looks for first.
BLOCKS = {
    "document": (("Signed at", "signedAt", OUT), ("Signatories", "signatory", OUT), ("Witnesses", "witness", OUT),
                 ("Renews", "renews", OUT), ("Renewed by", "renews", IN), ("Cited by documents", "cites", IN)),
    "meeting": (("Held in", "heldIn", OUT), ("Chaired by", "chairedBy", OUT), ("Documents signed", "signedAt", IN)),
    "person": (("Meetings chaired", "chairedBy", IN), ("Documents signed", "signatory", IN),
               ("Documents witnessed", "witness", IN)),
    "place": (("Meetings held here", "heldIn", IN),),
    "institution": (("Part of", "parentBody", OUT), ("Bodies under it", "parentBody", IN),
                    ("Documents signed", "signatory", IN)),
    "programme": (),
    "project": (),
}
# Relations shown in the items-by-year part, not again under "Other facts".
ITEM_RELATIONS = {(COOP + "mentions", IN), (COOP + "cites", IN), (COOP + "responsibleAgency", IN), (COOP + "supports", OUT)}
# Person posts are shown from their tenure nodes.
HIDDEN = {(COOP + "tenure", OUT), (COOP + "holder", IN)}
REL_NAMES = {COOP + "mentions": "mentioned in", COOP + "cites": "cited by", COOP + "responsibleAgency": "responsible for",
             COOP + "supports": "supports"}

# Two queries rather than one UNION: Oxigraph does not push the bound ?node into a UNION's branches.
_ITEM_FIELDS = """?plan coop:hasItem ?item . OPTIONAL { ?plan coop:year ?year }
  OPTIONAL { ?item coop:itemNumber ?n } OPTIONAL { ?item coop:text ?text }"""
_NAMING = f"""SELECT DISTINCT ?node ?item ?p ?plan ?year ?n ?text WHERE {{
  VALUES ?p {{ coop:mentions coop:cites coop:responsibleAgency }} ?item ?p ?node . {_ITEM_FIELDS} }}"""
_SUPPORTED = f"""SELECT DISTINCT ?node ?item ?p ?plan ?year ?n ?text WHERE {{
  ?node coop:supports ?item . BIND(coop:supports AS ?p) {_ITEM_FIELDS} }}"""
_POSTS = """SELECT DISTINCT ?node ?t ?post ?asOf ?org WHERE { ?node coop:tenure ?t .
  OPTIONAL { ?t coop:postTitle ?post } OPTIONAL { ?t coop:asOf ?asOf } OPTIONAL { ?t coop:postIn ?org } }"""
# Bound in the statement pattern itself: a BIND inside a UNION makes Oxigraph scan every statement.
_AS_SUBJECT = "?st rdf:subject ?node . BIND(?node AS ?s)"
_AS_OBJECT = "?st rdf:object ?node . BIND(?node AS ?o)"


def _sub(node: str) -> dict:
    from pyoxigraph import NamedNode, Variable

    return {Variable("node"): NamedNode(node)}


def items_by_year(db, ctx: Context, node: str, quotes: dict) -> list[dict]:
    """The plan items naming the node, grouped by plan year, each with how it names it and the quote."""
    items: dict[str, dict] = {}
    for r in [*run(db, _NAMING, _sub(node)), *run(db, _SUPPORTED, _sub(node))]:
        item, p = r["item"].value, r["p"].value
        entry = items.setdefault(item, {"item": ctx.ref(item), "plan": ctx.ref(r["plan"].value),
                                        "year": r["year"].value[:4] if r["year"] else "",
                                        "number": int(r["n"].value) if r["n"] else 0,
                                        "text": r["text"].value if r["text"] else "", "rels": [], "quotes": []})
        entry["rels"].append(REL_NAMES[p])
        key = (node, p, item) if p == COOP + "supports" else (item, p, node)
        entry["quotes"].extend(quotes.get(key, []))
    years = defaultdict(list)
    for entry in sorted(items.values(), key=lambda e: (e["year"], e["number"], e["item"]["iri"])):
        entry["rels"] = sorted(set(entry["rels"]))
        entry["quotes"] = sorted_quotes(entry["quotes"])
        years[entry["year"]].append(entry)
    return [{"year": y, "items": years[y]} for y in sorted(years)]


def posts(db, ctx: Context, node: str) -> list[dict]:
    rows = [{"post": r["post"].value if r["post"] else "", "as_of": r["asOf"].value if r["asOf"] else "",
             "org": ctx.ref(r["org"].value) if r["org"] else None} for r in run(db, _POSTS, _sub(node))]
    return sorted(rows, key=lambda r: (r["as_of"] or "9999", r["post"]))


def _dated(ctx: Context, ref: dict) -> dict:
    return {**ref, "date": ctx.dates.get(ref.get("iri", ""), "")}


def blocks(ctx: Context, kind: str, out: list, into: list) -> tuple[list[dict], set]:
    """The kind's named relations, each a heading with its values (dated where the graph dates them)."""
    shown, used = [], set()
    for title, name, direction in BLOCKS.get(kind, ()):
        pairs = out if direction == OUT else into
        # plan items have their own part of the page (items by year)
        values = [_dated(ctx, v) for p, v in pairs if p == COOP + name and v.get("iri") not in ctx.item_plan]
        used.add((COOP + name, direction))
        if values:
            shown.append({"title": title, "values": sorted(values, key=lambda v: (v["date"], v.get("label", v.get("text", ""))))})
    return shown, used


def _other(out: list, into: list, used: set) -> list[dict]:
    skip = used | ITEM_RELATIONS | HIDDEN
    rows = [{"prop": prop_name(p), "dir": OUT, "value": v} for p, v in out if (p, OUT) not in skip and "iri" in v]
    rows += [{"prop": prop_name(p), "dir": IN, "value": v} for p, v in into if (p, IN) not in skip]
    return rows


def fact_evidence(ctx: Context, node: str, quotes: dict) -> list[dict]:
    """Quotes behind the node's facts other than those about plan items (which sit with the items)."""
    rows = []
    for (s, p, o), qs in sorted(quotes.items()):
        if o in ctx.item_plan or s in ctx.item_plan:
            continue
        other = o if s == node else s
        rows.append({"prop": prop_name(p), "dir": OUT if s == node else IN, "node": ctx.ref(other), "quotes": qs})
    return rows


def entity_page(db, ctx: Context, node: str) -> dict:
    kind = ctx.kinds[node]
    out, into = facts(db, ctx, node)
    quotes = {**fact_quotes(db, _AS_SUBJECT, {"node": node}), **fact_quotes(db, _AS_OBJECT, {"node": node})}
    named, used = blocks(ctx, kind, out, into)
    return {
        "head": header(ctx, node),
        "aliases": sorted({v["text"] for p, v in out if p == SKOS_ALT}),
        "details": [{"prop": prop_name(p), "value": v} for p, v in out if "text" in v and p != SKOS_ALT],
        "blocks": named,
        "posts": posts(db, ctx, node) if kind == "person" else [],
        "years": items_by_year(db, ctx, node, quotes),
        "other": _other(out, into, used),
        "evidence": node_quotes(db, node),
        "fact_evidence": fact_evidence(ctx, node, quotes),
    }
