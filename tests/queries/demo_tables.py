"""Comparing saved-query rows with the README's tables."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def pick(rows: list[dict[str, str]], *columns: str) -> set[tuple[str, ...]]:
    return {tuple(row.get(c, "") for c in columns) for row in rows}


def number(text: str) -> str:
    """A numeric cell in one canonical form (``412500.00`` and ``412500`` compare equal)."""
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


def numeric(rows: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {tuple(number(c) for c in row) for row in rows}

