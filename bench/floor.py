"""The build's floor, run as its own child process: what any build of the same texts into the
same store must at least do.

    python -m bench.floor --corpus DIR --quads FILE.nq --store DIR --json OUT

1. blank-`zh` spaCy (character tokens) over every text of the corpus, import included;
2. pyoxigraph `Store(path).bulk_load` of the built store's quads (its N-Quads dump) into a
   fresh on-disk store.
The phases' own times go to OUT as JSON; the parent measures the whole process.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def tokenise(corpus: Path) -> tuple[int, int]:
    import spacy

    nlp = spacy.blank("zh")
    nlp.max_length = 10**8
    texts = chars = tokens = 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        tokens += len(nlp(text))
        chars += len(text)
        texts += 1
    return chars, tokens


def bulk_load(quads: Path, store: Path) -> None:
    import pyoxigraph

    db = pyoxigraph.Store(str(store))
    db.bulk_load(path=str(quads), format=pyoxigraph.RdfFormat.N_QUADS)
    db.flush()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--quads", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()
    t0 = time.perf_counter()
    chars, tokens = tokenise(args.corpus)
    t1 = time.perf_counter()
    bulk_load(args.quads, args.store)
    t2 = time.perf_counter()
    args.json.write_text(json.dumps({"tokenise": t1 - t0, "bulk_load": t2 - t1, "chars": chars, "tokens": tokens}))


if __name__ == "__main__":
    main()
