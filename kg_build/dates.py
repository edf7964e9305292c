"""Dates as written (2016年3月23日, 今年7月1日, 去年9月, 昨日（12日）, 前(1)日) resolved to ISO strings.

A relative date needs a reference: the dateline at the top of a news page, else the date the
manifest gives the document. Each written form is one pattern with one small policy function,
tried in table order; the first that matches at a position wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from .numerals import to_int

_N = r"(\d{1,4}|[〇零一二三四五六七八九十]{1,3})"
_DATELINE = re.compile(r"\A[^\n]{0,6}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True)
class Ref:
    year: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Found:
    iso: str  # YYYY-MM-DD, or YYYY-MM when the day is not given
    start: int
    end: int


def _iso(year: int, month: int | None, day: int | None = None) -> str | None:
    if not month or not 1 <= month <= 12:
        return None
    return f"{year}-{month:02d}-{day:02d}" if day else f"{year}-{month:02d}"


def _absolute(m: re.Match, ref: Ref) -> str | None:
    return _iso(int(m[1]), to_int(m[2]), to_int(m[3]) if m[3] else None)


def _this_year(m: re.Match, ref: Ref) -> str | None:
    return _iso(ref.year, to_int(m[1]), to_int(m[2]) if m[2] else None)


def _last_year(m: re.Match, ref: Ref) -> str | None:
    return _iso(ref.year - 1, to_int(m[1]), to_int(m[2]) if m[2] else None)


def _day_of_ref_month(m: re.Match, ref: Ref) -> str | None:
    """前(1)日, 昨日（12日）: a day number within the reference month, or the month before when later."""
    if not ref.month:
        return None
    day = to_int(m[1])
    year, month = ref.year, ref.month
    if ref.day and day and day > ref.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return _iso(year, month, day)


def _yesterday(m: re.Match, ref: Ref) -> str | None:
    if not (ref.month and ref.day):
        return None
    return (date(ref.year, ref.month, ref.day) - timedelta(days=1)).isoformat()


def _today(m: re.Match, ref: Ref) -> str | None:
    return _iso(ref.year, ref.month, ref.day) if ref.day else None


FORMS: tuple[tuple[re.Pattern, Callable[[re.Match, Ref], str | None]], ...] = (
    (re.compile(rf"(\d{{4}})\s*年\s*{_N}\s*月(?:\s*{_N}\s*日)?"), _absolute),
    (re.compile(rf"(?:今年|本年)\s*{_N}\s*月(?:\s*{_N}\s*日)?"), _this_year),
    (re.compile(rf"(?:去年|上年)\s*{_N}\s*月(?:\s*{_N}\s*日)?"), _last_year),
    (re.compile(rf"(?:昨日|昨天|前|今日|今天)\s*[（(]\s*{_N}\s*月\s*{_N}\s*日\s*[）)]"), _this_year),
    (re.compile(rf"(?:昨日|昨天|前|今日|今天)\s*[（(]\s*{_N}\s*日\s*[）)]|前\s*[（(]\s*{_N}\s*[）)]\s*日"), lambda m, r: _day_of_ref_month(_Last(m), r)),
    (re.compile(r"昨日|昨天|昨(?=[在於于晚])"), _yesterday),
    (re.compile(r"今日|今天"), _today),
)


class _Last:
    """The last numeric group of a match, as group 1: 昨日（12日） and 今日（十一月二十一日） both give the day."""

    def __init__(self, match: re.Match):
        self._day = [g for g in match.groups() if g][-1]

    def __getitem__(self, index: int) -> str:
        return self._day


def reference(text: str, manifest_date: str | None) -> Ref | None:
    """The date relative expressions count from: a dateline opening the text, else the manifest's."""
    line = _DATELINE.match(text)
    if line:
        return Ref(int(line[1]), int(line[2]), int(line[3]))
    parts = [int(p) for p in re.findall(r"\d+", manifest_date or "")]
    return Ref(*parts[:3]) if parts else None


def dateline_end(text: str) -> int:
    line = _DATELINE.match(text)
    return line.end() if line else 0


def find_dates(text: str, ref: Ref | None, start: int = 0, end: int | None = None) -> list[Found]:
    """Every resolvable date in text[start:end], leftmost first, overlapping forms dropped."""
    end = len(text) if end is None else end
    found: list[Found] = []
    for pattern, policy in FORMS:
        for match in pattern.finditer(text, start, end):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            iso = policy(match, ref or Ref(0))
            if iso and not iso.startswith("0"):
                found.append(Found(iso, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)
