"""Issue 4: `lookup` shows the main relations of each type, read as a researcher reads them.

Every expectation below was checked against the corpus text (file and line in the comments), not
copied from the command's output.
"""

from __future__ import annotations

import json

import pytest

from conftest import coopkg
from kg_build import lookup
from kg_build.lookup_views import by_year, chinese_number, kind_of, short_text, view

BASE = "https://w3id.org/coopkg/id/"
IP_2015 = BASE + "document/粵港保護知識產權合作協議(2015年-2016年)"
IP_2017 = BASE + "document/粵港保護知識產權合作協議(2017年-2018年)"
MEETING_20 = BASE + "meeting/粵港合作聯席會議第二十次會議"
MEETING_W21 = BASE + "meeting/粵港合作聯席會議第二十一次工作會議"


def numbers(groups) -> dict[int, list[int]]:
    return {g["year"]: [i["number"] for i in g["items"]] for g in groups}


def iris(entries) -> list[str]:
    return [e["iri"] for e in entries]


class Counting:
    """A store that counts the queries run on it."""

    def __init__(self, db):
        self.db, self.queries = db, 0

    def query(self, *args, **kwargs):
        self.queries += 1
        return self.db.query(*args, **kwargs)


# --- pure helpers -----------------------------------------------------------------------------


def test_kind_of_picks_the_most_specific_class():
    assert kind_of(["coop:Agreement"]) == "document"
    assert kind_of(["coop:Plan", "coop:Document"]) == "document"
    assert kind_of(["https://w3id.org/coopkg/ontology#PlanItem"]) == "item"
    assert kind_of(["coop:Section"]) == "generic" and kind_of([]) == "generic"


def test_short_text_and_numbers():
    assert short_text("一" * 40) == "一" * 40
    assert short_text("一" * 41) == "一" * 40 + "…"
    assert [chinese_number(n) for n in (1, 6, 10, 16, 20, 23)] == ["一", "六", "十", "十六", "二十", "二十三"]
    rows = [{"year": 2017, "number": 3, "iri": "c"}, {"year": 2016, "number": 9, "iri": "b"},
            {"year": 2016, "number": 2, "iri": "a"}]
    assert [(g["year"], [r["number"] for r in g["items"]]) for g in by_year(rows)] == [(2016, [2, 9]), (2017, [3])]


def test_bigram_similarity():
    assert lookup.similarity("港珠澳大橋", "港珠澳大橋") == 1.0
    assert lookup.similarity("港珠奧大橋", "港珠澳大橋") == 0.5  # 港珠 and 大橋 of four bigrams each
    assert lookup.similarity("港", "港") == 0.0  # no bigrams, no fuzzy match


# --- Place ------------------------------------------------------------------------------------


def test_hengqin_items_by_year(db):
    v = view(db, BASE + "place/橫琴")
    assert v["kind"] == "place"
    # 2016 paper lines 655 (item 40, 「…推廣至南沙和橫琴」), 1040 (85), 1089-1091 (90); 2017 paper lines 142 (29), 224 (65).
    # 2016-88 names 橫琴 only inside a plan's title 《…珠海橫琴片區…總體方案》, which is cited, not mentioned.
    assert numbers(v["mentioned_in"]) == {2016: [40, 85, 90], 2017: [29, 65]}
    item = v["mentioned_in"][0]["items"][0]
    assert item["item"] == "2016-40" and item["iri"] == BASE + "plan/gd-hk/2016/item/40"
    assert item["text"].startswith("落實內地與香港的《服務貿易協議》") and len(item["text"]) == 41


def test_hengqin_text_and_json(built_store):
    out = coopkg("lookup", "横琴", store=built_store, check=True).stdout
    assert "named in 5 plan items:" in out
    assert "    2016   40  落實內地與香港的《服務貿易協議》" in out
    assert "    2017   29  推動在中國（廣東）自由貿易試驗區內" in out
    assert "← coop:mentions" not in out  # the generic list gave way to the view
    (hit,) = json.loads(coopkg("lookup", "横琴", "--format", "json", store=built_store, check=True).stdout)
    assert {"iri", "types", "labels", "aliases", "relations", "incoming", "evidence", "view"} <= set(hit)
    assert hit["match"] == "exact" and hit["view"]["kind"] == "place"
    assert numbers(hit["view"]["mentioned_in"]) == {2016: [40, 85, 90], 2017: [29, 65]}


def test_a_place_view_costs_a_few_queries_not_one_per_item(db):
    counting = Counting(db)
    v = view(counting, BASE + "place/香港")
    assert sum(len(g["items"]) for g in v["mentioned_in"]) > 100
    assert counting.queries <= 5
    counting.queries = 0
    lookup.describe(counting, BASE + "place/香港")
    assert counting.queries <= 8


def test_long_years_are_cut_in_the_text(built_store):
    out = coopkg("lookup", "香港", "--type", "Place", store=built_store, check=True).stdout
    assert "more in 2016 (--format json lists all)" in out


# --- Agreement --------------------------------------------------------------------------------


def test_ip_agreement_2017_edition_renews_the_2015_edition(db):
    v = view(db, IP_2017)
    assert v["kind"] == "document" and v["period"] == "2017-2018"
    assert v["renews"] == [{"iri": IP_2015, "label": "粵港保護知識產權合作協議（2015年—2016年）", "period": "2015-2016"}]
    assert v["renewed_by"] == []
    # news of the 20th Joint Conference, lines 10-18 and 144-149: signed in Hong Kong the day before 2017-11-19
    assert v["signed_at"] == [{"iri": MEETING_20, "label": "粵港合作聯席會議第二十次會議", "date": "2017-11-18", "place": "香港"}]
    # 2017 paper line 178: item 47 signs 《粵港保護知識產權合作協議（2017-2018年）》
    assert numbers(v["cited_by"]) == {2017: [47]}


def test_ip_agreement_2015_edition_is_renewed_and_supports_2016_52(db):
    v = view(db, IP_2015)
    assert iris(v["renewed_by"]) == [IP_2017] and v["renewed_by"][0]["period"] == "2017-2018"
    assert v["renews"] == [] and v["signed_at"] == []
    # 2016 paper line 767: 52. 落實《粵港保護知識產權合作協議 2015-2016》
    assert numbers(v["supports"]) == {2016: [52]}
    assert numbers(v["cited_by"]) == {2016: [52]}


def test_ip_agreement_text(built_store):
    out = coopkg("lookup", "粵港保護知識產權合作協議", store=built_store, check=True).stdout
    assert "  renews: 粵港保護知識產權合作協議（2015年—2016年） (2015-2016)" in out
    assert "  renewed by: 粵港保護知識產權合作協議（2017年—2018年） (2017-2018)" in out
    assert "  signed at: 粵港合作聯席會議第二十次會議 (2017-11-18, 香港)" in out
    assert "  supports, and is cited by, 1 plan item:\n    2016   52  落實《粵港保護知識產權合作協議2015-2016》" in out
    assert "  cited by 1 plan item:\n    2017   47  深化粵港知識產權合作" in out


def test_plan_view_renews_and_framework(db):
    v = view(db, BASE + "plan/gd-hk/2017")
    assert v["kind"] == "document" and v["year"] == 2017
    assert iris(v["renews"]) == [BASE + "plan/gd-hk/2016"]
    assert iris(v["framework"]) == [BASE + "document/粵港合作框架協議"]
    assert {s["label"] for s in v["signatories"]} == {"廣東省人民政府", "香港特別行政區政府"}
    framework = view(db, BASE + "document/粵港合作框架協議")
    assert [p["year"] for p in framework["framework_of"]] == [2016, 2017, 2019]


# --- Person -----------------------------------------------------------------------------------


def test_carrie_lam_posts_and_meetings(db):
    v = view(db, BASE + "person/林鄭月娥")
    assert v["kind"] == "person"
    posts = {(p["title"], p["date"]) for p in v["posts"]}
    # 2016 paper line 33: 政務司司長林鄭月娥 … 2016年3月23日; news 2017-11-19 line 18: 香港特區行政長官林鄭月娥
    assert {("政務司司長", "2016-03-23"), ("行政長官", "2017-11-19")} <= posts
    assert [p["date"] for p in v["posts"]] == sorted(p["date"] for p in v["posts"])
    # 2016 paper line 33-34 (co-chaired the 21st working meeting in Hong Kong), news line 144 (20th plenary)
    assert [(m["iri"], m["date"], m.get("place")) for m in v["chaired"]] == [
        (MEETING_W21, "2016-03-23", "香港"), (MEETING_20, "2017-11-18", "香港")]


def test_carrie_lam_text(built_store):
    out = coopkg("lookup", "林郑月娥", store=built_store, check=True).stdout
    assert "  posts:\n    2016-03-23  政務司司長\n    2017-11-19  行政長官\n" in out
    assert "  chaired:\n    粵港合作聯席會議第二十一次工作會議 (2016-03-23, 香港)\n    粵港合作聯席會議第二十次會議 (2017-11-18, 香港)" in out


# --- Meeting, Institution, Programme ----------------------------------------------------------


def test_twentieth_plenary(db):
    v = view(db, MEETING_20)
    assert (v["kind"], v["meeting_kind"], v["ordinal"], v["date"]) == ("meeting", "plenary", 20, "2017-11-18")
    assert [p["label"] for p in v["places"]] == ["香港"]
    assert {c["label"] for c in v["chairs"]} == {"林鄭月娥", "馬興瑞"}  # news line 144
    assert len(v["documents_signed"]) == 7  # news line 145: 簽署了7份合作協議
    assert IP_2017 in iris(v["documents_signed"])


def test_strategy_group_institution(db):
    v = view(db, BASE + "institution/粵港發展策略研究小組")
    assert v["kind"] == "institution"
    # 2016 paper line 1098 (91), 2017 paper line 247 (77), 2019 plan line 438 (74)
    assert numbers(v["mentioned_in"]) == {2016: [91], 2017: [77], 2019: [74]}
    parents = {r["p"].value for r in db.query(
        "SELECT DISTINCT ?p WHERE { <%s> coop:parentBody ?p }" % (BASE + "institution/粵港發展策略研究小組"),
        use_default_graph_as_union=True, prefixes={"coop": "https://w3id.org/coopkg/ontology#"})}
    assert set(iris(v["parent"])) == parents and parents


def test_programme_years(db):
    v = view(db, BASE + "programme/粵港科技合作資助計劃")
    assert v["kind"] == "programme" and v["first_year"] == 2016
    found = numbers(v["mentioned_in"])
    # 2016 paper line 680-681 (item 43), 2017 paper line 149 (item 33)
    assert found[2016] == [43] and found[2017] == [33]
    assert v["last_year"] == max(found)


# --- PlanItem ---------------------------------------------------------------------------------


def test_item_2019_1(db):
    (hit,) = lookup.find(db, "2019-1")
    v = hit.view
    assert v["kind"] == "item" and (v["year"], v["number"]) == (2019, 1)
    # 2019 plan lines 6-8
    assert v["section"] == "一、跨界基礎設施建設及通關便利化"
    assert v["text"] == "完善港珠澳大橋、廣深港高鐵的運營管理和機制安排。"
    assert {e["label"] for e in v["named"]["Project"]} == {"港珠澳大橋", "廣深港高速鐵路"}
    assert [h["item"] for h in v["history"]] == ["2016-1", "2017-1", "2019-1"]


def test_an_item_reference_finds_that_item_or_nothing(db):
    # 2017-99's key contains 2017-9's, and 2017-1 is inside 2017-10 … 2017-19: neither may match
    assert [h.iri for h in lookup.find(db, "2017-1")] == [BASE + "plan/gd-hk/2017/item/1"]
    assert [h.iri for h in lookup.find(db, "2017 - 9")] == [BASE + "plan/gd-hk/2017/item/9"]
    assert lookup.find(db, "2017-99") == [] and lookup.find(db, "2018-1") == []


def test_a_missing_item_says_where_to_find_the_items(built_store):
    result = coopkg("lookup", "2017-99", store=built_store)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("coopkg: no plan item 2017-99 in the graph; "
                             "`coopkg query plans` lists the plans with their numbers of items\n")


@pytest.mark.parametrize("text", [
    BASE + "plan/gd-hk/2019/item/1",
    "id:plan/gd-hk/2019/item/1",  # as coopkg query's table prints it
    " " + BASE + "plan/gd-hk/2019/item/1 ",
])
def test_an_iri_finds_that_node(db, text):
    assert [h.iri for h in lookup.find(db, text)] == [BASE + "plan/gd-hk/2019/item/1"]


def test_an_iri_copied_from_a_browser_is_unescaped(db):
    escaped = BASE + "project/%E6%B8%AF%E7%8F%A0%E6%BE%B3%E5%A4%A7%E6%A9%8B"
    assert [h.iri for h in lookup.find(db, escaped)] == [BASE + "project/港珠澳大橋"]


def test_an_ontology_class_is_described_without_its_blank_nodes(db):
    hit, = lookup.find(db, "coop:Plan")
    assert hit.iri == "https://w3id.org/coopkg/ontology#Plan" and hit.types == ["owl:Class"]
    assert all(iri.startswith("http") for _, iri, _ in hit.incoming)


def test_an_iri_not_in_the_graph_says_so(built_store, db):
    assert lookup.find(db, "id:plan/gd-hk/2019/item/999") == []
    assert lookup.find(db, "id:plan/gd-hk/2019/item/1", type_="Place") == []
    result = coopkg("lookup", "id:plan/gd-hk/2019/item/999", store=built_store)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"coopkg: no node <{BASE}plan/gd-hk/2019/item/999> in the graph; "
                             "check the IRI, or look the name up instead\n")


def test_item_in_a_subsection(db):
    v = view(db, BASE + "plan/gd-hk/2016/item/40")
    assert v["section"] == "二、現代服務業 › （六）專業服務合作"  # 2016 paper lines 361 and 559
    assert BASE + "place/橫琴" in iris(v["named"]["Place"])


def test_item_text_keeps_the_history(built_store):
    out = coopkg("lookup", "2019-1", store=built_store, check=True).stdout
    assert "  plan: 實施《粵港合作框架協議》2019年重點工作 (2019), item 1" in out
    assert "  section: 一、跨界基礎設施建設及通關便利化" in out
    assert "  text: 完善港珠澳大橋、廣深港高鐵的運營管理和機制安排。" in out
    assert "    Project: " in out
    history = out[out.index("history:"):]
    assert "2016-1 " in history and "2017-1 " in history and "◆ 2019-1" in history


# --- fallbacks --------------------------------------------------------------------------------


def test_other_types_keep_the_generic_list(built_store, db):
    (hit,) = [h for h in lookup.find(db, "知識產權保護", type_="Section") if "2016" in h.iri]
    assert hit.view == {"kind": "generic"}
    out = coopkg("lookup", "知識產權保護", "--type", "Section", store=built_store, check=True).stdout
    assert "← coop:inSection: 2016年重點工作第52項" in out


@pytest.mark.parametrize("query, first", [
    ("保護知識產權合作協義", {IP_2015, IP_2017}),  # 協義 for 協議: no key contains it or is contained in it
    ("廣深港高速鉄路", {BASE + "project/廣深港高速鐵路"}),  # 鉄, a form OpenCC does not fold
])
def test_fuzzy_fallback(db, built_store, query, first):
    assert lookup._candidates(db, lookup.fold.search_key(query), None) == {}
    hits = lookup.find(db, query)
    assert hits and all(h.match == "fuzzy" for h in hits)
    assert {h.iri for h in hits[:len(first)]} == first
    assert all(lookup.FUZZY_MIN <= h.similarity < 1 for h in hits)
    out = coopkg("lookup", query, store=built_store, check=True).stdout
    assert out.startswith("no exact match; closest:\n")
    data = json.loads(coopkg("lookup", query, "--format", "json", store=built_store, check=True).stdout)
    assert data[0]["match"] == "fuzzy" and data[0]["similarity"] >= lookup.FUZZY_MIN


def test_a_misremembered_name_finds_the_agreement_before_a_key_inside_it(db):
    # 粵港知識產權保護合作協議 contains the section title 知識產權保護 (6 of its 13 characters); the
    # agreement it misremembers, 粵港保護知識產權合作協議2015-2016, shares more of its bigrams (Dice 0.55)
    hits = lookup.find(db, "粵港知識產權保護合作協議")
    assert {h.iri for h in hits[:2]} == {IP_2015, IP_2017} and hits[0].match == "fuzzy"
    assert [h.match for h in hits[-2:]] == ["partial", "partial"]
    assert {h.iri for h in hits[-2:]} == {BASE + "plan/gd-hk/2016/section/4.3", BASE + "plan/gd-hk/2017/section/4.3"}


@pytest.mark.parametrize("query, iri", [
    ("hong kong", BASE + "place/香港"),  # English label Hong Kong
    ("cepa", BASE + "document/內地與香港關於建立更緊密經貿關係的安排"),  # alias CEPA
    ("carrie lam", BASE + "person/林鄭月娥"),  # inside Carrie Lam Cheng Yuet-ngor
])
def test_latin_names_match_in_any_case(db, query, iri):
    hits = lookup.find(db, query)
    assert hits[0].iri == iri and hits[0].match in ("exact", "partial")


def test_exact_matches_are_not_called_close(built_store):
    out = coopkg("lookup", "港珠澳大橋", store=built_store, check=True).stdout
    assert "no exact match" not in out


def test_nothing_close_still_fails(built_store):
    result = coopkg("lookup", "完全無關的詞語ZZ", store=built_store)
    assert result.returncode == 1 and "nothing in the graph" in result.stderr


def test_close_fuzzy_match_outranks_a_key_inside_the_query(db, built_store):
    # 科枝 for 科技: the query contains the key 資助計劃 of other schemes, but the scheme it misspells
    # shares most of its bigrams and comes first.
    query = "粵港科枝合作資助計劃"
    assert lookup._candidates(db, lookup.fold.search_key(query), None)  # partial hits exist
    hits = lookup.find(db, query)
    assert hits[0].iri == BASE + "programme/粵港科技合作資助計劃"
    assert hits[0].match == "fuzzy" and hits[0].similarity > 4 / 10  # 資助計劃 covers 4 of its 10 characters
    assert any(h.match == "partial" for h in hits[1:])
    out = coopkg("lookup", query, store=built_store, check=True).stdout
    assert out.startswith("no exact match; closest:\n")
