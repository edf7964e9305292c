"""Read stage: bytes on disk -> decoded original text, refusing what is not a text document.

Encodings are tried in a fixed order; GB18030 and Big5-HKSCS both accept most byte strings, so
among the decodings that succeed the one with the most frequent Chinese characters wins.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import UserError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16"}
_LEGACY = ("big5hkscs", "gb18030")
_MIN_COMMON_SHARE = 0.5  # of CJK characters; garbage decodings score far below


@dataclass(frozen=True)
class Source:
    """One corpus file as read: `name` is its path relative to the corpus root."""

    name: str
    text: str
    sha256: str
    encoding: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "common_chars.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


def _cjk_share(text: str) -> tuple[float, int]:
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if not cjk:
        return 0.0, 0
    common = _common_chars()
    return sum(ch in common for ch in cjk) / len(cjk), len(cjk)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return b"\x00" in sample or controls > len(sample) * 0.05


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise UserError naming the file."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:  # a byte-order mark is a promise the rest can break
                raise UserError(f"{name}: starts with a {_BOM_NAMES[enc]} byte-order mark but is not valid {_BOM_NAMES[enc]}; "
                                "save it again as UTF-8 and build again") from None
    if _looks_binary(data):
        raise UserError(f"{name}: a binary file, not a text document; give coopkg the extracted text (.txt)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share, count = _cjk_share(text)
        scored.append((share, count, enc, text))
    if scored:
        share, count, enc, text = max(scored)
        if count and share >= _MIN_COMMON_SHARE:
            return text, enc
    raise UserError(
        f"{name}: cannot tell the text encoding (tried UTF-8, UTF-16, Big5-HKSCS, GB18030); save it as UTF-8 and build again"
    )


def read_bytes(data: bytes, name: str, meta: dict | None = None) -> Source:
    if not data.strip():
        raise UserError(f"{name}: the file is empty; remove it from the corpus or give its text")
    text, encoding = decode(data, name)
    if not text.strip():
        raise UserError(f"{name}: the file holds only white space; remove it from the corpus or give its text")
    return Source(name, text, hashlib.sha256(data).hexdigest(), encoding, meta or {})


def read_file(path: Path, name: str | None = None, meta: dict | None = None) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror}); check the path") from None
    return read_bytes(data, name or path.name, meta)


def load_manifest(folder: Path) -> dict[str, dict]:
    """File name -> manifest entry; a folder without manifest.json simply has no metadata."""
    path = folder / "manifest.json"
    if not path.is_file():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("documents", [])
    except (ValueError, AttributeError) as exc:
        raise UserError(f"{path}: not a valid manifest ({exc}); fix or remove it") from None
    return {entry["file"]: entry for entry in entries if "file" in entry}


def collect(paths: list[Path]) -> list[tuple[Path, str, dict]]:
    """Expand files and folders into (path, corpus name, manifest entry), sorted by name for stable output."""
    found: dict[str, tuple[Path, str, dict]] = {}
    for path in paths:
        if path.is_dir():
            manifest = load_manifest(path)
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.name != "manifest.json" and not file.name.startswith("."):
                    rel = file.relative_to(path).as_posix()
                    found[rel] = (file, rel, manifest.get(rel, {}))
        elif path.is_file():
            manifest = load_manifest(path.parent)
            found[path.name] = (path, path.name, manifest.get(path.name, {}))
        else:
            raise UserError(f"{path}: no such file or folder; give a corpus file or folder with --corpus")
    if not found:
        raise UserError(f"no documents found in {', '.join(map(str, paths))}; give a folder of .txt files")
    return [found[key] for key in sorted(found)]
