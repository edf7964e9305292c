"""Script folding: one key for the same name in Traditional or Simplified, any width, any spacing.

OpenCC converters are built lazily because constructing one reads its dictionaries; the fast
commands (lookup, query, export) only pay for it when they actually fold text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"〈": "《", "〉": "》", "（": "(", "）": ")", "—": "-", "–": "-", "－": "-", "／": "/"})


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def width(text: str) -> str:
    """Full-width digits, letters and brackets to half-width; CJK punctuation that NFKC would mangle stays."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The folded comparison key: Simplified (Traditional->Simplified is many-to-one), half-width, no spaces."""
    return to_simplified(_SPACE.sub("", width(text).translate(_BRACKETS)))


def search_key(text: str) -> str:
    """The lookup key: the comparison key with Latin letters case-folded, so `hong kong` finds Hong Kong
    and `cepa` CEPA. Only lookup uses it: IRIs and comparisons keep the case of key()."""
    return key(text).casefold()


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """A Traditional form that both scripts of a name fold to; used where a key must be readable (IRIs)."""
    return to_traditional(key(text))


@lru_cache(maxsize=65536)  # every extractor tags the same names again in every document
def script_tag(text: str) -> str:
    """`zh-Hans` when the text changes under Simplified->Traditional conversion, else `zh-Hant`."""
    return "zh-Hans" if to_traditional(text) != text and to_simplified(text) == text else "zh-Hant"
