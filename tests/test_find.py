"""Find stage: a golden table of (text, expected spans), as spaCy's Chinese tokenizer tests are.

The rules run on a small fixed gazetteer here so that the table says what the policies do
(longest match, short names in scope, abbreviations in compounds, suffix boundaries) whatever
the curated gazetteer holds; tests/test_entities.py covers the real gazetteer on the corpus.
"""

from __future__ import annotations

import pytest

from kg_build import find
from kg_build.find import Pattern

_ENTRIES = [
    ("hzmb", "Project", "港珠澳大橋", (), ("大橋",)),
    ("gd", "Place", "廣東", ("廣東省", "广东"), ()),
    ("hk", "Place", "香港", (), ()),
    ("sz", "Place", "深圳", ("深圳市",), ()),
    ("gz", "Place", "廣州", (), ()),
    ("zh", "Place", "珠海", (), ()),
    ("mo", "Place", "澳門", (), ()),
    ("zs", "Place", "中山", (), ()),
    ("sysu", "Institution", "中山大學", (), ()),
    ("qh", "Place", "前海", (), ()),
    ("hq", "Place", "橫琴", (), ()),
    ("gba", "Place", "粵港澳大灣區", ("大灣區",), ()),
    ("cmab", "Institution", "政制及內地事務局", (), ()),
    ("carrie", "Person", "林鄭月娥", (), ()),
    ("hkmao", "Institution", "廣東省港澳辦", ("省港澳辦",), ()),
]
_ABBREV = {"粵": "gd", "粤": "gd", "港": "hk", "深": "sz", "穗": "gz", "珠": "zh", "澳": "mo"}


@pytest.fixture(scope="module")
def m():
    patterns = []
    for eid, type_, name, aliases, short in _ENTRIES:
        for rule, names in (("name", (name,)), ("alias", aliases), ("short", short)):
            for n in names:
                patterns.extend(Pattern(s, eid, type_, rule) for s in find._scripts(n))
    return find._build(patterns)


def spans(m, text, units=None):
    return [(s.text, s.entries, s.rule) for s in find.find(text, units or [(0, len(text))], m=m, abbrevs=_ABBREV)]


GOLDEN = [
    # longest match wins: a short name never fires inside a longer one
    ("中山大學與中山市合作", [("中山大學", ("sysu",), "name"), ("中山", ("zs",), "name")]),
    ("推進深港合作", [("深港", ("sz", "hk"), "abbrev")]),
    ("香港與深圳", [("香港", ("hk",), "name"), ("深圳", ("sz",), "name")]),
    # abbreviations only in compounds, each character naming its place
    ("粵港兩地", [("粵港", ("gd", "hk"), "abbrev")]),
    ("粤港合作", [("粤港", ("gd", "hk"), "abbrev")]),
    ("穗港澳青年", [("穗港澳", ("gz", "hk", "mo"), "abbrev")]),
    ("港口建設", []),
    ("深化改革", []),
    ("港珠澳大橋通車", [("港珠澳大橋", ("hzmb",), "name")]),
    ("建設粵港澳大灣區", [("粵港澳大灣區", ("gba",), "name")]),
    # short names only beside the full name in the same unit
    ("港珠澳大橋通車後，大橋口岸", [("港珠澳大橋", ("hzmb",), "name"), ("大橋", ("hzmb",), "short")]),
    ("大橋口岸", []),
    # names broken across a line are found; both scripts
    ("港珠澳\n大橋", [("港珠澳大橋", ("hzmb",), "name")]),
    ("推进前海、横琴建设", [("前海", ("qh",), "name"), ("横琴", ("hq",), "name")]),
    # suffix rule: anchored on a place or level prefix, no verb or function word taken in
    ("支持廣東省科技廳廳長", [("廣東省科技廳", (), "suffix")]),
    ("推動深圳市前海管理局工作", [("深圳市前海管理局", (), "suffix")]),
    ("香港科技大學（廣州）", [("香港科技大學", (), "suffix"), ("廣州", ("gz",), "name")]),
    ("香港舉辦論壇", [("香港", ("hk",), "name")]),
    ("國家的有關部署", []),
    ("，省商務廳牽頭", [("省商務廳", (), "suffix")]),
    ("由政制及內地事務局局長", [("政制及內地事務局", ("cmab",), "name")]),
    ("廣東省港澳辦主任", [("廣東省港澳辦", ("hkmao",), "name")]),
    ("政務司司長林鄭月娥", [("林鄭月娥", ("carrie",), "name")]),
]


@pytest.mark.parametrize("text,expected", GOLDEN, ids=[t for t, _ in GOLDEN])
def test_golden(m, text, expected):
    assert spans(m, text) == expected


def test_short_name_scoped_by_unit(m):
    text = "港珠澳大橋通車。\n大橋口岸"
    assert spans(m, text, [(0, 8), (9, len(text))]) == [("港珠澳大橋", ("hzmb",), "name")]


def test_offsets_are_normalised(m):
    text = "推進港珠澳\n大橋"
    (span,) = find.find(text, [(0, len(text))], m=m, abbrevs=_ABBREV)
    assert (span.start, span.end, text[span.start : span.end]) == (2, 8, "港珠澳\n大橋")


def test_blank_zh_downloads_nothing():
    nlp = find._build([]).nlp
    assert nlp.tokenizer.segmenter == "char"
    assert [t.text for t in nlp.make_doc("深港合作")] == ["深", "港", "合", "作"]
