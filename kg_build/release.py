"""The released graph of the bundled corpus in exports/: `python -m kg_build.release exports`.

Builds the bundled corpus into a temporary store and writes the files of RELEASE from it.
Every writer sorts its output, so the same corpus gives byte-identical files and
tests/test_exports.py can tell when exports/ is stale.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

# file name in exports/ -> export format
RELEASE = {"coopkg.ttl": "turtle", "coopkg.jsonld": "jsonld", "coopkg.nq": "nquads", "void.ttl": "void"}
EXPORTS = Path(__file__).resolve().parent.parent / "exports"


def render(store) -> dict[str, bytes]:
    from .export import serialise

    return {name: serialise(store, fmt) for name, fmt in RELEASE.items()}


def build_and_render(corpus: list[Path] | None = None) -> dict[str, bytes]:
    from .build import run
    from .store import open_store

    with tempfile.TemporaryDirectory(prefix="coopkg-release-") as tmp:
        target = Path(tmp) / "store"
        run(corpus, target)
        store = open_store(target)
        files = render(store)
        del store
    return files


def write(files: dict[str, bytes], folder: Path = EXPORTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        print(f"wrote {folder / name} ({len(data)} bytes)", file=sys.stderr)


def main(argv: list[str]) -> int:
    if argv[:1] != ["exports"]:
        print("usage: python -m kg_build.release exports", file=sys.stderr)
        return 2
    write(build_and_render())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
