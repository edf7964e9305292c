from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UserError
from ._common import StoreOption, open_read
from ._options import one_of


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UserError(f"--param takes name=value, not '{pair}'")
        params[name.strip()] = value
    return params


def _text_and_bindings(query: Optional[str], file: Optional[Path], params: dict[str, str]):
    from .. import named_queries

    if file is not None:
        if query is not None:
            raise UserError("give the query as text or with --file, not both")
        if params:
            raise UserError("--param works with named queries only; write the value into your query file")
        if not file.is_file():
            raise UserError(f"{file}: no such query file")
        try:
            return file.read_bytes().decode("utf-8-sig"), {}  # an editor's byte-order mark is not SPARQL
        except UnicodeDecodeError:
            raise UserError(f"{file}: not UTF-8 text; save the query as UTF-8") from None
    if query is None:
        raise UserError("give a SPARQL query, --file F.rq, or the name of a query (`coopkg query --list`)")
    if named_queries.looks_like_name(query):
        named = named_queries.get(query)
        return named.text, named_queries.bindings(named, params)
    if params:
        raise UserError("--param works with named queries only; write the value into your own query")
    return query, {}


def _list() -> None:
    from rich.console import Console
    from rich.table import Table

    from ..named_queries import catalogue

    table = Table("name", "summary", "parameters")
    for q in catalogue().values():
        params = ", ".join(f"{p.name} ({p.type}{', default ' + p.default if p.default else ''})" for p in q.params)
        table.add_row(q.name, q.summary, params or "—")
    Console().print(table)


def query(
    text: Optional[str] = typer.Argument(None, help="SPARQL text, or the name of a query in queries/."),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the query from a .rq file."),
    param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="name=value for a named query's parameter; repeatable."),
    fmt: str = typer.Option("table", "--format", help="table, csv, tsv, json (SPARQL 1.1 results JSON) or xml; for CONSTRUCT/DESCRIBE also turtle, ntriples, jsonld, nquads, trig (table gives Turtle, csv/tsv N-Triples, json JSON-LD, xml RDF/XML)."),
    list_: bool = typer.Option(False, "--list", help="List the named queries and exit."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Ask a SPARQL question over the union of all named graphs."""
    from .. import sparql

    if list_:
        return _list()
    one_of("--format", fmt, (*sparql.RESULT_FORMATS, *sparql.GRAPH_FORMATS))
    text_, bindings = _text_and_bindings(text, file, _parse_params(param or []))
    result = sparql.run(open_read(store), text_, bindings)
    kind = sparql.kind(result)
    if kind != "graph" and fmt in sparql.GRAPH_FORMATS:
        raise UserError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {kind.upper()} answers in {', '.join(sparql.RESULT_FORMATS)}")
    if kind == "select":
        sparql.write_select(result, fmt, query=text_)
    elif kind == "ask":
        sparql.write_ask(result, fmt)
    else:
        sparql.write_graph(result, fmt)


def register(app: typer.Typer) -> None:
    app.command()(query)
