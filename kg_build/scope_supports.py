"""Supports a body paragraph states for a whole field of a plan, not item by item.

A LegCo paper writes: 《2017年重點工作》納入多個項目，以落實…《粵港攜手參與國家「一帶一路」建設
合作意向書》…，範疇涵蓋金融、貿易物流、專業服務和旅遊. The agreement then supports each item of
that plan which names the agreement's keyword (the 「…」 term inside its name) and sits in a
section of one of the listed fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import Plan

_IMPLEMENTS = re.compile(r"落實|推動|實施|落实|推动|实施")
_SCOPE = re.compile(r"(?:範疇|范畴|領域|领域)(?:涵蓋|包括|涵盖)([^。；]{2,60})")
_KEYWORD = re.compile(r"「([^」]{2,10})」")


@dataclass(frozen=True)
class ScopeSupport:
    agreement_start: int  # the title span in the paragraph, the evidence
    agreement_end: int
    year: int
    item_label: str


def fields(listing: str) -> list[str]:
    """金融、貿易物流、專業服務和旅遊 -> the field words, four-character ones also as two halves."""
    words = [w for w in re.split(r"[、，和及與与]", listing) if w]
    return words + [w[i : i + 2] for w in words if len(w) == 4 for i in (0, 2)]


def _section_titles(plan: Plan, path) -> str:
    titles = {s.path: s.title for s in plan.sections}
    return "".join(titles.get(path[:n], "") for n in range(1, len(path or ()) + 1))


def sentences(text: str):
    """(start, end) of each non-empty run of text ending in 。, as re.finditer(r"[^。]+。") gives them,
    but in one pass: that pattern rescans to the end from every position of a text with no 。 left,
    which took minutes on one long line."""
    start = 0
    for stop in re.finditer("。", text):
        if stop.start() > start:
            yield start, stop.end()
        start = stop.end()


def find(text: str, plans: tuple[Plan, ...], titles, plan_of) -> list[ScopeSupport]:
    """titles: (start, end, name, kind) of named documents; plan_of(name) -> year of a short plan name or None."""
    found = []
    for s, e in sentences(text):
        if any(p.title_start <= s < p.end for p in plans):
            continue
        scope = _SCOPE.search(text, s, e)
        years = [plan_of(t[2]) for t in titles if s <= t[0] < e and plan_of(t[2])]
        agreements = [t for t in titles if s <= t[0] < e and t[3] == "Agreement" and _IMPLEMENTS.search(text, s, t[0])]
        if not (scope and years and agreements):
            continue
        words = fields(scope.group(1))
        for start, end, name, _ in agreements:
            keyword = _KEYWORD.search(name)
            for plan in (p for p in plans if p.year in years and keyword):
                for item in plan.items:
                    section = _section_titles(plan, item.section)
                    if keyword.group(1) in item.text and any(w in section for w in words):
                        found.append(ScopeSupport(start, end, plan.year, item.label))
    return found
