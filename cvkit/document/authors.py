"""Who the owner is in an author list, and what the marks after a name are.

One implementation for the view (bold owner, legend) and the BibTeX importer (keeping a
profile's marks when a .bib brings the same names back).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

MARK_CHARS = "*†‡§¶#^"


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """A name as compared: no accents, no case, one space between parts. Kept per name: a
    long publication list names the same co-authors hundreds of times."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    return re.sub(r"[\s.\-‐‑]+", " ", bare.casefold()).strip()


def split_marks(author: str) -> tuple[str, str]:
    """'Weilin Cai*†' -> ('Weilin Cai', '*†'); also handles escaped '\\*' from Markdown."""
    text = author.replace("\\*", "*").rstrip()
    name = text.rstrip(MARK_CHARS + " ")
    return name, text[len(name):].replace(" ", "")


def without_marks(author: str) -> str:
    return split_marks(author)[0]


def _first_last(folded: str) -> str:
    """'cai, weilin' -> 'weilin cai'; names without a comma are returned as they are."""
    if "," not in folded:
        return folded
    last, _, first = folded.partition(",")
    return f"{first.strip()} {last.strip()}"


def owner_keys(name: str, aliases: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for n in (name, *aliases):
        folded = fold(split_marks(n)[0])
        keys.add(folded)
        keys.add(_first_last(folded))
        keys.add(folded.replace(" ", ""))  # CJK names and "WeilinCai"
    return frozenset(keys)


def is_owner(author: str, keys: frozenset[str]) -> bool:
    folded = _first_last(fold(split_marks(author)[0]))
    return folded in keys or folded.replace(" ", "") in keys


@dataclass(frozen=True)
class Owner:
    """Who the profile is about, as author lists name them: the spellings of the name and
    aliases (``keys``) and the ORCID iD ("" when the profile gives none)."""

    keys: frozenset[str]
    orcid: str = ""


@dataclass(frozen=True)
class Found:
    """Where the owner is in one author list, and how that was decided."""

    places: tuple[int, ...]
    by_orcid: bool = False
    # Several people match the owner's name and no iD says which: every one is shown as
    # the owner, and the loader warns.
    ambiguous: bool = False
    # A name that matches the owner's but carries another ORCID iD: a namesake, not shown.
    namesakes: tuple[int, ...] = ()


def owner_of(name: str, aliases: Iterable[str], orcid: str = "") -> Owner:
    return Owner(owner_keys(name, aliases), orcid)


def find_owner(people: Sequence[tuple[str, str]], owner: Owner) -> Found:
    """The owner among ``people`` ((name as written, ORCID iD or ""), in order): by iD
    where a person carries the profile's own, whatever the spelling; else by name, where a
    person's iD (if any) does not say it is someone else."""
    if owner.orcid:
        by_id = tuple(i for i, (_, orcid) in enumerate(people) if orcid == owner.orcid)
        if by_id:
            return Found(by_id, by_orcid=True)
    named = [i for i, (name, _) in enumerate(people) if is_owner(name, owner.keys)]
    namesakes = tuple(i for i in named if owner.orcid and people[i][1])
    places = tuple(i for i in named if i not in namesakes)
    return Found(places, ambiguous=len(places) > 1, namesakes=namesakes)


def marks_used(marks: str, legend: dict[str, str]) -> list[str]:
    """Split a run of marks ('**†') into legend keys, longest first."""
    found: list[str] = []
    keys = sorted(legend, key=len, reverse=True)
    rest = marks
    while rest:
        match = next((k for k in keys if rest.startswith(k)), None)
        if match is None:
            found.append(rest[0])
            rest = rest[1:]
        else:
            found.append(match)
            rest = rest[len(match):]
    return found


_ET_AL = re.compile(r"(and\s+)?(others|et\.?\s*al\.?)", re.I)


def is_et_al(author: str) -> bool:
    """``others`` (BibTeX's word), ``et al.`` or ``et al`` closing an author list."""
    return _ET_AL.fullmatch(author.strip()) is not None


_CLOSING_ET_AL = re.compile(rf"[\s,]*\b{_ET_AL.pattern}\s*$", re.I)


def listed_names(text: str) -> list[str]:
    """A list written as one string ("A, B, Liwei Wang et al.") as the list a profile takes:
    split at commas, and a closing "et al." (or "and others") becomes ``others``, not part
    of the last name."""
    parts = [part.strip() for part in text.split(",")]
    parts = [part for part in parts if part]
    if parts and _CLOSING_ET_AL.search(parts[-1]):
        last = _CLOSING_ET_AL.sub("", parts[-1]).strip()
        parts = [*parts[:-1], *([last] if last else []), "others"]
    return parts
