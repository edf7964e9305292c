"""The curated gazetteers: canonical files, consistent data, and the entities the corpus names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import opencc
import pytest

from kg_build import gazetteer
from kg_build.gazetteer import FILES, Entry, Post

T2S = opencc.OpenCC("t2s")
FIXTURES = Path(__file__).parent / "fixtures" / "extra"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACE_KINDS = {"city", "district", "zone", "port", "crossing", "river", "island", "province", "region",
               "country", "airport", "station", "bay", "estuary", "waterway"}
# Surfaces (folded to Simplified) that may name more than one entry, with the entries they name.
ALLOWED_COLLISIONS: dict[str, set[str]] = {}


def _day(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return gazetteer.load_all()


@pytest.fixture(scope="module")
def by_id(entries) -> dict[str, Entry]:
    return {e.id: e for e in entries}


@pytest.mark.parametrize("kind", list(FILES))
def test_file_round_trips_byte_for_byte(kind, tmp_path):
    original = gazetteer.DIR / f"{kind}.tsv"
    gazetteer.dump(gazetteer.load(kind), tmp_path / "out.tsv")
    assert (tmp_path / "out.tsv").read_bytes() == original.read_bytes()


def test_not_programmes_round_trip_byte_for_byte(tmp_path):
    original = gazetteer.DIR / "not_programmes.tsv"
    gazetteer.dump_not_programmes(gazetteer.load_not_programmes(), tmp_path / "out.tsv")
    assert (tmp_path / "out.tsv").read_bytes() == original.read_bytes()


@pytest.mark.parametrize("kind", list(FILES))
def test_rows_sorted_typed_and_named(kind):
    rows = gazetteer.load(kind)
    assert rows, kind
    assert [e.id for e in rows] == sorted(e.id for e in rows)
    for e in rows:
        assert e.type == FILES[kind], e.id
        assert e.name.strip() and e.name == e.name.strip(), e.id
        assert all(a.strip() for a in e.aliases + e.short + e.abbrev), e.id
        assert e.name not in e.aliases, e.id
        assert len(set(e.aliases)) == len(e.aliases), e.id


def test_ids_are_unique_slugs_across_files(entries):
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(SLUG.match(i) for i in ids), [i for i in ids if not SLUG.match(i)]


def test_parents_exist_and_kinds_are_set(entries, by_id):
    for e in entries:
        assert not e.parent or e.parent in by_id, (e.id, e.parent)
        assert e.parent != e.id
        if e.type == "Person":
            assert not e.parent and not e.kind, e.id
        else:
            assert e.kind, e.id
        if e.type == "Place":
            assert e.kind in PLACE_KINDS, (e.id, e.kind)


def _missing_simplified(forms: tuple[str, ...]) -> list[str]:
    return [f for f in forms if T2S.convert(f) not in forms]


def test_every_form_has_its_simplified_form(entries):
    for e in entries:
        assert not _missing_simplified(e.surfaces), (e.id, _missing_simplified(e.surfaces))
        assert not _missing_simplified(e.short), (e.id, _missing_simplified(e.short))
        assert not _missing_simplified(e.abbrev), (e.id, _missing_simplified(e.abbrev))
    for row in gazetteer.load_not_programmes():
        forms = (row.name, *row.aliases)
        assert not _missing_simplified(forms), (row.name, _missing_simplified(forms))


def test_no_surface_names_two_entries_unless_allowed(entries):
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for surface in e.surfaces:
            owners[T2S.convert(surface)].add(e.id)
    clashes = {s: ids for s, ids in owners.items() if len(ids) > 1}
    assert clashes == ALLOWED_COLLISIONS


def test_slogans_are_not_entities(entries):
    surfaces = {T2S.convert(s) for e in entries for s in e.surfaces}
    for row in gazetteer.load_not_programmes():
        assert row.why, row.name
        assert not {T2S.convert(s) for s in (row.name, *row.aliases)} & surfaces, row.name


def test_abbreviations_are_single_characters_owned_once(entries):
    owners = defaultdict(set)
    for e in entries:
        for a in e.abbrev:
            assert len(a) == 1, (e.id, a)
            assert a not in e.aliases and a != e.name, (e.id, a)
            owners[a].add(e.id)
    assert all(len(ids) == 1 for ids in owners.values()), owners


def test_people_posts_parse(entries):
    people = [e for e in entries if e.type == "Person"]
    assert people
    for e in people:
        assert e.posts, e.id
        for post in e.posts:
            assert post.title and (post.end is None or post.start <= post.end), (e.id, post)
            assert Post.parse(str(post)) == post
    assert all(not e.posts for e in entries if e.type != "Person")
    with pytest.raises(ValueError):
        Post.parse("行政長官 2017-07-01")


def test_concrete_entries(by_id):
    assert by_id["qianhai"].type == "Place" and by_id["qianhai"].name == "前海"
    hzmb = by_id["hzmb"]
    assert (hzmb.type, hzmb.name) == ("Project", "港珠澳大橋") and "大橋" in hzmb.short
    assert "大橋" not in hzmb.aliases
    assert "横琴" in by_id["hengqin"].aliases
    loop = by_id["lok-ma-chau-loop"]
    assert {"河套地區", "河套"} <= set(loop.aliases)
    assert {"蓮塘/香園圍口岸", "香園圍口岸"} <= set(by_id["lt-hyw"].aliases)
    assert by_id["guangzhou"].abbrev[0] == "穗" and "穗" not in by_id["guangzhou"].aliases
    assert [by_id[i].abbrev[0] for i in ("hk", "gd", "macao", "shenzhen", "zhuhai")] == list("港粵澳深珠")
    assert "香港馬會" in by_id["hkjc"].aliases
    assert {"省商務廳", "商務廳"} <= set(by_id["gd-dept-commerce"].aliases)
    assert not {"一帶一路", "一國兩制", "走出去", "先行先試"} & {e.name for e in gazetteer.load("programmes")}
    assert {"一帶一路", "一國兩制", "走出去", "先行先試"} <= {r.name for r in gazetteer.load_not_programmes()}


@pytest.mark.parametrize("person, day, post", [
    ("carrie-lam", "2016-03-23", "政務司司長"),
    ("carrie-lam", "2017-11-18", "行政長官"),
    ("carrie-lam", "2019-05-16", "行政長官"),
    ("matthew-cheung", "2017-02-23", "政務司司長"),
    ("he-zhongyou", "2016-03-23", "廣東省副省長"),
    ("he-zhongyou", "2017-02-23", "廣東省副省長"),
    ("ma-xingrui", "2017-11-18", "廣東省省長"),
    ("ma-xingrui", "2019-05-16", "廣東省省長"),
    ("zhu-xiaodan", "2015-09-14", "廣東省省長"),
    ("leung-chun-ying", "2016-09-14", "行政長官"),
    ("chen-rugui", "2017-11-18", "深圳市市長"),
    ("patrick-nip", "2017-11-18", "政制及內地事務局局長"),
])
def test_posts_held_on_meeting_days(by_id, person, day, post):
    assert post in by_id[person].posts_on(_day(day))


def test_posts_not_held_outside_terms(by_id):
    assert "政務司司長" not in by_id["carrie-lam"].posts_on(_day("2017-11-18"))
    assert "行政長官" not in by_id["carrie-lam"].posts_on(_day("2016-03-23"))
    assert by_id["xi-jinping"].posts[0].end is None


# Names the bundled corpus writes, with the entry and type each must resolve to.
CORPUS_NAMES = [
    ("政制及內地事務局", "cmab"), ("廣東省環保廳", "gd-dept-env"), ("廣東省教育廳", "gd-dept-education"),
    ("廣東省衛生和計劃生育委員會", "gd-hfpc"), ("香港醫院管理局", "ha"), ("旅遊事務署", "tc"),
    ("香港旅遊發展局", "hktb"), ("特區政府", "hksar-gov"), ("深圳市人民政府", "sz-gov"), ("國家發改委", "ndrc"),
    ("國務院港澳事務辦公室", "hkmao"), ("橫琴新區管委會", "hengqin-admin"), ("推進大灣區建設辦公室", "gba-office"),
    ("香港中文大學", "cuhk"), ("香港科技大學（廣州）", "hkust-gz"), ("粵港澳高校聯盟", "gba-university-alliance"),
    ("粵港信息化專家委員會", "gd-hk-it-committee"), ("港珠澳大橋管理局", "hzmb-authority"),
    ("南沙", "nansha"), ("河套", "lok-ma-chau-loop"), ("香園圍口岸", "lt-hyw"), ("深圳河", "shenzhen-river"),
    ("珠三角", "prd"), ("大灣區", "gba"), ("廣東自貿試驗區", "gd-ftz"), ("珠江口", "pearl-river-estuary"),
    ("廣深港高鐵", "xrl"), ("高鐵香港段", "xrl-hk"), ("港深西部快軌", "hk-sz-western-rail"),
    ("香港機場第三跑道", "hkia-3rs"), ("珠三角樞紐（廣州新）機場", "prd-hub-airport"),
    ("青年內地實習資助計劃", "yims"), ("內地大學升學資助計劃", "musss"), ("創新及科技基金", "itf"),
    ("「粵港清潔生產夥伴」標誌計劃", "cpp-recognition"), ("清潔生產伙伴計劃", "cpp"), ("深港通", "sz-hk-connect"),
    ("專業服務協進支援計劃", "psass"), ("萬鋼", "wan-gang"), ("陳如桂", "chen-rugui"), ("習近平", "xi-jinping"),
]


@pytest.mark.parametrize("surface, expected", CORPUS_NAMES)
def test_corpus_names_resolve(surface, expected):
    assert [e.id for e in gazetteer.by_surface()[surface]] == [expected]


def test_by_surface_folds_scripts_and_keeps_context_forms_apart():
    table = gazetteer.by_surface()
    assert [e.id for e in table["横琴"]] == ["hengqin"]
    assert [e.id for e in table["广东省商务厅"]] == ["gd-dept-commerce"]
    assert [e.id for e in table["衛生署"]] == ["dh"]  # s2t of the Simplified alias: the standard form of 衞
    assert "大橋" not in table and "穗" not in table
    assert [e.id for e in gazetteer.by_surface(short=True)["大桥"]] == ["hzmb"]
    assert [e.id for e in gazetteer.by_surface(abbrev=True)["粵"]] == ["gd"]


def _fixture_surfaces() -> list[str]:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["files"]
    found: list[str] = []
    for spec in expected.values():
        for plan in spec.get("plans", []):
            for item in plan["items"]:
                found += item["agencies"] + item["mentions"]
        found += spec.get("places", []) + spec.get("projects", []) + spec.get("institutions_mentioned_not_responsible", [])
        found += [form for p in spec.get("programmes", []) for form in p["as_written"]]
    return sorted(set(found))


def test_fixture_agencies_and_mentions_resolve():
    table = gazetteer.by_surface()
    assert [s for s in _fixture_surfaces() if s not in table] == []


def test_loading_does_not_import_spacy():
    code = "import sys, kg_build.gazetteer as g; g.by_surface(); assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
