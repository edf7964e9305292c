"""A short way into the commands people run many times a minute (`lookup`, `query`).

Typer builds a click command for every registered command and a pydantic coercion adapter for every
parameter before it runs one; for `lookup` that was ~100 ms of a ~300 ms run. Here the command line
is read from the typer function's own signature (its typer.Argument / typer.Option defaults), so
the parameters stay declared in one place. Anything this reader does not fully understand
(--help, an unknown or repeated option, a value that does not convert, a missing argument) returns
None and the caller hands the whole command line to typer, which gives its usual message.
"""

from __future__ import annotations

import importlib
import os
import typing
from pathlib import Path

FAST = {"lookup": "kg_build.commands.lookup:lookup", "query": "kg_build.commands.query:query"}


def command(argv: list[str]):
    """(function, keyword arguments) when argv (without the program name) can skip typer, else None."""
    if not argv or argv[0] not in FAST:
        return None
    module, name = FAST[argv[0]].split(":")
    fn = getattr(importlib.import_module(module), name)
    kwargs = parse(fn, argv[1:])
    return (fn, kwargs) if kwargs is not None else None


def parse(fn, args: list[str]) -> dict | None:
    import typer.models

    hints = typing.get_type_hints(fn)
    defaults = fn.__defaults__ or ()
    names = fn.__code__.co_varnames[: fn.__code__.co_argcount]
    infos = dict(zip(names[len(names) - len(defaults):], defaults))
    positional = [n for n in names if isinstance(infos.get(n), typer.models.ArgumentInfo)]
    by_flag = {flag: n for n, info in infos.items() if isinstance(info, typer.models.OptionInfo) for flag in info.param_decls}
    values: dict = {}
    rest = list(args)
    while rest:
        token = rest.pop(0)
        if token == "--" or token in ("--help", "-h"):
            return None
        if token.startswith("-") and len(token) > 1:
            flag, eq, inline = token.partition("=")
            name = by_flag.get(flag)
            if name is None or (name in values and _base(hints[name]) is not list):
                return None
            if _base(hints[name]) is bool:
                if eq:
                    return None
                values[name] = True
                continue
            if not eq and not rest:
                return None
            raw = inline if eq else rest.pop(0)
            if _base(hints[name]) is list:
                values.setdefault(name, []).append(raw)
            else:
                values[name] = raw
        elif positional:
            values[positional.pop(0)] = token
        else:
            return None
    return _complete(infos, hints, values)


def _complete(infos: dict, hints: dict, values: dict) -> dict | None:
    out = {}
    for name, info in infos.items():
        if name in values:
            raw = values[name]
        elif getattr(info, "envvar", None) and os.environ.get(info.envvar):
            raw = os.environ[info.envvar]
        elif info.default is ...:
            return None
        else:  # typer gives a repeatable option left out as ()
            out[name] = () if info.default is None and _base(hints[name]) is list else info.default
            continue
        converted = _convert(raw, hints[name])
        if converted is None:
            return None
        out[name] = converted
    return out


def _base(hint):
    """Optional[X] -> X's origin or X itself: str, int, bool, Path or list."""
    args = [a for a in typing.get_args(hint) if a is not type(None)] if typing.get_origin(hint) is typing.Union else [hint]
    if len(args) != 1:
        return None
    return typing.get_origin(args[0]) or args[0]


def _convert(raw, hint):
    kind = _base(hint)
    try:
        if kind is bool:
            return bool(raw)
        if kind is int:
            return int(raw)
        if kind is Path:
            return Path(raw)
        if kind is str:
            return raw
        if kind is list and all(isinstance(v, str) for v in raw):
            return list(raw)
    except ValueError:
        return None
    return None
