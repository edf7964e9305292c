"""The query library: every named query parses, declares its parameters, and answers on the bundled graph.
"""

from __future__ import annotations

import re

import pytest

from kg_build import named_queries
from kg_build.sparql import run

CATALOGUE = named_queries.catalogue()


def answer(db, query_name: str, /, **params) -> list[dict]:
    query = CATALOGUE[query_name]
    result = run(db, query.text, named_queries.bindings(query, {k: str(v) for k, v in params.items()}))
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


def projection(text: str) -> set[str]:
    """Variables of the outermost SELECT clause (plain ?x and `AS ?x`)."""
    body = re.sub(r"(?m)^#.*$", "", text)
    clause = re.search(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*WHERE", body, re.S | re.I).group(1)
    depth, top = 0, []
    for ch in clause:
        depth += ch == "("
        top.append(ch if depth == 0 else " ")
        depth -= ch == ")"
    return set(re.findall(r"\?(\w+)", "".join(top))) | set(re.findall(r"AS\s+\?(\w+)", clause, re.I))


# --- headers ---------------------------------------------------------------------------


def test_library_has_at_least_fifteen_queries():
    assert len(CATALOGUE) >= 15, sorted(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_header_parses_and_params_are_projected(name):
    query = CATALOGUE[name]
    assert query.summary, f"{name}.rq has no `#+ summary:` line"
    assert query.description, f"{name}.rq has no `#+ description:` line"
    assert named_queries.looks_like_name(name)
    projected = projection(query.text)
    for param in query.params:
        assert param.type in ("xsd:string", "xsd:integer", "xsd:gYear", "xsd:date", "xsd:decimal", "iri", "literal"), param
        assert param.default, f"{name}: parameter {param.name} has no default"
        assert param.description, f"{name}: parameter {param.name} has no description"
        assert param.name in projected, f"{name}: parameter ?{param.name} is not in the SELECT projection"


def test_projection_helper():
    assert projection("SELECT ?a (COUNT(?b) AS ?c) WHERE { }") == {"a", "c"}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_runs_with_defaults(db, name):
    answer(db, name)  # no exception: it parses and its parameters bind


# --- parameters are RDF terms ------------------------------------------------------------

INJECTION = '"} DELETE WHERE { ?s ?p ?o } #'


@pytest.mark.parametrize("name", sorted(n for n, q in CATALOGUE.items() if any(p.type == "xsd:string" for p in q.params)))
def test_injection_cannot_change_the_query(db, name):
    before = len(db)
    query = CATALOGUE[name]
    params = {p.name: INJECTION for p in query.params if p.type == "xsd:string"}
    text_before = query.text
    assert answer(db, name, **params) == []
    assert query.text == text_before and len(db) == before


def test_injection_through_the_cli(built_store):
    from conftest import coopkg

    result = coopkg("query", "item-text-search", "--param", f"text={INJECTION}", "--format", "csv", store=built_store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["text,year,number,item_text,item"]


# --- expected rows: structure (issue 2) ---------------------------------------------------


def test_plans(db):
    rows = answer(db, "plans")
    assert [(r["year"], int(r["items"]), int(r["sections"])) for r in rows] == [("2016", 92, 9), ("2017", 77, 8), ("2019", 74, 9)]
    assert {r["framework"] for r in rows} == {"粵港合作框架協議"}


def test_plan_items_2016(db):
    rows = answer(db, "plan-items", year=2016)
    assert [int(r["number"]) for r in rows] == list(range(1, 93))


def test_plan_items_default_is_2019(db):
    rows = answer(db, "plan-items")
    assert len(rows) == 74 and rows[0]["text"] == "完善港珠澳大橋、廣深港高鐵的運營管理和機制安排。"


def test_sections(db):
    rows = answer(db, "sections")
    assert {r["year"] for r in rows} == {"2016", "2017", "2019"}
    assert ("2019", "1", "跨界基礎設施建設及通關便利化") in {(r["year"], r["number"], r["title"]) for r in rows}
    assert [r["number"] for r in rows if r["year"] == "2016"][:4] == ["1", "2", "2.1", "2.2"]


def test_sections_sort_by_number_not_by_iri():
    import pyoxigraph as ox

    coop, rdfs = "https://w3id.org/coopkg/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    store = ox.Store()
    plan = ox.NamedNode("https://example.org/plan")
    store.add(ox.Quad(plan, ox.NamedNode(coop + "year"), ox.Literal("2030", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))))
    for path in ("2", "10", "2/1", "2/10", "2/3"):
        node = ox.NamedNode(f"https://example.org/plan/section/{path.replace('/', '.')}")
        number = ox.Literal(path.split("/")[-1], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        store.add(ox.Quad(node, ox.NamedNode(coop + "sectionNumber"), number))
        store.add(ox.Quad(node, ox.NamedNode(rdfs + "label"), ox.Literal("title " + path)))
        parent = plan if "/" not in path else ox.NamedNode("https://example.org/plan/section/2")
        store.add(ox.Quad(parent, ox.NamedNode(coop + ("hasSubsection" if "/" in path else "hasSection")), node))
    assert [r["number"] for r in answer(store, "sections")] == ["2", "2.1", "2.3", "2.10", "10"]


def test_plans_by_section(db):
    rows = answer(db, "plans-by-section")
    assert len(rows) == 9 + 8 + 9
    first = [(r["number"], r["year"], r["title"], int(r["items"])) for r in rows[:3]]
    assert first == [("1", "2016", "跨界基礎設施", 7), ("1", "2017", "跨界基礎設施", 7), ("1", "2019", "跨界基礎設施建設及通關便利化", 7)]
    totals = {}
    for r in rows:
        totals[r["year"]] = totals.get(r["year"], 0) + int(r["items"])
    assert totals == {"2016": 92, "2017": 77, "2019": 74}


def test_item_text_search(db):
    rows = answer(db, "item-text-search")  # default 河套
    assert [(r["year"], int(r["number"])) for r in rows][:2] == [("2016", 4), ("2017", 75)]
    assert all("河套" in r["item_text"] for r in rows)


def test_item(db):
    rows = answer(db, "item")  # default 2019-1
    assert rows and rows[0]["text"] == "完善港珠澳大橋、廣深港高鐵的運營管理和機制安排。"
    assert ("section", "跨界基礎設施建設及通關便利化") in {(r["relation"], r["name"]) for r in rows}


def test_sources(db):
    rows = answer(db, "sources")
    assert [r["file"] for r in rows] == [
        "2016-05_legco-paper_21st-working-meeting.txt",
        "2017-03_legco-paper_22nd-working-meeting.txt",
        "2017-11_news_20th-joint-conference.txt",
        "2017_booklet_hk-mainland-cooperation.txt",
        "2019-05_key-work-plan-2019.txt",
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["sha256"]) and int(r["triples"]) > 0 for r in rows)
    assert {r["kind"] for r in rows} == {"legco-paper", "news", "booklet", "key-work-plan"}


def test_uncited_items_are_a_subset_of_the_plan(db):
    rows = answer(db, "uncited-items", year=2019)
    assert 0 < len(rows) <= 74 and all(r["year"] == "2019" for r in rows)


def test_uncited_items_leave_out_citing_items(db):
    assert 0 < len(answer(db, "uncited-items", year=2019)) < 74


def test_classes(db):
    counts = {r["class"].rsplit("#", 1)[-1]: int(r["nodes"]) for r in answer(db, "classes")}
    assert counts["PlanItem"] == 243 and counts["Plan"] >= 3 and counts["SourceDocument"] == 5


def test_documents_by_type(db):
    counts = {r["type"].rsplit("#", 1)[-1]: int(r["documents"]) for r in answer(db, "documents-by-type")}
    assert counts["Plan"] >= 3 and counts["Agreement"] >= 1


def test_institutions(db):
    names = {r["name"] for r in answer(db, "institutions")}
    assert {"廣東省人民政府", "香港特別行政區政府"} <= names


def test_agreements_include_the_framework(db):
    assert "粵港合作框架協議" in {r["name"] for r in answer(db, "agreements")}


# --- expected rows: extraction (issue 3) ----------------------------------------------------


def test_place_plans_qianhai(db):
    rows = answer(db, "place-plans")  # default 前海
    assert {r["year"] for r in rows} >= {"2016", "2019"}
    assert all(r["place"] == "前海" for r in rows)


def test_place_plans_accept_simplified(db):
    assert answer(db, "place-plans", place="横琴")


def test_places(db):
    names = {r["name"] for r in answer(db, "places")}
    assert {"前海", "南沙", "橫琴"} <= names


def test_programmes_and_their_years(db):
    assert answer(db, "programmes")
    rows = answer(db, "programme-years")
    assert rows and all(r["first"] <= r["last"] for r in rows)


def test_top_agencies(db):
    rows = answer(db, "top-agencies")
    assert rows and int(rows[0]["items"]) >= int(rows[-1]["items"]) >= 1


def test_renewal_chain_of_the_ip_agreement(db):
    rows = answer(db, "renewal-chain")  # default 粵港保護知識產權合作協議
    assert len({r["edition"] for r in rows}) >= 2
    assert any(r["renews"] for r in rows)


def test_signed_at_the_20th_joint_conference(db):
    rows = answer(db, "signed-at-meeting")
    assert len({r["document"] for r in rows}) >= 2


def test_person_activity(db):
    roles = {r["role"] for r in answer(db, "person-activity")}  # default 林鄭月娥
    assert roles & {"chaired", "signed", "witnessed", "post"}


def test_documents_are_cited(db):
    rows = answer(db, "documents-by-type")
    assert any(int(r["cited_documents"]) > 0 for r in rows)
