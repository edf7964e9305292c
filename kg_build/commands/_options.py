"""Checks of option values that typer's types do not express, each failing in one line."""

from __future__ import annotations

from ..errors import UserError


def one_of(option: str, value: str, allowed: tuple[str, ...]) -> str:
    """The value when it is one of `allowed`; an unknown --format must not quietly print another."""
    if value not in allowed:
        raise UserError(f"unknown {option} {value}; choose one of {', '.join(allowed)}")
    return value
