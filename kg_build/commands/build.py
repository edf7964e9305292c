from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import StoreOption, store_path


def build(
    corpus: Optional[List[Path]] = typer.Option(None, "--corpus", help="A corpus file or folder; repeat for several (default: the bundled corpus)."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Build the graph from the corpus into the store (swapped in only when complete)."""
    from ..build import run

    run(corpus, store_path(store))


def register(app: typer.Typer) -> None:
    app.command()(build)
