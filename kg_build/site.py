"""What each page of the browsable site shows: pure functions from the store to plain dicts.

`context(db)` reads what every page needs to name and link nodes (types, labels, dates, which
node has which page); the `*_page` functions read one page's facts with SPARQL over the union
graph. Templates (kg_build/templates) turn the dicts into HTML; site_render.py writes files.
A type with no nodes yet gives an empty list page, never an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import site_paths
from .ids import COOP
from .sparql import run

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"

# Page kind of a node by its types, first match wins; a Plan with items gets the plan page.
KINDS = (
    ("meeting", "Meeting", "Meetings"),
    ("person", "Person", "People"),
    ("place", "Place", "Places"),
    ("institution", "Institution", "Institutions"),
    ("programme", "Programme", "Programmes"),
    ("project", "Project", "Projects"),
    ("document", "Agreement", "Agreements"),
    ("document", "Regulation", "Regulations"),
    ("document", "Plan", "Plans"),
    ("document", "Document", "Documents"),
)
LIST_KINDS = ("plan", "document", "programme", "project", "place", "institution", "person", "meeting")
KIND_TITLES = {"plan": "Key-work plans", "document": "Documents", "programme": "Programmes", "project": "Projects",
               "place": "Places", "institution": "Institutions", "person": "People", "meeting": "Meetings"}
LABEL_ORDER = ("zh-hant", "zh-tw", "zh-hk", "zh", "zh-hans", "zh-cn", "en", "")
# Relations of an item to the entities it names, and what to call them on a page.
ITEM_LINKS = {COOP + "cites": "cites", COOP + "mentions": "mentions", COOP + "responsibleAgency": "agency",
              COOP + "supports": "supported by", COOP + "continues": "continues"}
# Predicates every page shows in its own way, left out of the "other facts" table.
SHOWN = {RDF_TYPE, RDFS_LABEL, COOP + "searchKey", COOP + "evidence"}

_TYPES = "SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(coop:))) }"
_LABELS = "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l }"
_PLAN_ITEMS = "SELECT DISTINCT ?plan ?item WHERE { ?plan coop:hasItem ?item }"
_SECTIONS = "SELECT DISTINCT ?plan ?sec WHERE { ?plan coop:hasSection ?top . ?top coop:hasSubsection* ?sec }"
_DATES = "SELECT DISTINCT ?s ?d WHERE { ?s coop:date|dcterms:date ?d }"
_QUOTE = ("?m oa:hasSource/dcterms:identifier ?file ; coop:line ?line ; oa:hasSelector ?sel . ?sel oa:exact ?exact .")


@dataclass
class Context:
    """What every page needs to name and link a node."""

    types: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)       # node -> page kind
    pages: dict[str, str] = field(default_factory=dict)       # node -> page path (items: path#anchor)
    item_plan: dict[str, str] = field(default_factory=dict)   # item -> plan
    dates: dict[str, str] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)                  # per-render results pages share (comparisons)

    def label(self, iri: str) -> str:
        by_lang = self.labels.get(iri, {})
        for lang in LABEL_ORDER:
            if by_lang.get(lang):
                return sorted(by_lang[lang])[0]
        return next((sorted(v)[0] for v in by_lang.values() if v), iri.rsplit("/", 1)[-1])

    def english(self, iri: str) -> str:
        return sorted(self.labels.get(iri, {}).get("en", [""]))[0]

    def ref(self, iri: str) -> dict:
        """A node as templates show it: label, kind, and its page if it has one."""
        return {"iri": iri, "label": self.label(iri), "kind": self.kinds.get(iri, ""), "page": self.pages.get(iri)}

    def of_kind(self, kind: str) -> list[str]:
        return sorted((n for n, k in self.kinds.items() if k == kind), key=lambda n: (self.label(n), n))


def _kind(types: set[str], has_items: bool) -> str | None:
    if has_items:
        return "plan"
    return next((kind for kind, cls, _ in KINDS if COOP + cls in types), None)


def context(db) -> Context:
    ctx = Context()
    for row in run(db, _TYPES):
        ctx.types.setdefault(row["s"].value, set()).add(row["t"].value)
    for row in run(db, _LABELS):
        lang = (row["l"].language or "").lower()
        ctx.labels.setdefault(row["s"].value, {}).setdefault(lang, []).append(row["l"].value)
    for row in run(db, _DATES):
        ctx.dates.setdefault(row["s"].value, row["d"].value)
    plans = set()
    for row in run(db, _PLAN_ITEMS):
        ctx.item_plan[row["item"].value] = row["plan"].value
        plans.add(row["plan"].value)
    for node, types in ctx.types.items():
        kind = _kind(types, node in plans)
        if kind:
            ctx.kinds[node] = kind
            ctx.pages[node] = site_paths.page_path(node)
    for item, plan in ctx.item_plan.items():
        ctx.pages[item] = f"{ctx.pages[plan]}#{site_paths.anchor(item, 'item')}"
    for row in run(db, _SECTIONS):
        ctx.pages[row["sec"].value] = f"{ctx.pages[row['plan'].value]}#{site_paths.anchor(row['sec'].value, 'section')}"
    return ctx


_NODE_TYPES = "SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(coop:))) }"
_ITEM_PLAN = "SELECT ?s ?plan WHERE { ?plan coop:hasItem ?s } ORDER BY ?plan LIMIT 1"
_SECTION_PLAN = "SELECT ?s ?plan WHERE { ?plan coop:hasSection ?top . ?top coop:hasSubsection* ?s } ORDER BY ?plan LIMIT 1"
_HAS_ITEMS = "SELECT ?s WHERE { ?s coop:hasItem ?item } LIMIT 1"  # ?s projected: a substitution needs it


def page_of(db, iri: str) -> str | None:
    """One node's page, as context(db).pages has it, read with a few queries about that node only
    (context reads the whole graph: seconds on a large store, for `coopkg serve` to redirect one IRI)."""
    from pyoxigraph import NamedNode, Variable

    node = {Variable("s"): NamedNode(iri)}
    for query, kind in ((_ITEM_PLAN, "item"), (_SECTION_PLAN, "section")):
        plan = next(iter(run(db, query, node)), None)
        if plan is not None:
            return f"{site_paths.page_path(plan['plan'].value)}#{site_paths.anchor(iri, kind)}"
    types = {row["t"].value for row in run(db, _NODE_TYPES, node)}
    has_items = next(iter(run(db, _HAS_ITEMS, node)), None) is not None
    return site_paths.page_path(iri) if _kind(types, has_items) else None


# --- evidence ----------------------------------------------------------------------------------


# A line break the PDF put between two CJK characters is no space in the sentence.
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def readable(exact: str) -> str:
    return " ".join(_CJK_BREAK.sub("", exact).split())


def _quote(row) -> dict:
    return {"file": row["file"].value, "line": int(row["line"].value), "exact": readable(row["exact"].value)}


def sorted_quotes(quotes) -> list[dict]:
    unique = {(q["file"], q["line"], q["exact"]): q for q in quotes}
    return [unique[k] for k in sorted(unique)]


def node_quotes(db, node: str) -> list[dict]:
    """Evidence attached to the node itself (where its name or text was read)."""
    from pyoxigraph import NamedNode, Variable

    query = f"SELECT DISTINCT ?node ?file ?line ?exact WHERE {{ ?node coop:evidence ?m . {_QUOTE} }}"
    return sorted_quotes(_quote(r) for r in run(db, query, {Variable("node"): NamedNode(node)}))


def fact_quotes(db, pattern: str, bindings: dict) -> dict[tuple[str, str, str], list[dict]]:
    """(s, p, o) -> quotes, for the reified statements whose ?s / ?o the pattern binds."""
    from pyoxigraph import NamedNode, Variable

    names = " ".join(f"?{k}" for k in bindings)
    query = (f"SELECT DISTINCT {names} ?s ?p ?o ?file ?line ?exact WHERE {{ {pattern} "
             f"?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; coop:evidence ?m . {_QUOTE} }}")
    found = defaultdict(list)
    for row in run(db, query, {Variable(k): NamedNode(v) for k, v in bindings.items()}):
        found[(row["s"].value, row["p"].value, row["o"].value)].append(_quote(row))
    return {k: sorted_quotes(v) for k, v in found.items()}


# --- facts of one node --------------------------------------------------------------------------


def _value(ctx: Context, term) -> dict:
    from pyoxigraph import Literal

    if isinstance(term, Literal):
        return {"text": term.value, "lang": term.language or ""}
    return ctx.ref(term.value)


def facts(db, ctx: Context, node: str) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(predicate, value) out of the node, and (predicate, subject) into it; statements and evidence left out."""
    from pyoxigraph import NamedNode, Variable

    sub = {Variable("node"): NamedNode(node)}
    out = [(r["p"].value, _value(ctx, r["o"])) for r in run(db, "SELECT DISTINCT ?node ?p ?o WHERE { ?node ?p ?o }", sub)
           if r["p"].value not in SHOWN]
    into = [(r["p"].value, ctx.ref(r["s"].value)) for r in run(
        db, "SELECT DISTINCT ?node ?s ?p WHERE { ?s ?p ?node FILTER(isIRI(?s)) FILTER NOT EXISTS { ?s a rdf:Statement } }", sub)
        if r["p"].value not in SHOWN]
    key = lambda pv: (pv[0], pv[1].get("label", pv[1].get("text", "")))  # noqa: E731
    return sorted(out, key=key), sorted(into, key=key)


def prop_name(iri: str) -> str:
    for prefix, ns in (("coop", COOP), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                       ("dcterms", "http://purl.org/dc/terms/"), ("skos", "http://www.w3.org/2004/02/skos/core#")):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def header(ctx: Context, node: str) -> dict:
    labels = ctx.labels.get(node, {})
    return {"iri": node, "label": ctx.label(node), "english": ctx.english(node), "kind": ctx.kinds.get(node, ""),
            "types": sorted(prop_name(t) for t in ctx.types.get(node, ())),
            "labels": [(lang or "—", v) for lang in sorted(labels) for v in sorted(labels[lang])]}
