"""Document names: brackets, types by suffix, exclusions, variants merged into one node."""

from __future__ import annotations

import pytest

from kg_build.resolve_documents import edition_base, edition_form, resolve
from kg_build.titles import doc_type, find_titles


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("粵港合作框架協議", "Agreement"),
        ("關於港深推進落馬洲河套地區共同發展的合作備忘錄", "Agreement"),
        ("粵港攜手參與國家「一帶一路」建設合作意向書", "Agreement"),
        ("粵港科技創新交流合作安排", "Agreement"),
        ("推進前海深港合作總體方案", "Plan"),
        ("粵港澳大灣區發展規劃綱要", "Plan"),
        ("律師特許執業條例", "Regulation"),
        ("關於金融支持中國（廣東）自由貿易試驗區建設的指導意見", "Regulation"),
        ("廣東口岸入境郵輪隨船檢疫工作規程（試行）", "Regulation"),
        ("施政報告", "Document"),
        ("中國製造2025", "Plan"),
        ("服務貿易協議", "Agreement"),
        ("外來媳婦本地郎", None),
        ("沙灣往事", None),
        ("香港服務提供者證明書", None),
    ],
)
def test_type_by_suffix(name, kind):
    assert doc_type(name) == kind


def test_nested_and_outer_brackets():
    text = "並簽署〈實施《粵港合作框架協議》2016年重點工作〉（詳見附件），落實《粵港攜手參與國家「一帶一路」建設合作意向書》。"
    names = [(t.name, t.kind) for t in find_titles(text)]
    assert names == [("實施《粵港合作框架協議》2016年重點工作", "Plan"), ("粵港攜手參與國家「一帶一路」建設合作意向書", "Agreement")]


def test_name_over_line_breaks_and_bare_names():
    text = "簽訂《香港特別行政區\n政府與深圳市人民政府關於促進\n創意產業合作的協議》，在 CEPA 框架下，配合「十 三 五」規劃。"
    assert [t.name for t in find_titles(text)] == [
        "香港特別行政區政府與深圳市人民政府關於促進創意產業合作的協議", "CEPA", "「十三五」規劃"]


def test_cepa_before_its_service_agreement_is_one_name():
    assert [t.name for t in find_titles("推動 CEPA《服務貿易協議》開放措施")] == ["服務貿易協議"]


def test_quoted_news_names_and_excluded_drama():
    text = "“粵港科技創新人才交流合作協議”：由創新及科技局局長楊偉雄簽署。追看《外來媳婦本地郎》。"
    assert [(t.name, t.quoted) for t in find_titles(text)] == [("粵港科技創新人才交流合作協議", "“”")]


def test_year_ranges_fold_to_one_form():
    assert edition_form("粵港保護知識產權合作協議（2017-2018年）") == "粵港保護知識產權合作協議（2017年—2018年）"
    assert edition_form("粵港保護知識產權合作協議 2015-2016") == "粵港保護知識產權合作協議（2015年—2016年）"
    assert edition_form("2016-2020粵港環保合作協議") == edition_form("2016-2020年粵港環保合作協議")
    assert edition_base("粵港保護知識產權合作協議（2017年—2018年）") == ("粵港保護知識產權合作協議", 2017)


def _resolved(text):
    titles = find_titles(text)
    return [resolve(t, text, titles, "t.txt") for t in titles]


def test_variants_resolve_to_one_node_with_aliases():
    a, b = _resolved("落實《粵港保護知識產權合作協議（2017-2018年）》及《粵港保護知識產權合作協議（2017年—2018年）》。")
    assert a.iri == b.iri
    assert a.label == "粵港保護知識產權合作協議（2017年—2018年）"
    assert "粵港保護知識產權合作協議（2017-2018年）" in a.aliases


def test_declared_short_name_and_well_known_short_form():
    text = "深化落實《內地與香港關於建立更緊密經貿關係的安排》（以下簡稱CEPA），在CEPA框架下，落實《十三五規劃綱要》。"
    *cepa, plan = _resolved(text)
    assert len(cepa) == 3 and {r.label for r in cepa} == {"內地與香港關於建立更緊密經貿關係的安排"}
    assert plan.label == "中華人民共和國國民經濟和社會發展第十三個五年規劃綱要"


def test_short_plan_name_and_generic_back_reference():
    text = "回顧了粵港合作《2015年重點工作》。發展局和橫琴新區管委會簽訂《合作意向書》。"
    plan, generic = _resolved(text)
    assert plan.iri.endswith("/plan/gd-hk/2015")
    assert generic.iri.endswith("/document/合作意向書/in/t.txt")


def test_simplified_edition_is_the_same_node():
    (hans,) = _resolved("落实《粤港保护知识产权合作协议（2017-2018年）》")
    (hant,) = _resolved("《粵港保護知識產權合作協議（2017年—2018年）》")
    assert hans.iri == hant.iri
