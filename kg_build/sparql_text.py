"""What a SPARQL text asks for, read without parsing it: whether it is an update, its nesting depth,
whether it names its own dataset (FROM), whether it calls other endpoints (SERVICE), and, when
Oxigraph's parser refuses it, what to tell the person who wrote it. Strings, IRIs and comments are
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


_QUERY_FORMS = {"select", "construct", "ask", "describe"}
_PARSER_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):(?=[\w%\\:-]|\s|$)")


def syntax_problem(query: str, parser_message: str, builtin_prefixes=()) -> str:
    """One line for a query Oxigraph's parser refused: what is wrong and where, in words the writer
    of the query knows. The parser's own text ("error at 2:16: expected one of LATERAL, SERVICE, [_]")
    names grammar rules and character classes, and its position is where it gave up, which is
    often past the mistake; so the line quotes the text just before that position."""
    if not query.strip():
        return "the query is empty; write a SELECT, CONSTRUCT, ASK or DESCRIBE query"
    rest = query[_PROLOGUE.match(query).end():]
    word = re.match(r"\S+", rest)
    if word and word.group(0).lower() not in _QUERY_FORMS:
        return f"a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE lines), not “{word.group(0)[:20]}”"
    if "Prefix not found" in parser_message:
        text = blanked(query)
        known = {*(m.group(1) or "" for m in _DECLARED.finditer(text)), *builtin_prefixes}
        unknown = next((m.group(1) for m in _PREFIXED.finditer(text) if m.group(1) not in known), None)
        if unknown:
            offered = ", ".join(f"{p}:" for p in builtin_prefixes)
            return (f"the prefix “{unknown}:” is not declared; add PREFIX {unknown}: <…> to the query"
                    + (f", or use a built-in prefix ({offered})" if offered else ""))
    found = _PARSER_AT.match(parser_message.strip())
    if not found:
        first = parser_message.splitlines()[0] if parser_message else "syntax error"
        return first if len(first) <= 100 else first[:100] + "…"
    line, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = query.splitlines() or [""]
    text = lines[min(line, len(lines)) - 1]
    before = text[:max(column - 1, 0)].strip()
    before = before if len(before) <= 30 else "…" + before[-30:]
    if line >= len(lines) and column > len(text.rstrip()):
        # what a parser expects at the very end is every way the query could have gone on: noise
        return f"the query ends before it is whole, after “{before}”; look for a missing term, bracket, quote or keyword"
    return (f"the parser gave up at line {line}, column {column}" + (f", after “{before}”" if before else "")
            + f"{_expected(expected)}; the mistake is there or a little before")


def _expected(parser_words: str) -> str:
    """"expected one of ")", ABS, [_], ['%']" -> ", expecting “)” or ABS": the parser's character classes say nothing to a reader."""
    words = re.sub(r"\[[^\]]*\]", "", parser_words.split("\n")[0])
    words = re.sub(r"^\s*expected\s+(one of\s+)?", "", words)
    names = []
    for word in (w.strip() for w in words.split(", ")):
        if word and word != "Prefix not found":
            names.append(f"“{word[1:-1].replace(chr(92), '')}”" if word.startswith('"') and len(word) > 1 else word)
    if not names:
        return ""
    shown = names[:6] + (["…"] if len(names) > 6 else [])
    return ", expecting " + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1])
