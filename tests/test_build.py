"""The build: stable IRIs across scripts and encodings, identical rebuilds, and a store that is
never left half-written."""

import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, coopkg
from kg_build.build import run
from kg_build.errors import UserError
from kg_build.fold import to_simplified
from kg_build.store import open_store

PLAN_2019 = CORPUS / "2019-05_key-work-plan-2019.txt"
HAS_ITEM = "https://w3id.org/coopkg/ontology#hasItem"


def items_of(store: Path) -> set[str]:
    db = open_store(store)
    return {q.object.value for q in db.quads_for_pattern(None, __import__("pyoxigraph").NamedNode(HAS_ITEM), None)}


def nquads(store: Path) -> bytes:
    from kg_build.export import serialise

    return serialise(open_store(store), "nquads")


def test_big5_and_simplified_copies_give_the_same_item_iris(tmp_path):
    text = PLAN_2019.read_text(encoding="utf-8")
    variants = {
        "big5": text.encode("big5hkscs"),
        "simplified-gb18030": to_simplified(text).encode("gb18030"),
        "utf16": text.encode("utf-16"),
    }
    expected = None
    for name, data in variants.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"plan-{name}.txt").write_bytes(data)
        run([folder], tmp_path / f"store-{name}")
        found = items_of(tmp_path / f"store-{name}")
        assert len(found) == 74
        expected = expected or found
        assert found == expected
    assert "https://w3id.org/coopkg/id/plan/gd-hk/2019/item/1" in expected


def test_two_builds_give_identical_nquads(tmp_path, built_store):
    again = tmp_path / "again"
    run(None, again)
    assert nquads(again) == nquads(built_store)


def test_worker_processes_give_the_same_nquads(tmp_path, built_store):
    parallel = tmp_path / "parallel"
    run(None, parallel, jobs=2)
    assert nquads(parallel) == nquads(built_store)


def test_a_bad_document_in_a_parallel_build_is_one_line_and_no_store(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "zz-notes.txt").write_text("這是一段沒有任何結構的文字。\n只有兩行。", encoding="utf-8")
    result = coopkg("build", "--corpus", str(corpus), "--jobs", "2", store=tmp_path / "s")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "coopkg: error: zz-notes.txt: no plan, item or named document recognised; is it a document about 粵港合作? "
        "Check the file, or leave it out of the corpus"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_rebuild_replaces_the_store_and_leaves_no_temporary_folders(tmp_path):
    store = tmp_path / "s"
    run([PLAN_2019], store)
    run([PLAN_2019], store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_failed_build_leaves_the_previous_store_untouched(tmp_path):
    store = tmp_path / "s"
    run([PLAN_2019], store)
    before = nquads(store)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = coopkg("build", "--corpus", str(empty), store=store)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"coopkg: error: empty.txt: the file is empty; remove it from the corpus or give its text"]
    assert nquads(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "s"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01\x02binary\x00", "a binary file"),
        ("這是一段沒有任何結構的文字。\n只有兩行。".encode("utf-8"), "no plan, item or named document recognised"),
        (b"\xff\xfe\x00", "starts with a UTF-16 byte-order mark but is not valid UTF-16"),  # was a traceback
    ],
)
def test_bad_documents_are_refused_in_one_line(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = coopkg("build", "--corpus", str(bad), store=tmp_path / "s")
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "s").exists()


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("do not delete")
    with pytest.raises(UserError, match="is not a coopkg store"):
        run([PLAN_2019], precious)
    assert (precious / "thesis.docx").exists()


def test_every_plan_item_and_section_has_evidence(db):
    rows = list(db.query(
        """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
             { ?x a <https://w3id.org/coopkg/ontology#PlanItem> } UNION { ?x a <https://w3id.org/coopkg/ontology#Section> }
             UNION { ?x a <https://w3id.org/coopkg/ontology#Plan> ; <https://w3id.org/coopkg/ontology#hasItem> [] }
             FILTER NOT EXISTS { ?x <https://w3id.org/coopkg/ontology#evidence> ?m } }""",
        use_default_graph_as_union=True,
    ))
    assert rows[0]["n"].value == "0"


def test_item_text_and_agency_iris(db):
    from pyoxigraph import NamedNode

    item = NamedNode("https://w3id.org/coopkg/id/plan/gd-hk/2019/item/10")
    texts = [q.object.value for q in db.quads_for_pattern(item, NamedNode("https://w3id.org/coopkg/ontology#text"), None)]
    assert texts == ["落實《粵港科技創新交流合作安排》，繼續實施粵港聯合資助計劃，著力發展戰略性新興產業技術。"]


def test_the_bundled_corpus_copy_matches_the_manifest():
    import json

    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(d["file"] for d in manifest["documents"]) == sorted(p.name for p in CORPUS.glob("*.txt"))
