"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..paths import default_store

StoreOption = typer.Option(None, "--store", help="The store folder (default: ./coopkg-store or $COOPKG_STORE).", show_default=False)


def store_path(store: Optional[Path]) -> Path:
    return store or default_store()


def open_read(store: Optional[Path]):
    from ..store import open_store

    return open_store(store_path(store))


def write_bytes(data: bytes, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        tmp = output.with_name(output.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(output)
