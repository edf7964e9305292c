from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read


def validate(store: Optional[Path] = StoreOption) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL) and the vocabulary of ontology/coop.ttl.

    Prints one line per problem (focus node, path, message); exits 0 when the graph conforms,
    1 otherwise.
    """
    import sys

    from .. import validate as checker

    problems = checker.validate(open_read(store))
    for problem in problems:
        print(problem.line())
    if problems:
        print(f"coopkg: {len(problems)} problem{'s' if len(problems) != 1 else ''}; the graph does not conform", file=sys.stderr)
        raise typer.Exit(1)
    print("conforms: SHACL shapes and vocabulary", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command()(validate)
