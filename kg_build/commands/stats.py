from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read, store_path
from ._options import one_of

_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER(STRSTARTS(STR(?class), STR(coop:))) }
GROUP BY ?class ORDER BY DESC(?n) ?class"""


def stats(
    fmt: str = typer.Option("table", "--format", help="table or json."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Counts of documents, graphs, quads and nodes per class."""
    import json

    from .. import sparql
    from ..store import info

    one_of("--format", fmt, ("table", "json"))
    db = open_read(store)
    counts = {sparql.short(row["class"]): int(row["n"].value) for row in sparql.run(db, _COUNTS)}
    graphs = sum(1 for _ in db.named_graphs())
    data = {"store": str(store_path(store)), "graphs": graphs, "quads": len(db), "classes": counts,
            "sources": info(store_path(store)).get("sources", [])}
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("what", "count", title=f"coopkg store {data['store']}")
    table.add_row("named graphs", str(graphs))
    table.add_row("quads", str(data["quads"]))
    for name, n in counts.items():
        table.add_row(name, str(n))
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command()(stats)
