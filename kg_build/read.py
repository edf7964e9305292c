"""Read stage: bytes on disk -> decoded original text, refusing what is not a text document.

Encodings are tried in a fixed order; GB18030 and Big5-HKSCS both accept most byte strings, so
among the decodings that succeed the one with the most frequent Chinese characters wins.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import UserError

_BOMS = (  # UTF-32 first: the UTF-32 LE mark FF FE 00 00 starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_NAMES = {"utf-8-sig": "UTF-8", "utf-32": "UTF-32", "utf-16": "UTF-16"}
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


def _best_decoding(data: bytes, encodings, *, controls: bool = True) -> tuple[str, str] | None:
    """(text, encoding) of the decoding whose Chinese is most made of common characters, if one
    passes the share test; with controls=False a decoding holding control characters is no text."""
    passing = []
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not controls and any(ch < "\t" or "\r" < ch < " " for ch in text):
            continue
        share, count = _cjk_share(text)
        if count and share >= _MIN_COMMON_SHARE:
            passing.append((share, count, enc, text))
    if not passing:
        return None
    *_, enc, text = max(passing, key=lambda p: p[:2])  # the first of equals: the order given is the likelier
    return text, enc


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 with no byte-order mark: NULs (the high bytes of ASCII) make it look binary.

    Both byte orders are tried, the one the NULs point at first (ASCII puts them at odd offsets in
    little-endian); a decoding is accepted only if it holds no control characters and passes the
    same share-of-common-characters test as Big5 and GB18030, so binary files stay refused.
    """
    if len(data) % 2:
        return None
    sample = data[:4096]
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    return _best_decoding(data, order, controls=False)


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
        found = _utf16_without_bom(data)
        if found:
            return found
        raise UserError(f"{name}: a binary file, not a text document; give coopkg the extracted text (.txt)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _best_decoding(data, _LEGACY) or _utf16_without_bom(data)  # all-Chinese UTF-16 has no NULs to look binary by
    if found:
        return found
    raise UserError(
        f"{name}: cannot tell the text encoding (tried UTF-8, UTF-16, UTF-32, Big5-HKSCS, GB18030); save it as UTF-8 and build again"
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


_MANIFEST_TEXT_FIELDS = ("file", "kind", "title", "publisher", "date", "about")  # what the build reads
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists."""
    match = _DATE.fullmatch(value)
    if not match:
        return False
    try:
        datetime.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return False
    return True


def _check_entry(path: Path, index: int, entry: object) -> None:
    def bad(problem: str) -> UserError:
        shown = json.dumps(entry, ensure_ascii=False)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return UserError(f"{path}: documents[{index}] {shown}: {problem}; fix or remove that entry")

    if not isinstance(entry, dict):
        raise bad('each document must be an object such as {"file": "plan.txt", "date": "2019-05-16"}')
    if not isinstance(entry.get("file"), str) or not entry["file"]:
        raise bad('"file" must be the file name as a string')
    for key in _MANIFEST_TEXT_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise bad(f'"{key}" must be a string')
    if entry.get("date") and not _real_date(entry["date"]):
        raise bad('"date" is not a real date in the form YYYY, YYYY-MM or YYYY-MM-DD')


def load_manifest(folder: Path) -> dict[str, dict]:
    """File name -> manifest entry; a folder without manifest.json simply has no metadata."""
    path = folder / "manifest.json"
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UserError(f"{path}: not a valid manifest ({exc}); fix or remove it") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the manifest ({exc.strerror}); fix its permissions or remove it") from None
    if not isinstance(manifest, dict):
        raise UserError(f'{path}: not a valid manifest (must be an object with a "documents" list); fix or remove it')
    entries = manifest.get("documents", [])
    if not isinstance(entries, list):
        raise UserError(f'{path}: "documents" must be a list of objects such as {{"file": "plan.txt"}}; fix or remove it')
    found: dict[str, dict] = {}
    for index, entry in enumerate(entries):
        _check_entry(path, index, entry)
        if entry["file"] in found:
            raise UserError(f"{path}: documents[{index}]: {json.dumps(entry['file'], ensure_ascii=False)} has two entries; keep one")
        found[entry["file"]] = entry
    return found


def _shown(path: Path | str) -> str:
    """A path for a message, even when its bytes are not UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _manifests(top: Path, files: list[Path]) -> dict[Path, dict[str, dict]]:
    """Folder -> its manifest's entries, for the corpus folder and every subfolder that has one."""
    found = {top: load_manifest(top)}
    found.update({file.parent: load_manifest(file.parent) for file in files})
    for folder, manifest in found.items():
        missing = sorted(name for name in manifest if not (folder / name).is_file())
        if missing:  # a misspelt name would leave its document without title, date and kind
            raise UserError(f"{_shown(folder / 'manifest.json')}: lists {', '.join(missing)}, not found in {_shown(folder)}; "
                            "fix the file name or remove the entry")
    return found


def _entry(file: Path, top: Path, manifests: dict[Path, dict[str, dict]]) -> dict:
    """The entry of the nearest manifest that lists the file, by its path from that manifest's folder."""
    folder = file.parent
    while True:
        entry = manifests.get(folder, {}).get(file.relative_to(folder).as_posix())
        if entry is not None or folder == top:
            return entry or {}
        folder = folder.parent


def collect(paths: list[Path]) -> list[tuple[Path, str, dict]]:
    """Expand files and folders into (path, corpus name, manifest entry), sorted by name for stable output.

    Skips manifest.json and anything hidden (a dot file, or any file under a dot folder such as
    .git) below a corpus folder. A subfolder may hold a manifest.json of its own; a file takes its
    entry from the nearest manifest that lists it. Refuses two different files with the same corpus name, since one
    would replace the other; the same file given twice is kept once.
    """
    found: dict[str, tuple[Path, str, dict]] = {}
    seen: dict[Path, str] = {}  # resolved path -> corpus name

    def add(file: Path, name: str, meta: dict) -> None:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(f"{_shown(file)}: the file name is not valid UTF-8; rename the file and build again") from None
        real = file.resolve()
        if real in seen:
            return
        if name in found:
            raise UserError(f"two corpus files are both called {name} ({_shown(found[name][0])}, {_shown(file)}); "
                            "rename one or build them separately")
        seen[real] = name
        found[name] = (file, name, meta)

    for path in paths:
        if path.is_dir():
            entries = sorted((file for file in path.rglob("*") if not _hidden(file.relative_to(path))), key=str)
            manifests = _manifests(path, [f for f in entries if f.name == "manifest.json" and f.is_file()])
            for file in entries:
                if file.is_dir() or file.name == "manifest.json":
                    continue
                if not file.is_file():  # a broken link, a pipe, a socket: not a document, and not to be passed over unsaid
                    what = "a link to nothing" if file.is_symlink() else "not a regular file"
                    raise UserError(f"{_shown(file)}: {what} in the corpus folder {_shown(path)}; remove it or point it at a file")
                add(file, file.relative_to(path).as_posix(), _entry(file, path, manifests))
        elif path.is_file():
            manifest = load_manifest(path.parent)
            add(path, path.name, manifest.get(path.name, {}))
        elif path.exists():
            raise UserError(f"{_shown(path)}: is not a regular file or folder; give a corpus file or folder with --corpus")
        else:
            raise UserError(f"{_shown(path)}: no such file or folder; give a corpus file or folder with --corpus")
    if not found:
        raise UserError(f"no documents found in {', '.join(map(_shown, paths))}; give a folder of .txt files")
    return [found[key] for key in sorted(found)]
