"""`coopkg serve` as clients see it: curl-style HTTP (httpx) and SPARQLWrapper, against one server
started for the session with a short timeout and a small row cap."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pyoxigraph
import pytest

from conftest import ROOT, coopkg
from kg_build import named_queries, remote
from kg_build.sparql_text import is_update
from kg_build.serve_formats import accepted, choose, GRAPH_TYPES, SOLUTION_TYPES
from servers import coopkg_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PLANS = "SELECT ?plan WHERE { ?plan a coop:Plan ; coop:hasItem ?i } GROUP BY ?plan ORDER BY ?plan"


@pytest.fixture(scope="session")
def endpoint(built_store):
    with coopkg_server(built_store, "--timeout", "10", "--max-rows", "50", "--workers", "2") as server:
        yield server.query


def get(endpoint, query, accept="application/sparql-results+json", **params):
    return httpx.get(endpoint, params={"query": query, **params}, headers={"Accept": accept}, timeout=30, trust_env=False)


def post(endpoint, **kwargs):
    return httpx.post(endpoint, timeout=30, trust_env=False, **kwargs)


def test_select_as_json_counts_every_quad(endpoint, db):
    response = get(endpoint, COUNT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert response.json()["results"]["bindings"][0]["n"]["value"] == str(len(db))


@pytest.mark.parametrize("accept, media, first", [
    ("text/csv", "text/csv; charset=utf-8", "n\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?n\n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
])
def test_select_in_each_results_format(endpoint, accept, media, first):
    response = get(endpoint, COUNT, accept)
    assert (response.status_code, response.headers["content-type"]) == (200, media)
    assert response.text.startswith(first)


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
])
def test_construct_in_each_graph_format(endpoint, accept, fmt):
    query = "CONSTRUCT { ?plan a coop:Plan } WHERE { ?plan a coop:Plan ; coop:hasItem ?i }"
    response = post(endpoint, content=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    plans = {t.subject.value for t in pyoxigraph.parse(response.content, format=fmt)}
    assert plans == {f"https://w3id.org/coopkg/id/plan/gd-hk/{year}" for year in (2016, 2017, 2019)}


def test_sparqlwrapper_reads_json_xml_csv_ask_and_turtle(endpoint):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(PLANS)
    client.setReturnFormat(JSON)
    rows = [b["plan"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert rows == [f"https://w3id.org/coopkg/id/plan/gd-hk/{year}" for year in (2016, 2017, 2019)]
    client.setReturnFormat(XML)
    assert len(client.query().convert().getElementsByTagName("result")) == 3
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "plan"
    client.setQuery("ASK { ?x a coop:Plan }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("DESCRIBE <https://w3id.org/coopkg/id/plan/gd-hk/2019>")
    client.setReturnFormat(TURTLE)
    assert b"coop:Plan" in client.query().convert()


@pytest.mark.parametrize("how", ["form", "body", "query"])
def test_updates_are_refused_with_403(endpoint, db, how):
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    requests = {
        "form": dict(data={"update": update}),
        "body": dict(content=update.encode(), headers={"Content-Type": "application/sparql-update"}),
        "query": dict(data={"query": "PREFIX ex: <http://example.org/#> # an update in disguise\n" + update}),
    }
    response = post(endpoint, **requests[how])
    assert response.status_code == 403
    assert response.text.startswith("this endpoint is read-only: SPARQL Update is refused")
    assert get(endpoint, COUNT).json()["results"]["bindings"][0]["n"]["value"] == str(len(db))


def test_malformed_query_is_400_with_what_is_wrong(endpoint):
    response = get(endpoint, "SELEC ?x WHERE { ?x ?y ?z }")
    assert response.status_code == 400
    assert response.text.startswith("malformed SPARQL query: a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE")
    response = get(endpoint, "SELECT (COUNT(?x) AS ?n WHERE { ?x ?y ?z }")
    assert response.text.startswith("malformed SPARQL query: the parser gave up at line 1, column 25, after “SELECT (COUNT(?x) AS ?n”, expecting “)”")


def test_expensive_query_is_stopped_and_the_next_is_answered(endpoint):
    stopped = get(endpoint, EXPENSIVE)
    assert stopped.status_code == 503
    assert stopped.text.strip() == ("the query ran longer than the 10 s limit and was stopped; "
                                    "add a LIMIT or more specific patterns, or ask for a longer --timeout")
    for _ in range(4):  # more than the two workers: the killed one has been replaced
        assert get(endpoint, "ASK { ?x a coop:Plan }").json()["boolean"] is True


def test_rows_are_capped(endpoint):
    response = get(endpoint, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 200")
    assert len(response.json()["results"]["bindings"]) == 50
    assert (response.headers["x-coopkg-rows"], response.headers["x-coopkg-truncated"]) == ("50", "true")
    small = get(endpoint, PLANS)
    assert (small.headers["x-coopkg-rows"], small.headers["x-coopkg-truncated"]) == ("3", "false")


def test_cors_headers_and_preflight(endpoint):
    simple = httpx.get(endpoint, params={"query": PLANS}, headers={"Origin": "http://example.org"}, trust_env=False)
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(endpoint, headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"}, trust_env=False)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_browser_gets_the_query_page_and_the_home_lists_plans(endpoint):
    page = httpx.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, trust_env=False)
    assert page.status_code == 200 and "<textarea" in page.text and "fetch('/sparql'" in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "").split("<script>")[0].split("<textarea")[0]
    home = httpx.get(endpoint.rsplit("/", 1)[0] + "/", timeout=120, trust_env=False)
    assert home.status_code == 200 and "2019年重點工作" in home.text  # the site's overview, rendered live
    assert httpx.get(endpoint.rsplit("/", 1)[0] + "/no-such-page.html", trust_env=False).status_code == 404


def test_named_queries_through_the_endpoint_match_the_store(endpoint, db):
    with remote.client() as http:
        for name, query in named_queries.catalogue().items():
            bindings = named_queries.bindings(query, {})
            local = db.query(query.text, use_default_graph_as_union=True, substitutions=bindings or None)
            names = [v.value for v in local.variables]
            expected = {tuple(None if s[n] is None else s[n].value for n in names) for s in local}
            got_names, rows = remote.select(http, endpoint, remote.inline(query.text, bindings))
            assert got_names == names, name
            # the session server caps answers at 50 rows: a longer answer is a part of the store's
            assert set(rows) == expected if len(expected) <= 50 else (len(rows) == 50 and set(rows) <= expected), name


def test_serve_without_a_store_is_one_line(tmp_path):
    result = coopkg("serve", store=tmp_path / "nothing")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"coopkg: error: no coopkg store at {tmp_path / 'nothing'}; run `coopkg build` first, or give --store DIR (or set COOPKG_STORE)"]


def test_serve_and_push_leave_spacy_out():
    code = ("import sys; import kg_build.cli, kg_build.serve, kg_build.serve_pool, kg_build.serve_formats, kg_build.push; "
            "print('spacy' in sys.modules, 'pyshacl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["False", "False"]


def test_update_detection_looks_past_the_prologue():
    assert is_update("PREFIX a: <http://x#>\nBASE <http://y/> # comment\n  insert data { <a:b> <a:b> <a:b> }")
    assert is_update("DROP ALL") and is_update("with <g> delete { ?s ?p ?o } where { ?s ?p ?o }")
    assert not is_update("PREFIX insert: <http://x#> SELECT * WHERE { ?s insert:p ?o }")
    assert not is_update("# DELETE\nASK {}")


def test_accept_negotiation():
    assert accepted("text/csv;q=0.5, application/sparql-results+json") == ["application/sparql-results+json", "text/csv"]
    assert choose("text/*", SOLUTION_TYPES) == "text/csv"
    assert choose("*/*", SOLUTION_TYPES) == "application/sparql-results+json"
    assert choose("image/png", SOLUTION_TYPES) is None
    # RFC 7231 5.3.2: q=0 refuses a type even under a wildcard, and application/* means application types
    assert choose("application/sparql-results+json;q=0, */*", SOLUTION_TYPES) == "application/sparql-results+xml"
    assert choose("text/*;q=0.9, text/csv;q=0", SOLUTION_TYPES) == "text/tab-separated-values"
    assert choose("text/turtle;q=0, */*", GRAPH_TYPES) == "application/n-triples"
    assert choose("application/*", GRAPH_TYPES) == "application/n-triples"


ONTOLOGY = "https://w3id.org/coopkg/ontology"


def _count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_from_in_the_query_chooses_the_default_graph(endpoint, db):
    in_ontology = len(list(db.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(ONTOLOGY))))
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    assert _count(get(endpoint, query)) == in_ontology < len(db)
    assert _count(get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": ONTOLOGY})) == in_ontology


def test_default_graph_uri_alone_leaves_no_named_graphs(endpoint):
    assert _count(get(endpoint, COUNT, **{"default-graph-uri": ONTOLOGY})) == 0
    assert _count(get(endpoint, COUNT, **{"default-graph-uri": ONTOLOGY, "named-graph-uri": ONTOLOGY})) > 0


@pytest.mark.parametrize("body, media, message", [
    ('ASK { ?s ?p "\u7ca4" }'.encode("gb18030"), "application/sparql-query", "not valid utf-8"),
    ("query=ASK{\"\u7ca4\"}".encode("gb18030"), "application/x-www-form-urlencoded", "not valid utf-8"),
    (b"ASK {}", "application/sparql-query; charset=x-nonsense", "unknown charset"),
])
def test_a_body_that_is_not_its_charset_is_400(endpoint, body, media, message):
    response = post(endpoint, content=body, headers={"Content-Type": media})
    assert response.status_code == 400 and message in response.text


def test_a_body_in_its_declared_charset_is_read(endpoint):
    response = post(endpoint, content="ASK { ?s ?p ?o FILTER(?o = \"粵\") }".encode("gb18030"),
                    headers={"Content-Type": "application/sparql-query; charset=gb18030", "Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.json()["boolean"] is True  # 粵 is an alias; mis-decoded, no match


def test_service_and_deep_nesting_are_refused_with_400(endpoint):
    response = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    assert response.status_code == 400 and "SERVICE" in response.text
    response = get(endpoint, "ASK " + "{" * 3000 + "}" * 3000)
    assert response.status_code == 400 and "nests more than 100 levels" in response.text
    assert get(endpoint, "ASK {}").status_code == 200  # the worker lived


def test_live_pages_lead_to_the_query_page_and_its_default_answers_construct(endpoint):
    home = httpx.get(endpoint.rsplit("/", 1)[0] + "/", headers={"Accept": "text/html"}, timeout=30, trust_env=False)
    assert home.status_code == 200 and '<a href="/sparql">SPARQL query page</a>' in home.text
    from kg_build.serve_page import QUERY_PAGE

    default = QUERY_PAGE.split('<option value="', 2)[1].split('"', 1)[0]
    response = get(endpoint, "CONSTRUCT { ?p a coop:Plan } WHERE { ?p a coop:Plan }", accept=default)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")


def test_a_query_in_a_long_get_url_is_answered(endpoint):
    # 300 KB reaches the server in several reads; h11's default 16 KiB head limit reset the connection.
    # httpx refuses URLs over 64 KiB itself, so the request goes through http.client.
    import http.client
    from urllib.parse import quote, urlsplit

    url = urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("GET", f"{url.path}?query={quote(COUNT + ' #' + 'x' * 300_000)}",
                           headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        assert response.status == 200
        assert int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"]) > 30_000
    finally:
        connection.close()


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "text/tab-separated-values"])
def test_select_star_columns_come_in_written_order(endpoint, accept):
    response = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept=accept)
    assert response.status_code == 200
    if "json" in accept:
        assert response.json()["head"]["vars"] == ["s", "p", "o"]
    else:
        assert response.text.splitlines()[0].replace("?", "").replace("\t", ",") == "s,p,o"



# --- the node IRIs, dereferenced (https://w3id.org/coopkg/id/… redirected to /id/…) --------------

def _id_url(endpoint, path):
    return endpoint.rsplit("/sparql", 1)[0] + "/id/" + path


def test_a_node_iri_leads_a_browser_to_its_page(endpoint):
    response = httpx.get(_id_url(endpoint, "place/前海"), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                         trust_env=False)
    assert response.status_code == 303 and response.headers["location"] == "/place/%E5%89%8D%E6%B5%B7.html"
    item = httpx.get(_id_url(endpoint, "plan/gd-hk/2019/item/1"), headers={"Accept": "text/html"}, trust_env=False)
    assert item.status_code == 303 and item.headers["location"] == "/plan/gd-hk/2019.html#item-1"


@pytest.mark.parametrize("accept, parser", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_a_node_iri_leads_an_rdf_client_to_its_description(endpoint, accept, parser):
    import rdflib

    url = _id_url(endpoint, "place/前海")
    response = httpx.get(url, headers={"Accept": accept}, trust_env=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/sparql?query=DESCRIBE%20")
    described = httpx.get(url, headers={"Accept": accept}, follow_redirects=True, trust_env=False)
    graph = rdflib.Graph().parse(data=described.text, format=parser)
    node = rdflib.URIRef("https://w3id.org/coopkg/id/place/前海")
    assert (node, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/coopkg/ontology#Place")) in graph


def test_an_iri_the_graph_lacks_is_404_and_an_unoffered_type_406(endpoint):
    missing = httpx.get(_id_url(endpoint, "place/nowhere"), headers={"Accept": "text/html"}, trust_env=False)
    assert missing.status_code == 404 and missing.text.startswith("no node <https://w3id.org/coopkg/id/place/nowhere> in the graph")
    refused = httpx.get(_id_url(endpoint, "place/前海"), headers={"Accept": "application/sparql-results+json"}, trust_env=False)
    assert refused.status_code == 406
