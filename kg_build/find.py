"""Find stage: institutions, places, projects and people named in a normalised text.

One spaCy blank `zh` pipeline (character tokens, nothing downloaded) with a PhraseMatcher built
once per process from every gazetteer name and alias in both scripts, plus suffix rules for bodies
the gazetteer lacks. Candidates from all rules meet in small named policies: scope (short names
and abbreviations fire only in context) and overlap (longest match wins).

Matching runs once per document on the text with whitespace squeezed out, so a name broken
across a line (港珠澳\\n大橋) is still found; spans come back in normalised offsets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from . import fold

# Rule ranks: on equal length the better-attested rule wins.
RANK = {"name": 0, "alias": 0, "suffix": 1, "post": 1, "short": 2, "abbrev": 3}


@dataclass(frozen=True)
class Span:
    start: int  # normalised offsets
    end: int
    text: str  # as written, whitespace squeezed
    entries: tuple[str, ...]  # gazetteer ids; () for a suffix-rule institution; two for 粵港
    type: str  # gazetteer type: Institution, Place, Project, Person
    rule: str  # a key of RANK


@dataclass(frozen=True)
class Pattern:
    surface: str
    entry: str
    type: str
    rule: str


# ---------------------------------------------------------------------------------------------
# Patterns from the gazetteer

# Programmes are part A's to write; their names are matched here only so that a place inside one
# (粵港科技合作資助計劃) loses to the longer name.
_TYPES = ("Institution", "Place", "Project", "Person", "Programme")


def _listed(value) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(v for v in re.split(r"[|;；]", value) if v)
    return tuple(value)


def _scripts(name: str) -> set[str]:
    return {name, fold.to_simplified(name), fold.to_traditional(name), fold.width(name)} - {""}


def patterns_of(entry) -> list[Pattern]:
    """Every surface of one gazetteer entry, both scripts, tagged with the rule that may fire it."""
    out = []
    for rule, names in (("name", (entry.name,)), ("alias", _listed(entry.aliases)), ("short", _listed(entry.short))):
        for name in names:
            out.extend(Pattern(s, entry.id, entry.type, rule) for s in _scripts(re.sub(r"\s", "", name)))
    return out


@lru_cache(maxsize=1)
def gazetteer_patterns() -> tuple[Pattern, ...]:
    from . import gazetteer

    return tuple(p for e in gazetteer.load_all() if e.type in _TYPES for p in patterns_of(e))


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """One-character abbreviation -> place id (粵 -> 廣東), both scripts."""
    from . import gazetteer

    table = {}
    for entry in gazetteer.load_all():
        for abbrev in _listed(entry.abbrev):
            if len(abbrev) == 1:
                table.update({s: entry.id for s in _scripts(abbrev)})
    return table


# ---------------------------------------------------------------------------------------------
# The matcher, built once per process


@dataclass
class Matcher:
    nlp: object
    phrases: object
    by_key: dict[str, list[Pattern]]


def _build(patterns: Iterable[Pattern]) -> Matcher:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("zh")  # char segmenter: no pkuseg/jieba model is loaded or fetched
    phrases = PhraseMatcher(nlp.vocab)
    by_key: dict[str, list[Pattern]] = {}
    for p in patterns:
        by_key.setdefault(p.surface, []).append(p)
    for surface in by_key:
        phrases.add(surface, [_doc(nlp, surface)])
    return Matcher(nlp, phrases, by_key)


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    return _build(gazetteer_patterns())


def _doc(nlp, text: str):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))


# ---------------------------------------------------------------------------------------------
# Candidate rules: each returns Spans over the squeezed text


_WS = re.compile(r"\s")


def squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and the normalised offset of each kept character."""
    at = [i for i, ch in enumerate(text) if not _WS.match(ch)]
    return "".join(text[i] for i in at), at


def gazetteer_spans(m: Matcher, flat: str) -> list[Span]:
    doc = _doc(m.nlp, flat)
    spans = []
    for key_id, start, end in m.phrases(doc):
        surface = m.nlp.vocab.strings[key_id]
        for p in m.by_key[surface]:
            spans.append(Span(start, end, surface, (p.entry,), p.type, p.rule))
    return spans


_ABBREV_RUN_MIN = 2
# One abbreviation alone names its place only bound to these: 港資, 港企, 港人, 港方, 粵方; 赴港, 駐粵.
_BOUND_AFTER = re.compile(r"[資资企人方商籍]")
_BOUND_BEFORE = re.compile(r"[赴來来駐驻訪访抵返留在]")
_NOT_ABBREV_AFTER = re.compile(r"[口灣湾洲語语劇剧菜江海化入圳]")  # 港口, 澳洲, 粵語, 珠江, 深化


def abbrev_spans(flat: str, table: dict[str, str]) -> list[Span]:
    """Runs of one-character abbreviations (粵港, 深港, 港珠澳, 粵港澳): each character names its place;
    a single one counts only where a bound morpheme shows it is a place (港資, 赴港)."""
    spans, i = [], 0
    while i < len(flat):
        j = i
        while j < len(flat) and flat[j] in table and flat[j] not in flat[i:j]:
            j += 1  # a repeated character (粵港港口) ends the compound
        ids = tuple(dict.fromkeys(table[ch] for ch in flat[i:j]))
        if j - i >= _ABBREV_RUN_MIN and len(ids) >= _ABBREV_RUN_MIN:
            spans.append(Span(i, j, flat[i:j], ids, "Place", "abbrev"))
        elif j - i == 1 and _bound(flat, i):
            spans.append(Span(i, j, flat[i:j], ids, "Place", "abbrev"))
        i = max(j, i + 1)
    return spans


def _bound(flat: str, i: int) -> bool:
    after = flat[i + 1 : i + 2]
    if _NOT_ABBREV_AFTER.match(after):
        return False
    return bool(_BOUND_AFTER.match(after) or (i and _BOUND_BEFORE.match(flat[i - 1])))


# A body the gazetteer lacks: anchored on the left by a known place or a level prefix, so the
# verb before it (推動, 支持) never becomes part of the name; no function word inside.
# Each one-character suffix refuses the characters that make it an ordinary word (佈局, 部署, 舉辦,
# 辦法); 銀行 and bare 公司 are left to the gazetteer: 香港銀行 is any bank in Hong Kong.
SUFFIX = (
    r"(?:委員會|委员会|管理局|(?:大學|大学)(?!生)|有限公司|研究院|研究所|協會|协会|商會|商会|總會|总会|聯合會|联合会|辦事處|办事处|辦公室|办公室"
    r"|(?<![格佈布大開开結结當当郵邮])局|(?<![部簽签公])署|(?<![餐大客])(?:廳|厅)"
    r"|(?<![舉举主承合協协創创開开興兴籌筹試试督代包買买])(?:辦|办)(?![事公法理学學])|(?<=[園园網网鐵铁])公司)(?![長长])"
)
# Words that show the run before the suffix is a clause, not a name (香港成立…公司, 國家有關…).
_STUTTER = re.compile(r"^(.{2,3})\1")  # 香港香港科技大學: a layout repeat, not a name
_CLAUSE = re.compile(r"成立|設立|设立|建立|有關|有关|相關|相关|支持|推動|推动|鼓勵|鼓励|參與|参与|引進|引进|開展|开展|加強|加强|共同")
_MIDDLE = r"[^\s，。、；：「」『』《》〈〉（）()“”的和與与並并在於于為为由向對对把將将等及或以之與]"
_LEVEL = r"(?:廣東省|广东省|國家|国家|中央|省|市)"
_SUFFIX_AFTER = re.compile(rf"^{_MIDDLE}{{1,10}}?(?P<suffix>{SUFFIX})")


_GENERIC_ANCHOR = {"內地", "内地", "本港", "海外", "境外", "兩地", "两地"}


def suffix_spans(flat: str, anchors: list[Span]) -> list[Span]:
    """Institutions by suffix, starting at a place or a level prefix (省 only after a boundary);
    the suffix must lie after the anchor (港大 + 學 is no 大學) and a generic anchor (內地) names none."""
    starts: dict[int, int] = {}
    for a in anchors:
        if a.type in ("Place", "Institution") and a.text not in _GENERIC_ANCHOR:
            starts[a.start] = max(starts.get(a.start, 0), a.end)
    for m in re.finditer(_LEVEL, flat):
        if m.group() not in ("省", "市") or m.start() == 0 or not re.match(_MIDDLE, flat[m.start() - 1]):
            starts.setdefault(m.start(), m.end())
    spans = []
    for start, anchor_end in sorted(starts.items()):
        m = _SUFFIX_AFTER.match(flat[start : start + 16])
        if m and start + m.start("suffix") >= anchor_end and not _CLAUSE.search(m.group()) and not _STUTTER.match(m.group()):
            spans.append(Span(start, start + m.end(), m.group(), (), "Institution", "suffix"))
    return spans


# An official the gazetteer lacks: a post title, then a name of a common surname and one or two
# more characters, then a boundary (與, 簽署, punctuation …).
POST_TITLE = (
    r"(?:行政長官|行政长官|司長|司长|省長|省长|市長|市长|局長|局长|署長|署长|廳長|厅长|主任|秘書長|秘书长|部長|部长|處長|处长)"
)
_SURNAMES = (
    "王李張张劉刘陳陈楊杨黃黄趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯鄧邓曹彭曾肖田董袁潘于蔣蒋蔡余杜葉叶"
    "程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石廖賈贾夏韋韦付方白鄒邹孟熊秦邱江尹薛閻闫段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚"
    "邵萬万錢钱嚴严覃武戴莫孔向湯汤聶聂景鄺邝岑麥麦容"
)
_POST_NAME = re.compile(rf"{POST_TITLE}(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?)(?=與|与|和|及|、|，|。|：|簽|签|在|表示|見證|见证|共同|率|指出|會|会|等|主持|出席|（|\(|$)")


def post_name_spans(flat: str) -> list[Span]:
    return [Span(m.start("name"), m.end("name"), m.group("name"), (), "Person", "post") for m in _POST_NAME.finditer(flat)]


# ---------------------------------------------------------------------------------------------
# Policies


def in_scope_short(span: Span, full: list[Span], unit_of: Callable[[int], int]) -> bool:
    """A short name (大橋) counts only when the full name of the same entry occurs in the same unit."""
    unit = unit_of(span.start)
    return any(f.entries == span.entries and unit_of(f.start) == unit for f in full)


def longest_wins(spans: list[Span]) -> list[Span]:
    """Longest first, then the better rule, then the earliest; a span inside a kept one is dropped."""
    taken: list[Span] = []
    occupied: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.start - s.end, RANK[s.rule], s.start)):
        if occupied.isdisjoint(range(span.start, span.end)):
            taken.append(span)
            occupied.update(range(span.start, span.end))
    return sorted(taken, key=lambda s: (s.start, s.end))


_NAMED = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|“[^“”]*”|「[^「」]*」|『[^『』]*』")


def outside_names(spans: list[Span], flat: str) -> list[Span]:
    """A name inside a document title (《…》) or inside a longer quoted name (“深港文化創意論壇”)
    belongs to that name; a quote that is exactly the name (「港深創新及科技園」) keeps it."""
    regions = [(m.start() + 1, m.end() - 1, m.group()[0] in "《〈") for m in _NAMED.finditer(flat)]
    starts = [r[0] for r in regions]

    def inside(span: Span) -> bool:
        k = bisect.bisect_right(starts, span.start) - 1
        if k < 0 or span.end > regions[k][1]:
            return False
        start, end, title = regions[k]
        return title or (span.start, span.end) != (start, end)

    return [s for s in spans if not inside(s)]


def _merge_same(spans: list[Span]) -> list[Span]:
    """One surface may name several entries of the same rule (a homonym): keep them on one span."""
    merged: dict[tuple, Span] = {}
    for s in spans:
        key = (s.start, s.end, s.rule)
        old = merged.get(key)
        entries = tuple(dict.fromkeys(old.entries + s.entries)) if old else s.entries
        merged[key] = Span(s.start, s.end, s.text, entries, s.type, s.rule)
    return list(merged.values())


def unit_finder(units: list[tuple[int, int]], at: list[int]) -> Callable[[int], int]:
    """Squeezed offset -> index of the unit (item or paragraph) holding it."""
    starts = [s for s, _ in units]

    def unit_of(i: int) -> int:
        return bisect.bisect_right(starts, at[i]) - 1

    return unit_of


def find(text: str, units: list[tuple[int, int]], *, m: Matcher | None = None, abbrevs: dict | None = None) -> list[Span]:
    """Spans of named entities in a normalised text; `units` (sorted, disjoint) scope short names."""
    m = m or matcher()
    abbrevs = abbreviations() if abbrevs is None else abbrevs
    flat, at = squeeze(text)
    found = _merge_same(gazetteer_spans(m, flat))
    full = [s for s in found if s.rule in ("name", "alias")]
    unit_of = unit_finder(units or [(0, len(text))], at)
    found = [s for s in found if s.rule != "short" or in_scope_short(s, full, unit_of)]
    found += abbrev_spans(flat, abbrevs) + suffix_spans(flat, full) + post_name_spans(flat)
    kept = outside_names(longest_wins(found), flat)
    at = at + [len(text)]
    return [Span(at[s.start], at[s.end - 1] + 1, s.text, s.entries, s.type, s.rule) for s in kept]
