"""Resolve document names to one node each: canonical label, IRI, aliases.

Variants of one name (spacing, bracket style, width, script, a year range written （2017-2018年）
or （2017年—2018年） or 2015-2016) fold to one canonical form and so one IRI. Short names reach
their document three ways, tried in order by `resolve`: a plan's own short name (《2016年重點工作》),
a short name the text declares (以下簡稱…, or an acronym in parentheses right after the name), and
the well-known names of data/known_documents.tsv. A generic back-reference (《合作意向書》)
takes the document of the same kind named just before it, or stays a node of its own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import fold, ids
from .titles import SUFFIXES, Title, bare_key, known

_PLAN = re.compile(r"^(?:實施|实施)?《?(?P<fw>[^《》]{2,40}?框架(?:協議|协议))》?(?P<year>\d{4})年?重[點点]工作$")
_SHORT_PLAN = re.compile(r"^(?P<year>\d{4})年?重[點点]工作$")
_RANGE_TAIL = re.compile(r"[（(]?(\d{4})年?[-—–－至](\d{4})年?[）)]?$")
_RANGE_HEAD = re.compile(r"^(\d{4})年?[-—–－至](\d{4})年?")
_DECLARED = re.compile(
    r"\s*[（(]\s*(?:(?:以下|下)?(?:簡稱|简称)\s*[「《“]?(?P<alias>[^）)」》”]{1,20})[」》”]?|(?P<acronym>[A-Z]{2,8}))\s*[）)]"
)
_GENERIC = re.compile(r"^(?:合作|框架|有關|有关|相關|相关|該|该)*$")
_NEARBY = 200  # characters back to look for the document a generic name refers to


@dataclass(frozen=True)
class Resolved:
    iri: str
    label: str  # canonical, in the script the source wrote it
    kind: str
    aliases: tuple[str, ...] = field(default=())  # other forms seen, as written


_GLOSS = re.compile(r"[（(]「[^」]{1,12}」[）)]")  # 絲綢之路（「一帶一路」）的…: a gloss, not part of the name


def edition_form(name: str) -> str:
    """Year ranges to one form: a trailing range as （2017年—2018年）, a leading one as 2016-2020年."""
    name = _GLOSS.sub("", re.sub(r"\s", "", fold.width(name)))
    name = _RANGE_TAIL.sub(lambda m: f"（{m[1]}年—{m[2]}年）", name)
    name = _RANGE_HEAD.sub(lambda m: f"{m[1]}-{m[2]}年", name)
    return name.replace("(", "（").replace(")", "）")


def edition_base(name: str) -> tuple[str, int | None]:
    """(name without its edition years, first year) — editions of one document share the base."""
    form = edition_form(name)
    tail = re.search(r"（(\d{4})年—\d{4}年）$", form)
    if tail:
        return form[: tail.start()], int(tail[1])
    head = re.match(r"(\d{4})-\d{4}年", form)
    return (form[head.end() :], int(head[1])) if head else (form, None)


_SIBLINGS = (("粵澳", "粵澳合作框架協議"), ("粤澳", "粵澳合作框架協議"))


def period(name: str) -> str | None:
    """The years an edition covers, as coop:period writes them ("2017-2018"), or None."""
    form = edition_form(name)
    match = re.search(r"（(\d{4})年—(\d{4})年）$", form) or re.match(r"(\d{4})-(\d{4})年", form)
    return f"{match[1]}-{match[2]}" if match else None


def framework_of(text: str) -> str:
    """Policy: the framework a bare 《YYYY年重點工作》 belongs to: that of a plan the text names, else
    粵港 unless the text speaks of 粵澳 more often (the short name is used inside one family)."""
    ref = re.search(r"《([^《》\n]{2,40}?框架(?:協議|协议))》\s*\d{4}\s*年\s*重[點点]工作", text)
    if ref:
        return re.sub(r"\s", "", ref.group(1))
    for word, framework in _SIBLINGS:
        if text.count(word) > text.count("粵港") + text.count("粤港"):
            return framework
    return "粵港合作框架協議"


def declared_aliases(text: str, titles: list[Title]) -> dict[str, Title]:
    """Folded short name -> the title it abbreviates, for 《…》(以下簡稱X) and 《…》（CEPA）."""
    table = {}
    for title in titles:
        match = _DECLARED.match(text, title.end)
        if match and title.quoted:
            alias = match.group("alias") or match.group("acronym")
            table.setdefault(bare_key(alias), title)
    return table


def edition_variants(label: str) -> tuple[str, ...]:
    """Other usual spellings of an edition's years, as altLabels: （2017-2018年） beside （2017年—2018年）."""
    match = re.search(r"（(\d{4})年—(\d{4})年）$", label)
    if not match:
        return ()
    stem = label[: match.start()]
    return (f"{stem}（{match[1]}-{match[2]}年）", f"{stem}{match[1]}-{match[2]}")


def shortened(title: Title, titles: list[Title]) -> Title | None:
    """Policy: a name that is another name of the same text with one to three characters left out
    (聯防聯治協議書 for 聯防聯治合作協議書), same type and same years, is a short form of it."""
    name = edition_form(title.name)
    for other in titles:
        full = edition_form(other.name)
        if other.kind == title.kind and 0 < len(full) - len(name) <= 3 and _subsequence(name, full):
            if re.findall(r"\d{4}", name) == re.findall(r"\d{4}", full) and suffix_of(name) == suffix_of(full):
                return other
    return None


def _subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return short[:2] == full[:2] and all(ch in chars for ch in short)


def suffix_of(name: str) -> str:
    trad = fold.to_traditional(name)
    return next((s for s, _ in SUFFIXES if trad.endswith(s)), "")


def is_generic(name: str) -> bool:
    suffix = suffix_of(name)
    return bool(suffix) and bool(_GENERIC.match(fold.to_traditional(name)[: -len(suffix)]))


def _plan(title: Title, text: str) -> Resolved | None:
    name = fold.width(title.name)
    match = _PLAN.match(name) or _SHORT_PLAN.match(name)
    if not match:
        return None
    framework = match.groupdict().get("fw") or framework_of(text)
    year = int(match["year"])
    label = f"實施《{framework}》{year}年重點工作"
    if fold.script_tag(framework) == "zh-Hans":
        label = f"实施《{framework}》{year}年重点工作"
    return Resolved(ids.plan(framework, year), label, "Plan")


def _known(title: Title) -> Resolved | None:
    hit = known().get(bare_key(title.name))
    if not hit:
        return None
    canonical, kind = hit
    return Resolved(ids.entity("document", canonical), canonical, kind)


def _generic(title: Title, text: str, titles: list[Title], source: str) -> Resolved | None:
    if not is_generic(title.name):
        return None
    suffix = suffix_of(title.name)
    before = [t for t in titles if title.start - _NEARBY <= t.end <= title.start and not is_generic(t.name)]
    same = [t for t in before if suffix_of(t.name) == suffix]
    if same:
        return plain(same[-1])
    return Resolved(f"{ids.entity('document', title.name)}/in/{ids.segment(source)}", title.name, title.kind)


def plain(title: Title) -> Resolved:
    label = edition_form(title.name)
    return Resolved(ids.entity("document", label), label, title.kind)


def resolve(title: Title, text: str, titles: list[Title], source: str, aliases: dict[str, Title] | None = None) -> Resolved:
    """The node a title names; its as-written form becomes an alias when it differs from the label."""
    aliases = declared_aliases(text, titles) if aliases is None else aliases
    target = aliases.get(bare_key(title.name))
    short = shortened(title, titles) if aliases else None
    found = (
        _plan(title, text)
        or (target is not None and target != title and resolve(target, text, titles, source, {}))
        or _known(title)
        or (short is not None and resolve(short, text, titles, source, {}))
        or _generic(title, text, titles, source)
        or plain(title)
    )
    written = re.sub(r"\s", "", title.name)
    forms = (written, *edition_variants(found.label))
    extra = tuple(dict.fromkeys(f for f in forms if fold.key(f) != fold.key(found.label)))
    return Resolved(found.iri, found.label, found.kind, extra)
