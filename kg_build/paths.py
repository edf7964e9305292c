"""Where the data folders are: inside an installed wheel, or at the top of a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent

DEFAULT_STORE = "coopkg-store"


def data_dir(name: str) -> Path:
    """`ontology`, `queries` or `corpus`: the wheel copy wins so an installed tool never reads a stray checkout."""
    for base in (_PACKAGE / "_data", _CHECKOUT):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"coopkg data folder '{name}' is missing from the installation")


def ontology_dir() -> Path:
    return data_dir("ontology")


def queries_dir() -> Path:
    return data_dir("queries")


def corpus_dir() -> Path:
    return data_dir("corpus")


def default_store() -> Path:
    return Path(os.environ.get("COOPKG_STORE") or DEFAULT_STORE)
