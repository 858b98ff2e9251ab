"""The one "did you mean" of cvkit: for unknown formats, themes, locales, variants and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    match = close_matches(name, known, 1, cutoff)
    return match[0] if match else None


def close_matches(name: str, known: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    return difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"did you mean 'pdf'? "`` or ``""``."""
    match = closest(name, known)
    return f"did you mean {match!r}? " if match else ""


def unknown_name(what: str, name: str, known: Iterable[str], *,
                 none: str = "none") -> str:
    """``unknown theme 'acadmic'; did you mean 'academic'? available: academic, industry``."""
    known = list(known)
    return (f"unknown {what} {name!r}; {did_you_mean(name, known)}available: "
            + (", ".join(known) or none))
