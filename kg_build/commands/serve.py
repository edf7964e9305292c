from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from ._common import StoreOption, store_path


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


def _check_listen(host: str, port: int) -> None:
    """Bind once before saying "serving": a port in use or an unknown host is one line, not uvicorn's log."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port or --host") from None


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; loopback by default. 0.0.0.0 exposes the endpoint to the network."),
    port: int = typer.Option(7878, "--port", help="TCP port."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run before it is stopped."),
    max_rows: int = typer.Option(10000, "--max-rows", help="At most this many result rows (or triples) per answer."),
    workers: int = typer.Option(0, "--workers", help="Query worker processes (default: CPUs, 2 to 4).", show_default=False),
    quiet: bool = typer.Option(False, "--quiet", help="No access log."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol at /sparql, and its pages at /."""
    from ..serve import Settings, run
    from ..store import is_store

    path = store_path(store).resolve()
    if not is_store(path):
        raise UserError(f"no coopkg store at {path}; run `coopkg build` first, or give --store DIR (or set COOPKG_STORE)")
    if timeout <= 0 or max_rows <= 0:
        raise UserError("--timeout and --max-rows must be positive")
    if not 1 <= port <= 65535 or workers < 0:
        raise UserError(f"--port must be 1 to 65535 and --workers 0 or more, not {port} and {workers}")
    _check_listen(host, port)
    settings = Settings(store=path, host=host, port=port, timeout=timeout, max_rows=max_rows,
                        workers=workers or _default_workers(), access_log=not quiet)
    typer.echo(f"coopkg: serving {path} read-only at http://{host}:{port}/sparql "
               f"(queries stopped after {timeout:g} s, at most {max_rows} rows; Ctrl-C stops)", err=True)
    run(settings)


def register(app: typer.Typer) -> None:
    app.command()(serve)
