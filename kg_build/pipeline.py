"""The build: corpus files through every stage into quads, one named graph per source document.

Stages are pure functions; this module only wires them and reports progress. spaCy is imported
by the extraction stage, so only `build` pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import ids
from .errors import UserError
from .normalise import Normalised, normalise
from .read import Source, collect, read_file
from .segment import Plan, find_plan_refs, find_plans
from .to_rdf import document_quads


@dataclass(frozen=True)
class DocumentResult:
    norm: Normalised
    plans: tuple[Plan, ...]
    quads: list

    @property
    def name(self) -> str:
        return self.norm.source.name


@dataclass(frozen=True)
class Digest:
    """What the build's post-passes read of one document once its quads are in the store: its plans
    and the few quads they look at. Holding every document's quads until the end took 4.3 GB at
    100x the bundled corpus."""

    name: str
    plans: tuple[Plan, ...]
    quads: list


def digest(result: DocumentResult) -> Digest:
    from .carryover import reads
    from .renewals import reader

    renewal_reads = reader(result.quads)
    return Digest(result.name, result.plans, [q for q in result.quads if reads(q) or renewal_reads(q)])


def recognised(norm: Normalised, plans: tuple[Plan, ...], quads: list) -> bool:
    """Policy: a document counts when any structure or named thing was found in it."""
    return bool(plans or find_plan_refs(norm) or any("《" in line for line in norm.text.splitlines()))


def process(source: Source) -> DocumentResult:
    from .extractors import extractors
    from .to_rdf import with_search_keys

    norm = normalise(source)
    plans = find_plans(norm)
    quads = document_quads(norm, plans)
    for extract in extractors().values():
        quads.extend(extract(norm, plans))
    quads = with_search_keys(quads)
    if not recognised(norm, plans, quads):
        raise UserError(
            f"{source.name}: no plan, item or named document recognised; is it a document about 粵港合作? "
            "Check the file, or leave it out of the corpus"
        )
    return DocumentResult(norm, plans, quads)


def sources(paths: list[Path]) -> list[Source]:
    return [read_file(path, name, meta) for path, name, meta in collect(paths)]


def ontology_file() -> Path:
    from .paths import ontology_dir

    path = ontology_dir() / "coop.ttl"
    if not path.is_file():
        raise UserError(f"the ontology {path} is missing; reinstall coopkg")
    return path


def ontology_quads() -> list:
    """The ontology as quads, its blank nodes (owl:unionOf lists) labelled by order so rebuilds are identical."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(ids.ONTOLOGY_GRAPH)
    labels: dict[str, pyoxigraph.BlankNode] = {}

    def stable(term):
        if isinstance(term, pyoxigraph.BlankNode):
            return labels.setdefault(term.value, pyoxigraph.BlankNode(f"ontology{len(labels) + 1}"))
        return term

    return [
        pyoxigraph.Quad(stable(t.subject), t.predicate, stable(t.object), graph)
        for t in pyoxigraph.parse(path=str(ontology_file()), format=pyoxigraph.RdfFormat.TURTLE)
    ]


def load_ontology(store) -> None:
    store.bulk_extend(ontology_quads())
