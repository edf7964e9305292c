"""The extraction stages run after segmentation, as a table: name -> function.

Each function takes (norm: Normalised, plans: tuple[Plan, ...]) and returns a list of pyoxigraph
Quads for the document's named graph (ids.source(norm.source.name)). Adding an extractor is one
line here; the pipeline runs them in this order and the build reports what each found.
"""

from __future__ import annotations

from typing import Callable

Extractor = Callable[..., list]


def _table() -> dict[str, Extractor]:
    table: dict[str, Extractor] = {}
    from . import documents, meetings, programmes

    table["documents"] = documents.extract
    table["programmes"] = programmes.extract
    table["meetings"] = meetings.extract
    from . import entities

    table["entities"] = entities.extract
    return table


def extractors() -> dict[str, Extractor]:
    return _table()
