"""Dates as written, resolved against a dateline or the manifest date."""

from __future__ import annotations

import pytest

from kg_build.dates import Ref, find_dates, reference


@pytest.mark.parametrize(
    ("text", "ref", "iso"),
    [
        ("於2016年3\n月 23 日在香港", Ref(2016, 5), "2016-03-23"),
        ("昨日（12日）在廣州舉行", Ref(2018, 9, 13), "2018-09-12"),
        ("昨日在香港舉行", Ref(2017, 11, 19), "2017-11-18"),
        ("昨在穗舉行", Ref(2018, 9, 13), "2018-09-12"),
        ("自從今年7月1日在", Ref(2017, 11, 19), "2017-07-01"),
        ("於去年 9 月舉行的", Ref(2017, 3), "2016-09"),
        ("前(1)日", Ref(2018, 9, 13), "2018-09-01"),
        ("前(28)日", Ref(2018, 9, 3), "2018-08-28"),
        ("今日（十一月二十一日）", Ref(2018, 11, 21), "2018-11-21"),
        ("已於本年九月在廣州", Ref(2018, 11, 21), "2018-09"),
    ],
)
def test_forms(text, ref, iso):
    assert [d.iso for d in find_dates(text, ref)] == [iso]


def test_yesterday_needs_a_day():
    assert find_dates("昨日在香港", Ref(2017, 11)) == []


def test_reference_prefers_dateline():
    assert reference("2018年9月13日　星期四\n要聞", "2018") == Ref(2018, 9, 13)
    assert reference("立法會", "2016-05") == Ref(2016, 5)
    assert reference("立法會", None) is None
