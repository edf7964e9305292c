"""Find named documents in a normalised text: 《…》 and 〈…〉 names, “…” names, well-known unbracketed ones.

Which bracket names count as documents is a policy on the name's suffix (a small table below):
an agreement ends in 協議 or 備忘錄, a plan in 規劃 or 方案, a regulation in 條例 or 辦法, a plain
document in 報告 or 研究. A 《》 title with none of these suffixes and unknown to
data/known_documents.tsv (a television drama, a stage show) is no document of cooperation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import fold

# (suffix, type), longest suffixes first so 合作計劃書 is not read as 計劃; Simplified forms fold alike.
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("重點工作", "Plan"), ("願景與行動", "Document"), ("願景綱要", "Plan"), ("框架協議", "Agreement"),
    ("協議書", "Agreement"), ("意向書", "Agreement"), ("備忘錄", "Agreement"), ("協議", "Agreement"),
    ("安排", "Agreement"), ("協定", "Agreement"), ("合作計劃", "Plan"),
    ("規劃綱要", "Plan"), ("綱要", "Plan"), ("規劃", "Plan"), ("計劃", "Plan"), ("方案", "Plan"),
    ("指導意見", "Regulation"), ("條例", "Regulation"), ("規例", "Regulation"), ("辦法", "Regulation"),
    ("規程", "Regulation"), ("規範", "Regulation"), ("規則", "Regulation"), ("細則", "Regulation"),
    ("報告", "Document"), ("研究", "Document"), ("建議", "Document"), ("專章", "Document"), ("白皮書", "Document"),
)
# Suffixes that name a document in “…” or 「…」 too; there a 計劃 is a scheme, a 方案 a design to make.
QUOTED_SUFFIXES = ("協議書", "意向書", "備忘錄", "協議", "安排", "規劃綱要", "框架協議", "合作建議")
_EDITION_TAIL = re.compile(r"\s*(?:[（(][^（）()]*[）)]|\d{4}\s*[-—–－至]\s*\d{4}年?)$")
_OPEN, _CLOSE = "《〈", "》〉"
_MAX_BREAKS, _MAX_NAME = 4, 90  # how far a bracketed name may run
_YEAR_BEFORE = re.compile(r"\d{4}\s*年\s*$")  # 2017年《施政報告》: the year is part of an annual report's name
_QUOTED = re.compile(r"[“「]([^“”「」\n]{4,60}?(?:《[^》\n]*》[^“”「」\n]*?)?)[”」]")
# Unbracketed well-known names: CEPA as a word, 「十三五」規劃(綱要) in corner quotes.
_BARE = re.compile(r"(?<![A-Za-z])CEPA(?![A-Za-z])(?!\s*《)|(?:中共)?十[一二三四五六七八九]大報告|[「“]\s*十\s*三\s*五\s*[」”]\s*規\s*劃(?:\s*綱\s*要)?|[「“]\s*十\s*三\s*五\s*[」”]\s*规\s*划(?:\s*纲\s*要)?")


@dataclass(frozen=True)
class Title:
    name: str  # as written, whitespace removed, without the outer brackets
    start: int  # span of the name with its brackets in the normalised text
    end: int
    kind: str  # Plan, Agreement, Regulation or Document
    quoted: str = "《》"  # 《》, 〈〉, “”, or "" for a bare name


@lru_cache(maxsize=1)
def known() -> dict[str, tuple[str, str]]:
    """Folded name or alias -> (canonical name, type), from data/known_documents.tsv."""
    rows = (Path(__file__).with_name("data") / "known_documents.tsv").read_text(encoding="utf-8").splitlines()
    table: dict[str, tuple[str, str]] = {}
    for row in rows[1:]:
        canonical, kind, *rest = row.split("\t")
        aliases = rest[0].split("|") if rest and rest[0] else []
        for name in [canonical, *aliases]:
            table[bare_key(name)] = (canonical, kind)
    return table


def bare_key(name: str) -> str:
    """Folded key with quotes and brackets dropped: 「十三五」規劃 and 十三五規劃 compare equal."""
    return re.sub(r"[《》「」“”『』]", "", fold.key(name))


def doc_type(name: str) -> str | None:
    """Policy: the document type a name's suffix says, or None when it names no document."""
    hit = known().get(bare_key(name))
    if hit:
        return hit[1]
    stem = fold.to_traditional(_EDITION_TAIL.sub("", fold.width(name)))
    stem = re.sub(r"[（(][^（）()]*[）)]$", "", stem)
    for suffix, kind in SUFFIXES:
        if stem.endswith(suffix):
            return kind
    return None


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》/〈…〉 spans, nesting either way round. A name may run over a few line breaks
    that normalisation kept (narrow booklet columns); an unclosed bracket is dropped after that."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
        elif ch == "\n" and stack and (text.count("\n", stack[0], i) >= _MAX_BREAKS or i - stack[0] > _MAX_NAME):
            stack = []
    return spans


def _bracketed(text: str) -> list[Title]:
    found = []
    for start, end in bracket_spans(text):
        name = re.sub(r"\s", "", text[start + 1 : end - 1])
        kind = doc_type(name)
        if kind and len(name) >= 2:
            year = _YEAR_BEFORE.search(text, max(0, start - 8), start) if kind == "Document" else None
            if year and year.end() == start and not re.match(r"\d{4}", name):
                name, start = re.sub(r"\s", "", year.group()) + name, year.start()
            found.append(Title(name, start, end, kind, "《》" if text[end - 1] == "》" else "〈〉"))
    return found


def _quoted(text: str) -> list[Title]:
    found = []
    for match in _QUOTED.finditer(text):
        name = re.sub(r"\s", "", match.group(1))
        trad = fold.to_traditional(name)
        if any(trad.endswith(s) for s in QUOTED_SUFFIXES):
            found.append(Title(name, match.start(), match.end(), doc_type(name) or "Document", "“”"))
    return found


def _bare(text: str, taken: list[tuple[int, int]]) -> list[Title]:
    found = []
    for match in _BARE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        name = re.sub(r"\s", "", match.group())
        found.append(Title(name, match.start(), match.end(), doc_type(name) or "Document", ""))
    return found


def find_titles(text: str) -> list[Title]:
    """Every document name in the text, in text order."""
    titles = _bracketed(text) + _quoted(text)
    taken = [(t.start, t.end) for t in titles]
    return sorted(titles + _bare(text, taken), key=lambda t: t.start)
