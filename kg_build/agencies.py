"""Responsible agencies: the trailing parenthesis of a plan item, e.g. （省發展改革委、公安廳牽頭）.

A parenthesis counts only when every part of it reads as a body; (福田站及相關工程) or
(以下簡稱CEPA) stay in the item text. The 省 prefix distributes forward over a 、 list and the
市政府 suffix backward, as Guangdong's editions write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRAILING = re.compile(r"[（(]([^（）()]{2,80})[）)]\s*[。.；;]?\s*$")
_ROLE = re.compile(r"(?:牽頭|牵头|負責|负责|配合|參與|参与|等)+$")
_GROUPS = re.compile(r"[，,；;]")
_PARTS = re.compile(r"[、/／]")
_BODY_SUFFIX = re.compile(
    r"(?:廳|厅|局|委|委員會|委员会|辦|办|署|部|處|处|政府|院|會|会|中心|海關|海关|公司|銀行|银行|集團|集团|總隊|总队|組|组|所|館|馆|台|站)$"
)
_CITY_SUFFIX = re.compile(r"(?:市|區|区)?(?:人民)?政府$")
_NOT_PROVINCIAL = re.compile(r"^(?:香港|澳門|澳门|中央|國家|国家|人民銀行|人民银行|海關總署|海关总署|廣州|广州|深圳|珠海)|[市區区署]")
_NOT_AGENCY = re.compile(r"簡稱|简称|以下|及相關|及相关|工程|試行|试行|\d")


@dataclass(frozen=True)
class Agency:
    name: str  # as written after distribution, e.g. 省公安廳, 廣州市政府
    start: int  # offsets of the written part within the item text
    end: int


def _suffix_of(part: str) -> str | None:
    match = _CITY_SUFFIX.search(part)
    return match.group() if match and len(part) > len(match.group()) else None


def _distribute(parts: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    names = [p[0] for p in parts]
    provincial = names[0].startswith("省")
    suffix = _suffix_of(names[-1])
    out = []
    for i, (name, s, e) in enumerate(parts):
        if suffix and i < len(parts) - 1 and not _BODY_SUFFIX.search(name):
            name = name + ("市政府" if suffix.startswith("政府") else suffix)
        if provincial and i and not name.startswith("省") and not _NOT_PROVINCIAL.search(name):
            name = "省" + name
        out.append((name, s, e))
    return out


_TOKEN = re.compile(r"[^、/／，,；;]+")


def _groups(inner: str, base: int) -> list[list[tuple[str, int, int]]]:
    """Split on 、 within a group and on ，； between groups, keeping each name's offsets."""
    groups: list[list[tuple[str, int, int]]] = [[]]
    for match in _TOKEN.finditer(inner):
        if match.start() and _GROUPS.match(inner[match.start() - 1]) and groups[-1]:
            groups.append([])
        raw = match.group()
        name = _ROLE.sub("", raw.strip())
        if name:
            start = base + match.start() + raw.index(name)
            groups[-1].append((name, start, start + len(name)))
    return [g for g in groups if g]


def _parse(inner: str, base: int) -> list[Agency] | None:
    if _NOT_AGENCY.search(inner):
        return None
    agencies: list[Agency] = []
    for group in _groups(inner, base):
        distributed = _distribute(group)
        if not all(_BODY_SUFFIX.search(name) for name, _, _ in distributed):
            return None
        agencies.extend(Agency(name, s, e) for name, s, e in distributed)
    return agencies or None


def split(text: str) -> tuple[str, tuple[Agency, ...]]:
    """Item text -> (text without an agency parenthesis, agencies found); no agencies: text unchanged."""
    match = TRAILING.search(text)
    if not match:
        return text, ()
    agencies = _parse(match.group(1), match.start(1))
    if not agencies:
        return text, ()
    head = text[: match.start()].rstrip()
    tail = match.group()[-1] if match.group().rstrip()[-1:] in "。." else ""
    if tail and head.endswith(("。", ".")):
        tail = ""
    return head + tail, tuple(agencies)
