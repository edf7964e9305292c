"""The on-disk store: written beside the old one and swapped in only when complete.

Layout of a store folder: `coopkg.json` (a marker with what was built) and `oxigraph/` (the
pyoxigraph database). The marker is what lets a rebuild replace a folder safely: coopkg never
deletes a folder it did not make.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Iterable

from .errors import UserError

MARKER = "coopkg.json"
DB = "oxigraph"
FORMAT = 1


def is_store(path: Path) -> bool:
    return (path / MARKER).is_file() and (path / DB).is_dir()


def open_store(path: Path, *, read_only: bool = True):
    """Open an existing store, or say how to make one."""
    import pyoxigraph

    if not is_store(path):
        raise UserError(f"no coopkg store at {path}; run `coopkg build` first, or give --store DIR (or set COOPKG_STORE)")
    try:
        return pyoxigraph.Store.read_only(str(path / DB)) if read_only else pyoxigraph.Store(str(path / DB))
    except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged file as a RuntimeError
        raise UserError(f"cannot open the store at {path} ({str(exc).splitlines()[0]}); rebuild it with `coopkg build`") from None


def info(path: Path) -> dict:
    if not is_store(path):
        return {}
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise UserError(f"the store's {MARKER} at {path} is unreadable ({exc}); rebuild it with `coopkg build`") from None


def write_atomically(target: Path, fill, summary) -> None:
    """Create a store in a sibling folder, let `fill(store)` load it, then swap it in for `target`.

    `summary` (a dict, or a function giving one once the store is filled) goes into the marker file."""
    import pyoxigraph

    target = target.resolve()
    if target.exists() and not is_store(target):
        raise UserError(f"{target} exists and is not a coopkg store; choose another --store folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.parent / f".{target.name}.new-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        fresh.mkdir()
        store = pyoxigraph.Store(str(fresh / DB))
        fill(store)
        store.flush()
        store.optimize()
        del store
        (fresh / MARKER).write_text(json.dumps({"format": FORMAT, **(summary() if callable(summary) else summary)}, ensure_ascii=False, indent=1), encoding="utf-8")
        _swap(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _swap(fresh: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def load_quads(store, quads: Iterable) -> None:
    store.bulk_extend(quads)


def load_nquads(store, data: bytes) -> None:
    """N-Quads text without blank nodes (loading gives blank nodes new labels)."""
    if data:
        import pyoxigraph

        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
