"""The targets of issue 6, one small function each: figures in, a table row out.

Every row says the measured ratio, the target, the measured value divided by the target's bar
(below 1 is inside it), and PASS or MISS; a row that cannot be judged in this run says why.
"""

from __future__ import annotations

from dataclasses import dataclass

GB = 1024**3


@dataclass(frozen=True)
class Row:
    measure: str
    value: str
    target: str
    of_bar: float | None  # value ÷ bar, "1.0" sits on the bar
    passed: bool | None

    @property
    def verdict(self) -> str:
        return "—" if self.passed is None else ("PASS" if self.passed else "MISS")


def at_most(measure: str, value: float | None, bar: float, unit: str = "×", fmt: str = "{:.2f}") -> Row:
    if value is None:
        return Row(measure, "n/a", f"≤ {bar:g}{unit}", None, None)
    return Row(measure, fmt.format(value) + unit, f"≤ {bar:g}{unit}", value / bar, value <= bar)


def below(measure: str, value: float | None, bar: float, unit: str, fmt: str = "{:.2f}") -> Row:
    if value is None:
        return Row(measure, "n/a", f"< {bar:g} {unit}", None, None)
    return Row(measure, f"{fmt.format(value)} {unit}", f"< {bar:g} {unit}", value / bar, value < bar)


def at_least(measure: str, value: float | None, bar: float, note: str = "") -> Row:
    """Speed-ups: the bar is a floor, so of_bar is bar ÷ value (below 1 is inside it)."""
    if value is None:
        return Row(measure, note or "n/a", f"≥ {bar:g}×", None, None)
    shown = f"{'≥ ' if note else ''}{value:.1f}×"
    return Row(measure, shown, f"≥ {bar:g}×", bar / value, value >= bar)


def build_vs_floor(scale: int, ratio: float) -> Row:
    return at_most(f"build time ÷ floor at {scale}×", ratio, 2)


def linear(low: int, high: int, growth: float | None) -> Row:
    bar = 1.2 * high / low
    return at_most(f"build time {high}× ÷ {low}×, net of start-up", growth, bar, fmt="{:.1f}")


def peak_rss(scale: int, rss: int) -> Row:
    return below(f"build peak RSS at {scale}×", rss / GB, 1.5, "GB")


def cold_command(name: str, scale: int, ratio: float, bar: float | None) -> Row:
    label = f"cold `{name}` ÷ floor ({scale}× store)"
    if bar is None:
        return Row(label, f"{ratio:.2f}×", "— (no target)", None, None)
    return at_most(label, ratio, bar)


def query_latency(name: str, scale: int, seconds: float | None) -> Row:
    """A query stopped at its time limit has no median (None): n/a here, marked MISS by the report."""
    return below(f"query `{name}` median at {scale}×", None if seconds is None else seconds * 1000, 50, "ms", fmt="{:.1f}")


def speedup(job: str, scale: int, ratio: float | None, note: str = "") -> Row:
    return at_least(f"pyoxigraph ÷ rdflib: {job} at {scale}×", ratio, 10, note)
