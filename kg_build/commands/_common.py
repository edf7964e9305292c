"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional, Union

import typer

from ..paths import default_store

StoreOption = typer.Option(None, "--store", help="The store folder (default: ./coopkg-store or $COOPKG_STORE).", show_default=False)


def store_path(store: Optional[Path]) -> Path:
    return store or default_store()


def open_read(store: Optional[Path]):
    from ..store import open_store

    return open_store(store_path(store))


def write_bytes(data: Union[bytes, Callable[[], bytes]], output: Union[str, Path, None]) -> None:
    """Write data to stdout (output None) or to the file output, never leaving half a file behind.

    data may be a function that makes the bytes; it is called only once the target has been checked
    and a temporary file made, so a bad -o fails at once rather than after a long export. A regular
    file (new, existing, or the one a symlink points to; the link stays a link) is replaced whole: the
    bytes go to a unique temporary file in the same folder, renamed over it, removed if anything fails.
    A FIFO or a device (/dev/stdout, /dev/null) is opened and written directly. A folder, a missing
    folder or an empty name is refused up front; any other OSError becomes one line naming the path."""
    import os
    import stat
    import tempfile

    from ..errors import UserError, cannot_write, umask

    def make() -> bytes:
        return data() if callable(data) else data

    if output is None:
        payload = make()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    shown = str(output)
    if not shown:
        raise UserError("the output file name is empty; give a file name, e.g. -o graph.ttl")
    path = Path(output)

    def failed(exc: OSError) -> UserError:
        return cannot_write(shown, exc)

    try:
        st = path.stat()  # through symlinks
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        bad = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent)
        raise UserError(f"{bad} is a file, not a folder; give a file name inside a folder") from None
    except OSError as exc:
        raise failed(exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UserError(f"{shown} is a folder; give a file name")

    if st is not None and not stat.S_ISREG(st.st_mode):  # a FIFO or a device: no temporary file, no rename
        try:
            with open(path, "wb") as fh:
                fh.write(make())
        except OSError as exc:
            raise failed(exc) from None
        return

    real = Path(os.path.realpath(path))  # a symlink's target is replaced, not the link
    if not real.parent.is_dir():
        raise UserError(f"folder {real.parent} does not exist; create it first")
    if st is not None:
        mode = stat.S_IMODE(st.st_mode)
    else:
        mode = 0o666 & ~umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as exc:
        raise failed(exc) from None
    done = False
    try:
        with os.fdopen(fd, "wb") as fh:
            payload = make()
            try:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
                os.fchmod(fh.fileno(), mode)
            except OSError as exc:
                raise failed(exc) from None
        try:
            os.replace(tmp, real)
        except OSError as exc:
            raise failed(exc) from None
        done = True
    finally:
        if not done:
            try:
                os.unlink(tmp)
            except OSError:
                pass
