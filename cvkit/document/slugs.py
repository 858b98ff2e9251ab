"""Slugs: ASCII ids for anchors and file names, unique within a document (python-slugify)."""

from __future__ import annotations

from collections.abc import Iterable

MAX_LENGTH = 48
_ASCII_PUNCTUATION = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                                    "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                                    "\u201d": '"', "\u00a0": " "})


def slug(text: str, fallback: str = "item") -> str:
    """'Efficient MoE Training — at Scale' -> 'efficient-moe-training-at-scale'; other scripts
    are transliterated (基于 -> ji-yu), so ids stay readable and ASCII. A long one is cut at
    the last word that fits in ``MAX_LENGTH`` (a single longer word, at the limit)."""
    from slugify import slugify

    # Dashes and quotes become ASCII first: the same slug, without loading a
    # transliteration table for one non-breaking hyphen.
    full = slugify(text.translate(_ASCII_PUNCTUATION))
    # Not slugify's word_boundary: it skips a word that does not fit and goes on with the
    # next ones, so words from later in the title take the place of the one dropped.
    if len(full) > MAX_LENGTH:
        end = full.rfind("-", 0, MAX_LENGTH + 1)
        full = full[:end] if end > 0 else full[:MAX_LENGTH]
    return full or fallback


def unique_slugs(texts: Iterable[str], fallback: str = "item",
                 taken: Iterable[str] = ()) -> list[str]:
    """A slug per text; a repeated one gets -2, -3 ... (two long titles that share their
    words up to 48 characters, or the same title twice), as does one already ``taken``."""
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
