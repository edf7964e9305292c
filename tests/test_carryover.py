"""Carry-over links (issue 7): n-gram similarity, candidate pairs, the built store, the annotated sample."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg_build import carryover
from kg_build.carryover import ItemRecord, candidate_pairs, chain, cosine, grams, jaccard, previous_year

from conftest import coopkg

BASE = "https://w3id.org/coopkg/id/plan/gd-hk/"


def test_grams_are_two_and_three_character_runs_of_the_folded_text():
    assert grams("港珠澳大橋") == grams("港珠澳大桥") == grams("港 珠 澳 大 桥")
    assert set(grams("港珠澳")) == {"港珠", "珠澳", "港珠澳"}


def test_grams_do_not_cross_punctuation_and_numbers_are_one_sign():
    assert "橋建" not in grams("大橋，建設")
    assert grams("2017年舉辦") == grams("2016年舉辦")


def test_similarity_of_same_different_and_partial_texts():
    a, b = grams("推進蓮塘／香園圍口岸建設"), grams("推進莲塘/香园围口岸建设")
    assert cosine(a, b) == pytest.approx(1.0)
    assert jaccard(a, b) == 1.0
    assert cosine(a, grams("青年發展基金")) == 0.0
    assert jaccard(a, grams("青年發展基金")) == 0.0
    assert 0 < cosine(a, grams("蓮塘口岸")) < 1


def test_idf_gives_no_weight_to_ngrams_in_more_than_the_stop_share_of_items():
    docs = [grams("粵港合作推進大橋"), grams("粵港合作青年基金"), grams("粵港合作口岸"), grams("旅遊推廣")]
    key = lambda text: next(iter(grams(text)))  # the folded key of a two-character text
    weights = carryover.idf(docs, stop_share=0.5)
    assert weights[key("粵港")] == weights[key("合作")] == 0.0  # in 3 of 4 items: generic vocabulary
    assert weights[key("大橋")] > 0
    assert carryover.idf(docs, stop_share=1.0)[key("粵港")] > 0
    a, b = grams("粵港合作推進大橋"), grams("粵港合作口岸")
    assert cosine(a, b, carryover.idf(docs, stop_share=0.5)) == 0.0  # they share only generic n-grams
    assert cosine(a, b, carryover.idf(docs, stop_share=1.0)) > 0


def _record(year: int, number: int, framework: str = "gd-hk") -> ItemRecord:
    return ItemRecord(f"{BASE}{year}/item/{number}", framework, year, number, str(number), None, "x")


def test_candidates_link_to_the_latest_earlier_plan_of_the_same_framework():
    records = [_record(2016, 1), _record(2017, 1), _record(2019, 1), _record(2019, 1, "gd-mo")]
    assert previous_year(records) == {("gd-hk", 2017): 2016, ("gd-hk", 2019): 2017}
    assert [(a.year, b.year) for a, b in candidate_pairs(records)] == [(2017, 2016), (2019, 2017)]


def test_chain_walks_backward_and_forward():
    edges = [("c", "b", 0.3), ("b", "a", 0.5), ("d", "x", 0.2)]
    assert chain(edges, "b") == [("b", None), ("a", 0.5), ("c", 0.3)]


def test_shared_entities_need_a_specific_kind_or_a_place_with_an_institution():
    place, inst, prog = ("p", "place"), ("i", "institution"), ("g", "programme")
    a = ItemRecord("a", "gd-hk", 2017, 1, "1", None, "", frozenset({place, prog}))
    b = ItemRecord("b", "gd-hk", 2016, 1, "1", None, "", frozenset({place, prog}))
    assert carryover.shared_entities(a, b) == ("g",)
    a2, b2 = (ItemRecord(r.iri, r.framework, r.year, 1, "1", None, "", frozenset({place, inst})) for r in (a, b))
    assert carryover.shared_entities(a2, b2) == ("i", "p")
    assert carryover.shared_entities(a, b, frozenset({"g"})) == ()


# --- on the built store ----------------------------------------------------------------------


def _numbers(result) -> set[int]:
    return {int(row["number"]) for row in csv.DictReader(io.StringIO(result.stdout))}


def test_lookup_2017_1_shows_its_predecessor_and_successor(built_store):
    out = coopkg("lookup", "2017-1", store=built_store, check=True).stdout
    history = out[out.index("history:"):]
    assert "2016-1 " in history and "2019-1 " in history
    assert "◆ 2017-1" in history


def test_history_function(db):
    rows = carryover.history(db, BASE + "2017/item/1")
    assert (2016, 1, BASE + "2016/item/1") in [r[:3] for r in rows]
    assert (2019, 1, BASE + "2019/item/1") in [r[:3] for r in rows]
    assert [r[3] for r in rows if r[2] == BASE + "2017/item/1"] == [None]


def test_new_items_2019_holds_items_read_as_new(built_store):
    found = _numbers(coopkg("query", "new-items", "--param", "year=2019", "--format", "csv", store=built_store, check=True))
    # read in the plans: national science bases, biomedical data, clinical research network, radio coordination,
    # HKUST (Guangzhou), 省港杯, Conghua horse zone, maritime search and rescue, Dongguan Binhaiwan
    assert {9, 13, 14, 17, 42, 47, 61, 65, 73} <= found
    assert not {5, 49, 74} & found  # 蓮塘口岸, IP cooperation, 策略研究小組 carry over


def test_dropped_items_2017_lists_2016_items_read_as_dropped(built_store):
    found = _numbers(coopkg("query", "dropped-items", "--param", "year=2017", "--format", "csv", store=built_store, check=True))
    # 144-hour visa, HK travel agencies, tour-guide exam, ship search and rescue, partnership law firms,
    # ship emission control area, racecourse, cross-boundary pupils, planning task force, inter-ministerial meeting
    assert {21, 22, 23, 27, 31, 56, 70, 79, 89, 90} <= found
    assert not {1, 3, 53, 91} & found


def test_carried_over_rows_carry_scores(built_store):
    out = coopkg("query", "carried-over", "--param", "year=2017", "--format", "csv", store=built_store, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    first = [r for r in rows if r["number"] == "1"]
    assert [(r["prevYear"], r["prevNumber"]) for r in first] == [("2016", "1")]
    assert 0 < float(first[0]["score"]) <= 1


def test_confidence_bands_are_the_same_in_python_and_in_the_query(built_store):
    import re

    from kg_build import named_queries

    text = named_queries.get("carried-over").text
    floors = [float(x) for x in re.findall(r"\?score >= ([0-9.]+)", text)]
    bands = re.findall(r'"(high|medium|low)"', text)
    assert list(zip(floors + [0.0], bands)) == list(carryover.CONFIDENCE)
    assert [carryover.confidence(s) for s in (0.53, 0.30, 0.292, 0.20, 0.116)] == ["high", "high", "medium", "medium", "low"]
    out = coopkg("query", "carried-over", "--param", "year=2017", "--format", "csv", store=built_store, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all(r["confidence"] == carryover.confidence(float(r["score"])) for r in rows)
    assert {r["confidence"] for r in rows} == {"high", "medium", "low"}


def test_lookup_history_says_how_far_to_trust_each_link(built_store):
    out = coopkg("lookup", "2017-1", store=built_store, check=True).stdout
    assert "2016-1  score 0.292 (medium confidence)" in out and "2019-1  score 0.116 (low confidence)" in out


def test_compare_2019_against_2017(db):
    page = carryover.compare(db, 2019)
    assert page["previous_year"] == 2017
    first = page["sections"][0]
    assert first["title"] == "跨界基礎設施建設及通關便利化"
    assert "2019-1" in [e["item"] for e in first["carried_over"]]
    assert "2019-7" in [e["item"] for e in first["new"]]


# --- the annotated samples: constants fixed on the 80 tuning items, measured on the held-back 71 --


def test_scores_on_the_annotated_sample(db):
    from kg_build import carryover_eval

    result = carryover_eval.evaluate(carryover.records_from_store(db))
    tuning, held = result["scores"]
    assert (result["threshold"], result["relative"], carryover.IDF_POWER) == (0.11, 0.7, 1.5)
    assert carryover.STOP_SHARE == 0.20
    assert (tuning.items, tuning.precision, tuning.recall) == (80, 0.907, 0.736)
    assert (held.items, held.precision, held.recall) == (71, 0.698, 0.822)
    assert [(s.sample, s.items, s.precision, s.recall) for s in result["samples"]] == [
        ("carryover", 40, 0.958, 0.821), ("carryover_heldout", 40, 0.842, 0.64),
        ("carryover_third", 40, 0.706, 0.828), ("carryover_fourth", 31, 0.684, 0.812)]


def test_new_and_dropped_items_against_the_annotation(db):
    # every 2017 and 2019 item is annotated, so what new-items and dropped-items answer can be scored
    from kg_build import carryover_eval

    result = carryover_eval.evaluate(carryover.records_from_store(db))
    assert [(t.sample, t.items, t.gold_links, t.predicted, t.true_positives) for t in result["turnover"]] == [
        ("new 2017", 77, 22, 19, 16), ("dropped 2017", 92, 40, 38, 36),
        ("new 2019", 74, 41, 47, 36), ("dropped 2019", 77, 42, 51, 37)]


def test_two_readers_agree_on_the_held_back_half():
    # The second reader links 4 items the first left new or linked to fewer predecessors (2017-14,
    # 2017-24, 2017-56, 2019-8); every first-reader link is among the second's.
    from kg_build import carryover_eval

    readers, same = carryover_eval.agreement(carryover_eval.load_gold())
    assert (readers.items, readers.gold_links, readers.predicted, readers.true_positives) == (71, 45, 50, 45)
    assert (readers.precision, readers.recall, same) == (0.9, 1.0, 67)


def test_a_second_reading_of_other_items_is_refused(tmp_path):
    from kg_build import carryover_eval
    from kg_build.errors import UserError

    other = tmp_path / "second.json"
    other.write_text(json.dumps({"items": [{"item": "2017-4", "predecessors": "new"}]}), encoding="utf-8")
    with pytest.raises(UserError, match="does not annotate exactly the held-back items"):
        carryover_eval.agreement(carryover_eval.load_gold(), other)


@pytest.mark.xfail(strict=True, reason="issue 7 acceptance not reached: held-back samples (71 items): precision 0.698, recall 0.822")
def test_held_back_half_reaches_the_acceptance_level(db):
    from kg_build import carryover_eval

    held = carryover_eval.evaluate(carryover.records_from_store(db))["scores"][1]
    assert held.precision >= 0.85 and held.recall >= 0.85


def test_carryover_eval_command_prints_both_halves_and_each_sample(built_store):
    out = coopkg("carryover-eval", store=built_store, check=True).stdout.splitlines()
    assert out[0].startswith("threshold 0.11 (relative 0.7), fixed in kg_build/carryover.py")
    assert out[2].split() == ["held_back", "items", "71", "gold", "links", "45", "predicted", "53",
                              "correct", "37", "precision", "0.698", "recall", "0.822"]
    assert out[3] == "by sample:"
    assert [line.split()[0] for line in out[4:8]] == ["carryover", "carryover_heldout", "carryover_third", "carryover_fourth"]
    assert out[8].startswith("new and dropped items")
    assert out[10].split() == ["dropped", "2017", "items", "92", "in", "gold", "40", "rows", "38", "correct", "36",
                               "precision", "0.947", "recall", "0.900"]
    assert out[13].endswith("precision 0.900  recall 1.000  same choice on 67 of 71 items")
    assert len(out) == 14
