"""Normalise stage: repair PDF-extraction artefacts while keeping a map back to the original text.

Every step is a rewrite that only deletes characters or replaces them one for one (or several by
one), so each character of the normalised text knows the original code-point offset it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .read import Source

CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2015\u2018-\u201d\u2026\u2027\u300a-\u300f"
# A line starting like this opens a structural unit, so the line break before it is real.
MARKER = re.compile(
    r"\s*(?:\d{1,3}\s*[.．、](?!\d)|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|實施《|实施《"
    r"|[^\s，。]{0,8}(?:人民政府|特別行政區政府|特别行政区政府))"
)
_TERMINAL = "。！？；"
_OPENERS = {"《": "》", "〈": "〉", "「": "」", "（": "）", "“": "”", "『": "』"}
_WRAP_MIN = 20  # a line shorter than this that ends without punctuation is a heading, not a wrap


@dataclass(frozen=True)
class Normalised:
    source: Source
    text: str
    offsets: tuple[int, ...]  # offsets[i]: original index of text[i]; one extra entry = len(original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) -> the original [start, end) that covers it."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def original(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.source.text[s:e]


Text = tuple[str, list[int]]


def rewrite(text: str, offs: list[int], pattern: re.Pattern, repl: Callable[[re.Match], str]) -> Text:
    """re.sub that carries offsets: a same-length replacement maps one for one, any other to the match start."""
    out: list[str] = []
    out_offs: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = repl(match)
        out.append(text[last:start])
        out_offs.extend(offs[last:start])
        out.append(new)
        if len(new) == end - start:
            out_offs.extend(offs[start:end])
        else:
            out_offs.extend([offs[start]] * len(new))
        last = end
    out.append(text[last:])
    out_offs.extend(offs[last:])
    return "".join(out), out_offs


def _fold_width(match: re.Match) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def _drop(match: re.Match) -> str:
    return ""


_BRACKET_CHARS = frozenset(_OPENERS) | frozenset(_OPENERS.values())
_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
_CR = re.compile(r"\r\n?")
_PAGE_LINE = re.compile(r"(?m)^[ \t\u3000]*(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?[ \t\u3000]*$|^[ \t\u3000]*(?:附件|Annex|ANNEX)[ \t\u3000]*$")
_EDGE_SPACE = re.compile(r"(?m)^[ \t\u3000\xa0]+|[ \t\u3000\xa0]+$")
_INNER_SPACE = re.compile(rf"(?<=[{CJK}])[ \t\u3000\xa0]+(?=[^\s])|(?<=[^\s])[ \t\u3000\xa0]+(?=[{CJK}])")
_BREAKS = re.compile(r"\n(?:[ \t\u3000]*\n)*")


def _open_bracket(line: str) -> bool:
    if _BRACKET_CHARS.isdisjoint(line):  # most lines: skip the per-character count
        return False
    depth = {opener: 0 for opener in _OPENERS}
    for ch in line:
        if ch in depth:
            depth[ch] += 1
        for opener, closer in _OPENERS.items():
            if ch == closer and depth[opener]:
                depth[opener] -= 1
    return any(depth[o] for o in ("《", "〈", "「", "“"))


def is_wrap(before: str, after: str) -> bool:
    """Policy: does the line break between these two lines come from PDF wrapping?"""
    if not after or MARKER.match(after):
        return False
    if _open_bracket(before):
        return True
    return bool(before) and before[-1] not in _TERMINAL and len(before) >= _WRAP_MIN


def _join_lines(text: str, offs: list[int]) -> Text:
    def decide(match: re.Match) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        next_end = text.find("\n", match.end())
        before = text[line_start : match.start()]
        after = text[match.end() : next_end if next_end >= 0 else len(text)]
        return "" if is_wrap(before, after) else "\n"

    return rewrite(text, offs, _BREAKS, decide)


STEPS: tuple[Callable[[str, list[int]], Text], ...] = (
    lambda t, o: rewrite(t, o, _CR, lambda m: "\n"),
    lambda t, o: rewrite(t, o, _FULLWIDTH, _fold_width),
    lambda t, o: rewrite(t, o, _PAGE_LINE, _drop),
    lambda t, o: rewrite(t, o, _EDGE_SPACE, _drop),
    lambda t, o: rewrite(t, o, _INNER_SPACE, _drop),
    _join_lines,
)


def normalise(source: Source) -> Normalised:
    text, offs = source.text, list(range(len(source.text)))
    for step in STEPS:
        text, offs = step(text, offs)
    stripped = text.strip("\n")
    lead = len(text) - len(text.lstrip("\n"))
    offs = offs[lead : lead + len(stripped)]
    return Normalised(source, stripped, tuple(offs) + (len(source.text),))
