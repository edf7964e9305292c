"""RDF stage: segmented plans of one source document -> quads in that document's named graph."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from . import fold, ids
from .normalise import Normalised
from .rdf import ALT, DCT, LABEL, OA, TYPE, Quads, coop, date_literal, iri, text, typed
from .segment import Item, Plan, Section

_FRAMEWORK_EN = {"gd-hk": "Framework Agreement on Hong Kong/Guangdong Co-operation", "gd-mo": "Framework Agreement on Guangdong/Macao Co-operation"}


def line_number(text: str, offset: int) -> int:
    """The 1-based line of an offset, whether lines end in LF, CRLF or a lone CR (old Mac files)."""
    return text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset) + 1


def mention(q: Quads, norm: Normalised, start: int, end: int) -> NamedNode:
    """Evidence for the normalised span [start, end): a Web Annotation over the original text."""
    s, e = norm.original_span(start, end)
    node = iri(ids.mention(norm.source.name, s, e))
    pos, quote = iri(node.value + "/position"), iri(node.value + "/quote")
    q.add(node, TYPE, coop("Mention"))
    q.add(node, iri(OA + "hasSource"), iri(ids.source(norm.source.name)))
    q.add(node, iri(OA + "hasSelector"), pos)
    q.add(node, iri(OA + "hasSelector"), quote)
    q.add(pos, TYPE, iri(OA + "TextPositionSelector"))
    q.add(pos, iri(OA + "start"), typed(s, "nonNegativeInteger"))
    q.add(pos, iri(OA + "end"), typed(e, "nonNegativeInteger"))
    q.add(node, coop("line"), typed(line_number(norm.source.text, s), "positiveInteger"))
    q.add(quote, TYPE, iri(OA + "TextQuoteSelector"))
    q.add(quote, iri(OA + "exact"), text(norm.source.text[s:e]))
    return node


def labelled(q: Quads, node: NamedNode, name: str) -> None:
    q.add(node, LABEL, text(name, fold.script_tag(name)))


def source_quads(q: Quads, norm: Normalised) -> None:
    src, meta = norm.source, norm.source.meta
    node = iri(ids.source(src.name))
    q.add(node, TYPE, coop("SourceDocument"))
    q.add(node, iri(DCT + "identifier"), text(src.name))
    q.add(node, coop("sha256"), text(src.sha256))
    if meta.get("title"):
        q.add(node, iri(DCT + "title"), text(meta["title"], fold.script_tag(meta["title"])))
        labelled(q, node, meta["title"])
    else:
        q.add(node, LABEL, text(src.name))
    if meta.get("date"):
        q.add(node, iri(DCT + "date"), date_literal(meta["date"]))
    if meta.get("publisher"):
        q.add(node, iri(DCT + "publisher"), text(meta["publisher"], fold.script_tag(meta["publisher"])))
    if meta.get("kind"):
        q.add(node, coop("sourceKind"), text(meta["kind"]))


def framework_node(q: Quads, name: str) -> NamedNode:
    node = iri(ids.entity("document", name))
    q.add(node, TYPE, coop("Agreement"))
    labelled(q, node, name)
    slug = ids.framework_slug(name)
    if slug in _FRAMEWORK_EN:
        q.add(node, LABEL, text(_FRAMEWORK_EN[slug], "en"))
    return node


def _section_quads(q: Quads, norm: Normalised, plan_node: NamedNode, section: Section) -> NamedNode:
    node = iri(ids.section(plan_node.value, section.path))
    q.add(node, TYPE, coop("Section"))
    q.add(node, coop("sectionNumber"), typed(section.path[-1], "integer"))
    labelled(q, node, section.title or "·".join(map(str, section.path)))
    q.add(node, coop("evidence"), mention(q, norm, section.start, section.end))
    parent = plan_node if len(section.path) == 1 else iri(ids.section(plan_node.value, section.path[:-1]))
    q.add(parent, coop("hasSection" if len(section.path) == 1 else "hasSubsection"), node)
    return node


def _item_quads(q: Quads, norm: Normalised, plan: Plan, plan_node: NamedNode, item: Item) -> None:
    node = iri(ids.item(plan_node.value, item.label))
    tag = fold.script_tag(item.text)
    q.add(node, TYPE, coop("PlanItem"))
    q.add(plan_node, coop("hasItem"), node)
    q.add(node, coop("itemNumber"), typed(item.number, "integer"))
    q.add(node, coop("text"), text(item.text, tag))
    q.add(node, LABEL, text(f"{plan.year}年重點工作第{item.label}項", "zh-Hant"))
    q.add(node, LABEL, text(f"{plan.year} key work, item {item.label}", "en"))
    q.add(node, ALT, text(f"{plan.year}-{item.label}"))
    if item.section:
        q.add(node, coop("inSection"), iri(ids.section(plan_node.value, item.section)))
    q.add(node, coop("evidence"), mention(q, norm, item.start, item.end))
    for agency in item.agencies:
        agency_node = iri(ids.entity("institution", agency.name))
        q.add(agency_node, TYPE, coop("Institution"))
        labelled(q, agency_node, agency.name)
        evidence = mention(q, norm, agency.start, agency.end)
        q.add(agency_node, coop("evidence"), evidence)
        q.fact(node, coop("responsibleAgency"), agency_node, evidence)


def _signature_quads(q: Quads, norm: Normalised, plan_node: NamedNode, plan: Plan) -> None:
    sig = plan.signature
    if not sig:
        return
    evidence = mention(q, norm, sig.start, sig.end)
    for party in sig.parties:
        party_node = iri(ids.entity("institution", party))
        q.add(party_node, TYPE, coop("Institution"))
        labelled(q, party_node, party)
        q.add(party_node, coop("evidence"), evidence)
        q.fact(plan_node, coop("signatory"), party_node, evidence)
    if sig.date:
        q.fact(plan_node, coop("date"), date_literal(sig.date), evidence)


def plan_quads(q: Quads, norm: Normalised, plan: Plan) -> NamedNode:
    node = iri(ids.plan(plan.framework, plan.year))
    q.add(node, TYPE, coop("Plan"))
    labelled(q, node, plan.title)
    q.add(node, LABEL, text(f"Key work for {plan.year} under the {_FRAMEWORK_EN.get(ids.framework_slug(plan.framework), plan.framework)}", "en"))
    q.add(node, coop("year"), typed(plan.year, "gYear"))
    q.add(node, coop("framework"), framework_node(q, plan.framework))
    q.add(node, coop("evidence"), mention(q, norm, plan.title_start, plan.title_end))
    for section in plan.sections:
        _section_quads(q, norm, node, section)
    for item in plan.items:
        _item_quads(q, norm, plan, node, item)
    _signature_quads(q, norm, node, plan)
    return node


def document_quads(norm: Normalised, plans: tuple[Plan, ...]) -> list[Quad]:
    q = Quads(iri(ids.source(norm.source.name)))
    source_quads(q, norm)
    for plan in plans:
        plan_quads(q, norm, plan)
    return q.items  # pipeline.process adds the search keys once, over every extractor's quads


def with_search_keys(quads: list[Quad]) -> list[Quad]:
    """Add a folded coop:searchKey beside every label, so lookup matches either script without scanning."""
    from .rdf import Literal

    unique = list(dict.fromkeys(quads))  # extractors describe an entity at each mention: keys once
    named = {LABEL.value, ALT.value}
    search_key = coop("searchKey")
    keyed = [
        Quad(q.subject, search_key, Literal(fold.search_key(q.object.value)), q.graph_name)
        for q in unique
        if q.predicate.value in named
    ]
    return list(dict.fromkeys(unique + keyed))
