from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from ._common import StoreOption, open_read, write_bytes


def export(
    fmt: str = typer.Option("turtle", "--format", help="turtle, ntriples, jsonld (union graph), nquads or trig (one graph per source)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Write the whole graph in a standard RDF format."""
    from .. import export as exporter

    if fmt not in exporter.FORMATS:
        raise UserError(f"unknown --format {fmt}; choose one of {', '.join(exporter.FORMATS)}")
    write_bytes(exporter.serialise(open_read(store), fmt), output)


def register(app: typer.Typer) -> None:
    app.command()(export)
