"""Bad input and bad surroundings at the command line: one line on stderr, a non-zero exit, nothing
left half-written. Each case here printed a traceback, exited 0, or said something untrue before."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, coopkg


def one_line(result, code: int = 2) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


# --- query ------------------------------------------------------------------------------------


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX x: <http://x/>\n# tidy up\nDELETE WHERE { ?s ?p ?o }",
                                    "LOAD <http://example.org/data.ttl>"])
def test_an_update_is_refused_as_an_update(built_store, update):
    line = one_line(coopkg("query", update, store=built_store))
    assert "never changes the store" in line and "malformed" not in line


def test_a_query_file_may_start_with_a_byte_order_mark(built_store, tmp_path):
    query = tmp_path / "years.rq"
    query.write_bytes(b"\xef\xbb\xbfSELECT DISTINCT ?year WHERE { ?p coop:year ?year } ORDER BY ?year")
    result = coopkg("query", "--file", str(query), "--format", "csv", store=built_store, check=True)
    assert result.stdout.split() == ["year", "2016", "2017", "2019"]


def test_a_query_file_that_is_not_utf8_is_refused(built_store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes("SELECT * WHERE { ?s ?p ?o }".encode("utf-16"))
    assert one_line(coopkg("query", "--file", str(query), store=built_store)).endswith("not UTF-8 text; save the query as UTF-8")


def test_a_query_file_takes_no_params_and_no_second_query(built_store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("ASK {}", encoding="utf-8")
    assert "--param works with named queries only" in one_line(coopkg("query", "--file", str(query), "--param", "year=1", store=built_store))
    assert "not both" in one_line(coopkg("query", "ASK {}", "--file", str(query), store=built_store))


def test_a_year_in_full_width_digits_is_not_a_gyear(built_store):
    line = one_line(coopkg("query", "plan-items", "--param", "year=２０１９", store=built_store))
    assert line == "coopkg: error: parameter year must be xsd:gYear (e.g. 2019), not '２０１９'"


# --- lookup and other options -----------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["前海", "--format", "yaml"], "unknown --format yaml; choose one of text, json"),
    (["前海", "--limit", "0"], "--limit must be 1 or more, not 0"),
    (["   "], "give a name to look up"),
    (["粵" * 400], "a name of 400 characters is longer than any in the graph; give at most 300"),
    (["前海", "--type", "Nope"], "unknown --type Nope; classes: Agreement, Continuation, Document, Institution"),
])
def test_lookup_refuses_what_it_cannot_answer(built_store, args, message):
    assert message in one_line(coopkg("lookup", *args, store=built_store))


def test_a_name_that_is_not_utf8_is_one_line(built_store):
    big5 = os.fsdecode("前海".encode("big5"))  # what a Big5 terminal hands over
    assert "not valid UTF-8" in one_line(coopkg("lookup", big5, store=built_store))


@pytest.mark.parametrize("command", [["stats"], ["carryover-eval"]])
def test_an_unknown_format_is_refused(built_store, command):
    assert "unknown --format yaml" in one_line(coopkg(*command, "--format", "yaml", store=built_store))


def test_too_many_jobs_is_a_usage_error(tmp_path):
    result = coopkg("build", "--jobs", "99999999999", store=tmp_path / "s")
    assert result.returncode == 2 and "Traceback" not in result.stderr and not (tmp_path / "s").exists()


# --- evaluate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["[]", "{}", '{"documents": 5}'])
def test_a_gold_file_of_the_wrong_shape_is_refused(built_store, tmp_path, content):
    gold = tmp_path / "gold.json"
    gold.write_text(content, encoding="utf-8")
    assert "see tests/gold/README.md" in one_line(coopkg("evaluate", "--gold", str(gold), store=built_store))


# --- stores, output, signals ------------------------------------------------------------------


def test_a_damaged_store_is_one_line(built_store, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(built_store, damaged)
    table = max((damaged / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)
    os.truncate(table, 1000)
    assert "rebuild it with `coopkg build`" in one_line(coopkg("stats", store=damaged))


def test_an_unreadable_store_marker_is_one_line(built_store, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(built_store, broken)
    (broken / "coopkg.json").write_text("not json", encoding="utf-8")
    assert "coopkg.json" in one_line(coopkg("stats", store=broken))


def test_a_full_disk_on_stdout_is_one_line(built_store):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kg_build.cli", "query", "plans", "--format", "csv",
                                 "--store", str(built_store)], stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert "No space left on device; free some space or write somewhere else" in one_line(result)


def test_serve_checks_its_port_before_saying_it_serves(built_store):
    assert "--port must be 1 to 65535" in one_line(coopkg("serve", "--port", "99999", store=built_store))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line(coopkg("serve", "--port", str(port), store=built_store))
    assert line == f"coopkg: error: cannot listen on 127.0.0.1:{port} (Address already in use); choose another --port or --host"


def test_sigterm_during_a_build_leaves_nothing_behind(tmp_path):
    store = tmp_path / "store"
    build = subprocess.Popen([sys.executable, "-m", "kg_build.cli", "build", "--store", str(store)],
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(".store.new-") for p in tmp_path.iterdir()):  # the build has begun writing
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 143 and err.strip() == "coopkg: stopped; nothing was left half-written"
    assert list(tmp_path.iterdir()) == []


def test_ask_as_xml_is_a_sparql_results_document(built_store):
    out = coopkg("query", "--format", "xml", "ASK { ?s a coop:Plan }", store=built_store, check=True).stdout
    assert out.strip().endswith('<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>true</boolean></sparql>')


def test_from_in_a_query_is_its_default_graph(built_store, db):
    import pyoxigraph

    ontology = "https://w3id.org/coopkg/ontology"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    out = coopkg("query", "--format", "csv", query, store=built_store, check=True).stdout
    assert int(out.split()[1]) == len(list(db.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(ontology)))) < len(db)


def test_a_deeply_nested_query_is_one_line_not_a_crash(built_store):
    query = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    assert "nests more than 100 levels" in one_line(coopkg("query", query, store=built_store))


def test_csv_quotes_an_iri_with_a_comma_and_xml_keeps_a_carriage_return(built_store):
    import csv
    import io
    import xml.etree.ElementTree as ET

    query = 'SELECT ?i ?t WHERE { BIND(<http://example.org/a?y=2,3> AS ?i) BIND("a\\rb" AS ?t) }'
    out = coopkg("query", "--format", "csv", query.replace("a\\rb", "a, b"), store=built_store, check=True).stdout
    assert list(csv.reader(io.StringIO(out))) == [["i", "t"], ["http://example.org/a?y=2,3", "a, b"]]
    xml = coopkg("query", "--format", "xml", query, store=built_store, check=True).stdout
    literal = ET.fromstring(xml).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == "a\rb"


def test_construct_takes_rdf_formats_and_select_refuses_them(built_store):
    construct = "CONSTRUCT { ?p a coop:Plan } WHERE { ?p coop:hasItem [] }"
    out = coopkg("query", "--format", "ntriples", construct, store=built_store, check=True).stdout
    assert sorted(out.splitlines()) == [f"<https://w3id.org/coopkg/id/plan/gd-hk/{y}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                        "<https://w3id.org/coopkg/ontology#Plan> ." for y in (2016, 2017, 2019)]
    assert coopkg("query", "--format", "jsonld", construct, store=built_store, check=True).stdout.endswith("]\n")
    line = one_line(coopkg("query", "--format", "turtle", "SELECT ?p WHERE { ?p a coop:Plan }", store=built_store))
    assert line == "coopkg: error: --format turtle is for CONSTRUCT and DESCRIBE; a SELECT answers in table, csv, tsv, json, xml"
    assert coopkg("query", "--format", "json", "ASK {}", store=built_store, check=True).stdout == '{"head":{},"boolean":true}\n'


@pytest.mark.parametrize("sent, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped")])
def test_a_long_query_stops_at_once_on_ctrl_c_or_sigterm(built_store, sent, code, word):
    # The cross product of the store with itself runs for many minutes; the signal arrives inside
    # Oxigraph's call, where Python's own handler could not run until the query ended.
    query = subprocess.Popen([sys.executable, "-m", "kg_build.cli", "query", "--store", str(built_store),
                              "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        time.sleep(2)
        assert query.poll() is None
        query.send_signal(sent)
        out, err = query.communicate(timeout=15)
    finally:
        query.kill()
    assert query.returncode == code and out == ""
    assert err == f"coopkg: {word}; nothing was left half-written\n"


def test_the_prompt_stop_is_left_out_when_not_on_the_main_thread():
    # signal.set_wakeup_fd works on the main thread only; main() called from another keeps the ordinary path
    import threading

    from kg_build import cli

    failures = []

    def call():
        try:
            cli._stop_promptly(["query", "plans"])
        except Exception as exc:  # noqa: BLE001 - the test reports whatever escaped
            failures.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()
    assert failures == [] and not any(t.name == "coopkg-stop" for t in threading.enumerate())
