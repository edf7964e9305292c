"""The short way into `lookup` and `query` reads the same values typer would, and hands typer
everything it does not fully understand; piped lookup output is rich's text without its markup."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from kg_build import fast_cli
from kg_build.cli import app
from kg_build.console import escape, plain


def typer_reads(argv: list[str]) -> dict:
    group = typer.main.get_command(app)
    command = group.commands[argv[0]]
    return dict(command.make_context(argv[0], list(argv[1:])).params)


@pytest.mark.parametrize("argv", [
    ["lookup", "前海"],
    ["lookup", "前海", "--evidence", "--limit", "3", "--store", "/tmp/x"],
    ["lookup", "--type=Place", "橫琴", "--format", "json"],
    ["query", "plans"],
    ["query", "new-items", "-p", "year=2019", "--param", "x=1", "--format", "csv"],
    ["query", "--list"],
    ["query", "-f", "q.rq", "--store=s"],
])
def test_reads_what_typer_reads(argv):
    fn, kwargs = fast_cli.command(argv)
    assert fn.__name__ == argv[0]
    assert kwargs == typer_reads(argv)


@pytest.mark.parametrize("argv", [
    ["lookup"],                              # missing argument: typer says so
    ["lookup", "前海", "--help"],
    ["lookup", "前海", "--bogus"],
    ["lookup", "前海", "--limit", "many"],  # not an integer
    ["lookup", "前海", "extra"],
    ["lookup", "前海", "--limit"],
    ["lookup", "前海", "--limit", "1", "--limit", "2"],
    ["build"],
    [],
])
def test_everything_else_goes_to_typer(argv):
    assert fast_cli.command(argv) is None


def test_query_param_list_and_paths_are_typed():
    _, kwargs = fast_cli.command(["query", "x", "-p", "a=1", "-p", "b=2", "--store", "st"])
    assert kwargs["param"] == ["a=1", "b=2"] and kwargs["store"] == Path("st")


@pytest.mark.parametrize("text", ["a[b]c", "《粵港》[1]", "[/x]", "path\\[dim]", "a\\b", "plain"])
def test_plain_output_is_rich_text_without_markup(text):
    from rich.markup import escape as rich_escape, render

    assert escape(text) == rich_escape(text)
    markup = f"[bold]{escape(text)}[/bold] [dim]{escape(text)}[/dim]"
    assert plain(markup) == render(markup).plain
