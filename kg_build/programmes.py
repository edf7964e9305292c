"""Programmes: named schemes and funds in 「…」 or “…” (「粵港科技合作資助計劃」, 「青年發展基金」).

A quoted phrase is a programme when its last word says so (計劃, 基金 …, the table below) and the
gazetteer's not-programme list (slogans, principles) does not hold it; a scheme the gazetteer
lists as a programme counts whatever its suffix. An alias the text gives (又稱「…」, 簡稱「…」)
becomes an altLabel of the same node. Items that name a programme mention it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fold, ids
from .normalise import Normalised
from .rdf import ALT, LABEL, TYPE, Quads, coop, iri, text
from .segment import Plan
from .to_rdf import mention

SUFFIXES = ("計劃", "計畫", "基金", "獎學金", "資助計劃", "先導計劃", "試驗計劃")
_QUOTED = re.compile(r"[「“]([^「」“”\n《》]{3,40})[」”]")
_ALIAS = re.compile(r"\s*[（(]\s*(?:又稱|又称|簡稱|简称|下稱|下称)\s*[「“]([^」”]{2,40})[」”]\s*[）)]")


@dataclass(frozen=True)
class Programme:
    name: str  # as written, spaces removed
    start: int
    end: int
    alias_of: str | None = None  # the programme this name is another name of


def _gazetteer_lists() -> tuple[set[str], set[str]]:
    """Folded names from the gazetteer (programmes.tsv, not_programmes.tsv) when it is there."""
    try:
        from . import gazetteer

        listed = {fold.key(n) for e in gazetteer.load("programmes") for n in e.surfaces}
        excluded = {fold.key(n) for e in gazetteer.load_not_programmes() for n in (e.name, *e.aliases)}
    except (ImportError, OSError, ValueError):  # no gazetteer yet: the suffix rule alone decides
        return set(), set()
    return listed, excluded


def is_programme(name: str, listed: set[str], excluded: set[str]) -> bool:
    """Policy: listed wins, excluded loses, else the suffix decides."""
    key = fold.key(name)
    if key in listed:
        return True
    if key in excluded:
        return False
    trad = fold.to_traditional(name)
    return any(trad.endswith(s) for s in SUFFIXES)


def find_programmes(text: str) -> list[Programme]:
    listed, excluded = _gazetteer_lists()
    found = []
    for match in _QUOTED.finditer(text):
        name = re.sub(r"\s", "", match.group(1))
        if not is_programme(name, listed, excluded):
            continue
        found.append(Programme(name, match.start(), match.end()))
        alias = _ALIAS.match(text, match.end())
        if alias:
            found.append(Programme(re.sub(r"\s", "", alias.group(1)), alias.start(1) - 1, alias.end(1) + 1, alias_of=name))
    aliases = {p.start for p in found if p.alias_of}
    return [p for p in found if p.alias_of or p.start not in aliases]


def node_of(prog: Programme) -> str:
    return ids.entity("programme", prog.alias_of or prog.name)


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
