"""Meetings of the Joint Conference: plenaries and working meetings, with date, place, chairs, signings.

A meeting is named in many ways (粵港合作聯席會議第二十次會議, 第21次粵港合作聯席會議,
聯席會議第21次會議, …第二十一次工作會議); all resolve to one canonical name and IRI per
(ordinal, kind). Facts are read from the meeting's context: the sentences that name it, and the
sentences after it that refer back (是次會議, 會上, 會後) until another meeting is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates, ids
from .documents import named_documents
from .normalise import Normalised
from .numerals import to_int
from .rdf import ALT, LABEL, TYPE, Quads, coop, date_literal, iri, text, typed
from .segment import Plan
from .to_rdf import mention

_N = r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,4})"
_BODY = r"(?:粵港|粤港)?合作聯席會議|(?:粵港|粤港)?合作联席会议|聯席會議|联席会议"
NAME = re.compile(
    rf"(?:(?:{_BODY})第{_N}次(?P<work>工作)?(?:會議|会议))|(?:第{_N.replace('<n>', '<n2>')}次(?P<body>{_BODY}))"
)
_BACKREF = re.compile(r"是次(?:聯席)?會議|該次(?:聯席)?會議|本次(?:聯席)?會議|會上|會後|会上|会后")
_SENTENCE = re.compile(r"[^。！？]*[。！？]?")
PLACES = {"香港": "香港", "廣州": "廣州", "广州": "广州", "穗": "廣州", "深圳": "深圳", "珠海": "珠海", "澳門": "澳門", "肇慶": "肇慶"}
_PLACE = re.compile(r"[在於于](" + "|".join(sorted(PLACES, key=len, reverse=True)) + r")(?:舉行|举行|召開|召开|共同主持|會面)")
POSTS = (
    "行政長官", "政務司司長", "財政司司長", "廣東省省長", "廣東省副省長", "副省長", "省長",
    "政制及內地事務局局長", "創新及科技局局長", "教育局局長", "廣東省港澳辦主任", "廣東省科技廳廳長", "廣東省教育廳廳長",
)
_POST = "|".join(sorted(POSTS, key=len, reverse=True))
_PERSON = re.compile(rf"(?P<post>{_POST})(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?=\s*(?:和|與|与|及|、|，|共同|於|于|在|見證|簽署|主持|表示|指出|會後|（|。|$))")
_CHAIR = re.compile(r"主持|出席")
_SIGN = re.compile(r"簽署|簽訂|签署|签订")
_BY = re.compile(r"由(.{2,40}?)簽署")


def canonical(ordinal: int, working: bool) -> str:
    return f"粵港合作聯席會議第{chinese(ordinal)}次{'工作' if working else ''}會議"


def chinese(n: int) -> str:
    digits = "〇一二三四五六七八九"
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[units] if units or not tens else "")


@dataclass(frozen=True)
class Meeting:
    ordinal: int
    working: bool
    start: int
    end: int

    @property
    def name(self) -> str:
        return canonical(self.ordinal, self.working)


def find_meetings(text: str) -> list[Meeting]:
    found = []
    for match in NAME.finditer(text):
        ordinal = to_int(match.group("n") or match.group("n2"))
        if ordinal:
            found.append(Meeting(ordinal, bool(match.group("work")), match.start(), match.end()))
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()]


def contexts(text: str, found: list[Meeting]) -> dict[str, list[tuple[int, int]]]:
    """Meeting name -> the sentences about it: those naming it, and back-references after them."""
    out: dict[str, list[tuple[int, int]]] = {}
    current = None
    for start, end in sentences(text):
        inside = [m for m in found if start <= m.start < end]
        if inside:
            current = inside[-1].name
            for m in inside:
                out.setdefault(m.name, []).append((start, end))
        elif current and _BACKREF.search(text, start, end):
            out[current].append((start, end))
    return out


def people(text: str) -> dict[str, tuple[str, int, int]]:
    """Name -> (post, start, end) for every post-and-name pair in the text."""
    return {m["name"]: (m["post"], m.start(), m.end()) for m in _PERSON.finditer(text)}


def _person(q: Quads, norm: Normalised, name: str, start: int, end: int):
    node = iri(ids.entity("person", name))
    q.add(node, TYPE, coop("Person"))
    q.add(node, LABEL, text(name, "zh-Hant"))
    q.add(node, coop("evidence"), mention(q, norm, start, end))
    return node


def _date_choice(t: str, ref, spans, at: list[int]):
    """Policy: a full date before a month, then the one nearest a mention of the meeting; a
    dateline is the page's date, not the meeting's."""
    head = dates.dateline_end(t)
    found = [d for s, e in spans for d in dates.find_dates(t, ref, s, e) if d.start >= head]
    if not found:
        return None
    return min(found, key=lambda d: (len(d.iso) != 10, min(abs(d.start - a) for a in at)))


def _facts(q: Quads, norm: Normalised, node, spans: list[tuple[int, int]], ref, known: dict, at: list[int]):
    """Place and date: the first the meeting's sentences give; chairs: known people where it says 主持/出席."""
    t = norm.text
    places = [m for s, e in spans for m in [_PLACE.search(t, s, e)] if m]
    if places:
        place = places[0]
        place_node, evidence = iri(ids.entity("place", PLACES[place[1]])), mention(q, norm, place.start(1), place.end(1))
        q.add(place_node, TYPE, coop("Place"))
        q.add(place_node, LABEL, text(PLACES[place[1]], "zh-Hant"))
        q.add(place_node, coop("evidence"), evidence)
        q.fact(node, coop("heldIn"), place_node, evidence)
    d = _date_choice(t, ref, spans, at)
    if d:
        q.fact(node, coop("date"), date_literal(d.iso), mention(q, norm, d.start, d.end))
    for start, end in spans:
        if _CHAIR.search(t, start, end):
            for name in known:
                pos = t.find(name, start, end)
                if pos >= 0:
                    q.fact(node, coop("chairedBy"), _person(q, norm, name, pos, pos + len(name)), mention(q, norm, pos, pos + len(name)))
    return d


def _outer(docs) -> list:
    """Names nested in another name (the framework inside a plan's title) are not signed themselves."""
    return [d for d in docs if not any(o.title.start <= d.title.start and d.title.end <= o.title.end and o != d for o in docs)]


def _signed(q: Quads, norm: Normalised, node, spans, docs, known: dict) -> None:
    t = norm.text
    signed = []
    for start, end in spans:
        if not _SIGN.search(t, start, end):
            continue
        for named in _outer(docs):
            if start <= named.title.start < end and named.node.kind in ("Agreement", "Plan", "Document"):
                ev = mention(q, norm, named.title.start, named.title.end)
                q.fact(iri(named.node.iri), coop("signedAt"), node, ev)
                _witnesses(q, norm, named, start, end, known)
                signed.append(named)
    _general_witnesses(q, norm, spans, signed, known)


def _general_witnesses(q: Quads, norm: Normalised, spans, signed, known: dict) -> None:
    """在A和B見證下…簽署了3份文件: A and B witness every document signed at the meeting."""
    t = norm.text
    for start, end in spans:
        if not (_SIGN.search(t, start, end) and re.search("見證|见证", t[start:end])):
            continue
        for name in known:
            at = t.find(name, start, end)
            if at < 0:
                continue
            for named in {n.node.iri: n for n in signed}.values():
                q.fact(iri(named.node.iri), coop("witness"), _person(q, norm, name, at, at + len(name)), mention(q, norm, at, at + len(name)))


def _witnesses(q: Quads, norm: Normalised, named, start: int, end: int, known: dict) -> None:
    t = norm.text
    by = _BY.search(t, named.title.end, end)
    for name in known:
        at = t.find(name, start, end)
        if at < 0:
            continue
        if by and by.start(1) <= at < by.end(1):
            prop = "signatory"
        elif "見證" in t[start:end] or "见证" in t[start:end]:
            prop = "witness"
        else:
            continue
        q.fact(iri(named.node.iri), coop(prop), _person(q, norm, name, at, at + len(name)), mention(q, norm, at, at + len(name)))


def _signing_lines(norm: Normalised, main: str, docs) -> list[tuple[int, int]]:
    """A line naming a document and who signed it (“…”：由…簽署) belongs to the text's main meeting."""
    t = norm.text
    out = []
    for named in docs:
        line_end = t.find("\n", named.title.end)
        line_end = len(t) if line_end < 0 else line_end
        if _BY.search(t, named.title.end, line_end):
            out.append((t.rfind("\n", 0, named.title.start) + 1, line_end))
    return out


def extract(norm: Normalised, plans: tuple[Plan, ...]) -> list:
    q = Quads(iri(ids.source(norm.source.name)))
    found = find_meetings(norm.text)
    if not found:
        return q.items
    ref = dates.reference(norm.text, norm.source.meta.get("date"))
    known = people(norm.text)
    docs = named_documents(norm)
    ctx = contexts(norm.text, found)
    for meeting in found:
        node = iri(ids.entity("meeting", meeting.name))
        q.add(node, TYPE, coop("Meeting"))
        q.add(node, LABEL, text(meeting.name, "zh-Hant"))
        written = re.sub(r"\s", "", norm.text[meeting.start : meeting.end])
        if written != meeting.name:
            q.add(node, ALT, text(written, "zh-Hant"))
        q.add(node, coop("ordinal"), typed(meeting.ordinal, "integer"))
        q.add(node, coop("meetingKind"), text("working" if meeting.working else "plenary"))
        q.add(node, coop("evidence"), mention(q, norm, meeting.start, meeting.end))
    main = max(ctx, key=lambda name: len(ctx[name]))
    when = {}
    for name, spans in ctx.items():
        node = iri(ids.entity("meeting", name))
        when[name] = _facts(q, norm, node, spans, ref, known, [m.start for m in found if m.name == name])
        extra = _signing_lines(norm, main, docs) if name == main else []
        _signed(q, norm, node, spans + extra, docs, known)
    for name, span in dated_references(norm.text, ref, when, found):
        _signed(q, norm, iri(ids.entity("meeting", name)), [span], docs, {})
    return q.items


_UNNUMBERED = re.compile(r"(?:聯席會議|联席会议)(?:上|期間|期间)")


def dated_references(text: str, ref, when: dict, found: list[Meeting]) -> list[tuple[str, tuple[int, int]]]:
    """去年9月聯席會議上簽署的《…》: an unnumbered mention whose date is that of a meeting the text
    numbers elsewhere is that meeting; returns (meeting name, from the mention to the sentence end)."""
    out = []
    for match in _UNNUMBERED.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        before = dates.find_dates(text, ref, max(0, match.start() - 12), match.start())
        names = [name for name, d in when.items() if before and d and d.iso == before[-1].iso]
        if len(names) == 1:
            stop = text.find("。", match.end())
            out.append((names[0], (match.start(), len(text) if stop < 0 else stop + 1)))
    return out
