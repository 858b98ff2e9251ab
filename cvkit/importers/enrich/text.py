"""Registry values as profile text: titles without markup, names as printed, partial dates."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

_TAG = re.compile(r"<[^>]*>")
# Crossref titles carry JATS/HTML inline markup: <i>Streptococcus</i>, <sub>2</sub> ...
_EMPHASIS = re.compile(r"<(i|em|italic)>([^<>]*)</\1>", re.I)
# A profile title is LaTeX where it has a backslash: \emph is kept only where nothing else in
# the title would read differently as LaTeX.
_LATEX_SPECIAL = re.compile(r"[\\$%&#_{}~^]")


def one_line(value: Any) -> str:
    """Text with its whitespace (newlines and indentation from XML) made single spaces."""
    text = unicodedata.normalize("NFC", html.unescape(str(value or "")))
    return re.sub(r"\s+", " ", text).strip()


def title(value: Any, subtitle: Any = None) -> str:
    """A title from markup: italics kept as ``\\emph{...}`` where the title is otherwise
    plain, every other tag dropped; a subtitle joined with a colon."""
    raw = str(value or "")
    plain = one_line(_TAG.sub("", raw))
    if _EMPHASIS.search(raw) and not _LATEX_SPECIAL.search(plain):
        marked = _EMPHASIS.sub(lambda m: "\\emph{" + one_line(m.group(2)) + "}", raw)
        plain = one_line(_TAG.sub("", marked))
    sub = one_line(_TAG.sub("", str(subtitle or "")))
    if sub and sub.casefold() not in plain.casefold():
        plain = f"{plain} {sub}" if plain.endswith((":", "?", "!", ".")) else f"{plain}: {sub}"
    return plain


def person(given: Any, family: Any, suffix: Any = None) -> str:
    """'Given Family Suffix' as a CV prints a name."""
    return one_line(" ".join(str(p) for p in (given, family, suffix) if p))


def inverted(name: str) -> str:
    """'Family, Given' -> 'Given Family'; other names as they are."""
    family, comma, given = name.partition(",")
    return one_line(f"{given} {family}") if comma and given.strip() else one_line(name)


def orcid(value: Any) -> str | None:
    """The bare iD of an ORCID given as a URL or bare, or None."""
    match = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\s*$", str(value or ""))
    return match.group(1) if match else None


def date_from_parts(node: Any) -> str | None:
    """A Crossref date (``{"date-parts": [[2021, 6, 9]]}``) as 2021-06-09, 2021-06 or 2021."""
    try:
        parts = (node or {})["date-parts"][0]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    out = []
    for i, part in enumerate(parts or []):
        if not isinstance(part, int | str) or not str(part).isdigit():
            break
        out.append(f"{int(part):04d}" if i == 0 else f"{int(part):02d}")
    return "-".join(out[:3]) or None


def iso_date(value: Any) -> str | None:
    """The date part of an ISO 8601 value: 2023-11-09T11:44:22Z -> 2023-11-09."""
    match = re.match(r"(\d{4})(-\d{2})?(-\d{2})?", str(value or ""))
    return "".join(g for g in match.groups() if g) if match else None


def pages(value: Any) -> str | None:
    """A page range with an en dash, as the BibTeX import writes it."""
    text = one_line(value)
    return re.sub(r"\s*(?:-{1,2}|–)\s*", "–", text) or None


def first(values: Any) -> str | None:
    """The first non-empty string of a list (Crossref's titles are lists)."""
    if isinstance(values, str):
        return one_line(values) or None
    for value in values or []:
        if isinstance(value, str) and one_line(value):
            return one_line(value)
    return None
