"""What a SPARQL text asks for, read without parsing it: whether it is an update, its nesting depth,
whether it names its own dataset (FROM) and whether it calls other endpoints (SERVICE). Strings, IRIs and comments are
blanked first, so a literal "SERVICE" or a "{" inside a string counts for nothing."""

from __future__ import annotations

import re

_TERMS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
# keywords, not a variable (?from), a prefixed name (ex:service), a prefix (from:x) or part of a word
_FROM = re.compile(r"(?<![?$\w:])FROM\b(?!:)", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b(?!:)", re.IGNORECASE)
_SELECT = re.compile(r"(?<![?$\w:])SELECT\b(?!:)", re.IGNORECASE)
_STAR = re.compile(r"(?:\s+(?:DISTINCT|REDUCED)\b)?\s*(\*)", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([\w\u00B7]+)")

# Deeper than any query a person writes; Oxigraph's parser recurses and a few thousand levels
# overflow the stack (a segfault in `coopkg query`, a dead worker in `coopkg serve`).
MAX_DEPTH = 100


def refusal(query: str, *, endpoint: bool = False) -> str | None:
    """Why coopkg will not run this text, or None: too deep for the parser anywhere, and a SERVICE
    call on the endpoint, whose clients must not choose the URLs it fetches."""
    if depth(query) > MAX_DEPTH:
        return f"the query nests more than {MAX_DEPTH} levels of brackets; write it flatter"
    if endpoint and calls_service(query):
        return "federated queries (SERVICE) are not answered by this endpoint; query the other endpoint yourself"
    return None


def blanked(query: str) -> str:
    return _TERMS.sub(lambda m: " " * len(m.group()), query)


def depth(query: str) -> int:
    deepest = level = 0
    for ch in blanked(query):
        if ch in "{([":
            level += 1
            deepest = max(deepest, level)
        elif ch in "})]":
            level -= 1
    return deepest


def names_dataset(query: str) -> bool:
    """FROM or FROM NAMED: the query chooses its graphs, so the union default graph must not replace them."""
    return bool(_FROM.search(blanked(query)))


def calls_service(query: str) -> bool:
    return bool(_SERVICE.search(blanked(query)))


# The prologue (PREFIX/BASE lines and comments) holds no strings, so the first keyword after it
# tells an update from a query without a full parse.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}


def is_update(text: str) -> bool:
    rest = text[_PROLOGUE.match(text).end():]
    word = re.match(r"[A-Za-z]+", rest)
    return bool(word) and word.group(0).lower() in _UPDATE_WORDS


def written_order(query: str, variables: list[str]) -> list[str]:
    """The answer's variables in the order a top-level `SELECT *` query first writes them, as Jena and
    Virtuoso list them; Oxigraph sorts them by name, so `?s ?p ?o` came out o, p, s. Any other
    query keeps the order it was given (its SELECT clause's)."""
    text = blanked(query)
    select = _SELECT.search(text)  # the first SELECT is the outer one: sub-selects sit inside its WHERE
    star = select and _STAR.match(text, select.end())
    if not star:
        return list(variables)
    first: dict[str, int] = {}
    for found in _VARIABLE.finditer(text, star.end()):
        first.setdefault(found.group(1), found.start())
    return sorted(variables, key=lambda name: first.get(name, len(text)))
