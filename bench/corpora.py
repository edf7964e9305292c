"""Scaled corpora: the bundled corpus copied N times, each copy under its own framework names.

Copy 0 is the bundled corpus as it is. Copy k renames every 框架協議 (and its Simplified form)
to a synthetic framework, 粵港合作甲子框架協議, … so that plans, items and sections of different
copies get different IRIs instead of collapsing onto the originals; the text structure, line
breaks included, stays as it is. The copies go into one flat folder with a manifest, because the
reader looks up manifest entries by the file's name relative to the corpus folder.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
# PDF extraction may break a line inside the name, so white space may sit between characters.
_FRAMEWORK = re.compile(r"框(\s*)架(\s*)(協|协)(\s*)(議|议)")


@dataclass(frozen=True)
class Corpus:
    scale: int
    path: Path
    documents: int
    characters: int
    files: tuple[Path, ...]


def code(copy: int) -> str:
    """A two-character name for copy k ≥ 1: 甲子, 乙丑, … (120 distinct before repeating)."""
    k = copy - 1
    return _STEMS[k % 10] + _BRANCHES[(k // 10) % 12] + ("" if k < 120 else str(k // 120))


def rename(text: str, copy: int) -> str:
    if copy == 0:
        return text
    mark = code(copy)
    return _FRAMEWORK.sub(lambda m: mark + m.group(0), text)


def _manifest(source: Path) -> dict:
    path = source / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"documents": []}


def _copy_entry(entry: dict, copy: int, name: str) -> dict:
    out = {k: (rename(v, copy) if isinstance(v, str) else v) for k, v in entry.items()}
    out["file"] = name
    return out


def scaled(source: Path, target: Path, scale: int) -> Corpus:
    """Write `scale` copies of the corpus at `source` into `target` (replaced if present)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    manifest = _manifest(source)
    entries = {e["file"]: e for e in manifest.get("documents", [])}
    originals = sorted(p for p in source.iterdir() if p.is_file() and p.suffix == ".txt")
    written, characters, out_entries = [], 0, []
    for copy in range(scale):
        for path in originals:
            name = f"c{copy:03d}_{path.name}" if scale > 1 else path.name
            text = rename(path.read_text(encoding="utf-8"), copy)
            (target / name).write_text(text, encoding="utf-8")
            written.append(target / name)
            characters += len(text)
            if path.name in entries:
                out_entries.append(_copy_entry(entries[path.name], copy, name))
    head = {k: v for k, v in manifest.items() if k != "documents"}
    (target / "manifest.json").write_text(json.dumps({**head, "documents": out_entries}, ensure_ascii=False, indent=1), encoding="utf-8")
    return Corpus(scale, target, len(written), characters, tuple(written))
