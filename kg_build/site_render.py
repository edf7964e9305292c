"""Rendering the site: which pages exist, one page's HTML, and the whole site into a folder.

`render_page(db, path) -> (status, html)` is what `coopkg serve` calls for a path under `/`;
`write_site` is what `coopkg site` calls. Both use the same page list, so a link that resolves
in the static site resolves when served.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from . import site_entities, site_paths, site_plans
from .site import KIND_TITLES, LIST_KINDS, Context, context

MARKER = ".coopkg-site"
TEMPLATES = {"plan": "plan.html.j2", "document": "document.html.j2", "programme": "programme.html.j2",
             "project": "programme.html.j2", "place": "place.html.j2", "institution": "institution.html.j2",
             "person": "person.html.j2", "meeting": "meeting.html.j2"}


@dataclass(frozen=True)
class Page:
    path: str          # relative to the site root, e.g. plan/gd-hk/2019.html
    view: str          # index, list, compare, or a node kind
    subject: str = ""  # the node's IRI, or the kind of a list page


def _index(db, ctx, page):
    return site_plans.index_page(db, ctx)


def _list(db, ctx, page):
    return site_plans.list_page(db, ctx, page.subject)


def _compare(db, ctx, page):
    return site_plans.compare_page(db, ctx, page.subject)


def _plan(db, ctx, page):
    return site_plans.plan_page(db, ctx, page.subject)


def _entity(db, ctx, page):
    return site_entities.entity_page(db, ctx, page.subject)


# view -> (data function, template, title)
VIEWS = {
    "index": (_index, "index.html.j2", lambda ctx, page: "Overview"),
    "list": (_list, "list.html.j2", lambda ctx, page: KIND_TITLES[page.subject]),
    "compare": (_compare, "compare.html.j2", lambda ctx, page: f"{ctx.label(page.subject)} — carry-over"),
    "plan": (_plan, TEMPLATES["plan"], lambda ctx, page: ctx.label(page.subject)),
    **{kind: (_entity, TEMPLATES[kind], lambda ctx, page: ctx.label(page.subject)) for kind in TEMPLATES if kind != "plan"},
}


def pages(db, ctx: Context) -> list[Page]:
    """Every page of the site: the overview, one list per kind (even an empty one), one page per node,
    and a carry-over comparison per plan that has a previous plan."""
    found = [Page("index.html", "index")]
    found += [Page(f"list/{kind}.html", "list", kind) for kind in LIST_KINDS]
    found += [Page(ctx.pages[node], kind, node) for node, kind in sorted(ctx.kinds.items())]
    found += [Page(site_plans.compare_path(ctx, plan), "compare", plan) for plan in ctx.of_kind("plan")
              if site_plans.comparison(db, ctx, plan) is not None]
    return found


@lru_cache(maxsize=1)
def environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
                              autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _helpers(page: Page) -> dict:
    def page_url(target: str) -> str:
        return site_paths.relative(page.path, target)

    def href(node: dict) -> str:
        return page_url(node["page"])

    return {"page": page.path, "page_url": page_url, "href": href,
            "nav": [(kind, KIND_TITLES[kind]) for kind in LIST_KINDS]}


def render(db, ctx: Context, page: Page) -> str:
    gather, template, title = VIEWS[page.view]
    data = gather(db, ctx, page)
    return environment().get_template(template).render(data=data, title=title(ctx, page), **_helpers(page))


def _missing(path: str) -> str:
    page = Page("missing.html", "missing")
    return environment().get_template("missing.html.j2").render(data={"path": path}, title="Not found", **_helpers(page))


def normalise(path: str) -> str:
    """A request path as a page path: / -> index.html, %-escapes decoded, no leading slash."""
    path = unquote(path.split("?", 1)[0]).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def render_page(db, path: str) -> tuple[int, str]:
    """The page at `path` (as requested under /) as (HTTP status, HTML); 404 with a small page when there is none.

    A missing page renders as if at the site root, so serve the 404 body under any path only with links
    made absolute, or redirect: the links in it are relative to /.
    """
    ctx = context(db)
    wanted = normalise(path)
    page = next((p for p in pages(db, ctx) if p.path == wanted), None)
    if page is None:
        return 404, _missing(wanted)
    return 200, render(db, ctx, page)


def write_site(db, out: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Render every page under `out`; returns the number of pages written."""
    ctx = context(db)
    todo = pages(db, ctx)
    for done, page in enumerate(todo, 1):
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(db, ctx, page), encoding="utf-8")
        if progress:
            progress(done, len(todo))
    return len(todo)
