"""Evidence for people: a Mention's quote with its source file and line number."""

from __future__ import annotations

from dataclasses import dataclass

from .sparql import run

_QUOTE = """
SELECT ?m ?file ?line ?exact WHERE {
  ?m oa:hasSource ?src ; oa:hasSelector ?pos, ?quote ; coop:line ?line .
  ?pos oa:start ?start . ?quote oa:exact ?exact .
  ?src dcterms:identifier ?file .
}"""


@dataclass(frozen=True)
class Quote:
    file: str
    line: int
    exact: str


def quotes(store, mentions: list[str]) -> list[Quote]:
    from pyoxigraph import NamedNode, Variable

    found = []
    for mention in mentions:
        for row in run(store, _QUOTE, {Variable("m"): NamedNode(mention)}):
            exact = row["exact"].value
            found.append(Quote(row["file"].value, int(row["line"].value), " ".join(exact.split())))
    return sorted(set(found), key=lambda q: (q.file, q.line))
