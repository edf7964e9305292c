"""The ontology files: coop.ttl (OWL), shapes.ttl (SHACL) and context.jsonld (JSON-LD)."""

import json
import pathlib
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

ONTOLOGY = pathlib.Path(__file__).resolve().parent.parent / "ontology"
COOP = Namespace("https://w3id.org/coopkg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest probes module globals

# The public schema of design.md, copied here so the test runs without the design file.
PUBLIC_CLASSES = (
    "SourceDocument Document Plan Agreement Regulation Section PlanItem Institution "
    "Place Programme Project Meeting Person Mention"
).split()
PUBLIC_PROPERTIES = (
    "hasSection hasItem inSection itemNumber text responsibleAgency year cites supports "
    "supportedBy mentions signedAt signatory witness chairedBy heldIn date renews evidence sha256"
).split()
EXTENSION_CLASSES = ["Tenure", "Continuation"]
EXTENSION_PROPERTIES = (
    "hasSubsection framework parentBody tenure holder postIn continues continuationFrom "
    "continuationTo sharedEntity sectionNumber ordinal meetingKind postTitle asOf score "
    "period sourceKind searchKey"
).split()
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ONTOLOGY / "coop.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def context():
    return json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def coop_terms(graph, kinds):
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if s.startswith(COOP)}


def expand(context, value):
    """Expand a compact IRI or term definition of the context to a full IRI."""
    iri = value["@id"] if isinstance(value, dict) else value
    prefix, _, local = iri.partition(":")
    base = context.get(prefix)
    return base + local if isinstance(base, str) and not local.startswith("//") else iri


# --- coop.ttl --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["coop.ttl", "shapes.ttl"])
def test_turtle_parses(name):
    assert len(Graph().parse(ONTOLOGY / name, format="turtle")) > 50


def test_ontology_header(ontology):
    assert (URIRef("https://w3id.org/coopkg/ontology"), RDF.type, OWL.Ontology) in ontology


def test_every_coop_term_has_labels_and_comment(ontology):
    terms = coop_terms(ontology, (OWL.Class, *PROPERTY_KINDS))
    assert len(terms) > 50
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"en", "zh-Hant"} <= languages, term
        comments = [c for c in ontology.objects(term, RDFS.comment) if c.language == "en"]
        assert comments, term


@pytest.mark.parametrize("name", PUBLIC_CLASSES + EXTENSION_CLASSES)
def test_schema_class_exists(ontology, name):
    assert (COOP[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", PUBLIC_PROPERTIES + EXTENSION_PROPERTIES)
def test_schema_property_exists(ontology, name):
    assert any((COOP[name], RDF.type, kind) in ontology for kind in PROPERTY_KINDS)


def design_file():
    root = ONTOLOGY.parent
    for candidate in (root / "design.md", root / "docs" / "design.md", root.parent / "shared" / "design.md"):
        if candidate.exists():
            return candidate
    return None


def test_design_public_schema_is_covered(ontology):
    path = design_file()
    if path is None:
        pytest.skip("design.md not found beside the repository")
    text = path.read_text(encoding="utf-8")
    section = text.split("## Public schema", 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"coop:([A-Za-z0-9]+)", section))
    assert names, "no coop: terms found in the public schema section"
    for name in names:
        kinds = (OWL.Class,) if name[0].isupper() else PROPERTY_KINDS
        assert any((COOP[name], RDF.type, kind) in ontology for kind in kinds), name


def test_alignments(ontology):
    org = Namespace("http://www.w3.org/ns/org#")
    expected = [
        (COOP.Institution, RDFS.subClassOf, org.Organization),
        (COOP.Tenure, RDFS.subClassOf, org.Membership),
        (COOP.Mention, RDFS.subClassOf, OA.SpecificResource),
        (COOP.parentBody, RDFS.subPropertyOf, org.subOrganizationOf),
        (COOP.supports, OWL.inverseOf, COOP.supportedBy),
        (COOP.Plan, RDFS.subClassOf, COOP.Document),
        (COOP.Agreement, RDFS.subClassOf, COOP.Document),
        (COOP.Regulation, RDFS.subClassOf, COOP.Document),
    ]
    for triple in expected:
        assert triple in ontology, triple


def test_datatype_ranges(ontology):
    ranges = {
        "itemNumber": XSD.integer, "sectionNumber": XSD.integer, "year": XSD.gYear,
        "date": XSD.date, "asOf": XSD.date, "score": XSD.decimal, "ordinal": XSD.integer,
        "text": XSD.string, "sha256": XSD.string,
    }
    for name, datatype in ranges.items():
        assert ontology.value(COOP[name], RDFS.range) == datatype, name


# --- shapes.ttl ------------------------------------------------------------------------


def test_shape_targets_are_declared_classes(ontology, shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    assert targets
    for target in targets:
        assert (target, RDF.type, OWL.Class) in ontology, target


def test_every_coop_class_has_a_shape(ontology, shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    assert coop_terms(ontology, (OWL.Class,)) <= targets


def test_shapes_are_open_and_messaged(shapes):
    assert not list(shapes.subjects(SH.closed, Literal(True)))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.message) is not None, (shape, prop)


# --- context.jsonld --------------------------------------------------------------------


def test_context_covers_every_coop_term(ontology, context):
    expanded = {expand(context, value) for key, value in context.items() if not key.startswith("@")}
    for term in coop_terms(ontology, (OWL.Class, *PROPERTY_KINDS)):
        assert str(term) in expanded, term


def test_context_types(ontology, context):
    for term in coop_terms(ontology, (OWL.ObjectProperty,)):
        assert context[term.fragment]["@type"] == "@id", term
    for term in coop_terms(ontology, (OWL.DatatypeProperty,)):
        definition = context[term.fragment]
        datatype = ontology.value(term, RDFS.range)
        if datatype in (XSD.string, RDFS.Literal):
            assert "@type" not in definition, term
        else:
            assert expand(context, definition["@type"]) == str(datatype), term
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["altLabel"] == {"@id": "skos:altLabel", "@container": "@language"}
    assert expand(context, context["start"]["@type"]) == str(XSD.nonNegativeInteger)
    assert expand(context, context["end"]["@type"]) == str(XSD.nonNegativeInteger)
    assert context["id"] == "https://w3id.org/coopkg/id/"


def test_context_yields_typed_literals(context):
    document = {
        "@context": context,
        "@id": "id:item/2016/1",
        "@type": "PlanItem",
        "itemNumber": 1,
        "label": {"zh-Hant": "第一項"},
        "evidence": {"@id": "id:mention/1", "hasSelector": {"@type": "TextPositionSelector", "start": 0, "end": 3}},
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    item = URIRef("https://w3id.org/coopkg/id/item/2016/1")
    assert (item, RDF.type, COOP.PlanItem) in graph
    assert graph.value(item, COOP.itemNumber).datatype == XSD.integer
    assert graph.value(item, RDFS.label) == Literal("第一項", lang="zh-Hant")
    selector = graph.value(URIRef("https://w3id.org/coopkg/id/mention/1"), OA.hasSelector)
    assert graph.value(selector, OA.start).datatype == XSD.nonNegativeInteger


# --- validation ------------------------------------------------------------------------

SOURCE_TEXT = "附件 實施《粵港合作框架協議》2016年重點工作"

CONFORMING = """
@prefix coop: <https://w3id.org/coopkg/ontology#> .
@base <https://w3id.org/coopkg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<source/plan-2016> a coop:SourceDocument ;
    dcterms:identifier "plan-2016.txt" ;
    coop:sourceKind "key-work-plan" ;
    coop:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .

<plan/2016> a coop:Plan ;
    rdfs:label "實施《粵港合作框架協議》2016年重點工作"@zh-Hant , "2016 key work plan"@en ;
    coop:year "2016"^^xsd:gYear ;
    coop:framework <agreement/framework> ;
    coop:hasSection <plan/2016/section/1> ;
    coop:hasItem <plan/2016/item/1> .

<agreement/framework> a coop:Agreement ;
    rdfs:label "粵港合作框架協議"@zh-Hant ;
    coop:supports <plan/2016/item/1> .

<plan/2016/section/1> a coop:Section ;
    coop:sectionNumber 1 ;
    rdfs:label "跨界基礎設施"@zh-Hant .

<plan/2016/item/1> a coop:PlanItem ;
    coop:itemNumber 1 ;
    coop:text "實施《粵港合作框架協議》。" ;
    coop:inSection <plan/2016/section/1> ;
    coop:cites <agreement/framework> ;
    coop:evidence <mention/1> .

<mention/1> a coop:Mention ;
    oa:hasSource <source/plan-2016> ;
    oa:hasSelector <mention/1/position> , <mention/1/quote> .

<mention/1/position> a oa:TextPositionSelector ;
    oa:start "6"^^xsd:nonNegativeInteger ;
    oa:end "16"^^xsd:nonNegativeInteger .

<mention/1/quote> a oa:TextQuoteSelector ;
    oa:exact "粵港合作框架協議》2" .
"""


def validate(data, ontology, shapes):
    import pyshacl

    graph = Graph().parse(data=data, format="turtle")
    conforms, _, report = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none"
    )
    return conforms, report


def test_fixture_quote_matches_offsets():
    assert SOURCE_TEXT[6:16] == "粵港合作框架協議》2"


def test_conforming_graph_passes(ontology, shapes):
    conforms, report = validate(CONFORMING, ontology, shapes)
    assert conforms, report


# Meetings, people, tenures, places, institutions and a continuation between two plans.
EXTENDED = CONFORMING + """
<meeting/plenary/20> a coop:Meeting ;
    rdfs:label "粵港合作聯席會議第二十次會議"@zh-Hant ;
    coop:ordinal 20 ;
    coop:meetingKind "plenary" ;
    coop:date "2017-06-21"^^xsd:date ;
    coop:heldIn <place/guangzhou> ;
    coop:chairedBy <person/lin-zheng-yue-e> .

<place/guangzhou> a coop:Place ; rdfs:label "廣州"@zh-Hant , "Guangzhou"@en .

<institution/hksar-government> a coop:Institution ; rdfs:label "香港特別行政區政府"@zh-Hant .

<institution/itc> a coop:Institution ;
    rdfs:label "創新科技署"@zh-Hant ;
    coop:parentBody <institution/hksar-government> .

<person/lin-zheng-yue-e> a coop:Person ;
    rdfs:label "林鄭月娥"@zh-Hant ;
    coop:tenure <tenure/lin-zheng-yue-e/1> .

<tenure/lin-zheng-yue-e/1> a coop:Tenure ;
    coop:holder <person/lin-zheng-yue-e> ;
    coop:postTitle "行政長官"@zh-Hant ;
    coop:postIn <institution/hksar-government> ;
    coop:asOf "2017-07-01"^^xsd:date .

<agreement/ip-2017-2018> a coop:Agreement ;
    rdfs:label "粵港知識產權合作協議（2017-2018）"@zh-Hant ;
    coop:period "2017-2018" ;
    coop:signedAt <meeting/plenary/20> ;
    coop:signatory <institution/itc> ;
    coop:witness <person/lin-zheng-yue-e> .

<plan/2017> a coop:Plan ;
    rdfs:label "實施《粵港合作框架協議》2017年重點工作"@zh-Hant ;
    coop:year "2017"^^xsd:gYear ;
    coop:hasItem <plan/2017/item/3> .

<plan/2017/item/3> a coop:PlanItem ;
    coop:itemNumber 3 ;
    coop:text "落實《粵港合作框架協議》。" ;
    coop:mentions <place/guangzhou> , <institution/itc> ;
    coop:responsibleAgency <institution/itc> ;
    coop:continues <plan/2016/item/1> ;
    coop:evidence <mention/1> .

<continuation/1> a coop:Continuation ;
    coop:continuationFrom <plan/2016/item/1> ;
    coop:continuationTo <plan/2017/item/3> ;
    coop:sharedEntity <agreement/framework> ;
    coop:score 0.75 .
"""


def test_extended_graph_passes(ontology, shapes):
    conforms, report = validate(EXTENDED, ontology, shapes)
    assert conforms, report


# case: (text in the graph, its replacement, a fragment of the expected sh:resultMessage)
BROKEN = {
    "two item numbers": ("coop:itemNumber 1 ;", "coop:itemNumber 1 , 2 ;", "exactly one coop:itemNumber"),
    "string item number": ("coop:itemNumber 1 ;", 'coop:itemNumber "1" ;', "exactly one coop:itemNumber"),
    "item number zero": ("coop:itemNumber 1 ;", "coop:itemNumber 0 ;", "exactly one coop:itemNumber"),
    "no evidence": ("    coop:evidence <mention/1> .", "    .", "at least one coop:evidence"),
    "negative offset": ('oa:start "6"^^xsd:nonNegativeInteger', "oa:start -6", "exactly one oa:start"),
    "string offset": ('oa:start "6"^^xsd:nonNegativeInteger', 'oa:start "6"', "exactly one oa:start"),
    "quote does not match offsets": ('oa:exact "粵港合作框架協議》2"', 'oa:exact "粵港合作框架協議"', "code points long"),
    "no quote selector": (", <mention/1/quote> .", " .", "oa:TextQuoteSelector"),
    "short sha256": ('coop:sha256 "9f86d0', 'coop:sha256 "f86d0', "coop:sha256"),
    "string year": ('coop:year "2016"^^xsd:gYear', 'coop:year "2016"', "coop:year"),
    "untagged label": ('"粵港合作框架協議"@zh-Hant', '"粵港合作框架協議"', "rdfs:label"),
    "supports a non-item": ("coop:supports <plan/2016/item/1>", "coop:supports <plan/2016>", "coop:supports"),
    "unknown meeting kind": ('coop:meetingKind "plenary"', 'coop:meetingKind "annual"', "coop:meetingKind"),
    "score above one": ("coop:score 0.75", "coop:score 1.5", "coop:score"),
    "float score": ("coop:score 0.75", "coop:score 7.5e-1", "coop:score"),
    "mentions a document": ("coop:mentions <place/guangzhou>", "coop:mentions <agreement/framework>", "coop:mentions"),
    "tenure without holder": ("coop:holder <person/lin-zheng-yue-e> ;", "", "coop:holder"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_fails(ontology, shapes, case):
    old, new, expected = BROKEN[case]
    assert old in EXTENDED, case
    conforms, report = validate(EXTENDED.replace(old, new, 1), ontology, shapes)
    assert not conforms, case
    assert expected in report, report
