"""Validation: the SHACL shapes of ontology/shapes.ttl, and a vocabulary check, over the store's union graph.

pyshacl and rdflib are imported here only; `validate` is the one command that pays for them.
Each problem is one `Problem(focus, path, message)` so the CLI prints it on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ids
from .rdf import PREFIXES

# Namespaces whose terms may appear without being declared in coop.ttl (design.md: reuse them).
STANDARD = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
_SHORT = {**PREFIXES, **STANDARD, "sh": "http://www.w3.org/ns/shacl#"}


@dataclass(frozen=True, order=True)
class Problem:
    focus: str
    path: str
    message: str

    def line(self) -> str:
        return f"{self.focus}  {self.path or '-'}  {self.message}"


def short(term) -> str:
    text = str(term)
    for prefix, ns in _SHORT.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def data_graph(store):
    """Every named graph but the ontology's, as one rdflib graph (the union the queries see)."""
    import pyoxigraph
    import rdflib

    triples = {
        pyoxigraph.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, None)
        if q.graph_name != pyoxigraph.NamedNode(ids.ONTOLOGY_GRAPH)
    }
    data = pyoxigraph.serialize(sorted(triples, key=str), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def ontology_graph():
    import rdflib

    from .paths import ontology_dir

    return rdflib.Graph().parse(ontology_dir() / "coop.ttl", format="turtle")


def shapes_graph():
    import rdflib

    from .paths import ontology_dir

    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def _cached_graph_class():
    """An rdflib Graph that parses each SPARQL text once: pyshacl hands the same constraint text
    to `query` for every focus node, and parsing it dominates (0.1 s per Mention otherwise)."""
    from functools import lru_cache

    import rdflib
    from rdflib.plugins.sparql import prepareQuery

    prepare = lru_cache(maxsize=256)(prepareQuery)

    class PreparedGraph(rdflib.Graph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = prepare(query_object)
            return super().query(query_object, *args, **kwargs)

    return PreparedGraph


def shacl_problems(data, ontology, shapes) -> list[Problem]:
    """pyshacl over data + ontology mixed into one graph (what `ont_graph` would do, minus a copy)."""
    import pyshacl
    import rdflib

    graph = _cached_graph_class()()
    for triples in (data, ontology):
        for triple in triples:
            graph.add(triple)
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return sorted(
        Problem(short(report.value(r, sh.focusNode)), short(report.value(r, sh.resultPath) or ""),
                str(report.value(r, sh.resultMessage) or report.value(r, sh.sourceConstraintComponent)))
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    )


def declared_terms(ontology) -> tuple[set[str], set[str]]:
    """(classes, properties) that coop.ttl declares."""
    from rdflib import OWL, RDF, RDFS

    classes = {str(s) for kind in (OWL.Class, RDFS.Class) for s in ontology.subjects(RDF.type, kind)}
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    properties = {str(s) for kind in kinds for s in ontology.subjects(RDF.type, kind)}
    return classes, properties


def _standard(iri: str) -> bool:
    return any(iri.startswith(ns) for ns in STANDARD.values())


def vocabulary_problems(data, ontology) -> list[Problem]:
    """Every predicate and every class (object of rdf:type) is declared in coop.ttl or is standard."""
    from rdflib import RDF

    classes, properties = declared_terms(ontology)
    problems = set()
    for s, p, o in data:
        if str(p) not in properties and not _standard(str(p)):
            problems.add(Problem(short(p), "", "property not declared in ontology/coop.ttl nor in a standard vocabulary"))
        if p == RDF.type and str(o) not in classes and not _standard(str(o)):
            problems.add(Problem(short(o), "rdf:type", "class not declared in ontology/coop.ttl nor in a standard vocabulary"))
    return sorted(problems)


def validate(store) -> list[Problem]:
    data, ontology = data_graph(store), ontology_graph()
    return vocabulary_problems(data, ontology) + shacl_problems(data, ontology, shapes_graph())
