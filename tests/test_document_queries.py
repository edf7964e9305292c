"""The named queries of the documents and meetings extraction: agreement-support, meetings, renewals."""

from __future__ import annotations

from kg_build import named_queries
from kg_build.sparql import run


def answer(db, name: str, **params) -> list[dict]:
    query = named_queries.catalogue()[name]
    result = run(db, query.text, named_queries.bindings(query, params))
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


def test_meetings_of_the_corpus(db):
    rows = {(r["ordinal"], r["kind"]): r for r in answer(db, "meetings")}
    assert set(rows) == {("18", "plenary"), ("19", "plenary"), ("20", "plenary"), ("21", "working"), ("22", "working")}
    assert (rows[("21", "working")]["date"], rows[("21", "working")]["place"]) == ("2016-03-23", "香港")
    assert set(rows[("22", "working")]["chairs"].split("、")) == {"張建宗", "何忠友"}
    assert len(rows[("20", "plenary")]["documents_signed"].split("、")) == 7


def test_renewals(db):
    pairs = {(r["name"], r["renews_name"]) for r in answer(db, "renewals")}
    assert ("粵港保護知識產權合作協議（2017年—2018年）", "粵港保護知識產權合作協議（2015年—2016年）") in pairs
    assert ("實施《粵港合作框架協議》2017年重點工作", "實施《粵港合作框架協議》2016年重點工作") in pairs


def test_agreement_support(db):
    rows = answer(db, "agreement-support", agreement="科技創新交流合作安排")
    assert {(r["name"], r["year"], r["number"]) for r in rows} == {("粵港科技創新交流合作安排", "2019", "10")}


def test_lookup_shows_both_editions_and_the_renewal(built_store):
    from conftest import coopkg

    result = coopkg("lookup", "粵港保護知識產權合作協議", store=built_store)
    assert result.returncode == 0, result.stderr
    assert "粵港保護知識產權合作協議（2015年—2016年）" in result.stdout
    assert "粵港保護知識產權合作協議（2017年—2018年）" in result.stdout
    # issue 4: the agreement view names the renewal both ways, with the periods
    assert "renews: 粵港保護知識產權合作協議（2015年—2016年） (2015-2016)" in result.stdout
    assert "renewed by: 粵港保護知識產權合作協議（2017年—2018年） (2017-2018)" in result.stdout


def test_nineteenth_plenary_signing_by_date(db):
    rows = {r["ordinal"]: r for r in answer(db, "meetings")}
    assert rows["19"]["documents_signed"] == "粵港攜手參與國家「一帶一路」建設合作意向書"
