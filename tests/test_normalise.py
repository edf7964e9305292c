import pytest

from kg_build.normalise import is_wrap, normalise
from kg_build.read import Source


def norm(text: str):
    return normalise(Source("t.txt", text, "0" * 64, "utf-8"))


def test_every_character_maps_back_to_the_original():
    n = norm("1. 推進「十 三 五」規 劃的\n\n實施，落實《粵港保護知識產權合\n作協議》。\n 17 \n2. 第二項。")
    for i, ch in enumerate(n.text):
        if ch != "\n":
            assert n.source.text[n.offsets[i]] == ch


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("「十 三 五」規 劃", "「十三五」規劃"),
        ("於 2016 年 3 月 23 日", "於2016年3月23日"),
        ("２０１９年", "2019年"),
        ("推進 5G 技術", "推進5G技術"),
        ("the Joint Conference", "the Joint Conference"),
    ],
)
def test_spacing_and_width(raw, expected):
    assert norm(raw).text == expected


def test_page_numbers_and_annex_lines_are_dropped():
    n = norm("1. 發揮機制作用，著力推進香港和南沙、前海、橫琴的\n\n\n\n17 \n \n\n合作。\n附件 \nAnnex \n2. 第二項。")
    assert n.text == "1.發揮機制作用，著力推進香港和南沙、前海、橫琴的合作。\n2.第二項。"


def test_a_name_broken_across_lines_is_joined():
    assert norm("落實《粵港保護\n知識產權合作協議》。").text == "落實《粵港保護知識產權合作協議》。"


@pytest.mark.parametrize(
    "before, after, wrap",
    [
        ("本文件向委員簡介於2016年3月23日在香港舉行的粵", "港合作聯席會議第二十一次工作會議的主要情況。", True),
        ("一、跨界基礎設施", "1.繼續全力推進港珠澳大橋", False),
        ("合作進展和方向", "「一帶一路」", False),
        ("研究下一階段重點合作項目。", "廣東省人民政府", False),
        ("推進《粵港", "合作》", True),
    ],
)
def test_wrap_policy(before, after, wrap):
    assert is_wrap(before, after) is wrap


def test_original_span_covers_the_original_characters():
    n = norm("《甲 乙\n\n丙》")
    assert n.text == "《甲乙丙》"
    assert n.original(1, 4) == "甲 乙\n\n丙"
