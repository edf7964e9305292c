"""The `coopkg` command line. Commands live in kg_build/commands/, one module each, registered
here; every command imports its heavy libraries inside its function, so `lookup`, `query` and
`export` never load spaCy or pyshacl. `lookup` and `query` usually skip building the typer app
altogether (kg_build/fast_cli.py)."""

from __future__ import annotations

import sys

import typer

from .errors import UserError

HELP = "A knowledge graph of Guangdong–Hong Kong cooperation (粵港合作): build it, query it, look things up."


def _version(asked: bool) -> None:
    if asked:
        from . import __version__

        print(f"coopkg {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version, help="Print the version and exit."),
) -> None:
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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs (a half-built store is removed)."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def _quiet_stdout() -> None:
    """After stdout has failed (a closed pipe, a full disk), point it at /dev/null so that the
    interpreter's last flush cannot fail again with a second message."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _os_error(exc: OSError) -> str:
    from .errors import os_hint

    where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f is not None)
    return f"{exc.strerror or exc}{': ' + where if where else ''}; {os_hint(exc)}"


def _interrupt_behind(exc: BaseException) -> KeyboardInterrupt | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


_STOPPING = []  # set once a stop is being reported, so that it is reported once


def _stopped(terminated: bool) -> int:
    """Say why the command stopped; the exit code a shell expects for SIGTERM or Ctrl-C."""
    print(f"coopkg: {'stopped' if terminated else 'interrupted'}; nothing was left half-written", file=sys.stderr, flush=True)
    return 143 if terminated else 130


def _interrupted(exc: KeyboardInterrupt) -> None:
    _STOPPING.append(exc)
    sys.exit(_stopped(isinstance(exc, Terminated)))


# Commands that only read: stopping one at any instant leaves nothing behind.
READ_ONLY = {"query", "lookup", "stats", "validate", "carryover-eval"}
GRACE = 0.5  # seconds the main thread has to stop the ordinary way before the watcher ends the process


def _stop_promptly(argv: list[str]) -> None:
    """Ctrl-C and SIGTERM end a read-only command at once, even inside a long query.

    Python runs signal handlers between bytecodes of the main thread, and Oxigraph evaluates a
    query in one call: Ctrl-C waited for the query to finish (90 s and more on a big store). Oxigraph
    releases the GIL meanwhile, so a thread woken through the signal wakeup fd can end the process.
    Commands that write (build, export, site, evaluate) keep the ordinary path, whose clean-up
    removes what they had half-written."""
    import os
    import signal
    import threading
    import time

    command = next((a for a in argv if not a.startswith("-")), None)
    if command not in READ_ONLY:
        return
    read_end, write_end = os.pipe()
    try:
        os.set_blocking(write_end, False)
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (ValueError, OSError):  # not the main thread (main() called from a thread): the ordinary path only
        os.close(read_end)
        os.close(write_end)
        return

    def watch() -> None:
        while True:
            got = os.read(read_end, 64)
            stop = next((n for n in got if n in (signal.SIGINT, signal.SIGTERM)), None)
            if stop is None:
                continue
            time.sleep(GRACE)
            if not _STOPPING:
                os._exit(_stopped(stop == signal.SIGTERM))

    threading.Thread(target=watch, name="coopkg-stop", daemon=True).start()


def main() -> None:
    import os
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    _stop_promptly(sys.argv[1:])
    try:
        _run(sys.argv[1:])
    except UserError as exc:
        print(f"coopkg: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except SystemExit as exc:
        interrupt = _interrupt_behind(exc)  # typer turns an interrupt into a bare exit 130
        if interrupt is None:
            raise
        _interrupted(interrupt)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except Exception as exc:  # the contract is one line, never a traceback; COOPKG_DEBUG=1 shows it
        if os.environ.get("COOPKG_DEBUG"):
            raise
        _quiet_stdout()
        if isinstance(exc, OSError):
            print(f"coopkg: error: {_os_error(exc)}", file=sys.stderr)
            sys.exit(2)
        if isinstance(exc, UnicodeError):
            print(f"coopkg: error: text that is not valid UTF-8 ({exc.reason}); check the encoding of the "
                  "terminal, the file names and the files you gave", file=sys.stderr)
            sys.exit(2)
        message = str(exc).splitlines()[0] if str(exc) else ""
        print(f"coopkg: internal error: {type(exc).__name__}: {message[:200]}; please report it with the command "
              "you ran (COOPKG_DEBUG=1 shows where it happened)", file=sys.stderr)
        sys.exit(70)


if __name__ == "__main__":
    main()
