from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import StoreOption, store_path


def build(
    corpus: Optional[List[Path]] = typer.Option(None, "--corpus", help="A corpus file or folder; repeat for several (default: the bundled corpus)."),
    store: Optional[Path] = StoreOption,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=256, help="Worker processes for extraction (0: one per core from 20 documents up, else 1)."),
) -> None:
    """Build the graph from the corpus into the store (swapped in only when complete)."""
    from ..build import run

    run(corpus, store_path(store), jobs)


def register(app: typer.Typer) -> None:
    app.command()(build)
