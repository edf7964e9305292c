"""The `coopkg` command line. Commands live in kg_build/commands/, one module each, registered
here; every command imports its heavy libraries inside its function, so `lookup`, `query` and
`export` never load spaCy or pyshacl. `lookup` and `query` usually skip building the typer app
altogether (kg_build/fast_cli.py)."""

from __future__ import annotations

import sys

import typer

from .errors import UserError

HELP = "A knowledge graph of Guangdong–Hong Kong cooperation (粵港合作): build it, query it, look things up."


def _root() -> None:
    """A knowledge graph of Guangdong–Hong Kong cooperation (粵港合作): build it, query it, look things up."""


def make_app() -> typer.Typer:
    from .commands import register_all

    made = typer.Typer(name="coopkg", help=HELP, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
    register_all(made)
    made.callback()(_root)
    return made


def _app() -> typer.Typer:
    """The typer app, built once on first use: the fast path of main() never needs it."""
    if "app" not in globals():
        globals()["app"] = make_app()
    return globals()["app"]


def __getattr__(name: str):
    if name == "app":  # `from kg_build.cli import app` (tests, python -m) builds it on demand
        return _app()
    raise AttributeError(name)


def _run(argv: list[str]) -> None:
    from . import fast_cli

    fast = fast_cli.command(argv)
    if fast is None:
        _app()()
        return
    fn, kwargs = fast
    try:
        fn(**kwargs)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)


def main() -> None:
    try:
        _run(sys.argv[1:])
    except UserError as exc:
        print(f"coopkg: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("coopkg: interrupted; the previous store is unchanged", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
