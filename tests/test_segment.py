"""Plan structure: golden items of the three bundled plans, and the forms other plans take."""

import json
import os
from pathlib import Path

import pytest

from kg_build.normalise import normalise
from kg_build.read import Source, read_file
from kg_build.segment import find_plan_refs, find_plans

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "plans.json"
PLAN_FILES = {
    2016: "2016-05_legco-paper_21st-working-meeting.txt",
    2017: "2017-03_legco-paper_22nd-working-meeting.txt",
    2019: "2019-05_key-work-plan-2019.txt",
}


def plans_of(name: str):
    return find_plans(normalise(read_file(ROOT / "corpus" / name)))


def snapshot() -> dict:
    out = {}
    for year, name in PLAN_FILES.items():
        (plan,) = plans_of(name)
        out[str(year)] = {
            "framework": plan.framework,
            "sections": len([s for s in plan.sections if len(s.path) == 1]),
            "subsections": len([s for s in plan.sections if len(s.path) == 2]),
            "items": [f"{item.label} §{'.'.join(map(str, item.section or ()))} {item.text[:12]}…{item.text[-6:]}" for item in plan.items],
        }
    return out


def test_golden_items():
    """Regenerate with COOPKG_REGEN=1 after checking the differences by eye."""
    actual = snapshot()
    if os.environ.get("COOPKG_REGEN"):
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("year, items, sections", [(2016, 92, 9), (2017, 77, 8), (2019, 74, 9)])
def test_counts(year, items, sections):
    (plan,) = plans_of(PLAN_FILES[year])
    assert plan.year == year and plan.framework == "粵港合作框架協議"
    assert [i.number for i in plan.items] == list(range(1, items + 1))
    assert len([s for s in plan.sections if len(s.path) == 1]) == sections


def test_legco_body_paragraphs_are_not_items():
    (plan,) = plans_of(PLAN_FILES[2016])
    assert plan.items[0].text.startswith("繼續全力推進港珠澳大橋主橋")
    assert not any("本文件向委員簡介" in i.text or "政制及內地事務局" in i.text for i in plan.items)


def test_page_numbers_and_annex_do_not_enter_item_text():
    (plan,) = plans_of(PLAN_FILES[2016])
    assert plan.items[6].text.endswith("郵輪運輸等功能水路運輸網絡。")  # 附件/Annex followed item 7
    assert plan.items[89].text == "發揮“促進廣東前海南沙橫琴建設部際會議”機制作用，著力推進香港和南沙、前海、橫琴的合作。"


def test_signature_block():
    (plan,) = plans_of(PLAN_FILES[2019])
    assert plan.signature.parties == ("廣東省人民政府", "香港特別行政區政府")
    assert plan.signature.posts == ("省長", "行政長官")
    assert plan.signature.date == "2019-05-16"
    assert "廣東省人民政府" not in plan.items[-1].text


def test_title_inside_a_sentence_is_a_reference():
    refs = find_plan_refs(normalise(read_file(ROOT / "corpus" / PLAN_FILES[2016])))
    assert [(r.framework, r.year) for r in refs] == [("粵港合作框架協議", 2016)]


def _plan(text: str):
    return find_plans(normalise(Source("x.txt", text, "0" * 64, "utf-8")))


def test_simplified_plan_with_agencies():
    text = (
        "实施《粤港合作框架协议》2018年重点工作\n一、跨界基础设施\n"
        "1．推进莲塘／香园围口岸建设。（省发展改革委、公安厅牵头）\n"
        "2. 推进广深港高铁（福田站及相关工程）建设。(广州、深圳市政府,省港澳办)\n"
        "二、现代服务业\n（一）金融合作\n3. 落实《内地与香港关于建立更紧密经贸关系的安排》(以下简称CEPA)\n"
    )
    (plan,) = _plan(text)
    assert (plan.framework, plan.year, len(plan.items)) == ("粤港合作框架协议", 2018, 3)
    assert [a.name for a in plan.items[0].agencies] == ["省发展改革委", "省公安厅"]
    assert plan.items[0].text == "推进莲塘／香园围口岸建设。"
    assert [a.name for a in plan.items[1].agencies] == ["广州市政府", "深圳市政府", "省港澳办"]
    assert "（福田站及相关工程）" in plan.items[1].text
    assert plan.items[2].text.endswith("(以下简称CEPA)") and plan.items[2].section == (2, 1)


def test_items_numbered_within_sections():
    text = (
        "實施《粵澳合作框架協議》2019年重點工作\n一、橫琴開發\n(一)推進橫琴開發。\n(二)支持澳門企業。\n"
        "二、民生合作\n（一）推進跨境醫療合作。\n"
    )
    (plan,) = _plan(text)
    assert [(i.label, i.number, i.section) for i in plan.items] == [("1-1", 1, (1,)), ("1-2", 2, (1,)), ("2-1", 1, (2,))]
    assert plan.framework == "粵澳合作框架協議"


def test_a_document_without_a_plan_gives_none():
    assert _plan("這是一篇新聞報道。\n沒有任何重點工作。") == ()
