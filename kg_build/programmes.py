"""Programmes: named schemes and funds in 「…」 or “…” (「粵港科技合作資助計劃」, 「青年發展基金」).

A quoted phrase is a programme when its last word says so (計劃, 基金 …, the table below) and the
gazetteer's not-programme list (slogans, principles) does not hold it; a scheme the gazetteer
lists as a programme counts whatever its suffix. An alias the text gives (又稱「…」, 簡稱「…」)
becomes an altLabel of the same node. Items that name a programme mention it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import fold, ids
from .normalise import Normalised
from .rdf import ALT, LABEL, TYPE, Quads, coop, iri, text
from .segment import Plan
from .to_rdf import mention

SUFFIXES = ("計劃", "計畫", "基金", "獎學金", "之旅", "夏令營", "體驗營", "研究班")
# Written bare, a scheme is told by where it stands: an element of a 、 list, or the object of
# launching or organising it; and by having no verb or determiner inside.
_BARE = re.compile(
    r"(?:(?<=[、，：\n])|(?<=推出)|(?<=推出的)|(?<=舉辦)|(?<=组织)|(?<=組織)|(?<=以及)|(?<=年的)|(?<=透過)|(?<=通過)|(?<=參與))"
    r"(?=([\u4e00-\u9fffA-Za-z0-9]{3,30}?(?:\n[\u4e00-\u9fffA-Za-z0-9]{1,20}?)?"
    r"(?:計劃|计划|基金|夏令營|夏令营|體驗營|体验营|研究班|之旅|內地行|内地行))(?=[、，。；（(」”及和為为的]|$))"
)
_NOT_IN_NAME = re.compile(
    r"^[在以及於于供或]|等|簽訂|签订|簽署|签署|的|該|该|有關|有关|相關|相关|制定|制訂|推動|推动|支持|加強|加强|開展|开展|繼續|继续|落實|落实"
    r"|共同|年度|各項|各项|協助|协助|安排|參與|参与|推行|[於于]計劃|團及"
)
_QUOTED = re.compile(r"[「“]([^「」“”\n《》]{3,40})[」”]")
_TAIL = re.compile(r"[\u4e00-\u9fff]{0,4}(?:計劃|计划|基金)(?![\u4e00-\u9fff]{0,2}[」”])")
_ALIAS = re.compile(r"\s*[（(]\s*(?:(?:又稱|又称|簡稱|简称|下稱|下称)\s*[「“]([^」”]{2,40})[」”]|([^（）()「」，。、]{2,20}?(?:計劃|计划|基金)))\s*[）)]")


@dataclass(frozen=True)
class Programme:
    name: str  # as written, spaces removed
    start: int
    end: int
    alias_of: str | None = None  # the programme this name is another name of


# Gazetteer kinds not listed as schemes; an event may still be one by its name (…夏令營, …之旅).
_NOT_SCHEMES = {"event", "operation", "register", "insurance"}


@lru_cache(maxsize=1)
def _gazetteer_lists() -> tuple[dict[str, str], set[str]]:
    """From the gazetteer when it is there: folded name or alias -> canonical name of each listed
    scheme, and the folded names it says are no programme (slogans, principles)."""
    try:
        from . import gazetteer

        entries = [e for e in gazetteer.load("programmes") if e.kind not in _NOT_SCHEMES]
        listed = {fold.key(n): e.name for e in entries for n in e.surfaces}
        excluded = {fold.key(n) for e in gazetteer.load_not_programmes() for n in (e.name, *e.aliases)}
    except (ImportError, OSError, ValueError):  # no gazetteer yet: the suffix rule alone decides
        return {}, set()
    return listed, excluded


def is_programme(name: str, listed: dict[str, str], excluded: set[str]) -> bool:
    """Policy: listed wins, excluded loses, else the suffix decides."""
    key = fold.key(name)
    if key in excluded:
        return False
    if key in listed:
        return True
    trad = fold.to_traditional(name)
    return any(trad.endswith(s) for s in SUFFIXES)


def find_programmes(text: str) -> list[Programme]:
    listed, excluded = _gazetteer_lists()
    found = []
    for match in _QUOTED.finditer(text):
        name = re.sub(r"\s", "", match.group(1))
        tail = None if fold.to_traditional(name).endswith(SUFFIXES) else _TAIL.match(text, match.end())
        if tail and not _NOT_IN_NAME.search(tail.group()):  # 「優質誠信香港遊」紅名單計劃: the quoted word heads a longer scheme name
            found.append(Programme(text[match.start() : tail.end()], match.start(), tail.end()))
        if not is_programme(name, listed, excluded):
            continue
        found.append(Programme(name, match.start(), match.end()))
        alias = _ALIAS.match(text, match.end())
        if alias:  # 又稱「…」 quoted, or a bare short name in parentheses: （免試收生計劃）
            group = 1 if alias.group(1) else 2
            start, end = (alias.start(1) - 1, alias.end(1) + 1) if group == 1 else alias.span(2)
            found.append(Programme(re.sub(r"\s", "", alias.group(group)), start, end, alias_of=name))
    aliases = {p.start for p in found if p.alias_of}
    found = [p for p in found if p.alias_of or p.start not in aliases]
    found += _listed_bare(text, found, listed, excluded)
    return sorted(found + _bare_by_place(text, found, excluded), key=lambda p: p.start)


def _bare_by_place(text: str, known: list[Programme], excluded: set[str]) -> list[Programme]:
    taken = [(p.start, p.end) for p in known]
    found = []
    for match in _BARE.finditer(text):  # a lookahead pattern: every start is tried, overlaps included
        name, (s, e) = match.group(1).replace("\n", ""), match.span(1)
        if _NOT_IN_NAME.search(name) or fold.key(name) in excluded or any(a < e and s < b for a, b in taken):
            continue
        taken.append((s, e))
        found.append(Programme(name, s, e))
    return found


def _listed_bare(text: str, quoted: list[Programme], listed: dict[str, str], excluded: set[str]) -> list[Programme]:
    """Schemes the gazetteer lists, written without quotes (滬港通, QDII): longest name first,
    never inside a name already found, never inside a longer Latin word (QDII in QDII2)."""
    taken = [(p.start, p.end) for p in quoted]
    found = []
    wide = fold.width(text)  # one for one with text, so offsets carry over
    for surface in _surfaces(tuple(sorted(listed)), frozenset(excluded)):
        if surface not in wide:
            continue
        for match in re.finditer(re.escape(surface), wide):
            s, e = match.span()
            if any(a < e and s < b for a, b in taken) or _inside_word(text, s, e):
                continue
            taken.append((s, e))
            found.append(Programme(text[s:e], s, e, alias_of=None))
    return found


def _inside_word(text: str, s: int, e: int) -> bool:
    ascii_edge = lambda i: 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()
    return (text[s].isascii() and ascii_edge(s - 1)) or (text[e - 1].isascii() and ascii_edge(e))


@lru_cache(maxsize=1)
def _surfaces(keys: tuple[str, ...], excluded: frozenset[str]) -> tuple[str, ...]:
    """Every written form of the listed schemes in both scripts, longest first."""
    from . import gazetteer

    forms = {n for e in gazetteer.load("programmes") if e.kind not in _NOT_SCHEMES for n in e.surfaces}
    forms |= {fold.to_traditional(n) for n in forms} | {fold.to_simplified(n) for n in forms}
    keep = (f for f in forms if fold.key(f) not in excluded and (len(f) >= 3 or not f.isascii()))
    return tuple(sorted(keep, key=len, reverse=True))


def node_of(prog: Programme) -> str:
    """The gazetteer's canonical name when it lists the scheme, so both extractors write one node."""
    name = prog.alias_of or prog.name
    return ids.entity("programme", _gazetteer_lists()[0].get(fold.key(name), name))


def extract(norm: Normalised, plans: tuple[Plan, ...]) -> list:
    q = Quads(iri(ids.source(norm.source.name)))
    found = find_programmes(norm.text)
    for prog in found:
        node = iri(node_of(prog))
        q.add(node, TYPE, coop("Programme"))
        q.add(node, ALT if prog.alias_of else LABEL, text(prog.name, fold.script_tag(prog.name)))
        q.add(node, coop("evidence"), mention(q, norm, prog.start, prog.end))
    for plan in plans:
        plan_iri = ids.plan(plan.framework, plan.year)
        for item in plan.items:
            for prog in found:
                if item.start <= prog.start and prog.end <= item.end:
                    evidence = mention(q, norm, prog.start, prog.end)
                    q.fact(iri(ids.item(plan_iri, item.label)), coop("mentions"), iri(node_of(prog)), evidence)
    return q.items
