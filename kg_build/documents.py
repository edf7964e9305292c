"""Documents extractor: named documents of one text as nodes, and the items that cite them.

find (titles.py) -> resolve (resolve_documents.py) -> relate (here): an item cites every document
named inside its span; an agreement an item names supports that item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fold, ids
from .normalise import Normalised
from .rdf import ALT, LABEL, TYPE, Quads, coop, iri, text
from .resolve_documents import Resolved, declared_aliases, period, resolve
from .segment import Plan, find_plan_refs
from .titles import Title, find_titles
from .to_rdf import mention


@dataclass(frozen=True)
class Named:
    title: Title
    node: Resolved


def _with_plan_refs(norm: Normalised, titles: list[Title]) -> list[Title]:
    """Add plans named in running text without outer brackets (實施《…》2018年重點工作)."""
    covered = [(t.start, t.end) for t in titles if t.kind == "Plan"]
    extra = []
    for ref in find_plan_refs(norm):
        if any(s <= ref.start < e for s, e in covered):
            continue
        name = re.sub(r"\s", "", norm.text[ref.start : ref.end]).strip("〈〉")
        extra.append(Title(name, ref.start, ref.end, "Plan", ""))
    return sorted(titles + extra, key=lambda t: t.start)


def _inner(norm: Normalised, titles: list[Title]) -> list[Title]:
    """A plan name 〈實施《X》…〉 or 實施《X》… also names the framework X inside it."""
    inner = []
    for title in titles:
        if title.kind != "Plan":
            continue
        for match in re.finditer(r"《([^《》]+)》", norm.text[title.start : title.end]):
            start = title.start + match.start()
            inner.append(Title(re.sub(r"\s", "", match.group(1)), start, start + len(match.group()), "Agreement"))
    return inner


def named_documents(norm: Normalised) -> list[Named]:
    titles = _with_plan_refs(norm, find_titles(norm.text))
    titles = sorted(titles + [t for t in _inner(norm, titles) if all(t.start != u.start for u in titles)], key=lambda t: t.start)
    aliases = declared_aliases(norm.text, titles)
    name = norm.source.name
    return [Named(t, resolve(t, norm.text, titles, name, aliases)) for t in titles]


def _node_quads(q: Quads, norm: Normalised, named: Named) -> None:
    node, res = iri(named.node.iri), named.node
    q.add(node, TYPE, coop(res.kind))
    q.add(node, LABEL, text(res.label, fold.script_tag(res.label)))
    for alias in res.aliases:
        q.add(node, ALT, text(alias, fold.script_tag(alias)))
    years = period(res.label) if res.kind != "Plan" or "重點工作" not in res.label else None
    if years:
        q.add(node, coop("period"), text(years))
    q.add(node, coop("evidence"), mention(q, norm, named.title.start, named.title.end))


def _declared_alias_quads(q: Quads, norm: Normalised, found: list[Named]) -> None:
    """A short name the text declares (以下簡稱CEPA) is an altLabel even where it never recurs."""
    titles = [n.title for n in found]
    for alias, title in declared_aliases(norm.text, titles).items():
        target = next(n for n in found if n.title == title)
        written = norm.text[title.end : norm.text.find("）", title.end) if "）" in norm.text[title.end : title.end + 30] else title.end]
        short = re.sub(r"^[（(]\s*(?:以下)?(?:簡稱|简称)?\s*|[「」《》“”]", "", written)
        if short and fold.key(short) != fold.key(target.node.label):
            q.add(iri(target.node.iri), ALT, text(short, fold.script_tag(short)))


_TO_MAKE = re.compile(r"(?:簽署|簽訂|签署|签订|商簽|草擬|制定|制訂)[^，。；]{0,4}$")


def _to_be_made(text: str, start: int) -> bool:
    """Policy: an item that is to sign or draft an agreement does not yet rely on it."""
    return bool(_TO_MAKE.search(text, max(0, start - 8), start))


def _item_relations(q: Quads, norm: Normalised, plan: Plan, found: list[Named]) -> None:
    plan_iri = ids.plan(plan.framework, plan.year)
    for item in plan.items:
        item_node = iri(ids.item(plan_iri, item.label))
        for named in found:
            if not (item.start <= named.title.start and named.title.end <= item.end):
                continue
            if named.node.iri == plan_iri:
                continue
            evidence = mention(q, norm, named.title.start, named.title.end)
            doc = iri(named.node.iri)
            q.fact(item_node, coop("cites"), doc, evidence)
            if named.node.kind == "Agreement" and not _to_be_made(norm.text, named.title.start):
                q.fact(doc, coop("supports"), item_node, evidence)


def extract(norm: Normalised, plans: tuple[Plan, ...]) -> list:
    q = Quads(iri(ids.source(norm.source.name)))
    found = named_documents(norm)
    for named in found:
        _node_quads(q, norm, named)
    _declared_alias_quads(q, norm, found)
    for plan in plans:
        _item_relations(q, norm, plan, found)
    _scope_relations(q, norm, plans, found)
    return q.items


def _scope_relations(q: Quads, norm: Normalised, plans: tuple[Plan, ...], found: list[Named]) -> None:
    from . import scope_supports

    by_plan = {ids.plan(p.framework, p.year): p.year for p in plans}
    titles = [(n.title.start, n.title.end, n.title.name, n.node.kind) for n in found]
    plan_year = {n.title.name: by_plan.get(n.node.iri) for n in found}
    for hit in scope_supports.find(norm.text, plans, titles, plan_year.get):
        doc = next(n for n in found if n.title.start == hit.agreement_start)
        plan = next(p for p in plans if p.year == hit.year)
        item = iri(ids.item(ids.plan(plan.framework, plan.year), hit.item_label))
        q.fact(iri(doc.node.iri), coop("supports"), item, mention(q, norm, hit.agreement_start, hit.agreement_end))
