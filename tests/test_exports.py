"""Exports: every RDF format parses with rdflib and with pyoxigraph and holds the same triples;
JSON-LD uses the project's context and round-trips; exports/ is fresh."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import threading
from contextlib import contextmanager

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg_build import export, release

from conftest import coopkg

RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
OXI = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "rdfxml": "xml"}


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


# --- export -o: what it writes to, and what it refuses ------------------------------------------

def export_void(out, built_store):
    return coopkg("export", "--format", "void", "-o", str(out), store=built_store)


def one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("coopkg: error: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@contextmanager
def immutable(path):
    """Make path unchangeable even for root (chattr +i), and changeable again afterwards."""
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        if os.geteuid() == 0 or path.is_file():
            pytest.skip("chattr +i is not available here")
        path.chmod(0o500)  # a folder: permission bits stop anyone but root
        try:
            yield
        finally:
            path.chmod(0o700)
        return
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_export_writes_through_a_symlink_and_keeps_it(built_store, tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    assert export_void(link, built_store).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b"void:Dataset" in real.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]


def test_export_writes_into_a_fifo_and_keeps_it(built_store, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = export_void(fifo, built_store)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # the old code renamed a regular file over it
    reader.join(timeout=30)
    assert received and b"void:Dataset" in received[0]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_export_to_a_full_device_fails_in_one_line(built_store, tmp_path):
    link = tmp_path / "full"  # the old code replaced the link here, never /dev/full itself
    link.symlink_to("/dev/full")
    one_line_error(export_void(link, built_store), "No space left on device")
    assert link.is_symlink()
    assert [p.name for p in tmp_path.iterdir()] == ["full"]


def test_export_leaves_a_users_part_file_alone(built_store, tmp_path):
    part = tmp_path / "graph.ttl.part"
    part.write_text("mine", encoding="utf-8")
    assert export_void(tmp_path / "graph.ttl", built_store).returncode == 0
    assert part.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "graph.ttl.part"]


def test_export_refuses_a_folder_and_leaves_nothing_behind(built_store, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    one_line_error(export_void(folder, built_store), f"{folder} is a folder; give a file name")
    assert [p.name for p in tmp_path.iterdir()] == ["c"] and not any(folder.iterdir())


def test_export_into_a_missing_folder(built_store, tmp_path):
    one_line_error(export_void(tmp_path / "nope" / "x.ttl", built_store), f"folder {tmp_path / 'nope'} does not exist; create it first")
    assert list(tmp_path.iterdir()) == []


def test_export_under_a_regular_file(built_store, tmp_path):
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    one_line_error(export_void(tmp_path / "afile" / "x.ttl", built_store), f"{tmp_path / 'afile'} is a file, not a folder")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"


def test_export_with_an_empty_file_name(built_store):
    one_line_error(export_void("", built_store), "give a file name")


def test_export_into_a_read_only_folder(built_store, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with immutable(folder):
        result = export_void(folder / "x.ttl", built_store)
    one_line_error(result, f"cannot write {folder / 'x.ttl'}: ")
    assert list(folder.iterdir()) == []


def test_export_onto_an_immutable_file_keeps_it_and_removes_the_temporary_file(built_store, tmp_path):
    target = tmp_path / "x.ttl"
    target.write_text("mine", encoding="utf-8")
    with immutable(target):
        result = export_void(target, built_store)
    one_line_error(result, f"cannot write {target}: Operation not permitted")
    assert target.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["x.ttl"]
