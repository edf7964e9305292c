"""Segment stage: find key-work plans in a normalised text, with sections, items and signature.

A plan starts at a title line 實施《…框架協議》YYYY年重點工作 (own document or LegCo annex) and
runs to the next title or the end. Numbers must follow each other (1, 2, 3 …; 一、二、…), which is
what keeps a LegCo paper's body paragraphs and stray numbers in wrapped lines out of the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import agencies as agency_rules
from .numerals import to_int
from .normalise import Normalised

_TITLE = r"(?:實施|实施)?[《〈]?(?P<framework>[^《》〈〉\n]{2,40}?框架(?:協議|协议))[》〉]?\s*(?P<year>\d{4})\s*年\s*重[點点]工作"
TITLE_LINE = re.compile(rf"(?m)^[〈《]?{_TITLE}[〉》]?[ \t]*$")
TITLE_REF = re.compile(rf"〈?{_TITLE}〉?")
SECTION = re.compile(r"([一二三四五六七八九十]{1,3})、\s*(.*)")
SUBSECTION = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)")
ITEM = re.compile(r"(\d{1,3})\s*[.．、](?!\d)\s*(.*)")
PARTY = re.compile(r"([^\s，。、代表]{2,12}?(?:人民政府|特別行政區政府|特别行政区政府))(?:代表)?")
POST = re.compile(r"副?省\s*長|副?省\s*长|行政長官|行政长官|政務司司長|政务司司长|財政司司長|财政司司长|副?市長|副?市长")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True)
class Section:
    path: tuple[int, ...]  # (3,) for 三、, (3, 2) for its （二）
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    label: str  # "12", or "3-2" for plans that number items (二) within section 三
    number: int
    section: tuple[int, ...] | None
    text: str
    start: int
    end: int
    agencies: tuple[agency_rules.Agency, ...] = ()  # offsets into the normalised text


@dataclass(frozen=True)
class Signature:
    parties: tuple[str, ...]
    posts: tuple[str, ...]
    date: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Plan:
    framework: str
    year: int
    title: str
    title_start: int
    title_end: int
    end: int
    sections: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()
    signature: Signature | None = None


@dataclass(frozen=True)
class PlanRef:
    """A plan named inside a sentence, e.g. 簽署…〈實施《粵港合作框架協議》2016年重點工作〉."""

    framework: str
    year: int
    start: int
    end: int


@dataclass
class _Cursor:
    section: int = 0
    sub: int = 0
    item: int = 0
    path: tuple[int, ...] | None = None
    sections: list[Section] = field(default_factory=list)
    open_items: list[tuple[str, int, tuple[int, ...] | None, int, int]] = field(default_factory=list)


def lines(text: str, start: int = 0, end: int | None = None):
    """(line start, line text) for the lines in text[start:end]."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        yield pos, text[pos:stop]
        pos = stop + 1


def _heading(cur: _Cursor, pos: int, line: str, per_section_items: bool) -> bool:
    match = SECTION.match(line)
    if match and to_int(match.group(1)) == cur.section + 1:
        cur.section, cur.sub = cur.section + 1, 0
        cur.path = (cur.section,)
        cur.sections.append(Section(cur.path, match.group(2).strip(), pos, pos + len(line)))
        return True
    match = SUBSECTION.match(line)
    if match and cur.section and to_int(match.group(1)) == cur.sub + 1 and not per_section_items:
        cur.sub += 1
        cur.path = (cur.section, cur.sub)
        cur.sections.append(Section(cur.path, match.group(2).strip().rstrip("。"), pos, pos + len(line)))
        return True
    return False


def _item_start(cur: _Cursor, pos: int, line: str, per_section_items: bool) -> bool:
    if per_section_items:
        match = SUBSECTION.match(line)
        if match and cur.section and to_int(match.group(1)) == cur.sub + 1:
            cur.sub += 1
            label = f"{cur.section}-{cur.sub}"
            cur.open_items.append((label, cur.sub, cur.path, pos, pos + match.start(2)))
            return True
        return False
    match = ITEM.match(line)
    if match and int(match.group(1)) == cur.item + 1:
        cur.item += 1
        cur.open_items.append((str(cur.item), cur.item, cur.path, pos, pos + match.start(2)))
        return True
    return False


def _signature(text: str, start: int, end: int) -> Signature | None:
    block = text[start:end]
    parties = tuple(dict.fromkeys(m.group(1) for m in PARTY.finditer(block)))
    if not parties:
        return None
    posts = tuple(re.sub(r"\s", "", m.group()) for m in POST.finditer(block))
    date = DATE.search(block)
    iso = f"{date[1]}-{int(date[2]):02d}-{int(date[3]):02d}" if date else None
    last = max((m.end() for m in DATE.finditer(block)), default=len(block.rstrip()))
    return Signature(parties, posts, iso, start, start + last)


def _items(norm: Normalised, cur: _Cursor, body_end: int) -> tuple[Item, ...]:
    items = []
    bounds = [entry[3] for entry in cur.open_items[1:]] + [body_end]
    headings = sorted(s.start for s in cur.sections)
    for (label, number, path, start, text_start), stop in zip(cur.open_items, bounds):
        stop = min([h for h in headings if start < h < stop] + [stop])
        raw = norm.text[text_start:stop].rstrip()
        text, found = agency_rules.split(raw.replace("\n", ""))
        at = [text_start + i for i, ch in enumerate(raw) if ch != "\n"]  # joined text -> normalised offsets
        found = tuple(agency_rules.Agency(a.name, at[a.start], at[a.end - 1] + 1) for a in found)
        items.append(Item(label, number, path, text, start, text_start + len(raw), found))
    return tuple(items)


def _plan_body(norm: Normalised, title: re.Match, end: int) -> Plan:
    text = norm.text
    per_section_items = not any(ITEM.match(line) and ITEM.match(line).group(1) == "1" for _, line in lines(text, title.end(), end))
    cur = _Cursor()
    signature_at = end
    for pos, line in lines(text, title.end() + 1, end):
        if cur.open_items and PARTY.match(line):
            signature_at = pos
            break
        if not _heading(cur, pos, line, per_section_items):
            _item_start(cur, pos, line, per_section_items)
    signature = _signature(text, signature_at, end) if signature_at < end else None
    plan_end = signature.end if signature else signature_at
    return Plan(
        framework=title.group("framework").strip(),
        year=int(title.group("year")),
        title=re.sub(r"\s", "", title.group()).strip("〈〉"),
        title_start=title.start(),
        title_end=title.end(),
        end=plan_end,
        sections=tuple(cur.sections),
        items=_items(norm, cur, signature_at),
        signature=signature,
    )


def find_plans(norm: Normalised) -> tuple[Plan, ...]:
    titles = list(TITLE_LINE.finditer(norm.text))
    ends = [t.start() for t in titles[1:]] + [len(norm.text)]
    plans = (_plan_body(norm, title, end) for title, end in zip(titles, ends))
    return tuple(plan for plan in plans if plan.items)


def find_plan_refs(norm: Normalised) -> tuple[PlanRef, ...]:
    refs = []
    for match in TITLE_REF.finditer(norm.text):
        line_start = norm.text.rfind("\n", 0, match.start()) + 1
        if TITLE_LINE.match(norm.text, line_start) and line_start == match.start():
            continue  # a title line opens a plan; find_plans handles it
        refs.append(PlanRef(match.group("framework").strip(), int(match.group("year")), match.start(), match.end()))
    return tuple(refs)
