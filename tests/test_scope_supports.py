"""The sentence splitter of scope_supports: the spans of re.finditer(r"[^。]+。"), in one pass."""

from __future__ import annotations

import random
import re

import pytest

from kg_build.scope_supports import sentences


@pytest.mark.parametrize("text", ["", "。", "甲乙。。丙丁。戊", "。甲。", "粵港合作" * 10, "甲。" * 5 + "尾"])
def test_sentences_are_the_runs_the_regex_finds(text):
    assert list(sentences(text)) == [m.span() for m in re.finditer(r"[^。]+。", text)]


def test_sentences_match_the_regex_on_random_texts():
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice("甲乙。") for _ in range(rng.randint(0, 40)))
        assert list(sentences(text)) == [m.span() for m in re.finditer(r"[^。]+。", text)], text
