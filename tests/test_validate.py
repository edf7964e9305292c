"""`coopkg validate`: the bundled graph conforms; a broken graph is caught, one line per problem."""

from __future__ import annotations

import pyoxigraph
import pytest

from conftest import coopkg
from kg_build import validate as checker

COOP = "https://w3id.org/coopkg/ontology#"
ITEM = pyoxigraph.NamedNode("https://w3id.org/coopkg/id/plan/gd-hk/2019/item/1")
GRAPH = pyoxigraph.NamedNode("https://w3id.org/coopkg/id/source/2019-05_key-work-plan-2019.txt")


def test_bundled_graph_conforms(built_store):
    result = coopkg("validate", store=built_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def broken_store(built_store, tmp_path_factory):
    """A copy of the bundled graph with a second item number and an undeclared coop: property."""
    from kg_build.store import open_store, write_atomically

    quads = list(open_store(built_store).quads_for_pattern(None, None, None, None))
    bad = [
        pyoxigraph.Quad(ITEM, pyoxigraph.NamedNode(COOP + "itemNumber"), pyoxigraph.Literal("2", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), GRAPH),
        pyoxigraph.Quad(ITEM, pyoxigraph.NamedNode(COOP + "priority"), pyoxigraph.Literal("high"), GRAPH),
    ]
    target = tmp_path_factory.mktemp("broken") / "store"
    write_atomically(target, lambda store: store.bulk_extend(quads + bad), {"broken": True})
    return target


def test_broken_graph_is_caught(broken_store):
    result = coopkg("validate", store=broken_store)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "coop:priority  -  property not declared in ontology/coop.ttl nor in a standard vocabulary",
        "id:plan/gd-hk/2019/item/1  coop:itemNumber  A PlanItem needs exactly one coop:itemNumber, an xsd:integer of at least 1.",
    ]
    assert "2 problems" in result.stderr


def test_unknown_class_is_caught():
    import rdflib

    data = rdflib.Graph()
    data.add((rdflib.URIRef(ITEM.value), rdflib.RDF.type, rdflib.URIRef(COOP + "Widget")))
    data.add((rdflib.URIRef(ITEM.value), rdflib.URIRef("http://www.w3.org/2004/02/skos/core#note"), rdflib.Literal("ok")))
    problems = checker.vocabulary_problems(data, checker.ontology_graph())
    assert [p.line() for p in problems] == ["coop:Widget  rdf:type  class not declared in ontology/coop.ttl nor in a standard vocabulary"]
