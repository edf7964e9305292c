from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read


def _print(hits, evidence: bool, db) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for hit in hits:
        names = " / ".join(v for lang in ("zh-Hant", "zh-Hans", "en", "") for v in hit.labels.get(lang, []))
        console.print(f"[bold]{names}[/bold]  [dim]{hit.iri}[/dim]")
        console.print(f"  type: {', '.join(hit.types) or '—'}")
        if hit.aliases:
            console.print(f"  aliases: {'、'.join(hit.aliases)}")
        for prop, iri, value in hit.out:
            console.print(f"  {prop}: {value}" + (f"  [dim]{iri}[/dim]" if iri and value != iri else ""))
        for prop, iri, label in hit.incoming:
            console.print(f"  ← {prop}: {label or iri}")
        # --- carry-over history (issue 7): the item's chain backward and forward ---
        if "coop:PlanItem" in hit.types:
            _print_history(console, db, hit.iri)
        # --- end carry-over history ---
        if evidence:
            from ..evidence import quotes

            for quote in quotes(db, hit.evidence):
                said = quote.sentence.replace(quote.exact, f"[bold]{quote.exact}[/bold]", 1) if quote.sentence else quote.exact
                console.print(f"  [green]“{said}”[/green] [dim]{quote.file}:{quote.line}[/dim]")
        console.print()


def _print_history(console, db, iri: str) -> None:
    """Issue 7: plan items show the items they continue and the items that continue them."""
    from ..carryover import history

    chain = history(db, iri)
    if len(chain) < 2:
        return
    console.print("  history:")
    for year, number, node, score in chain:
        mark = "[bold]◆[/bold]" if node == iri else "·"
        console.print(f"    {mark} {year}-{number}" + (f"  score {score:.3f}" if score is not None else "") + f"  [dim]{node}[/dim]")


def lookup(
    text: str = typer.Argument(..., help="A name or alias, Traditional or Simplified, spaces and width ignored."),
    type_: Optional[str] = typer.Option(None, "--type", help="Only nodes of this class, e.g. Place, Agreement."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    evidence: bool = typer.Option(False, "--evidence", help="Show the quoted source sentences with file and line."),
    limit: int = typer.Option(10, "--limit", help="At most this many nodes."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Find nodes by label or alias and show what the graph says about them."""
    import json
    import sys

    from .. import lookup as finder

    db = open_read(store)
    hits = finder.find(db, text, type_=type_, limit=limit)
    if fmt == "json":
        print(json.dumps([finder.as_json(h) for h in hits], ensure_ascii=False, indent=1))
    elif hits:
        _print(hits, evidence, db)
    if not hits:
        print(f"coopkg: nothing in the graph is called '{text}'; try a shorter name or `coopkg query`", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(lookup)
