"""Exports: every RDF format parses with rdflib and with pyoxigraph and holds the same triples;
JSON-LD uses the project's context and round-trips; exports/ is fresh."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg_build import export, release

RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
OXI = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD"}
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def outputs(db) -> dict[str, bytes]:
    return {fmt: export.serialise(db, fmt) for fmt in export.FORMATS}


@pytest.fixture(scope="module")
def reference(db) -> tuple[set[str], int]:
    return ground(export.union_triples(db))


def ground(triples) -> tuple[set[str], int]:
    """Triples without blank nodes as text, and how many have one (their labels differ per parse;
    rdflib's isomorphism test below covers their structure)."""
    blank = pyoxigraph.BlankNode
    plain = {str(t) for t in triples if not isinstance(t.subject, blank) and not isinstance(t.object, blank)}
    return plain, len(set(triples)) - len(plain)


def oxigraph_triples(data: bytes, fmt: str) -> tuple[set[str], int]:
    parsed = pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, OXI[fmt]))
    return ground({pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in parsed})


def rdflib_graph(data: bytes, fmt: str) -> rdflib.Graph:
    if fmt in ("nquads", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(data=data.decode("utf-8"), format=RDFLIB[fmt])
        graph = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return rdflib.Graph().parse(data=data.decode("utf-8"), format=RDFLIB[fmt])


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_pyoxigraph_reads_the_same_triples(outputs, reference, fmt):
    assert oxigraph_triples(outputs[fmt], fmt) == reference


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdflib_reads_the_same_triples(outputs, fmt):
    expected = rdflib.Graph().parse(data=outputs["ntriples"].decode("utf-8"), format="nt")
    assert isomorphic(rdflib_graph(outputs[fmt], fmt), expected)


def test_quads_keep_one_graph_per_source(outputs, db):
    graphs = {q.graph_name.value for q in pyoxigraph.parse(outputs["nquads"], format=pyoxigraph.RdfFormat.N_QUADS)}
    sources = {r["s"].value for r in db.query("SELECT ?s WHERE { ?s a <https://w3id.org/coopkg/ontology#SourceDocument> }", use_default_graph_as_union=True)}
    assert sources <= graphs and len(sources) == 5


def test_jsonld_uses_the_context(outputs):
    data = json.loads(outputs["jsonld"])
    assert data["@context"] == export.context()["@context"]
    item = next(n for n in data["@graph"] if n["@id"].endswith("plan/gd-hk/2019/item/1"))
    assert item["@type"] == "PlanItem" and item["itemNumber"] == "1"  # typed by the context
    assert {k.lower() for k in item["label"]} == {"zh-hant", "en"}  # Oxigraph keeps tags lower-case


def test_turtle_has_prefixes(outputs):
    head = outputs["turtle"].decode("utf-8")[:2000]
    assert "@prefix coop: <https://w3id.org/coopkg/ontology#> ." in head


def test_csv_entities(outputs):
    rows = list(csv.DictReader(io.StringIO(outputs["csv-entities"].decode("utf-8"))))
    assert list(rows[0]) == ["iri", "type", "label_zh", "label_en", "aliases"]
    item = next(r for r in rows if r["iri"] == "https://w3id.org/coopkg/id/plan/gd-hk/2019/item/1")
    assert (item["type"], item["label_zh"], item["aliases"]) == ("coop:PlanItem", "2019年重點工作第1項", "2019-1")


def test_csv_relations(outputs):
    rows = list(csv.DictReader(io.StringIO(outputs["csv-relations"].decode("utf-8"))))
    assert list(rows[0]) == ["subject", "property", "object", "subject_label", "object_label"]
    assert {
        "subject": "https://w3id.org/coopkg/id/plan/gd-hk/2019",
        "property": "coop:hasItem",
        "object": "https://w3id.org/coopkg/id/plan/gd-hk/2019/item/1",
        "subject_label": "實施《粵港合作框架協議》2019年重點工作",
        "object_label": "2019年重點工作第1項",
    } in rows


def test_void(outputs, reference):
    graph = rdflib.Graph().parse(data=outputs["void"].decode("utf-8"), format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/coopkg/id/dataset")
    assert (dataset, rdflib.RDF.type, void.Dataset) in graph
    assert int(graph.value(dataset, void.triples)) == len(reference[0]) + reference[1]
    graphs = {q.graph_name for q in pyoxigraph.parse(outputs["nquads"], format=pyoxigraph.RdfFormat.N_QUADS)}
    assert len(list(graph.objects(dataset, void.subset))) == len(graphs) >= 6  # sources, ontology, derived
    classes = {graph.value(part, void["class"]): int(graph.value(part, void.entities)) for part in graph.objects(dataset, void.classPartition)}
    assert classes[rdflib.URIRef("https://w3id.org/coopkg/ontology#PlanItem")] == 243
    pyoxigraph.parse(outputs["void"], format=pyoxigraph.RdfFormat.TURTLE)


def test_exports_folder_is_fresh():
    fresh = release.build_and_render()
    for name, data in fresh.items():
        path = release.EXPORTS / name
        assert path.is_file(), f"exports/{name} is missing; run `make exports` and commit exports/"
        assert path.read_bytes() == data, f"exports/{name} is stale; run `make exports` and commit exports/"
