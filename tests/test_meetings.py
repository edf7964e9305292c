"""Joint Conference meetings: names in every spelling, facts from their sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_build import ids
from kg_build.meetings import canonical, chinese, extract, find_meetings
from kg_build.normalise import normalise
from kg_build.read import read_bytes
from kg_build.segment import find_plans

COOP = ids.COOP


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("粵港合作聯席會議第二十次會議", "粵港合作聯席會議第二十次會議"),
        ("第21次粵港合作聯席會議", "粵港合作聯席會議第二十一次會議"),
        ("聯席會議第21次會議", "粵港合作聯席會議第二十一次會議"),
        ("第二十次聯席會議簽7協議", "粵港合作聯席會議第二十次會議"),
        ("粵港合作聯席會議第二十二次工作會議", "粵港合作聯席會議第二十二次工作會議"),
    ],
)
def test_names(text, name):
    assert [m.name for m in find_meetings(text)] == [name]


def test_other_meetings_are_not_the_joint_conference():
    assert find_meetings("舉行粵港海洋資源護理專題小組第十六次會議，粵港澳文化合作第十八次會議") == []


def test_chinese_ordinals():
    assert [chinese(n) for n in (1, 10, 18, 20, 21)] == ["一", "十", "十八", "二十", "二十一"]
    assert canonical(21, True) == "粵港合作聯席會議第二十一次工作會議"


def _facts(text: str, date: str | None = None):
    norm = normalise(read_bytes(text.encode(), "t.txt", {"date": date} if date else {}))
    out = {}
    for q in extract(norm, find_plans(norm)):
        if q.subject.value.startswith(ids.BASE + "statement/"):
            continue
        out.setdefault(q.predicate.value.replace(COOP, ""), set()).add((q.subject.value.rsplit("/", 1)[-1], q.object.value.rsplit("/", 1)[-1]))
    return out


def test_working_meeting_with_chairs_date_place_and_plan():
    facts = _facts(
        "3. 政務司司長林鄭月娥和廣東省副省長何忠友於2016年3月23日在香港共同主持粵港合作聯席會議第二十一次工作會議，"
        "並簽署按照有關共識制定的〈實施《粵港合作框架協議》2016年重點工作〉。", "2016-05")
    m = "粵港合作聯席會議第二十一次工作會議"
    assert facts["date"] == {(m, "2016-03-23")}
    assert facts["heldIn"] == {(m, "香港")}
    assert facts["chairedBy"] == {(m, "林鄭月娥"), (m, "何忠友")}
    assert facts["signedAt"] == {("2016", m)}
    assert facts["meetingKind"] == {(m, "working")}


def test_news_fixture_meeting():
    path = Path(__file__).parent / "fixtures" / "extra" / "news-signing-2018.txt"
    facts = _facts(path.read_text(encoding="utf-8"), "2018-09-13")
    m = "粵港合作聯席會議第二十一次會議"
    assert facts["date"] == {(m, "2018-09-12")}
    assert facts["heldIn"] == {(m, "廣州")}
    assert facts["chairedBy"] == {(m, "林鄭月娥"), (m, "馬興瑞")}
    assert {d for d, _ in facts["signedAt"]} == {"粵港共同推進大灣區建設合作意向書", "粵港科技創新人才交流合作協議", "粵港高校及青年交流合作備忘錄"}
    assert ("粵港科技創新人才交流合作協議", "楊偉雄") in facts["signatory"]
    assert ("粵港高校及青年交流合作備忘錄", "馬興瑞") in facts["witness"]
    assert not any(name == "梁思行" for _, name in facts["chairedBy"] | facts["signatory"] | facts["witness"])
