from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption


def _gold_default() -> Path:
    from ..paths import _CHECKOUT

    return _CHECKOUT / "tests" / "gold" / "corpus.json"


def evaluate(
    gold: Optional[Path] = typer.Option(None, "--gold", help="The gold annotation (default: tests/gold/corpus.json)."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 when any category's F1 is below this."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Precision, recall and F1 per category against a gold file; without --store, the bundled corpus is built into a temporary store first."""
    import sys
    import tempfile

    from ..evaluate import evaluate as score
    from ..evaluate import load_gold, table
    from ..store import open_store

    data = load_gold(gold or _gold_default())
    with tempfile.TemporaryDirectory(prefix="coopkg-eval-") as tmp:
        if store is None:
            from ..build import run

            store = Path(tmp) / "store"
            run(None, store)
        scores, notes = score(open_store(store), data)
    print(table(scores))
    for what, lines in notes.items():
        print(f"{what}: {'; '.join(lines)}", file=sys.stderr)
    low = [name for name, (_, _, f1) in scores.items() if min_f1 is not None and f1 < min_f1]
    if low:
        print(f"below --min-f1 {min_f1}: {', '.join(low)}", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
