from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read

# Show a progress bar only when rendering takes longer than this (seconds).
PROGRESS_AFTER = 0.5


def check_target(out: Path) -> None:
    """Refuse a folder that holds files `coopkg site` did not write."""
    from ..errors import UserError
    from ..site_render import MARKER

    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UserError(f"{out} is not empty and was not made by `coopkg site`; choose an empty or new folder")


def _swap(fresh: Path, out: Path) -> None:
    """Put the new site in place of the old one only when it is complete."""
    import shutil

    old = out.with_name(out.name + ".old")
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)


class _Progress:
    """A rich progress bar on stderr that appears only once rendering has taken a moment."""

    def __init__(self) -> None:
        self.start, self.bar, self.task = time.monotonic(), None, None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and time.monotonic() - self.start > PROGRESS_AFTER:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("rendering pages", total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def site(
    output: Path = typer.Option(..., "-o", "--output", help="The folder to write the site into (new, empty, or an earlier site)."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Render the graph as a static HTML site: an overview, a page per plan, document, place, institution, person, meeting."""
    import shutil
    import sys

    from ..site_render import MARKER, write_site

    check_target(output)
    db = open_read(store)
    fresh = output.with_name(output.name + ".part")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    (fresh / MARKER).write_text("written by `coopkg site`; the folder is replaced whole on the next run\n", encoding="utf-8")
    progress = _Progress()
    try:
        count = write_site(db, fresh, progress)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        progress.close()
    _swap(fresh, output)
    print(f"wrote {count} pages to {output}; open {output / 'index.html'}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command()(site)
