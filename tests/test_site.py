"""The browsable site: pages rendered from the bundled graph, links that resolve, pages that load
in headless Chromium without console errors, and a screenshot of the index."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest

from kg_build import site_paths, site_timeline
from kg_build.site_render import MARKER, render_page, write_site

from conftest import ROOT, coopkg

ARTIFACTS = ROOT / "tests" / "_artifacts"
PLAN_2019 = "plan/gd-hk/2019.html"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.sources.append(attrs["src"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(built_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    coopkg("site", "-o", str(out), store=built_store, check=True)
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, _Links]:
    return {p.relative_to(site).as_posix(): _parse(p) for p in site.rglob("*.html")}


# --- content --------------------------------------------------------------------------------------


def test_site_has_a_page_of_each_kind(site):
    assert (site / MARKER).is_file()
    for folder in ("plan", "document", "programme", "project", "place", "institution", "person", "meeting", "list", "compare"):
        assert list((site / folder).rglob("*.html")), folder
    assert (site / PLAN_2019).is_file()
    assert (site / "place" / "橫琴.html").is_file()
    assert (site / "compare" / "plan" / "gd-hk" / "2017.html").is_file()


def test_index_lists_the_three_plans_with_their_item_counts(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(\d{4})</td><td><a href=\"([^\"]+)\">([^<]+)</a>.*?<td class=\"num\">(\d+)</td>", html, re.S)
    assert [(year, href, int(items)) for year, href, _, items in rows] == [
        ("2016", "plan/gd-hk/2016.html", 92), ("2017", "plan/gd-hk/2017.html", 77), ("2019", "plan/gd-hk/2019.html", 74)]
    assert "<svg" in html and "第二十次會議" in html


def test_plan_page_shows_item_10_with_its_citation_and_evidence(site):
    html = (site / PLAN_2019).read_text(encoding="utf-8")
    assert 'id="item-10"' in html
    assert "落實《粵港科技創新交流合作安排》，繼續實施粵港聯合資助計劃，著力發展戰略性新興產業技術。" in html
    block = html[html.index('id="item-10"'):html.index('id="item-11"')]
    assert 'href="../../document/%E7%B2%B5%E6%B8%AF%E7%A7%91%E6%8A%80%E5%89%B5%E6%96%B0%E4%BA%A4%E6%B5%81%E5%90%88%E4%BD%9C%E5%AE%89%E6%8E%92.html"' in block
    assert "2019-05_key-work-plan-2019.txt:" in block


def test_place_page_lists_items_by_year_with_quotes(site):
    html = (site / "place" / "橫琴.html").read_text(encoding="utf-8")
    years = re.findall(r"<h3>(\d{4}) <span", html)
    assert years == sorted(years) and "2016" in years
    assert "2016-05_legco-paper_21st-working-meeting.txt:655" in html


def test_meeting_and_person_pages(site):
    meeting = (site / "meeting" / "粵港合作聯席會議第二十次會議.html").read_text(encoding="utf-8")
    assert "Documents signed" in meeting and "粵港保護知識產權合作協議（2017年—2018年）" in meeting
    assert "<q>粵港合作聯席會議第二十次會議</q><span class=\"at\">2017-11_news_20th-joint-conference.txt:356</span>" in meeting
    person = (site / "person" / "林鄭月娥.html").read_text(encoding="utf-8")
    assert "Meetings chaired" in person and "政務司司長" in person


# --- links ------------------------------------------------------------------------------------------


def test_every_internal_link_resolves(site, pages):
    broken = []
    for page, parsed in pages.items():
        assert not parsed.sources, f"{page} loads external or embedded resources: {parsed.sources}"
        for href in parsed.hrefs:
            assert not re.match(r"[a-z]+:", href), f"{page} links outside the site: {href}"
            target = site_paths.resolve(page, href)
            fragment = href.partition("#")[2]
            if target not in pages or (fragment and fragment not in pages[target].ids):
                broken.append((page, href))
    assert broken == []
    assert sum(len(p.hrefs) for p in pages.values()) > 1000


def test_unsafe_iri_segments_get_a_hashed_file_name():
    assert site_paths.page_path("https://w3id.org/coopkg/id/place/橫琴") == "place/橫琴.html"
    odd = site_paths.page_path("https://w3id.org/coopkg/id/document/a%2Fb?c")
    assert odd.startswith("document/abc-") and odd.endswith(".html") and odd.count("/") == 1
    assert site_paths.resolve("plan/gd-hk/2019.html", site_paths.relative("plan/gd-hk/2019.html", "place/橫琴.html#x")) == "place/橫琴.html"


# --- the command and the live renderer ------------------------------------------------------------


def test_site_refuses_a_folder_it_did_not_make(built_store, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = coopkg("site", "-o", str(tmp_path), store=built_store)
    assert result.returncode == 2
    assert "was not made by `coopkg site`" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_site_replaces_its_own_earlier_output(built_store, tmp_path):
    out = tmp_path / "site"
    coopkg("site", "-o", str(out), store=built_store, check=True)
    (out / "stale.html").write_text("old", encoding="utf-8")
    coopkg("site", "-o", str(out), store=built_store, check=True)
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()


def _one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("coopkg: error: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_site_leaves_the_users_part_and_old_folders_alone(built_store, tmp_path):
    out = tmp_path / "web"
    for name in ("web.part", "web.old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mine.txt").write_text(name, encoding="utf-8")
    coopkg("site", "-o", str(out), store=built_store, check=True)
    coopkg("site", "-o", str(out), store=built_store, check=True)  # the second run swaps an earlier site out
    for name in ("web.part", "web.old"):
        assert (tmp_path / name / "mine.txt").read_text(encoding="utf-8") == name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["web", "web.old", "web.part"]
    assert (out / "index.html").is_file() and (out / MARKER).is_file()


def test_site_under_a_regular_file(built_store, tmp_path):
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    _one_line_error(coopkg("site", "-o", str(tmp_path / "afile" / "sub"), store=built_store),
                    f"{tmp_path / 'afile'} is a file, not a folder")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"


def test_site_in_a_read_only_folder(built_store, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        undo = ["chattr", "-i", str(folder)]
    elif os.geteuid() != 0:
        folder.chmod(0o500)
        undo = ["chmod", "700", str(folder)]
    else:
        pytest.skip("root and no chattr +i: nothing makes a folder read-only here")
    try:
        result = coopkg("site", "-o", str(folder / "web"), store=built_store)
    finally:
        subprocess.run(undo, check=True)
    _one_line_error(result, f"cannot write the site to {folder / 'web'}: ")
    assert list(folder.iterdir()) == []


def test_site_with_an_empty_folder_name(built_store):
    _one_line_error(coopkg("site", "-o", "", store=built_store), "give a folder for the site")


def test_render_page_serves_the_same_pages(db, site):
    status, html = render_page(db, "/")
    assert status == 200 and html == (site / "index.html").read_text(encoding="utf-8")
    status, html = render_page(db, "/place/%E6%A9%AB%E7%90%B4.html")
    assert status == 200 and html == (site / "place" / "橫琴.html").read_text(encoding="utf-8")
    status, html = render_page(db, "/plan/gd-hk/1999.html")
    assert status == 404 and "Not found" in html


def test_a_graph_with_no_meetings_people_or_places_renders(tmp_path):
    from pyoxigraph import Literal, NamedNode, Quad, Store

    coop, base = "https://w3id.org/coopkg/ontology#", "https://w3id.org/coopkg/id/"
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    plan, item = NamedNode(base + "plan/x/2020"), NamedNode(base + "plan/x/2020/item/1")
    graph = NamedNode(base + "source/x.txt")
    db = Store()
    for s, p, o in ((plan, rdf_type, NamedNode(coop + "Plan")), (plan, NamedNode(coop + "hasItem"), item),
                    (item, rdf_type, NamedNode(coop + "PlanItem")), (item, NamedNode(coop + "itemNumber"), Literal(1)),
                    (item, NamedNode(coop + "text"), Literal("一項工作"))):
        db.add(Quad(s, p, o, graph))
    assert write_site(db, tmp_path) == 10
    assert "None in the graph yet." in (tmp_path / "list" / "meeting.html").read_text(encoding="utf-8")
    assert "一項工作" in (tmp_path / "plan" / "x" / "2020.html").read_text(encoding="utf-8")
    assert "No dated meetings" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_timeline_labels_in_one_lane_do_not_overlap():
    events = [{"date": f"2017-0{m}-01", "kind": "meeting", "node": {"iri": f"m{m}", "label": f"粵港合作聯席會議第{m}次會議"}}
              for m in range(1, 6)]
    marks = site_timeline.layout(events)["marks"]
    assert [m["label"] for m in marks] == ["第1次會議", "第2次會議", "第3次會議", "第4次會議", "第5次會議"]
    spans = {}
    for m in marks:
        spans.setdefault(m["lane"], []).append(site_timeline._span(m))
    for lane in spans.values():
        lane.sort()
        assert all(a[1] < b[0] for a, b in zip(lane, lane[1:]))


# --- headless Chromium ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")
# With --enable-logging=stderr Chromium logs every console message (uncaught errors included) as INFO:CONSOLE.
CONSOLE = re.compile(r"(?:CONSOLE|Uncaught)[^\n]*")


def chromium(url: str, *extra: str) -> str:
    """Load a page in a fresh headless Chromium; returns its stderr log."""
    with tempfile.TemporaryDirectory(prefix="coopkg-chromium-") as profile:
        result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url],
                                capture_output=True, text=True, timeout=120)
    return result.stderr


def console_errors(path: Path) -> list[str]:
    return CONSOLE.findall(chromium(path.as_uri(), "--dump-dom"))


def one_page_per_kind(site: Path) -> list[Path]:
    picks = [site / "index.html"]
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        picks.append(sorted(folder.rglob("*.html"))[0])
    return picks + [site / PLAN_2019, site / "place" / "橫琴.html"]


@needs_chromium
def test_chromium_detects_a_page_with_a_script_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><title>x</title><script>notAFunction();</script>", encoding="utf-8")
    errors = console_errors(bad)
    assert errors and "notAFunction" in errors[0]


@needs_chromium
def test_pages_load_in_chromium_without_console_errors(site):
    picks = one_page_per_kind(site)
    with ThreadPoolExecutor(max_workers=3) as pool:
        found = dict(zip(picks, pool.map(console_errors, picks)))
    assert {p.relative_to(site).as_posix(): e for p, e in found.items() if e} == {}
    assert len(picks) >= 12


@needs_chromium
def test_screenshot_of_the_index(site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "index.png"
    shot.unlink(missing_ok=True)
    log = chromium((site / "index.html").as_uri(), f"--screenshot={shot}", "--window-size=1280,900")
    assert CONSOLE.findall(log) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 30_000


def test_one_nodes_page_is_the_page_the_whole_site_gives_it(db):
    # serve redirects an IRI with page_of, which reads that node only; the site's context reads everything
    from kg_build.site import context, page_of

    ctx = context(db)
    nodes = sorted({q.subject.value for q in db.quads_for_pattern(None, None, None, None)
                    if isinstance(q.subject, pyoxigraph.NamedNode)})
    assert [(n, page_of(db, n)) for n in nodes] == [(n, ctx.pages.get(n)) for n in nodes]
    assert page_of(db, "https://w3id.org/coopkg/id/plan/gd-hk/2019/item/1") == "plan/gd-hk/2019.html#item-1"
