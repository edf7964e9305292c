from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from ._common import StoreOption, open_read


def push(
    endpoint: str = typer.Option(..., "--endpoint", help="The server's SPARQL query URL, used to count back what was sent (e.g. http://127.0.0.1:7878/query, http://host:8890/sparql)."),
    graph_store: Optional[str] = typer.Option(None, "--graph-store", help="Graph Store Protocol URL (Oxigraph: /store, Virtuoso: /sparql-graph-crud); without it, SPARQL Update is used."),
    update_endpoint: Optional[str] = typer.Option(None, "--update-endpoint", help="SPARQL Update URL when it differs from --endpoint (Oxigraph: /update)."),
    graph_param: Optional[str] = typer.Option(None, "--graph-param", help="Name of the Graph Store URL's graph parameter (default: graph-uri for Virtuoso's sparql-graph-crud, else graph)."),
    user: Optional[str] = typer.Option(None, "--user", help="User name for the server."),
    password: Optional[str] = typer.Option(None, "--password", help="Password (or set COOPKG_PUSH_PASSWORD).", envvar="COOPKG_PUSH_PASSWORD"),
    digest: bool = typer.Option(False, "--digest", help="HTTP Digest instead of Basic authentication (Virtuoso's -auth routes)."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Copy every named graph to a SPARQL 1.1 server (replacing those graphs there), then verify the counts."""
    from .. import push as pusher
    from ..remote import Credentials

    if password and not user:
        raise UserError("--password needs --user")
    target = pusher.Target(endpoint=endpoint, graph_store=graph_store, update_endpoint=update_endpoint,
                           graph_param=graph_param, credentials=Credentials(user, password, digest))
    db = open_read(store)
    typer.echo(f"pushing to {graph_store or update_endpoint or endpoint} by {target.method}")
    report = pusher.push(db, target, progress=typer.echo)
    pusher.check(report)
    typer.echo(f"{len(report)} graphs, {sum(p.sent for p in report)} quads sent and counted back on {endpoint}")


def register(app: typer.Typer) -> None:
    app.command()(push)
