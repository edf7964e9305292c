"""`coopkg carryover-eval`: precision and recall of the carry-over links on the annotated sample."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read
from ._options import one_of


def carryover_eval(
    fmt: str = typer.Option("text", "--format", help="text or json."),
    errors: bool = typer.Option(False, "--errors", help="Also list each false positive and false negative."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Score the carry-over links (coop:continues): tuning half tests/gold/carryover.json + carryover_heldout.json, held-back half carryover_third.json + carryover_fourth.json."""
    import dataclasses
    import json

    from .. import carryover, carryover_eval as ev

    one_of("--format", fmt, ("text", "json"))
    result = ev.evaluate(carryover.records_from_store(open_read(store)))
    if fmt == "json":
        for key in ("scores", "samples", "turnover"):
            result[key] = [dataclasses.asdict(s) for s in result[key]]
        result["agreement"]["scores"] = dataclasses.asdict(result["agreement"]["scores"])
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"threshold {result['threshold']} (relative {result['relative']}), fixed in kg_build/carryover.py; "
          f"the tuning half alone would choose {result['tuning_choice']['threshold']} (relative {result['tuning_choice']['relative']})")
    for s in result["scores"]:
        print(_line(s.sample, s))
    print("by sample:")
    for s in result["samples"]:
        print(_line(f"  {s.sample}", s))
    print("new and dropped items (what `coopkg query new-items | dropped-items` answers), all items annotated:")
    for s in result["turnover"]:
        print(_line(f"  {s.sample}", s, truth="in gold   ", guess="rows     "))
    readers = result["agreement"]["scores"]
    print(f"two readers on the held-back half (tests/gold/carryover_second.json, blind, scored like the links): "
          f"precision {readers.precision:.3f}  recall {readers.recall:.3f}  "
          f"same choice on {result['agreement']['identical_items']} of {readers.items} items")
    for half, kind, pair in result["errors"] if errors else ():
        print(f"  {half:9} {kind}: {pair}")


def _line(name: str, s, truth: str = "gold links", guess: str = "predicted") -> str:
    return (f"{name:19}  items {s.items:2}  {truth} {s.gold_links:2}  {guess} {s.predicted:2}  "
            f"correct {s.true_positives:2}  precision {s.precision:.3f}  recall {s.recall:.3f}")


def register(app: typer.Typer) -> None:
    app.command("carryover-eval")(carryover_eval)
