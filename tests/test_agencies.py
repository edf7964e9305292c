import pytest

from kg_build.agencies import split


@pytest.mark.parametrize(
    "text, kept, names",
    [
        ("推進口岸建設。（省發展改革委、公安廳牽頭）", "推進口岸建設。", ["省發展改革委", "省公安廳"]),
        ("推進合作(廣州、深圳市政府,省港澳辦)", "推進合作", ["廣州市政府", "深圳市政府", "省港澳辦"]),
        ("做好工作（省港澳办牵头，省教育厅、人力资源社会保障厅配合）", "做好工作", ["省港澳办", "省教育厅", "省人力资源社会保障厅"]),
        ("推動投資（省商務廳、香港投資推廣署）。", "推動投資。", ["省商務廳", "香港投資推廣署"]),
    ],
)
def test_agency_lists_are_split_and_distributed(text, kept, names):
    rest, agencies = split(text)
    assert rest == kept
    assert [a.name for a in agencies] == names


@pytest.mark.parametrize(
    "text",
    [
        "推進廣深港高鐵建設(福田站及相關工程)",
        "落實《內地與香港關於建立更緊密經貿關係的安排》(以下簡稱CEPA)",
        "推進珠三角樞紐（廣州新）機場工程前期工作",
        "完成研究（2018年）",
    ],
)
def test_other_parentheses_stay(text):
    assert split(text) == (text, ())


def test_offsets_point_at_the_written_names():
    text = "推進口岸建設。（省發展改革委、公安廳牽頭）"
    _, agencies = split(text)
    assert [text[a.start : a.end] for a in agencies] == ["省發展改革委", "公安廳"]
