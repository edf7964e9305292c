"""Evidence for people: a Mention's quote with its source file, line number and the sentence around it.

The store keeps only the quoted slice; the sentence comes from the corpus file when it is at
hand (bundled corpus, same SHA-256 not required: the offsets are checked against the quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .sparql import run

_QUOTE = """
SELECT ?m ?file ?line ?start ?exact WHERE {
  ?m oa:hasSource ?src ; oa:hasSelector ?pos, ?quote ; coop:line ?line .
  ?pos oa:start ?start . ?quote oa:exact ?exact .
  ?src dcterms:identifier ?file .
}"""
_STOP = re.compile(r"[。！？；!?;]")
_REACH = 120


@dataclass(frozen=True)
class Quote:
    file: str
    line: int
    exact: str
    sentence: str = ""


@lru_cache(maxsize=16)
def _original(file: str) -> str | None:
    from .paths import corpus_dir
    from .read import read_file

    try:
        path = corpus_dir() / file
        return read_file(path, file).text if path.is_file() else None
    except Exception:  # evidence is a courtesy: an unreadable file just shows the bare quote
        return None


def sentence(text: str | None, start: int, exact: str) -> str:
    """The sentence holding text[start:start+len(exact)], line breaks joined, or the quote alone."""
    if not text or text[start:start + len(exact)] != exact:
        return exact
    before = [m.end() for m in _STOP.finditer(text, max(0, start - _REACH), start)]
    left = before[-1] if before else max(0, start - _REACH)
    after = _STOP.search(text, start + len(exact), start + len(exact) + _REACH)
    right = after.end() if after else min(len(text), start + len(exact) + _REACH)
    return "".join(text[left:right].split())


def quotes(store, mentions: list[str]) -> list[Quote]:
    from pyoxigraph import NamedNode, Variable

    found = []
    for mention in mentions:
        for row in run(store, _QUOTE, {Variable("m"): NamedNode(mention)}):
            file, exact = row["file"].value, row["exact"].value
            around = sentence(_original(file), int(row["start"].value), exact)
            found.append(Quote(file, int(row["line"].value), " ".join(exact.split()), around))
    return sorted(set(found), key=lambda q: (q.file, q.line))
