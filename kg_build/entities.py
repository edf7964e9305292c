"""Entities stage: found spans -> gazetteer entries or new institutions -> quads with evidence.

Each entity becomes one node whatever script it was written in (ids.entity with the gazetteer's
canonical Traditional name); a plan item that names it gets coop:mentions with the span as
evidence. A person gets a coop:Tenure per post and date the document attests: the post written
beside the name when there is one, else the gazetteer's post on the document's date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pyoxigraph import NamedNode

from . import fold, ids
from .find import Span, find
from .normalise import Normalised
from .rdf import ALT, LABEL, TYPE, Quads, coop, iri, text, typed
from .segment import Plan
from .to_rdf import mention


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    item: NamedNode | None  # None for a paragraph outside any plan item
    skip: tuple[tuple[int, int], ...] = ()  # agency parentheses: already coop:responsibleAgency


@lru_cache(maxsize=1)
def entries() -> dict:
    from . import gazetteer

    return {e.id: e for e in gazetteer.load_all()}


def node_of(entry) -> NamedNode:
    return iri(ids.entity(entry.type.lower(), entry.name))


# ---------------------------------------------------------------------------------------------
# Units: plan items and the paragraphs around them


def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        if stop > pos:
            yield pos, stop
        pos = stop + 1


def units(norm: Normalised, plans: tuple[Plan, ...]) -> list[Unit]:
    items = []
    for plan in plans:
        plan_node = ids.plan(plan.framework, plan.year)
        for item in plan.items:
            skip = tuple((a.start, a.end) for a in item.agencies)
            items.append(Unit(item.start, item.end, iri(ids.item(plan_node, item.label)), skip))
    items.sort(key=lambda u: u.start)
    out, pos = [], 0
    for unit in items + [Unit(len(norm.text), len(norm.text), None)]:
        out.extend(Unit(s, e, None) for s, e in _lines(norm.text, pos, unit.start))
        out.append(unit)
        pos = max(pos, unit.end)
    return [u for u in out if u.end > u.start]


def unit_at(all_units: list[Unit], starts: list[int], pos: int) -> Unit | None:
    i = bisect.bisect_right(starts, pos) - 1
    return all_units[i] if i >= 0 and pos < all_units[i].end else None


# ---------------------------------------------------------------------------------------------
# Nodes


def _labels(q: Quads, node: NamedNode, entry) -> None:
    name = entry.name
    q.add(node, LABEL, text(name, fold.script_tag(name)))
    simplified = fold.to_simplified(name)
    if simplified != name:
        q.add(node, LABEL, text(simplified, "zh-Hans"))
    if entry.en:
        q.add(node, LABEL, text(entry.en, "en"))
    for alias in entry.aliases:
        q.add(node, ALT, text(alias, fold.script_tag(alias) if re.search(r"[\u3400-\u9fff]", alias) else None))


def describe_entry(q: Quads, entry) -> NamedNode:
    node, triples = _description(entry)
    for s, p, o in triples:
        q.add(s, p, o)
    return node


class _Triples(list):
    def add(self, s, p, o) -> None:
        self.append((s, p, o))


@lru_cache(maxsize=None)
def _description(entry) -> tuple[NamedNode, tuple]:
    """An entry's type and labels, worked out once per run: every mention of it in every document
    writes the same triples (converting scripts per mention was a tenth of the build)."""
    node = node_of(entry)
    triples = _Triples()
    triples.add(node, TYPE, coop(entry.type))
    _labels(triples, node, entry)
    return node, tuple(triples)


def parent_bodies(q: Quads, described: set[str]) -> None:
    """coop:parentBody between institutions both named in this document, so each has evidence here."""
    table = entries()
    for entry_id in sorted(described):
        entry = table[entry_id]
        parent = table.get(entry.parent)
        if parent is not None and parent.id in described and entry.type == parent.type == "Institution":
            q.add(node_of(entry), coop("parentBody"), node_of(parent))


def describe_new(q: Quads, type_: str, name: str) -> NamedNode:
    """A body found by its suffix or an official by the post before the name: no gazetteer entry."""
    node = iri(ids.entity(type_.lower(), name))
    q.add(node, TYPE, coop(type_))
    q.add(node, LABEL, text(name, fold.script_tag(name)))
    return node


@lru_cache(maxsize=1)
def _place_surfaces() -> dict[str, tuple[str, ...]]:
    from . import gazetteer

    # a city or district starts a zone's name; a country or province (中國（廣東）…) is only its setting
    kinds = ("city", "district")
    table = {form: tuple(e.id for e in found if e.type == "Place" and e.kind in kinds) for form, found in gazetteer.by_surface().items()}
    return {form: ids_ for form, ids_ in table.items() if ids_}


def leading_places(span: Span) -> tuple[str, ...]:
    """A zone named after its place (廣州南沙, 佛山粵港合作高端服務示範區) names that place as well."""
    if span.type != "Place" or span.rule not in ("name", "alias"):
        return ()
    surfaces = _place_surfaces()
    for size in range(min(5, len(span.text) - 1), 1, -1):
        found = tuple(i for i in surfaces.get(span.text[:size], ()) if i not in span.entries)
        if found:
            return found
    return ()


def nodes_of(q: Quads, span: Span) -> list[tuple[NamedNode, object]]:
    """A span -> (node, entry or None) for each entity it names; writes each node's description."""
    if span.type == "Programme":
        return []  # the programmes extractor writes these; the span only shadowed shorter names
    if not span.entries:
        return [(describe_new(q, span.type, span.text), None)]
    table = entries()
    found = [table[i] for i in span.entries + leading_places(span) if i in table]
    return [(describe_entry(q, e), e) for e in found]


# ---------------------------------------------------------------------------------------------
# People and their posts

TITLE = re.compile(
    r"(?:副?(?:行政長官|行政长官|政務司司長|政务司司长|財政司司長|财政司司长|律政司司長|律政司司长|國家主席|国家主席"
    r"|省長|省长|市長|市长|局長|局长|署長|署长|廳長|厅长|主任|秘書長|秘书长|主席|書記|书记|部長|部长|處長|处长|議員|议员|總理|总理))$"
)
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SENTENCE_END = "。！？；\n"


def written_post(text_: str, person: Span, before: list[Span]) -> tuple[str, int, NamedNode | None] | None:
    """The post written just before a name (廣東省省長馬興瑞): (title with its bodies, start, body node)."""
    m = TITLE.search(text_, max(0, person.start - 8), person.start)
    if not m:
        return None
    start, body = m.start(), None
    for span in reversed(before):  # chain the bodies and places written right before the title
        if span.end != start or span.type not in ("Institution", "Place"):
            break
        start = span.start
        body = body or span
    return re.sub(r"\s", "", text_[start : person.start]), start, body


def _iso(d) -> str | None:
    return f"{int(d[1]):04d}-{int(d[2]):02d}-{int(d[3]):02d}" if d else None


def attested_date(norm: Normalised, pos: int) -> str | None:
    """A full date in the same sentence as the name, else the document's own full date."""
    text_ = norm.text
    start = max(text_.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text_.find(ch, pos) for ch in _SENTENCE_END) if i >= 0]
    found = _FULL_DATE.search(text_, start, min(ends) if ends else len(text_))
    if found:
        return _iso(found)
    meta = norm.source.meta.get("date") or ""
    return meta if re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta) else None


def _day_for_posts(norm: Normalised, iso: str | None) -> date | None:
    value = iso or norm.source.meta.get("date") or ""
    parts = (value.split("-") + ["01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def tenure(q: Quads, person: NamedNode, title: str, iso: str | None, evidence: NamedNode, body: NamedNode | None) -> None:
    node = iri(f"{person.value}/tenure/{ids.segment(fold.canonical(title))}/{iso or 'undated'}")
    q.add(node, TYPE, coop("Tenure"))
    q.add(node, coop("holder"), person)
    q.add(person, coop("tenure"), node)
    q.add(node, coop("postTitle"), text(title, fold.script_tag(title)))
    q.add(node, LABEL, text(f"{title}（{iso or '日期不詳'}）", fold.script_tag(title)))
    if iso:
        q.add(node, coop("asOf"), typed(iso, "date"))
    if body is not None:
        q.add(node, coop("postIn"), body)
    q.add(node, coop("evidence"), evidence)


def person_posts(norm: Normalised, span: Span, node: NamedNode, entry, before: list[Span], q: Quads) -> list[tuple]:
    """(person, title, date, start, end, body) for a name: the post written before it, else the
    gazetteer's post on the attested date. A written post that ends with the gazetteer's post of
    that day takes the gazetteer's name (香港特區行政長官 -> 行政長官), so one post is one tenure."""
    iso = attested_date(norm, span.start)
    day = _day_for_posts(norm, iso)
    known = entry.posts_on(day) if entry is not None and day else ()
    post = written_post(norm.text, span, before)
    if post:
        title, start, body_span = post
        body = None
        if body_span is not None and body_span.type == "Institution":
            body = nodes_of(q, body_span)[0][0]
        title = next((k for k in known if title.endswith(k)), title)
        return [(node, title, iso, start, span.end, body)]
    return [(node, t, iso, span.start, span.end, None) for t in known]


def tenure_quads(q: Quads, norm: Normalised, posts: list[tuple]) -> None:
    """One tenure per person, title and date, with the first mention that attests it."""
    seen: set = set()
    for node, title, iso, start, end, body in posts:
        if (node, title, iso) not in seen:
            seen.add((node, title, iso))
            tenure(q, node, title, iso, mention(q, norm, start, end), body)


# ---------------------------------------------------------------------------------------------
# The extractor


def _skipped(unit: Unit, span: Span) -> bool:
    return any(s < span.end and span.start < e for s, e in unit.skip)


def extract(norm: Normalised, plans: tuple[Plan, ...]) -> list:
    q = Quads(iri(ids.source(norm.source.name)))
    all_units = units(norm, plans)
    starts = [u.start for u in all_units]
    spans = find(norm.text, [(u.start, u.end) for u in all_units])
    evidenced: set = set()
    posts: list[tuple] = []
    described: set[str] = set()
    for i, span in enumerate(spans):
        unit = unit_at(all_units, starts, span.start)
        for node, entry in nodes_of(q, span):
            if entry is not None:
                described.add(entry.id)
            key = (node, unit.start if unit else -1)
            if key in evidenced:
                continue  # one evidence per entity and unit keeps the graph small
            evidenced.add(key)
            evidence = mention(q, norm, span.start, span.end)
            q.add(node, coop("evidence"), evidence)
            if unit is not None and unit.item is not None and not _skipped(unit, span):
                q.fact(unit.item, coop("mentions"), node, evidence)
            if span.type == "Person":
                posts += person_posts(norm, span, node, entry, spans[:i], q)
    tenure_quads(q, norm, posts)
    parent_bodies(q, described)
    return q.items
