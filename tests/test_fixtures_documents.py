"""The out-of-corpus fixtures: documents, meetings and signings the annotation expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg_build import fold
from kg_build.documents import named_documents
from kg_build.normalise import normalise
from kg_build.read import load_manifest, read_file

EXTRA = Path(__file__).parent / "fixtures" / "extra"
EXPECTED = json.loads((EXTRA / "expected.json").read_text(encoding="utf-8"))["files"]


def _norm(name: str):
    return normalise(read_file(EXTRA / name, name, load_manifest(EXTRA).get(name, {})))


def _keys(res) -> set[str]:
    return {fold.key(res.label), *(fold.key(a) for a in res.aliases)}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_documents_found_with_type(name):
    found = named_documents(_norm(name))
    for doc in EXPECTED[name]["documents"]:
        if doc.get("role") == "self":
            continue
        hits = [n.node for n in found if fold.key(doc["canonical"]) in _keys(n.node)]
        assert hits, doc["canonical"]
        assert {h.kind for h in hits} == {doc["type"]}, doc["canonical"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_excluded_titles_are_no_documents(name):
    found = {fold.key(n.node.label) for n in named_documents(_norm(name))}
    for title in EXPECTED[name].get("excluded_titles", []):
        assert fold.key(title["as_written"].strip("《》")) not in found


def test_cross_document_names_resolve_to_one_node():
    news = {n.node.label: n.node.iri for n in named_documents(_norm("news-signing-2018.txt"))}
    reply = {n.node.label: n.node.iri for n in named_documents(_norm("legco-reply-2018.txt"))}
    plan = {n.node.iri for n in named_documents(_norm("gd-2018-plan-simplified.txt"))}
    assert news["粵港共同推進大灣區建設合作意向書"] == reply["粵港共同推進大灣區建設合作意向書"]
    assert reply["粵港保護知識產權合作協議（2017年—2018年）"] in plan
    assert news["實施《粵港合作框架協議》2018年重點工作"].endswith("/plan/gd-hk/2018")


def test_declared_alias_cepa_in_simplified_plan():
    found = named_documents(_norm("gd-2018-plan-simplified.txt"))
    cepa = [n for n in found if n.node.label == "內地與香港關於建立更緊密經貿關係的安排"]
    assert cepa


def test_fixture_meetings_build(tmp_path):
    from kg_build.build import run
    from kg_build.sparql import run as query
    from kg_build.store import open_store

    store = tmp_path / "store"
    run([EXTRA / n for n in ("news-signing-2018.txt", "legco-reply-2018.txt")], store)
    rows = {(r["o"].value, r["k"].value, r["d"].value, r["p"].value) for r in query(open_store(store), """
        SELECT DISTINCT ?o ?k ?d ?p WHERE { ?m a coop:Meeting ; coop:ordinal ?o ; coop:meetingKind ?k ; coop:date ?d ; coop:heldIn/rdfs:label ?p
        FILTER(LANG(?p) = "zh-hant") }""")}
    assert rows == {("21", "plenary", "2018-09-12", "廣州"), ("20", "plenary", "2017-11-18", "香港")}
