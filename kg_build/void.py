"""A VoID description of the dataset: sizes, a class partition, one subset per named graph."""

from __future__ import annotations

from . import ids
from .rdf import PREFIXES, RDF, XSD

VOID = "http://rdfs.org/ns/void#"
DATASET = ids.BASE + "dataset"

_COUNTS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
       (COUNT(DISTINCT ?p) AS ?properties) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(id:))) }"
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def _count(value) -> object:
    from pyoxigraph import Literal, NamedNode

    return Literal(str(int(value.value)), datatype=NamedNode(XSD + "integer"))


def _triples(store) -> list:
    from pyoxigraph import NamedNode, Triple

    from .sparql import run

    ds, v = NamedNode(DATASET), lambda name: NamedNode(VOID + name)
    counts = next(iter(run(store, _COUNTS)))
    out = [Triple(ds, NamedNode(RDF + "type"), v("Dataset")),
           Triple(ds, v("uriSpace"), _literal(ids.BASE)),
           Triple(ds, v("vocabulary"), NamedNode(ids.ONTOLOGY))]
    for name, var in (("triples", "triples"), ("distinctSubjects", "subjects"), ("distinctObjects", "objects"), ("properties", "properties")):
        out.append(Triple(ds, v(name), _count(counts[var])))
    out.append(Triple(ds, v("entities"), _count(next(iter(run(store, _ENTITIES)))["n"])))
    for row in run(store, _CLASSES):
        part = NamedNode(f"{DATASET}/class/{_local(row['c'])}")
        out += [Triple(ds, v("classPartition"), part), Triple(part, v("class"), row["c"]), Triple(part, v("entities"), _count(row["n"]))]
    for row in run(store, _GRAPHS):
        subset = NamedNode(f"{DATASET}/graph/{_local(row['g'])}")
        out += [Triple(ds, v("subset"), subset), Triple(subset, NamedNode(RDF + "type"), v("Dataset")),
                Triple(subset, NamedNode(VOID + "triples"), _count(row["n"])),
                Triple(subset, NamedNode("http://www.w3.org/ns/sparql-service-description#name"), row["g"])]
    return out


def _local(term) -> str:
    """A readable, stable IRI segment for a class or graph: coop-Plan, source-2019-05_….txt."""
    from .sparql import short

    text = short(term, {**PREFIXES, "ontology": ids.ONTOLOGY})
    text = text.replace("id:", "", 1).replace(":", "-").replace("/", "-")
    return ids.segment(text)


def _literal(text: str):
    from pyoxigraph import Literal

    return Literal(text)


def describe(store) -> bytes:
    import pyoxigraph

    prefixes = {**PREFIXES, "void": VOID, "sd": "http://www.w3.org/ns/sparql-service-description#"}
    return pyoxigraph.serialize(sorted(_triples(store), key=str), format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
