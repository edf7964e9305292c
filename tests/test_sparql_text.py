"""Reading a SPARQL text without parsing it: keywords, not variables, strings or prefixed names."""

from __future__ import annotations

import pytest

from kg_build.sparql_text import calls_service, depth, names_dataset, syntax_problem, written_order


@pytest.mark.parametrize("query, expected", [
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
    ("select * from named <urn:g> where { graph ?g { ?s ?p ?o } }", True),
    ("SELECT ?from WHERE { ?c coop:continuationFrom ?from }", False),  # a variable, and part of a name
    ('SELECT * WHERE { ?s ?p "FROM" } # FROM in a comment', False),
    ("SELECT * WHERE { ?s ex:from ?o }", False),
    ("PREFIX from: <urn:x#> SELECT * WHERE { ?s from:a ?o }", False),  # a prefix named from
])
def test_names_dataset(query, expected):
    assert names_dataset(query) is expected


def test_calls_service_and_depth_ignore_strings_and_iris():
    assert calls_service("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert not calls_service('SELECT * WHERE { ?service ?p "SERVICE" . ?s ex:service <urn:SERVICE> }')
    assert depth("SELECT * WHERE { { ?s ?p ?o } }") == 2
    assert depth('SELECT * WHERE { ?s ?p "{{{{" }') == 1


@pytest.mark.parametrize("query, expected", [
    ("SELECT * WHERE { ?s ?p ?o }", ["s", "p", "o"]),
    ("select distinct* where { ?s ?p ?o }", ["s", "p", "o"]),
    ('SELECT * WHERE { ?s ?p "?a" . $o ?b ?c } # ?a in a comment', ["s", "p", "o"]),
    ("SELECT ?o ?p ?s WHERE { ?s ?p ?o }", ["o", "p", "s"]),  # written out: kept as written
    ("SELECT ?p ?o WHERE { { SELECT * WHERE { ?s ?p ?o } } }", ["o", "p", "s"]),  # only a sub-select's star
    ("PREFIX select: <urn:x#> SELECT * WHERE { ?é select:a ?s }", ["é", "s", "o", "p"]),
])
def test_written_order_of_select_star(query, expected):
    assert written_order(query, ["o", "p", "s"] if "é" not in query else ["o", "p", "s", "é"]) == expected


def _parser_says(query: str) -> str:
    import pyoxigraph

    with pytest.raises(SyntaxError) as refused:
        pyoxigraph.Store().query(query, prefixes={"coop": "https://w3id.org/coopkg/ontology#"})
    return str(refused.value)


@pytest.mark.parametrize("query, line", [
    ("", "the query is empty; write a SELECT, CONSTRUCT, ASK or DESCRIBE query"),
    ("PREFIX a: <urn:a#>\nSELEKT ?x WHERE { ?x ?y ?z }",
     "a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE lines), not “SELEKT”"),
    ("PREFIX foo: <urn:x#> SELECT ?x WHERE { ?x foo:y ?z . ?x bar:q coop:Plan }",
     "the prefix “bar:” is not declared; add PREFIX bar: <…> to the query, or use a built-in prefix (coop:)"),
    ("SELECT (COUNT(?x) AS ?n WHERE { ?x ?y ?z }",
     "the parser gave up at line 1, column 25, after “SELECT (COUNT(?x) AS ?n”, expecting “)”; the mistake is there or a little before"),
    ("SELECT ?x WHERE {\n  ?x ?y }",
     "the query ends before it is whole, after “?x ?y }”; look for a missing term, bracket, quote or keyword"),
])
def test_syntax_problem_says_what_is_wrong_in_one_line(query, line):
    assert syntax_problem(query, _parser_says(query), ("coop",)) == line
