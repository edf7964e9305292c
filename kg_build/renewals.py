"""Renewals: editions of one agreement (…（2015年—2016年）, …（2017年—2018年）), and each year's
key-work plan and the previous year's, linked by coop:renews.

Editions are often named in different source documents, so this runs after every document's
quads exist, as a post-pass of the build. Each edition renews the one that started before it;
the evidence is the later edition's own mention, in that mention's graph.
"""

from __future__ import annotations

import re

from . import fold, ids
from .rdf import LABEL, TYPE, Quads, coop
from .resolve_documents import edition_base

_PLAN = re.compile(re.escape(ids.BASE) + r"plan/([^/]+)/(\d{4})$")
_DOCUMENT_TYPES = {coop(k) for k in ("Document", "Agreement", "Plan", "Regulation")}
_EVIDENCE = coop("evidence")


def editions(quads: list) -> dict[str, dict[int, str]]:
    """Folded base name -> first year -> document IRI, for every document whose name carries years."""
    docs = {q.subject.value for q in quads if q.predicate == TYPE and q.object in _DOCUMENT_TYPES}
    out: dict[str, dict[int, str]] = {}
    for q in quads:
        if q.predicate == LABEL and q.subject.value in docs:
            base, year = edition_base(q.object.value)
            if year is not None:
                out.setdefault(fold.key(base), {})[year] = q.subject.value
    return out


def _pairs(by_year: dict[int, str]) -> list[tuple[str, str]]:
    chain = [by_year[y] for y in sorted(by_year)]
    return list(zip(chain, chain[1:]))


def annual_plans(quads: list) -> dict[str, dict[int, str]]:
    """Framework slug -> year -> plan IRI, for the key-work plans present (each replaces last year's)."""
    out: dict[str, dict[int, str]] = {}
    for q in quads:
        match = _PLAN.match(q.subject.value) if q.predicate == TYPE else None
        if match:
            out.setdefault(match[1], {})[int(match[2])] = q.subject.value
    return out


def _consecutive(by_year: dict[int, str]) -> list[tuple[str, str]]:
    return [(by_year[y - 1], by_year[y]) for y in sorted(by_year) if y - 1 in by_year]


def reader(quads: list):
    """Which of one document's quads build_quads reads: document types, and the labels and evidence
    of the documents typed there. The build keeps only these once the document is in the store."""
    docs = {q.subject for q in quads if q.predicate == TYPE and q.object in _DOCUMENT_TYPES}
    wanted = (LABEL, _EVIDENCE)
    return lambda q: q.subject in docs and (q.predicate in wanted or (q.predicate == TYPE and q.object in _DOCUMENT_TYPES))


def build_quads(results) -> list:
    quads = [q for r in results for q in r.quads]
    evidence = {}
    for q in quads:
        if q.predicate == _EVIDENCE:
            evidence.setdefault(q.subject.value, q)
    out = []
    pairs = [p for by_year in editions(quads).values() for p in _pairs(by_year)]
    pairs += [p for by_year in annual_plans(quads).values() for p in _consecutive(by_year)]
    for earlier, later in pairs:
        ev = evidence.get(later)
        if ev is None or earlier == later:
            continue
        q = Quads(ev.graph_name)
        q.fact(ev.subject, coop("renews"), type(ev.subject)(earlier), ev.object)
        out.extend(q.items)
    return out
