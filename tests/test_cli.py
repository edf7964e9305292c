"""The command line as a user meets it: answers, formats and one-line errors."""

import csv
import io
import json
import re

import pytest

from conftest import coopkg

COUNT_ITEMS = "SELECT (COUNT(?i) AS ?n) WHERE { ?p <https://w3id.org/coopkg/ontology#hasItem> ?i }"


def test_count_of_items_as_csv(built_store):
    result = coopkg("query", "--format", "csv", COUNT_ITEMS, store=built_store, check=True)
    assert result.stdout.splitlines() == ["n", "243"]


def test_named_query_plans(built_store):
    result = coopkg("query", "plans", "--format", "csv", store=built_store, check=True)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["year"], r["items"], r["sections"]) for r in rows] == [("2016", "92", "9"), ("2017", "77", "8"), ("2019", "74", "9")]
    assert all(r["framework"] == "粵港合作框架協議" for r in rows)


def test_named_query_with_parameter(built_store):
    result = coopkg("query", "plan-items", "--param", "year=2017", "--format", "json", store=built_store, check=True)
    data = json.loads(result.stdout)
    numbers = [int(b["number"]["value"]) for b in data["results"]["bindings"]]
    assert numbers == list(range(1, 78))
    assert data["head"]["vars"][:2] == ["year", "number"]


def test_tsv_and_table_formats(built_store):
    tsv = coopkg("query", "--format", "tsv", COUNT_ITEMS, store=built_store, check=True)
    assert tsv.stdout.splitlines()[0] == "?n"
    table = coopkg("query", COUNT_ITEMS, store=built_store, check=True)
    assert "243" in table.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml", "table"])
def test_select_star_columns_come_in_the_order_the_query_writes_them(built_store, fmt):
    # Oxigraph lists the variables of SELECT * by name (o, p, s); Jena and Virtuoso in written order.
    out = coopkg("query", "--format", fmt, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", store=built_store, check=True).stdout
    if fmt == "json":
        assert json.loads(out)["head"]["vars"] == ["s", "p", "o"]
    elif fmt == "xml":
        assert re.findall(r'<variable name="(\w+)"/>', out) == ["s", "p", "o"]
    else:
        header = out.splitlines()[1 if fmt == "table" else 0]
        assert re.findall(r"\w+", header) == ["s", "p", "o"]


def test_query_from_file(built_store, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text(COUNT_ITEMS, encoding="utf-8")
    assert coopkg("query", "--file", str(rq), "--format", "csv", store=built_store, check=True).stdout.splitlines()[1] == "243"


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("jsonld", "json-ld"), ("ntriples", "nt")])
def test_exports_parse_to_the_union_graph(built_store, fmt, parser):
    import rdflib

    result = coopkg("export", "--format", fmt, store=built_store)
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format=parser)
    union = coopkg("query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", store=built_store, check=True)
    assert len(graph) == int(union.stdout.splitlines()[1])


def test_export_to_file(built_store, tmp_path):
    out = tmp_path / "g.nq"
    coopkg("export", "--format", "nquads", "-o", str(out), store=built_store, check=True)
    assert out.read_text(encoding="utf-8").count("\n") > 1000


def test_lookup_traditional_and_simplified(built_store):
    for text in ("廣東省人民政府", "广东省人民政府", "廣東省 人民政府"):
        data = json.loads(coopkg("lookup", text, "--format", "json", store=built_store, check=True).stdout)
        assert data[0]["iri"] == "https://w3id.org/coopkg/id/institution/廣東省人民政府"


def test_stats(built_store):
    data = json.loads(coopkg("stats", "--format", "json", store=built_store, check=True).stdout)
    assert data["classes"]["coop:PlanItem"] == 243 and data["classes"]["coop:SourceDocument"] == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "SELECT ?x WHERE { ?x"], "malformed SPARQL"),
        (["query", "no-such-query"], "unknown named query 'no-such-query'"),
        (["query", "plan-items", "--param", "colour=red"], "has no parameter colour"),
        (["query", "plan-items", "--param", "year=twenty"], "parameter year must be xsd:gYear"),
        (["query", "--format", "yaml", "plans"], "unknown --format yaml"),
        (["export", "--format", "docx"], "unknown --format docx"),
    ],
)
def test_errors_are_one_line(built_store, args, message):
    result = coopkg(*args, store=built_store)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["query", "plans"], ["lookup", "前海"], ["export"], ["stats"]])
def test_missing_store_says_what_to_do(tmp_path, command):
    result = coopkg(*command, store=tmp_path / "nowhere")
    assert result.returncode == 2
    assert "no coopkg store at" in result.stderr and "coopkg build" in result.stderr


def test_version_is_the_package_version():
    import tomllib

    from conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = coopkg("--version", check=True)
    assert result.stdout == f"coopkg {declared}\n"
