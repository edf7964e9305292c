"""`coopkg push` to real servers started here: the Oxigraph server always, Virtuoso when installed.

After each push, the per-graph counts equal the store's and every named query (default
parameters) gives the same rows remotely as on the embedded store."""

from __future__ import annotations

import re

import pyoxigraph
import pytest

from conftest import coopkg
from kg_build import named_queries, remote
from kg_build.push import Target, chunks, graphs
from servers import oxigraph_server, virtuoso_binaries, virtuoso_server

METHODS = ("graph-store", "update")


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if virtuoso_binaries() is None:
        pytest.skip("virtuoso-t / isql-vt not on PATH: apt-get install virtuoso-opensource-7-bin (.ci/run does)")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def _push_args(server, method: str) -> list[str]:
    if method == "graph-store":
        return ["--endpoint", server.query, "--graph-store", server.graph_store]
    return ["--endpoint", server.query, "--update-endpoint", server.update]


def _local_counts(db) -> dict[str, int]:
    return {graph: len(triples) for graph, triples in graphs(db)}


def _remote_counts(server, db) -> dict[str, int]:
    with remote.client() as http:
        return {graph: remote.count_graph(http, server.query, graph) for graph in _local_counts(db)}


# SAMPLE and the order inside GROUP_CONCAT are implementation-defined (SPARQL 1.1 §18.5): servers
# may rightly pick another label, so those columns are left out of the comparison.
_FREE_CHOICE = re.compile(r"\((?:SAMPLE|GROUP_CONCAT)\s*\(.*?\)\s+AS\s+\?(\w+)\)", re.IGNORECASE | re.DOTALL)

# Named queries asked again with other parameters, where the defaults would not show a difference:
# one edition's own name makes renewal-chain reach that start edition back through the chain.
_MORE_PARAMETERS = [("renewal-chain", {"agreement": "（2017年—2018年）"}), ("renewal-chain", {"agreement": "2017年重點工作"})]


def _mask(names: list[str], rows, free: set[str]) -> set[tuple]:
    keep = [i for i, name in enumerate(names) if name not in free]
    return {tuple(row[i] for i in keep) for row in rows}


def _values(term) -> str | None:
    return None if term is None else term.value


def _local_rows(db, query, params: dict[str, str]) -> tuple[list[str], list[tuple]]:
    result = db.query(query.text, use_default_graph_as_union=True, substitutions=named_queries.bindings(query, params) or None)
    names = [v.value for v in result.variables]
    return names, [tuple(_values(solution[n]) for n in names) for solution in result]


def _dataset(server, db) -> tuple[str, ...]:
    """Virtuoso's default dataset also holds its own system graphs: ask over the pushed ones only."""
    return tuple(_local_counts(db)) if server.name == "virtuoso" else ()


def _same_rows_everywhere(server, db) -> None:
    dataset = _dataset(server, db)
    cases = [(name, {}) for name in named_queries.catalogue()] + _MORE_PARAMETERS
    with remote.client() as http:
        for name, params in cases:
            query = named_queries.get(name)
            free = set(_FREE_CHOICE.findall(query.text))
            names, local = _local_rows(db, query, params)
            assert local or not params, f"named query {name} {params}: no rows to compare"
            remote_names, rows = remote.select(http, server.query, remote.inline(query.text, named_queries.bindings(query, params)), dataset)
            assert remote_names == names, f"named query {name} {params}: other columns"
            assert _mask(names, rows, free) == _mask(names, local, free), f"named query {name} {params}: remote rows differ from the store's"


def _push_and_compare(server, built_store, db, method: str) -> None:
    for _ in range(2):  # pushing twice leaves the same data
        result = coopkg("push", *_push_args(server, method), store=built_store)
        assert result.returncode == 0, result.stderr
        assert f"{len(_local_counts(db))} graphs, {len(db)} quads sent and counted back" in result.stdout
        assert _remote_counts(server, db) == _local_counts(db)
    _same_rows_everywhere(server, db)


@pytest.mark.parametrize("method", METHODS)
def test_push_to_oxigraph_gives_same_counts_and_rows(oxigraph, built_store, db, method):
    _push_and_compare(oxigraph, built_store, db, method)


@pytest.mark.parametrize("method", METHODS)
def test_push_to_virtuoso_gives_same_counts_and_rows(virtuoso, built_store, db, method):
    _push_and_compare(virtuoso, built_store, db, method)


def test_push_with_digest_credentials_to_virtuoso_auth_route(virtuoso, built_store, db):
    crud_auth = virtuoso.graph_store + "-auth"
    refused = coopkg("push", "--endpoint", virtuoso.query, "--graph-store", crud_auth, store=built_store)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"coopkg: error: {crud_auth} answered 401: needs credentials: give --user and --password "
        "(Virtuoso's /sparql-auth routes want --digest)"]
    ok = coopkg("push", "--endpoint", virtuoso.query, "--graph-store", crud_auth, "--user", "dba", "--password", "dba", "--digest", store=built_store)
    assert ok.returncode == 0, ok.stderr
    assert _remote_counts(virtuoso, db) == _local_counts(db)


def test_unreachable_endpoint_is_one_line(built_store, tmp_path):
    from servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = coopkg("push", "--endpoint", url, store=built_store)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"coopkg: error: cannot reach {url}: is the server running, and is the address right?"]


def test_graph_param_follows_the_server():
    assert Target("http://h/sparql", graph_store="http://h:8890/sparql-graph-crud").param() == "graph-uri"
    assert Target("http://h/query", graph_store="http://h/store").param() == "graph"
    assert Target("http://h/query", graph_store="http://h/store", graph_param="g").param() == "g"
    assert Target("http://h/query").method == "update"


def test_blank_node_triples_share_one_chunk():
    node = pyoxigraph.BlankNode("b1")
    p = pyoxigraph.NamedNode("http://e/p")
    plain = [pyoxigraph.Triple(pyoxigraph.NamedNode(f"http://e/{i}"), p, pyoxigraph.Literal(str(i))) for i in range(5)]
    blank = [pyoxigraph.Triple(pyoxigraph.NamedNode("http://e/x"), p, node), pyoxigraph.Triple(node, p, pyoxigraph.Literal("y"))]
    out = chunks(plain[:3] + blank + plain[3:], size=2)
    assert [len(c) for c in out] == [2, 2, 1, 2]
    assert out[-1] == blank


def test_inline_writes_parameters_into_the_where_group():
    query = named_queries.get("plan-items")
    text = remote.inline(query.text, named_queries.bindings(query, {"year": "2017"}))
    year = '"2017"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    assert f"WHERE {{\n  BIND({year} AS ?year)\n  ?plan coop:year {year} ;" in text
    assert "SELECT DISTINCT ?year ?number" in text and "#+ param: year |" in text
    label = remote.inline(named_queries.get("entity-mentions").text, named_queries.bindings(named_queries.get("entity-mentions"), {}))
    assert "FILTER(STR(?name) = STR(\"前海\"^^<http://www.w3.org/2001/XMLSchema#string>))" in label


def test_a_partial_answer_from_virtuoso_is_an_error_not_rows():
    # Virtuoso cut short by MaxQueryExecutionTime answers 200 with the rows it has and says so in a header
    import httpx

    from kg_build.errors import UserError

    def partial(request):
        return httpx.Response(200, headers={"X-SQL-State": "S1TAT", "Content-Type": "application/sparql-results+json"},
                              json={"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "146"}}]}})

    with httpx.Client(transport=httpx.MockTransport(partial)) as http:
        with pytest.raises(UserError, match="answered only part of a query before its time limit"):
            remote.select(http, "http://127.0.0.1:1/sparql", "SELECT ?n WHERE { ?s ?p ?n }")
