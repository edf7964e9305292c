"""Named queries: the .rq files in queries/, each with a grlc-style header.

    #+ summary: Plans with their year and counts
    #+ description: One row per key-work plan …
    #+ param: year | xsd:gYear | 2019 | The plan's year

Parameters are bound as RDF terms through pyoxigraph's substitutions (SEP-0007), never pasted
into the query text, so no value can change what the query does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .paths import queries_dir

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # xsd:integer, xsd:gYear, xsd:string, iri, literal (a plain or language-neutral string)
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path


def _param(value: str) -> Param:
    parts = [p.strip() for p in value.split("|")]
    parts += [""] * (4 - len(parts))
    return Param(parts[0], parts[1] or "xsd:string", parts[2] or None, parts[3])


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2).strip())
    return NamedQuery(
        name=path.stem,
        summary=" ".join(fields.get("summary", [])),
        description=" ".join(fields.get("description", [])),
        params=tuple(_param(v) for v in fields.get("param", [])),
        text=text,
        path=path,
    )


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    folder = folder or queries_dir()
    return {path.stem: parse(path) for path in sorted(folder.glob("*.rq"))}


def get(name: str) -> NamedQuery:
    queries = catalogue()
    if name not in queries:
        raise UserError(f"unknown named query '{name}'; `coopkg query --list` shows the {len(queries)} there are")
    return queries[name]


def looks_like_name(text: str) -> bool:
    return bool(_NAME.match(text))


def term(param: Param, value: str):
    """A parameter value as the RDF term its declared type says."""
    from pyoxigraph import Literal, NamedNode

    kind = param.type
    if kind == "iri":
        return NamedNode(value)
    if kind.startswith("xsd:") and kind != "xsd:string":
        _check(param, value)
        return Literal(value, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#" + kind[4:]))
    return Literal(value)


def _check(param: Param, value: str) -> None:
    patterns = {"xsd:integer": r"-?\d+", "xsd:gYear": r"\d{4}", "xsd:date": r"\d{4}-\d{2}-\d{2}", "xsd:decimal": r"-?\d+(\.\d+)?"}
    pattern = patterns.get(param.type)
    if pattern and not re.fullmatch(pattern, value, re.ASCII):  # ２０１９ is no gYear a store holds
        raise UserError(f"parameter {param.name} must be {param.type} (e.g. {param.default or '…'}), not '{value}'")


def bindings(query: NamedQuery, given: dict[str, str]) -> dict:
    from pyoxigraph import Variable

    known = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise UserError(f"query '{query.name}' has no parameter {', '.join(unknown)}; its parameters: {names}")
    out = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise UserError(f"query '{query.name}' needs --param {param.name}=… ({param.description or param.type})")
        out[Variable(param.name)] = term(param, value)
    return out
