"""`coopkg evaluate` against the gold annotation of the bundled corpus."""

from __future__ import annotations

import json

from conftest import ROOT, coopkg

from kg_build.evaluate import evaluate, load_gold, name_key, prf

GOLD = ROOT / "tests" / "gold" / "corpus.json"


def test_prf_edges():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(3, 1, 0) == (0.75, 1.0, 3 / 3.5)


def test_name_key_drops_only_enclosing_brackets():
    assert name_key("《粵港合作框架協議》") == name_key("粵港合作框架協議")
    assert name_key("《內地與香港關於建立更緊密經貿關係的安排》服務貿易協議").startswith("《")


def test_scores_on_the_bundled_corpus(db):
    scores, notes = evaluate(db, load_gold(GOLD))
    for category in ("documents", "citations", "supports"):
        assert scores[category][2] >= 0.95, (category, scores[category])
    assert scores["meetings"][2] == 1.0, notes


def test_cli_table_and_threshold(built_store, tmp_path):
    ok = coopkg("evaluate", "--min-f1", "0.0", store=built_store)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0].split() == ["category", "precision", "recall", "F1"]
    assert {line.split()[0] for line in ok.stdout.splitlines()[1:]} >= {"documents", "citations", "supports", "programmes", "meetings"}
    high = coopkg("evaluate", "--min-f1", "1.01", store=built_store)
    assert high.returncode == 1
    assert "below --min-f1" in high.stderr


def test_cli_missing_gold_is_a_user_error(built_store, tmp_path):
    result = coopkg("evaluate", "--gold", str(tmp_path / "none.json"), store=built_store)
    assert result.returncode == 2 and "gold" in result.stderr


def test_small_gold_file(built_store, tmp_path):
    gold = {"documents": [{"name": "粵港保護知識產權合作協議（2015-2016年）", "type": "Agreement"}],
            "meetings": [{"name": "粵港合作聯席會議第二十次會議", "ordinal": 20, "kind": "plenary", "date": "2017-11-18",
                          "place": "香港", "chairs": ["林鄭月娥", "馬興瑞"]}]}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = coopkg("evaluate", "--gold", str(path), store=built_store)
    assert result.returncode == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["documents"][1] == "1.000"  # recall: the one gold document is found
    assert rows["meetings"][1] == "1.000"
