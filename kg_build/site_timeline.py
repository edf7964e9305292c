"""The index's timeline as plain geometry: years on an axis, meetings above it, signings below.

Pure layout: dated events in, positioned marks and labels out; the template draws them as inline
SVG. Signings on one day are one mark (a conference signs many documents at once), and labels go
into the first lane where they do not overlap the previous label.
"""

from __future__ import annotations

import os
import re

WIDTH = 1180
MARGIN = 40
LANE = 19
AXIS_GAP = 26
CHAR_PX = 12.5  # a CJK character at the label font size; Latin characters count half
MIN_LANES = 2


def fraction(date: str) -> float | None:
    """2017-11-18, 2016-09 or 2019 as a fractional year."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 7), int(m[3] or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def text_width(text: str) -> float:
    return sum(CHAR_PX if ord(c) > 0x2E80 else CHAR_PX * 0.55 for c in text)


def short_labels(labels: list[str]) -> dict[str, str]:
    """Drop the prefix all labels share (粵港合作聯席會議…) when something readable remains."""
    prefix = os.path.commonprefix(labels) if len(labels) > 1 else ""
    prefix = prefix[:-1] if prefix.endswith("第") else prefix  # keep the ordinal whole: 第二十次
    if len(prefix) < 4:
        return {label: label for label in labels}
    return {label: label[len(prefix):] or label for label in labels}


def _groups(events: list[dict]) -> list[dict]:
    """One mark per meeting, one per (day, signings) with the documents in it."""
    marks: dict[tuple, dict] = {}
    for ev in sorted(events, key=lambda e: (e["date"], e["kind"], e["node"]["label"])):
        x = fraction(ev["date"])
        if x is None:
            continue
        key = (ev["date"], ev["kind"], ev["node"]["iri"] if ev["kind"] == "meeting" else "")
        mark = marks.setdefault(key, {"date": ev["date"], "year": x, "kind": ev["kind"], "nodes": [], "at": ev.get("at")})
        mark["nodes"].append(ev["node"])
    return list(marks.values())


def _label(mark: dict, names: dict[str, str]) -> str:
    if mark["kind"] == "meeting":
        return names[mark["nodes"][0]["label"]]
    n = len(mark["nodes"])
    return mark["nodes"][0]["label"] if n == 1 else f"{n} documents signed"


def _span(mark: dict) -> tuple[float, float]:
    """Where the label sits: to the right of its mark, or to the left near the right edge."""
    width = text_width(mark["label"]) + text_width(" " + mark["date"]) * 0.8 + 10
    mark["anchor"] = "end" if mark["x"] + width > WIDTH - 4 else "start"
    mark["tx"] = mark["x"] - 5 if mark["anchor"] == "end" else mark["x"] + 5
    return (mark["x"] - width, mark["x"] + 4) if mark["anchor"] == "end" else (mark["x"] - 4, mark["x"] + width)


def _lanes(marks: list[dict]) -> int:
    """Put each label in the first lane where it overlaps no other; returns the number of lanes."""
    lanes: list[list[tuple[float, float]]] = []
    for mark in sorted(marks, key=lambda m: m["x"]):
        a, b = _span(mark)
        lane = next((i for i, taken in enumerate(lanes) if all(b < s or a > e for s, e in taken)), len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((a, b))
        mark["lane"] = lane
    return max(len(lanes), MIN_LANES)


def layout(events: list[dict]) -> dict:
    marks = _groups(events)
    if not marks:
        return {"marks": [], "ticks": [], "width": WIDTH, "height": 0}
    first = int(min(m["year"] for m in marks))
    last = int(max(m["year"] for m in marks)) + 1
    scale = (WIDTH - 2 * MARGIN) / (last - first)
    names = short_labels(sorted({m["nodes"][0]["label"] for m in marks if m["kind"] == "meeting"}))
    for mark in marks:
        mark["x"] = MARGIN + (mark["year"] - first) * scale
        mark["label"] = _label(mark, names)
        mark["title"] = "; ".join(n["label"] for n in mark["nodes"]) + f" — {mark['date']}"
        mark["link"] = mark["nodes"][0] if len(mark["nodes"]) == 1 else mark["at"]
    above = [m for m in marks if m["kind"] == "meeting"]
    below = [m for m in marks if m["kind"] != "meeting"]
    up, down = _lanes(above), _lanes(below)
    axis = AXIS_GAP + up * LANE
    for m in above:
        m["y"], m["ly"] = axis, axis - AXIS_GAP + 6 - m["lane"] * LANE
    for m in below:
        m["y"], m["ly"] = axis, axis + AXIS_GAP + 4 + m["lane"] * LANE
    ticks = [{"x": MARGIN + (y - first) * scale, "year": y} for y in range(first, last + 1)]
    return {"marks": marks, "ticks": ticks, "width": WIDTH, "height": axis + AXIS_GAP + down * LANE + 22, "axis": axis,
            "left": MARGIN, "right": WIDTH - MARGIN}
