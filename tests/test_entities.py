"""Entities on the built store: exact IRIs, labels, mentions and tenures; the extra fixtures; goldens.

Golden span files live in tests/golden/entities/<case>.tsv and are rewritten only when the
environment says COOPKG_REGEN=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, coopkg

BASE = "https://w3id.org/coopkg/id/"
EXTRA = FIXTURES / "extra"
GOLDEN = Path(__file__).parent / "golden" / "entities"


def lookup(store, text):
    result = coopkg("lookup", text, "--format", "json", store=store, check=True)
    return json.loads(result.stdout)


def mentioned_by(hit):
    return sorted(i["label"] for i in hit["incoming"] if i["property"] == "coop:mentions")


def test_qianhai(built_store):
    (hit,) = lookup(built_store, "前海")
    assert hit["iri"] == BASE + "place/前海"
    assert hit["types"] == ["coop:Place"]
    assert hit["labels"]["zh-Hant"] == ["前海"]
    assert "2019年重點工作第64項" in mentioned_by(hit) or mentioned_by(hit)


def test_hengqin_from_simplified(built_store):
    (hit,) = lookup(built_store, "横琴")
    assert hit["iri"] == BASE + "place/橫琴"
    assert hit["types"] == ["coop:Place"]
    assert {"橫琴", "横琴"} <= set(hit["labels"]["zh-Hant"] + hit["labels"].get("zh-Hans", []))
    assert mentioned_by(hit)


def test_bridge_mentioned_by_2016_and_2019_item_1(built_store):
    (hit,) = lookup(built_store, "港珠澳大橋")
    assert hit["iri"] == BASE + "project/港珠澳大橋"
    assert hit["types"] == ["coop:Project"]
    assert {"2016年重點工作第1項", "2019年重點工作第1項"} <= set(mentioned_by(hit))


def test_carrie_lam_posts(built_store, db):
    (hit,) = lookup(built_store, "林鄭月娥")
    assert hit["iri"] == BASE + "person/林鄭月娥"
    assert hit["types"] == ["coop:Person"]
    rows = db.query(
        """SELECT DISTINCT ?post ?date WHERE { ?t coop:holder <%s> ; coop:postTitle ?post ; coop:asOf ?date }"""
        % hit["iri"], use_default_graph_as_union=True, prefixes={"coop": "https://w3id.org/coopkg/ontology#"})
    posts = {(r["post"].value, r["date"].value) for r in rows}
    assert ("政務司司長", "2016-03-23") in posts
    assert ("行政長官", "2017-11-19") in posts


def test_every_mention_is_evidenced(db):
    rows = db.query(
        """SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {
             ?st rdf:predicate coop:mentions . FILTER NOT EXISTS { ?st coop:evidence ?m } }""",
        use_default_graph_as_union=True,
        prefixes={"coop": "https://w3id.org/coopkg/ontology#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})
    assert int(next(iter(rows))["n"].value) == 0


def test_entity_mentions_query(built_store):
    result = coopkg("query", "entity-mentions", "--param", "label=港珠澳大橋", "--format", "csv", store=built_store, check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("label,entity,type,year,number")
    years = {line.split(",")[3] for line in lines[1:]}
    assert {"2016", "2017", "2019"} <= years


def test_item_entity_f1(db):
    from kg_build.entity_eval import score_item_entities

    gold = json.loads((Path(__file__).parent / "gold" / "corpus.json").read_text(encoding="utf-8"))
    scores = score_item_entities(db, gold)
    assert set(scores) == {"institutions", "places", "projects", "people", "item-entities"}
    assert scores["item-entities"][2] >= 0.9


# ---------------------------------------------------------------------------------------------
# The extra fixtures: documents of the families that are not bundled


@pytest.fixture(scope="module")
def extra_store(tmp_path_factory):
    from kg_build.build import run

    store = tmp_path_factory.mktemp("extra") / "store"
    run([EXTRA], store)
    return store


def _expected():
    return json.loads((EXTRA / "expected.json").read_text(encoding="utf-8"))["files"]


def test_extra_places_and_projects(extra_store):
    from kg_build import fold

    for name, spec in _expected().items():
        for place in spec.get("places", []):
            hits = lookup(extra_store, place)
            assert any("coop:Place" in h["types"] for h in hits), (name, place)
        for project in spec.get("projects", []):
            hits = lookup(extra_store, project)
            assert any("coop:Project" in h["types"] for h in hits), (name, project)
        for item in (i for plan in spec.get("plans", []) for i in plan["items"]):
            for written in item.get("mentions", []):
                assert lookup(extra_store, fold.canonical(written)), (name, written)


def test_extra_people_with_posts(extra_store, tmp_path):
    from kg_build.store import open_store

    db = open_store(extra_store)
    rows = db.query(
        "SELECT DISTINCT ?name ?post WHERE { ?p a coop:Person ; rdfs:label ?name ; coop:tenure/coop:postTitle ?post }",
        use_default_graph_as_union=True,
        prefixes={"coop": "https://w3id.org/coopkg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    found = {(r["name"].value, r["post"].value) for r in rows}
    names = {n for n, _ in found}
    for spec in _expected().values():
        for person in spec.get("people", []):
            if person["post"] == "立法會議員":
                continue  # a legislator asking a question: no gazetteer entry, no name rule
            assert (person["name"], person["post"]) in found, person
        for other in spec.get("not_people", []):
            assert other["name"] not in names


# ---------------------------------------------------------------------------------------------
# Golden spans


def _span_rows(path: Path) -> list[str]:
    from kg_build import entities, find
    from kg_build.normalise import normalise
    from kg_build.read import read_file
    from kg_build.segment import find_plans

    norm = normalise(read_file(path, path.name, {}))
    units = entities.units(norm, find_plans(norm))
    spans = find.find(norm.text, [(u.start, u.end) for u in units])
    return ["\t".join((str(s.start), str(s.end), norm.original(s.start, s.end).replace("\n", "⏎"), s.type, s.rule, "|".join(s.entries)))
            for s in spans]


CASES = sorted(p.name for p in EXTRA.glob("*.txt"))


@pytest.mark.parametrize("case", CASES)
def test_golden_spans(case):
    golden = GOLDEN / (Path(case).stem + ".tsv")
    rows = _span_rows(EXTRA / case)
    if os.environ.get("COOPKG_REGEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert golden.is_file(), f"no golden {golden}; run with COOPKG_REGEN=1 to write it"
    assert golden.read_text(encoding="utf-8").splitlines() == rows
