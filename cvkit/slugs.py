"""Slugs: ASCII ids for anchors and file names, unique within a document (python-slugify)."""

from __future__ import annotations

from collections.abc import Iterable

MAX_LENGTH = 48
_ASCII_PUNCTUATION = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                                    "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                                    "\u201d": '"', "\u00a0": " "})


def slug(text: str, fallback: str = "item") -> str:
    """'Efficient MoE Training — at Scale' -> 'efficient-moe-training-at-scale'; other scripts
    are transliterated (基于 -> ji-yu), so ids stay readable and ASCII."""
    from slugify import slugify

    # Dashes and quotes become ASCII first: the same slug, without loading a
    # transliteration table for one non-breaking hyphen (~15 ms).
    return slugify(text.translate(_ASCII_PUNCTUATION), max_length=MAX_LENGTH) or fallback


def unique_slugs(texts: Iterable[str], fallback: str = "item",
                 taken: Iterable[str] = ()) -> list[str]:
    """A slug per text; a repeated one gets -2, -3 ... (two long titles that share their
    first 48 characters, or the same title twice), as does one already ``taken``."""
    seen: set[str] = set(taken)
    out = []
    for i, text in enumerate(texts, 1):
        base = slug(text, f"{fallback}-{i}")
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
