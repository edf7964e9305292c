"""Running SPARQL on the store and writing results in the formats users expect of an endpoint."""

from __future__ import annotations

import io
import sys

from .errors import UserError
from .rdf import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "nquads": "N_QUADS", "trig": "TRIG"}
# A CONSTRUCT or DESCRIBE asked for a results format gets the nearest RDF syntax
AS_GRAPH = {"table": "TURTLE", "csv": "N_TRIPLES", "tsv": "N_TRIPLES", "json": "JSON_LD", "xml": "RDF_XML"}


def run(store, query: str, substitutions: dict | None = None):
    """Execute over the union of all named graphs; a syntax error becomes one readable line."""
    from . import sparql_text

    refused = sparql_text.refusal(query)
    if refused:
        raise UserError(refused)
    union = not sparql_text.names_dataset(query)  # FROM <g> must query <g>, not the union
    try:
        return store.query(query, use_default_graph_as_union=union, prefixes=PREFIXES, substitutions=substitutions or None)
    except SyntaxError as exc:
        if sparql_text.is_update(query):
            raise UserError("coopkg query answers questions and never changes the store (INSERT, DELETE, LOAD, CLEAR, "
                            "DROP … are updates); rebuild with `coopkg build` to change what it holds") from None
        raise UserError(f"malformed SPARQL: {sparql_text.syntax_problem(query, str(exc), PREFIXES)}") from None
    except OSError as exc:
        raise UserError(f"the query failed: {exc}") from None


def kind(result) -> str:
    import pyoxigraph

    if isinstance(result, pyoxigraph.QuerySolutions):
        return "select"
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "ask"
    return "graph"


def short(term, prefixes: dict[str, str] = PREFIXES) -> str:
    """A term for people: literals as their text, IRIs as prefixed names where a prefix fits."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        for prefix, ns in prefixes.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    return term.value


def write_select(result, fmt: str, out=None, query: str = "") -> int:
    import pyoxigraph

    from .sparql_text import written_order

    out = out or sys.stdout
    given = [v.value for v in result.variables]
    names = written_order(query, given)
    if fmt == "table":
        data = [[solution[v] for v in names] for solution in result]
        _table(names, data, out)
        return len(data)
    if fmt == "csv":
        out.write(csv_results(names, result).decode("utf-8"))
        return -1
    if names != given:  # Oxigraph writes its own order; the rows are re-encoded in the query's
        from .serve_formats import binding, encode_solutions

        data = encode_solutions(names, [binding(s, names) for s in result], fmt.upper())
    else:
        formats = {"tsv": pyoxigraph.QueryResultsFormat.TSV, "json": pyoxigraph.QueryResultsFormat.JSON,
                   "xml": pyoxigraph.QueryResultsFormat.XML}
        buffer = io.BytesIO()
        result.serialize(buffer, formats[fmt])
        data = xml_safe(buffer.getvalue()) if fmt == "xml" else buffer.getvalue()
    text = data.decode("utf-8")
    out.write(text if text.endswith("\n") else text + "\n")  # a shell prompt must not follow on the same line
    return -1


def csv_results(variables: list[str], solutions) -> bytes:
    """SPARQL 1.1 Query Results CSV (RFC 4180). pyoxigraph 0.5 leaves an IRI that holds a comma
    unquoted, which shifts every later column; the csv module quotes every field that needs it."""
    import csv

    import pyoxigraph

    def cell(term) -> str:
        if term is None:
            return ""
        return "_:" + term.value if isinstance(term, pyoxigraph.BlankNode) else term.value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([cell(solution[name]) for name in variables] for solution in solutions)
    return buffer.getvalue().encode("utf-8")


# The syntaxes that can abbreviate IRIs with the project's prefixes.
_PREFIXED_SYNTAXES = {"TURTLE", "TRIG", "RDF_XML"}


def rdf_bytes(triples, syntax: str) -> bytes:
    """Triples (or a CONSTRUCT answer) in an Oxigraph RDF syntax ("TURTLE", "RDF_XML", …), with the
    project's prefixes where the syntax has them and RDF/XML made CR-safe: query, serve and export
    all write RDF through here."""
    import pyoxigraph

    data = pyoxigraph.serialize(triples, format=getattr(pyoxigraph.RdfFormat, syntax),
                                prefixes=PREFIXES if syntax in _PREFIXED_SYNTAXES else None) or b""
    return xml_safe(data) if syntax == "RDF_XML" else data


def xml_safe(data: bytes) -> bytes:
    """pyoxigraph 0.5 writes a carriage return in a literal raw, and XML parsers read it back as a
    line feed; as a character reference it survives. XML results and RDF/XML hold no other CR."""
    return data.replace(b"\r", b"&#13;")


def _table(variables: list[str], data: list[list], out) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in variables:
        table.add_column(name, overflow="fold")
    for row in data:
        table.add_row(*(short(term) for term in row))
    Console(file=out, soft_wrap=False).print(table)
    Console(file=sys.stderr).print(f"[dim]{len(data)} row{'s' if len(data) != 1 else ''}[/dim]")


def write_ask(result, fmt: str, out=None) -> None:
    out = out or sys.stdout
    import pyoxigraph

    if fmt in ("json", "xml"):  # the SPARQL results documents; csv and tsv define no boolean, so the word
        buffer = io.BytesIO()
        result.serialize(buffer, getattr(pyoxigraph.QueryResultsFormat, fmt.upper()))
        out.write(buffer.getvalue().decode("utf-8") + "\n")
    else:
        out.write(("true" if bool(result) else "false") + "\n")


def write_graph(result, fmt: str, out=None) -> None:
    import pyoxigraph

    out = out or sys.stdout
    text = rdf_bytes(result, {**AS_GRAPH, **GRAPH_FORMATS}.get(fmt, "TURTLE")).decode("utf-8")
    out.write(text if not text or text.endswith("\n") else text + "\n")
