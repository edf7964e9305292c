from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from ._common import StoreOption, open_read

# Show a progress bar only when rendering takes longer than this (seconds).
PROGRESS_AFTER = 0.5


def check_target(out: Path) -> None:
    """Refuse a file, a path under a file, and a folder that holds files `coopkg site` did not write."""
    from ..errors import UserError
    from ..site_render import MARKER

    bad = next((p for p in reversed(out.parents) if p.exists() and not p.is_dir()), None)
    if bad is not None:
        raise UserError(f"{bad} is a file, not a folder; give a folder for the site")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UserError(f"{out} is not empty and was not made by `coopkg site`; choose an empty or new folder")


def _swap(fresh: Path, out: Path) -> None:
    """Put the new site in place of the old one only when it is complete.

    The earlier site is first renamed onto an empty folder made for it here (a unique hidden name, so
    never a folder of the user's), and only that folder is deleted once the new site is in place."""
    import os
    import shutil
    import tempfile

    if not out.exists():
        fresh.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old)  # a folder may be renamed onto an empty one
    try:
        fresh.rename(out)
    except BaseException:
        os.rename(old, out)
        raise
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
    # str, not Path: typer turns -o '' into Path('.'), the current folder.
    output: str = typer.Option(..., "-o", "--output", help="The folder to write the site into (new, empty, or an earlier site)."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Render the graph as a static HTML site: an overview, a page per plan, document, place, institution, person, meeting."""
    import os
    import shutil
    import sys
    import tempfile

    from ..errors import UserError, cannot_write, umask
    from ..site_render import MARKER, write_site

    if not output:
        raise UserError("the output folder name is empty; give a folder for the site, e.g. -o site")
    # Absolute, through symlinks: `-o .` gets a name to rename, and a link to a folder stays a link.
    out = Path(os.path.realpath(output))
    check_target(out)
    db = open_read(store)

    def failed(exc: OSError) -> UserError:
        return cannot_write(f"the site to {output}", exc)

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # A unique hidden name next to the target: never a folder the user already has.
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-", dir=out.parent))
    except OSError as exc:
        raise failed(exc) from None
    progress = _Progress()
    try:
        fresh.chmod(0o777 & ~umask())  # mkdtemp makes it 0700; a site is for others to read
        (fresh / MARKER).write_text("written by `coopkg site`; the folder is replaced whole on the next run\n", encoding="utf-8")
        count = write_site(db, fresh, progress)
        _swap(fresh, out)
    except OSError as exc:
        raise failed(exc) from None
    finally:
        progress.close()
        shutil.rmtree(fresh, ignore_errors=True)  # only the folder made above; gone already once swapped in
    print(f"wrote {count} pages to {output}; open {Path(output) / 'index.html'}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command()(site)
