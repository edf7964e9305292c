from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read, write_bytes
from ._options import one_of

_HELP = (
    "turtle, ntriples, jsonld, rdfxml (union graph; JSON-LD compacted with ontology/context.jsonld); "
    "nquads, trig (one named graph per source document); csv-entities (iri, type, label_zh, label_en, "
    "aliases), csv-relations (subject, property, object and their labels); void (a VoID description)."
)


def _progress(label: str):
    """A spinner on stderr while the export runs; only on a terminal, and gone when done."""
    import sys
    from contextlib import nullcontext

    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"exporting {label} …", spinner="dots")


def export(
    fmt: str = typer.Option("turtle", "--format", help=_HELP),
    # str, not Path: typer turns -o '' into Path('.'), the current folder, and the empty name must be refused as such.
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Write the whole graph in a standard RDF format, as CSV tables, or as a VoID description."""
    from .. import export as exporter

    one_of("--format", fmt, tuple(exporter.FORMATS))
    db = open_read(store)

    def serialise() -> bytes:
        with _progress(fmt):
            return exporter.serialise(db, fmt)

    # write_bytes checks -o (a folder, a missing folder, no write access) before the export runs.
    write_bytes(serialise, output)


def register(app: typer.Typer) -> None:
    app.command()(export)
