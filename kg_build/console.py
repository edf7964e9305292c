"""Console output with rich markup: rich on a terminal; on a pipe or a file, plain lines.

rich would wrap piped text at 80 columns (splitting names and IRIs across lines, which breaks grep)
and costs ~20 ms to import, a tenth of a cold `lookup`. Markup is rich's own: [bold]…[/bold],
with a literal "[" escaped as "\\[" by `escape`."""

from __future__ import annotations

import re
import sys

# rich.markup's rule: a tag is "[" + a letter, #, / or @ + anything up to "]"; backslashes escape it
_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def escape(text) -> str:
    """The same as rich.markup.escape, without importing rich."""
    return _TAG.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", str(text))


def plain(markup: str) -> str:
    """Markup without its tags, escaped brackets restored."""
    def one(m: re.Match) -> str:
        slashes = m.group(1)
        return slashes[: len(slashes) // 2] + (m.group(2) if len(slashes) % 2 else "")

    return _TAG.sub(one, markup)


class PlainConsole:
    def print(self, text: str = "", **_ignored) -> None:
        sys.stdout.write(plain(text) + "\n")


def console():
    if sys.stdout.isatty():
        from rich.console import Console

        return Console(highlight=False)
    return PlainConsole()
