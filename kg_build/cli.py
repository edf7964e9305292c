"""The `coopkg` command line. Commands live in kg_build/commands/, one module each, registered
here; every command imports its heavy libraries inside its function, so `lookup`, `query` and
`export` never load spaCy or pyshacl."""

from __future__ import annotations

import sys

import typer

from .commands import register_all
from .errors import UserError

app = typer.Typer(
    name="coopkg",
    help="A knowledge graph of Guangdong–Hong Kong cooperation (粵港合作): build it, query it, look things up.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
register_all(app)


@app.callback()
def _root() -> None:
    """A knowledge graph of Guangdong–Hong Kong cooperation (粵港合作): build it, query it, look things up."""


def main() -> None:
    try:
        app()
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
