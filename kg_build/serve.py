"""`coopkg serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql, and the site's pages at /.

Starlette does the HTTP; uvicorn runs it. Queries go to worker processes (kg_build/serve_pool.py)
so that a query over its time limit is stopped without stopping the server. The store is opened
read-only and updates are refused before they reach it: a 403 says so plainly.
"""

from __future__ import annotations

import html
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from .serve_page import QUERY_PAGE
from .sparql_text import is_update
from .serve_pool import Answer, Ask, QueryPool

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
# h11 refuses a request head that arrives in pieces once it passes 16 KiB, and the client then sees its
# connection reset. A SPARQL GET carries the whole query in the URL, so allow up to 1 MiB; POST has no limit.
MAX_REQUEST_HEAD = 1024 * 1024
READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused; to change the graph, rebuild the "
             "store with `coopkg build`, or push it to a server that accepts updates with `coopkg push`")


@dataclass(frozen=True)
class Settings:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10000
    workers: int = 2
    access_log: bool = True


def _problem(status: int, message: str):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


def _wants_html(request) -> bool:
    from .serve_formats import accepted

    ranges = accepted(request.headers.get("accept", ""))
    return bool(ranges) and ranges[0] in ("text/html", "application/xhtml+xml")


class BadBody(ValueError):
    """A request body the endpoint cannot read as text: answered 400, not 500."""


async def _text(request) -> str:
    """The body in its declared charset (UTF-8 when none is declared)."""
    from email.message import Message

    header = Message()
    header["content-type"] = request.headers.get("content-type", "")
    charset = header.get_param("charset") or "utf-8"
    try:
        return (await request.body()).decode(str(charset))
    except LookupError:
        raise BadBody(f"unknown charset {charset}; send UTF-8") from None
    except UnicodeDecodeError:
        raise BadBody(f"the body is not valid {charset}; send UTF-8") from None


async def _fields(request) -> tuple[dict, str | None]:
    """Protocol fields from the URL and, for POST, the body; and an update text if one was sent."""
    fields = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        if media == _UPDATE_BODY:
            return fields, (await request.body()).decode("utf-8", "replace")
        if media == _QUERY_BODY:
            fields["query"] = [await _text(request)]
        elif media == _FORM:
            # parsed here rather than with request.form(), which needs python-multipart for this too
            for key, values in parse_qs(await _text(request), keep_blank_values=True, errors="strict").items():
                fields.setdefault(key, []).extend(values)
    update = (fields.get("update") or [None])[0]
    return fields, update


def _ask(fields: dict, request, settings: Settings) -> Ask:
    return Ask(
        query=fields["query"][0],
        accept=request.headers.get("accept", "*/*"),
        format=(fields.get("format") or [None])[0],
        max_rows=settings.max_rows,
        default_graphs=tuple(fields.get("default-graph-uri", [])),
        named_graphs=tuple(fields.get("named-graph-uri", [])),
    )


def _response(answer: Answer):
    from starlette.responses import Response

    return Response(answer.data, status_code=answer.status, media_type=answer.media_type,
                    headers={"Vary": "Accept", **answer.headers})


async def sparql(request):
    from starlette.responses import HTMLResponse

    settings: Settings = request.app.state.settings
    try:
        fields, update = await _fields(request)
    except (BadBody, UnicodeDecodeError) as exc:  # parse_qs: percent-escaped bytes that are not UTF-8
        return _problem(400, str(exc) if isinstance(exc, BadBody) else "the form is not valid UTF-8; send UTF-8")
    if update is not None:
        return _problem(403, READ_ONLY)
    if not fields.get("query"):
        if request.method == "GET" and _wants_html(request):
            return HTMLResponse(QUERY_PAGE)
        return _problem(400, "no query: send query=… (GET or form POST) or a body of type application/sparql-query")
    if len(fields["query"]) > 1:
        return _problem(400, "more than one query= given; send exactly one")
    if is_update(fields["query"][0]):
        return _problem(403, READ_ONLY)
    return _response(await request.app.state.pool.run(_ask(fields, request, settings)))


_PLANS = """PREFIX coop: <https://w3id.org/coopkg/ontology#>
SELECT ?plan ?title ?year (COUNT(DISTINCT ?item) AS ?items) WHERE {
  ?plan a coop:Plan ; coop:year ?year ; coop:hasItem ?item ; rdfs:label ?title FILTER(LANGMATCHES(LANG(?title), "zh")) }
GROUP BY ?plan ?title ?year ORDER BY ?year ?title"""


async def index(request):
    """A minimal home page listing the plans, until the site renderer (kg_build.site) can be called per page."""
    import json

    from starlette.responses import HTMLResponse

    answer = await request.app.state.pool.run(Ask(_PLANS, accept="application/sparql-results+json"))
    rows = json.loads(answer.data)["results"]["bindings"] if answer.status == 200 else []
    items = "".join(
        f'<li><a href="/sparql?query={html.escape(_describe(r["plan"]["value"]))}&amp;format=turtle">'
        f'{html.escape(r["title"]["value"])}</a> ({html.escape(r["year"]["value"])}, {r["items"]["value"]} items)</li>'
        for r in rows)
    return HTMLResponse(f"<!doctype html><html lang=\"zh-Hant\"><meta charset=\"utf-8\"><title>coopkg</title>"
                        f"<h1>粵港合作 knowledge graph</h1><p><a href=\"/sparql\">SPARQL query page</a></p>"
                        f"<h2>Plans</h2><ul>{items}</ul></html>")


def _site_renderer():
    """`kg_build.site_render.render_page(db, path) -> (status, html)` when the site module is there."""
    try:
        from .site_render import render_page
    except ImportError:
        return None
    return render_page


async def page(request):
    """The site's pages rendered live from the store (the same pages `coopkg site` writes)."""
    import asyncio

    from starlette.responses import HTMLResponse

    render = _site_renderer()
    if render is None:
        return await index(request) if request.url.path == "/" else _problem(404, "no such page")
    status, body = await asyncio.to_thread(render, request.app.state.site_db, request.url.path)
    # served live, each page also leads to the query page, which a static copy of the site has not got
    return HTMLResponse(body.replace("<body>", f"<body>{_QUERY_LINK}", 1), status_code=status)


_QUERY_LINK = '<p class="endpoint"><a href="/sparql">SPARQL query page</a></p>'


# What a browser sends first goes to the page; any RDF type the client rates at least as high goes to the data.
_RESOURCE_TYPES = {"text/html": "page", "application/xhtml+xml": "page", **{media: "data" for media in
                   ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")}}


async def resource(request):
    """A node's IRI dereferenced, as Linked Data servers do: https://w3id.org/coopkg/id/place/前海
    redirected here as /id/place/前海 answers 303 See Other to its page (browsers) or to the DESCRIBE
    of it on /sparql (RDF clients, whose Accept header the redirect keeps), and 404 when the graph
    has no such node."""
    import asyncio
    from urllib.parse import quote

    from starlette.responses import RedirectResponse

    from . import ids
    from .lookup import node
    from .serve_formats import choose
    from .site import page_of

    asked = ids.BASE + request.path_params["path"]
    db = request.app.state.site_db
    iri = node(db, asked)
    if iri is None:
        return _problem(404, f"no node <{asked}> in the graph; `coopkg lookup` or the query page at /sparql finds nodes by name")
    wanted = _RESOURCE_TYPES.get(choose(request.headers.get("accept", ""), _RESOURCE_TYPES))
    if wanted is None:
        return _problem(406, f"<{iri}> is offered as {', '.join(_RESOURCE_TYPES)}")
    if wanted == "data":
        return RedirectResponse("/sparql?query=" + _describe(iri), status_code=303)
    page = await asyncio.to_thread(page_of, db, iri)
    if page is None:  # a node without a page of its own (a mention, a signature): its data
        return RedirectResponse("/sparql?query=" + _describe(iri) + "&format=turtle", status_code=303)
    return RedirectResponse("/" + quote(page, safe="/#-._~()"), status_code=303)


def _describe(iri: str) -> str:
    from urllib.parse import quote

    return quote(f"DESCRIBE <{iri}>")


def create_app(settings: Settings):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    @asynccontextmanager
    async def lifespan(app):
        app.state.settings = settings
        app.state.pool = QueryPool(settings.store, size=settings.workers, timeout=settings.timeout)
        await app.state.pool.start()
        import pyoxigraph

        app.state.site_db = pyoxigraph.Store.read_only(str(settings.store))  # for the pages; queries use the pool
        try:
            yield
        finally:
            await app.state.pool.close()

    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"],
                      expose_headers=["X-Coopkg-Rows", "X-Coopkg-Truncated"], max_age=3600)
    routes = [Route("/sparql", sparql, methods=["GET", "POST"]), Route("/id/{path:path}", resource, methods=["GET"]),
              Route("/{path:path}", page, methods=["GET"])]
    return Starlette(routes=routes, middleware=[cors], lifespan=lifespan)


def run(settings: Settings) -> None:
    import uvicorn

    from .store import DB

    db_settings = Settings(**{**settings.__dict__, "store": settings.store / DB})
    uvicorn.run(create_app(db_settings), host=settings.host, port=settings.port, log_level="info" if settings.access_log else "warning",
                access_log=settings.access_log, timeout_graceful_shutdown=5,
                h11_max_incomplete_event_size=MAX_REQUEST_HEAD)
