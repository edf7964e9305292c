"""Stable identifiers: every IRI is derived from content, never from run order."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from . import fold

ONTOLOGY = "https://w3id.org/coopkg/ontology"
COOP = ONTOLOGY + "#"
BASE = "https://w3id.org/coopkg/id/"
ONTOLOGY_GRAPH = ONTOLOGY

# Characters an IRI path segment may not carry as they are (RFC 3987); Chinese stays readable.
_UNSAFE = re.compile(r'[\x00-\x20"#%/<>?\[\\\]^`{|}\x7f]')


def segment(text: str) -> str:
    return _UNSAFE.sub(lambda m: quote(m.group(), safe=""), text)


@lru_cache(maxsize=1)
def _frameworks() -> dict[str, str]:
    rows = (Path(__file__).with_name("data") / "frameworks.tsv").read_text(encoding="utf-8").splitlines()
    table = {}
    for row in rows[1:]:
        name, slug = row.split("\t")[:2]
        table[fold.key(name)] = slug
    return table


def framework_slug(framework: str) -> str:
    return _frameworks().get(fold.key(framework)) or segment(fold.canonical(framework))


def plan(framework: str, year: int) -> str:
    return f"{BASE}plan/{framework_slug(framework)}/{year}"


def section(plan_iri: str, path: tuple[int, ...]) -> str:
    return f"{plan_iri}/section/{'.'.join(map(str, path))}"


def item(plan_iri: str, label: str) -> str:
    return f"{plan_iri}/item/{label}"


def source(name: str) -> str:
    return f"{BASE}source/{segment(name)}"


def mention(source_name: str, start: int, end: int) -> str:
    return f"{BASE}mention/{segment(source_name)}/{start}-{end}"


def entity(kind: str, name: str) -> str:
    """kind: institution, place, document … ; name folded so both scripts give one node."""
    return f"{BASE}{kind}/{segment(fold.canonical(name))}"
