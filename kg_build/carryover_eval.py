"""Precision and recall of the carry-over links against the annotated samples in tests/gold/.

Four samples, each annotated by reading the plans before it was scored. A held-back sample is used
up once the scorer it measured is changed, and then joins the tuning half:
tests/gold/carryover.json tuned the first scorer; tests/gold/carryover_heldout.json was held back
from it, measured once, and now tunes as well (80 items). The held-back half is
tests/gold/carryover_third.json (40 items) and carryover_fourth.json (the 31 later items left),
annotated blind to the extractor; the constants in carryover.py were fixed on the 80 before either
was measured, and the fourth was annotated after they were fixed. STOP_SHARE came later: it was
chosen in a copy of the repository without the held-back files, by cross-validation on the 80, and
measured on the held-back half once (precision 0.685 -> 0.698, recall 0.822 unchanged).
`choose_threshold` looks at the tuning half only.

tests/gold/carryover_second.json is a second reader's blind annotation of the held-back items. It is
not a target: scored against the first annotation like the links are, it shows how far two careful
readers agree, which is the most the links could be expected to reach.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import carryover
from .errors import UserError
from .paths import _CHECKOUT

GOLD = Path("tests") / "gold"
TUNING = (GOLD / "carryover.json", GOLD / "carryover_heldout.json")
HELD_BACK = (GOLD / "carryover_third.json", GOLD / "carryover_fourth.json")
SECOND_READER = GOLD / "carryover_second.json"


@dataclass(frozen=True)
class Gold:
    links: dict[str, frozenset[str]]  # "2017-1" -> {"2016-1"}; empty for "new"
    halves: dict[str, tuple[str, ...]]  # "tuning" / "held_back" -> item labels
    samples: dict[str, tuple[str, ...]]  # file stem ("carryover_third") -> item labels, each half's parts


@dataclass(frozen=True)
class Scores:
    sample: str  # "tuning", "held_back", or one sample file's stem
    items: int
    gold_links: int
    predicted: int
    true_positives: int
    precision: float
    recall: float


def _read_links(path: Path) -> dict[str, frozenset[str]]:
    path = _CHECKOUT / path  # an absolute path stays itself
    if not path.is_file():
        raise UserError(f"the carry-over sample {path} is missing; run from a source checkout of coopkg")
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return {g["item"]: frozenset(() if g["predecessors"] == "new" else g["predecessors"]) for g in items}


def load_gold(tuning: tuple[Path, ...] = TUNING, held_back: tuple[Path, ...] = HELD_BACK) -> Gold:
    halves, samples, links = {}, {}, {}
    for half, paths in (("tuning", tuning), ("held_back", held_back)):
        halves[half] = ()
        for path in paths:
            sample = _read_links(path)
            links.update(sample)
            samples[path.stem] = tuple(sample)
            halves[half] += samples[path.stem]
    return Gold(links, halves, samples)


def short(iri: str) -> str:
    """…/plan/gd-hk/2019/item/1 -> 2019-1 (the gold file's labels)."""
    parts = iri.split("/")
    return f"{parts[-3]}-{parts[-1]}"


def predicted(selected: list[carryover.Link], sample: tuple[str, ...]) -> set[tuple[str, str]]:
    wanted = set(sample)
    return {(short(l.later), short(l.earlier)) for l in selected if short(l.later) in wanted}


def measure(selected: list[carryover.Link], gold: Gold, half: str) -> Scores:
    """Scores on a half ("tuning", "held_back") or on one sample file of it ("carryover_third")."""
    sample = gold.halves[half] if half in gold.halves else gold.samples[half]
    return _score(half, sample, gold.links, predicted(selected, sample))


def _score(name: str, sample: tuple[str, ...], links: dict[str, frozenset[str]], guess: set[tuple[str, str]]) -> Scores:
    return _counted(name, len(sample), {(item, prev) for item in sample for prev in links[item]}, guess)


def _counted(name: str, items: int, truth: set, guess: set) -> Scores:
    tp = len(truth & guess)
    precision = tp / len(guess) if guess else 1.0
    recall = tp / len(truth) if truth else 1.0
    return Scores(name, items, len(truth), len(guess), tp, round(precision, 3), round(recall, 3))


def agreement(gold: Gold, second: Path = SECOND_READER) -> tuple[Scores, int]:
    """The second reader's links scored against the first annotation on the held-back half, and the
    number of items on which both chose exactly the same predecessors (or both "new")."""
    other = _read_links(second)
    sample = gold.halves["held_back"]
    if set(other) != set(sample):
        raise UserError(f"{second} does not annotate exactly the held-back items; it must list the items of "
                        + " and ".join(p.name for p in HELD_BACK))
    guess = {(item, prev) for item in sample for prev in other[item]}
    return _score("second_reader", sample, gold.links, guess), sum(other[i] == gold.links[i] for i in sample)


def turnover(selected: list[carryover.Link], gold: Gold, records: list[carryover.ItemRecord]) -> list[Scores]:
    """What `new-items` and `dropped-items` answer, scored against the annotation: for each later plan
    whose items are all annotated, its items that continue nothing ("new 2019") and the previous
    plan's items that none of them continues ("dropped 2017": the 2016 items left behind)."""
    plans: dict[int, set[str]] = {}
    for r in records:
        plans.setdefault(r.year, set()).add(short(r.iri))
    before = {later: earlier for (_, later), earlier in carryover.previous_year(records).items()}
    out = []
    for year in sorted(plans):
        items = plans[year]
        if year not in before or not items or not items <= gold.links.keys():
            continue
        earlier = plans[before[year]]
        linked = {(short(l.later), short(l.earlier)) for l in selected if short(l.later) in items}
        new = ({i for i in items if not gold.links[i]}, items - {a for a, _ in linked})
        dropped = (earlier - {p for i in items for p in gold.links[i]}, earlier - {b for _, b in linked})
        out.append(_counted(f"new {year}", len(items), *new))
        out.append(_counted(f"dropped {year}", len(earlier), *dropped))
    return out


def f1(s: Scores) -> float:
    return 2 * s.precision * s.recall / (s.precision + s.recall) if s.precision + s.recall else 0.0


def choose_threshold(pairs: list[carryover.Link], gold: Gold, relatives=(0.5, 0.6, 0.7, 0.8)) -> tuple[float, float]:
    """Best F1 on the tuning half; among equal thresholds the middle of the widest plateau (robust, not lucky)."""
    grid = [round(0.01 * i, 2) for i in range(3, 61)]
    table = {(t, r): f1(measure(carryover.select(pairs, t, r), gold, "tuning")) for r in relatives for t in grid}
    best = max(table.values())
    plateaus = []
    for r in relatives:
        run = [t for t in grid if table[(t, r)] == best]
        if run:
            plateaus.append((len(run), r, run[len(run) // 2]))
    _, relative, threshold = max(plateaus, key=lambda p: (p[0], -p[1]))
    return threshold, relative


def evaluate(records: list[carryover.ItemRecord], gold: Gold | None = None) -> dict:
    gold = gold or load_gold()
    pairs = carryover.scored_pairs(records)
    selected = carryover.select(pairs)
    chosen = choose_threshold(pairs, gold)
    readers, same_items = agreement(gold)
    return {
        "threshold": carryover.THRESHOLD,
        "relative": carryover.RELATIVE,
        "tuning_choice": {"threshold": chosen[0], "relative": chosen[1]},
        "scores": [measure(selected, gold, half) for half in ("tuning", "held_back")],
        "samples": [measure(selected, gold, name) for name in gold.samples],
        "turnover": turnover(selected, gold, records),
        "agreement": {"scores": readers, "identical_items": same_items},
        "errors": errors(selected, gold),
    }


def errors(selected: list[carryover.Link], gold: Gold) -> list[tuple[str, str, str]]:
    """(half, kind, 'later -> earlier') for every false positive and false negative, to read, not to tune on."""
    out = []
    for half, sample in gold.halves.items():
        truth = {(item, prev) for item in sample for prev in gold.links[item]}
        guess = predicted(selected, sample)
        out += [(half, "false positive", f"{a} -> {b}") for a, b in sorted(guess - truth)]
        out += [(half, "false negative", f"{a} -> {b}") for a, b in sorted(truth - guess)]
    return out
