"""bench/REPORT.md from the figures of one run: the targets table first, raw figures after."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import targets
from .builds import BuildResult, exponent, net
from .latency import Latency

MB = 1024**2


@dataclass
class Results:
    meta: dict
    settings: dict
    startup: Latency
    builds: list[BuildResult]
    floor: Latency | None = None
    commands: list[tuple[str, int, Latency]] = field(default_factory=list)
    lookup_hits: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    rdflib_load: dict = field(default_factory=dict)
    load_md: str | None = None
    skipped: dict = field(default_factory=dict)  # scale -> projected build s, not run because past the limit

    @property
    def completed(self) -> list[BuildResult]:
        return [b for b in self.builds if not b.stopped]


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return out + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f}"


def growth(res: Results) -> tuple[int, int, float] | None:
    """(low scale, high scale, net time ratio); for a stopped build the ratio is a lower bound."""
    if len(res.builds) < 2:
        return None
    low, high = res.builds[0], res.builds[-1]
    s = res.startup.median
    return low.corpus.scale, high.corpus.scale, net(high.build.wall, s) / net(low.build.wall, s)


def slope(res: Results) -> float | None:
    return exponent([(b.corpus.characters, net(b.build.wall, res.startup.median)) for b in res.completed])


def _skipped_rows(res: Results) -> list[targets.Row]:
    return [
        targets.Row(f"build at {scale}× (not run)", f"projected {seconds:.0f} s from the largest completed build", "within the run's time limit", None, False)
        for scale, seconds in res.skipped.items()
    ]


def _build_rows(res: Results) -> list[targets.Row]:
    top, s = res.builds[-1], res.startup.median
    if top.stopped:
        late = f"stopped after {top.stopped:.0f} s"
        rows = [targets.Row(f"build time ÷ floor at {top.corpus.scale}×", late, "≤ 2×", None, False)]
    else:
        rows = [targets.build_vs_floor(top.corpus.scale, top.build.wall / top.floor.wall)]
    g = growth(res)
    if g is None:
        rows.append(targets.Row("build time growth, net of start-up", "n/a (one scale)", "≤ 1.2 × size", None, None))
    else:
        row = targets.linear(g[0], g[1], g[2])
        rows.append(row if not top.stopped else targets.Row(row.measure, "≥ " + row.value, row.target, row.of_bar, False if row.passed is False else None))
    rss = targets.peak_rss(top.corpus.scale, top.build.rss)
    rows.append(rss if not top.stopped else targets.Row(rss.measure, f"≥ {rss.value} when stopped", rss.target, rss.of_bar, False if rss.passed is False else None))
    return rows


def target_rows(res: Results) -> list[targets.Row]:
    top = res.completed[-1]
    rows = _skipped_rows(res) + _build_rows(res)
    for name, scale, lat in res.commands:
        bar = 1.3 if name.startswith("lookup") else None
        rows.append(targets.cold_command(name, scale, lat.median / res.floor.median, bar))
    queries = {k: t for k, t in res.timings.items() if k.startswith("query:")}
    for k, t in queries.items():
        row = targets.query_latency(k[6:], top.corpus.scale, t.oxigraph)
        rows.append(row if not t.oxigraph_note else targets.Row(row.measure, t.oxigraph_note, row.target, None, False))
    for job_id, t in res.timings.items():
        ratio = t.rdflib / t.oxigraph if t.rdflib and t.oxigraph else None
        note = ""
        if ratio is None and t.rdflib_note.startswith(">") and t.oxigraph:
            ratio, note = float(t.rdflib_note[2:].split()[0]) / t.oxigraph, t.rdflib_note
        rows.append(targets.speedup(job_id.replace(":", " "), top.corpus.scale, ratio, note or t.rdflib_note))
    return rows


def _targets_md(res: Results) -> list[str]:
    rows = target_rows(res)
    body = [[r.measure, r.value, r.target, "—" if r.of_bar is None else f"{r.of_bar:.2f}", r.verdict] for r in rows]
    missed = sum(r.passed is False for r in rows)
    passed = sum(r.passed is True for r in rows)
    lines = ["## Targets", "", "`of bar` is the measured value divided by the target's bar (for speed-ups, the bar divided by the value): below 1.00 is inside the target.", ""]
    return lines + _table(["measure", "measured", "target", "of bar", "result"], body) + ["", f"{passed} PASS, {missed} MISS.", ""]


def _meta_md(res: Results) -> list[str]:
    m, s = res.meta, res.settings
    lines = ["# coopkg benchmark report", "", f"Written by `{s['command']}` on {m['date']}.", ""]
    facts = [
        ("machine", f"{m['cores']} cores, {m['platform']}"),
        ("Python", m["python"]),
        ("libraries", ", ".join(f"{k} {v}" for k, v in m["libraries"].items())),
        ("coopkg commit", m["commit"]),
        ("scales", ", ".join(f"{x}×" for x in s["scales"]) + (" (quick mode)" if s["quick"] else "")),
        ("repetitions", s["repetitions"]),
    ]
    return lines + [f"- **{k}**: {v}" for k, v in facts] + [""]


def _corpora_md(res: Results) -> list[str]:
    rows = [[f"{b.corpus.scale}×", b.corpus.documents, f"{b.corpus.characters:,}", f"{b.quads:,}" if not b.stopped else "—"] for b in res.builds]
    intro = "Copy k of the bundled corpus renames every 框架協議 to a synthetic framework (粵港合作甲子框架協議 …), so plans, sections and items of different copies get their own IRIs."
    return ["## Scaled corpora", "", intro, ""] + _table(["scale", "documents", "characters", "quads in store"], rows) + [""]


def _builds_md(res: Results) -> list[str]:
    s = res.startup.median
    rows = []
    for b in res.builds:
        run = b.build
        if b.stopped:
            rows.append([f"{b.corpus.scale}×", f"stopped after {b.stopped:.0f} s", f"{run.cpu:.2f}", f"{run.rss / MB:.0f}", "—", "—", "—", "—", "—", "—", "—"])
            continue
        rows.append([
            f"{b.corpus.scale}×", f"{run.wall:.2f} ({len(b.runs)})", f"{run.cpu:.2f}", f"{run.rss / MB:.0f}",
            f"{b.corpus.characters / run.wall:,.0f}", f"{net(run.wall, s):.2f}", f"{b.floor.wall:.2f}",
            f"{b.phases['tokenise']:.2f}", f"{b.phases['bulk_load']:.2f}", f"{b.floor.rss / MB:.0f}", f"{run.wall / b.floor.wall:.2f}",
        ])
    header = ["scale", "build wall s (runs)", "CPU s", "peak RSS MB", "chars/s", "net of start-up s", "floor wall s",
              "floor: tokenise s", "floor: bulk_load s", "floor RSS MB", "build ÷ floor"]
    k = slope(res)
    tail = [
        "",
        f"Start-up (`coopkg --help`, median of {len(res.startup.runs)}): {s:.3f} s. "
        f"Scaling exponent (log-log slope of net build time against characters): {'n/a' if k is None else f'{k:.2f}'} (1.00 is linear).",
        "The floor is one child process: `spacy.blank('zh')` over every text (import included), then `Store(path).bulk_load` of the built store's N-Quads into a fresh on-disk store.",
        f"The build runs as users run it (`coopkg build`, default --jobs: one worker process per core from 20 documents up, {os.cpu_count()} cores here); "
        "CPU s includes the workers, and peak RSS is the highest sampled total of the build and its workers.",
        "",
    ]
    return ["## Build", ""] + _table(header, rows) + tail


def _commands_md(res: Results) -> list[str]:
    rows = [["`python -c \"import pyoxigraph, typer\"` (floor)", "—", f"{_ms(res.floor.median)}", ", ".join(_ms(r) for r in res.floor.runs), "1.00"]]
    for name, scale, lat in res.commands:
        rows.append([f"`coopkg {name}`", f"{scale}×", _ms(lat.median), ", ".join(_ms(r) for r in lat.runs), f"{lat.median / res.floor.median:.2f}"])
    hits = "; ".join(f"{scale}× store: {n}" for scale, n in res.lookup_hits.items())
    return ["## Commands (cold, one process per run)", ""] + _table(["command", "store", "median ms", "runs ms", "÷ floor"], rows) + ["", f"Nodes found by `lookup 前海`: {hits}.", ""]


def _queries_md(res: Results) -> list[str]:
    top = res.completed[-1].corpus.scale
    rows = []
    for job_id, t in res.timings.items():
        ratio = f"{t.rdflib / t.oxigraph:.1f}" if t.rdflib and t.oxigraph else "—"
        rows.append([job_id, t.oxigraph_size, t.rdflib_size if t.rdflib_size is not None else "—", t.oxigraph_note or _ms(t.oxigraph),
                     t.rdflib_note or _ms(t.rdflib), ratio])
    load = res.rdflib_load
    loaded = f"rdflib loaded the {top}× N-Quads in {load['seconds']:.1f} s (peak RSS {load['rss'] / MB:.0f} MB)." if load else "rdflib did not load the data."
    notes = [
        "", loaded,
        "Sizes are result rows for queries (pyoxigraph's union default graph gives one row per graph a triple is in; rdflib's union gives each triple once, so non-DISTINCT queries may differ) and bytes for exports.",
        "",
    ]
    header = ["job", "size (pyoxigraph)", "size (rdflib)", "pyoxigraph median ms", "rdflib median ms", "rdflib ÷ pyoxigraph"]
    return [f"## Named queries and exports on the {top}× store", ""] + _table(header, rows) + notes


def render(res: Results) -> str:
    parts = _meta_md(res) + _targets_md(res) + _corpora_md(res) + _builds_md(res)
    if res.commands:
        parts += _commands_md(res)
    if res.timings:
        parts += _queries_md(res)
    if res.load_md:
        parts += ["## Serving under load (bench/out/load.md)", "", res.load_md.rstrip(), ""]
    return "\n".join(parts) + "\n"


def write(res: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(res), encoding="utf-8")
