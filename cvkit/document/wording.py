"""Small English wording rules shared by the command line's messages."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 page``, ``2 pages``, ``0 files``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
