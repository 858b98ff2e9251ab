"""Every entry of a profile named by a stable id, so a script or an assistant can say which
entries a tailored CV keeps (``Variant.entries``, ``cvkit.build.api.list_entries``).

An id is ``<section>/<slug>``: for a paper the key its homepage page has
(``publications/<slug>``: the ``slug`` the profile gives, else one made from the title), for
any other entry a slug of the fields that name it (``experience/acme-research-scientist``).
Ids are unique within a section (a repeated slug gets ``-2``, ``-3``), counted over the file
as written, hidden entries included, so an id does not move when a variant or a tag leaves
entries out. ``<section>[<n>]`` (the entry's place in the file, from 0, as in a problem's
field path) names an entry too. May import the model and ``cvkit.document.slugs``; nothing above
(the loader checks a variant's ids with it).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cvkit.document.slugs import unique_slugs
from cvkit.profile.model import Profile
from cvkit.profile.model import profile as m
from cvkit.profile.model.kinds import DEFAULT_SECTION_ORDER
from cvkit.support.errors import ExportError
from cvkit.support.suggest import did_you_mean

# The sections that are lists of entries, in the default order.
SECTIONS: tuple[str, ...] = tuple(
    key for key in DEFAULT_SECTION_ORDER
    if typing.get_origin(Profile.model_fields[key].annotation) is list
    and any(isinstance(arg, type) and issubclass(arg, m.Entry)
            for arg in typing.get_args(Profile.model_fields[key].annotation)))

# The fields that name an entry of each section (publications are named by their key).
LABELS: dict[str, tuple[str, ...]] = {
    "news": ("date", "text"), "education": ("institution", "degree"),
    "experience": ("organization", "position"), "patents": ("title",),
    "projects": ("name",), "awards": ("title",), "talks": ("title",),
    "teaching": ("course", "institution"), "service": ("role", "organization"),
    "skills": ("category",), "languages": ("language",), "hobbies": ("name",),
    "certificates": ("name",), "references": ("name",),
}
_INDEXED = re.compile(r"^([a-z_]+)\[(\d+)\]$")


def paper_keys(pubs: Sequence[m.Publication]) -> list[str]:
    """Each paper's key (its page's address and anchor): the slug the profile gives, else
    one made from the title, unique among the papers (a given slug is never renumbered)."""
    given: dict[str, int] = {}
    for i, pub in enumerate(pubs):
        if pub.slug and pub.slug not in given:
            given[pub.slug] = i  # the first paper to claim a slug keeps it
    made = iter(unique_slugs((pub.title for i, pub in enumerate(pubs)
                              if given.get(pub.slug or "") != i), "pub", taken=given))
    return [pub.slug if pub.slug and given[pub.slug] == i else next(made)
            for i, pub in enumerate(pubs)]


def label(section: str, entry: m.Entry) -> str:
    """What names ``entry`` in a list: its section's naming fields, as written."""
    if isinstance(entry, m.Publication):
        return entry.title
    parts = [getattr(entry, name, None) for name in LABELS.get(section, ())]
    roles = getattr(entry, "roles", None)
    if section == "experience" and not getattr(entry, "position", None) and roles:
        parts.append(roles[0].title)
    return " ".join(str(p) for p in parts if p)


def section_ids(profile: Profile, section: str) -> list[str]:
    """The ids of a section's entries, in the file's order."""
    entries = getattr(profile, section)
    if section == "publications":
        slugs = paper_keys(entries)
    else:
        slugs = unique_slugs((label(section, e) for e in entries), "entry")
    return [f"{section}/{s}" for s in slugs]


@dataclass(frozen=True)
class EntryInfo:
    """One entry as ``list_entries`` gives it."""

    id: str  # publications/efficient-moe-training
    section: str
    index: int  # its place in the section as the file lists it, from 0
    label: str  # what names it: a paper's title, an organization and position ...
    date: str | None = None  # "2025-07", "present"
    start: str | None = None
    end: str | None = None
    tags: list[str] = field(default_factory=list)
    hidden: bool = False
    selected: bool | None = None  # publications only

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def list_entries(profile: Profile) -> list[EntryInfo]:
    """Every entry of every section, with its id, dates and tags."""
    found = []
    for section in SECTIONS:
        entries = getattr(profile, section)
        for i, (ident, entry) in enumerate(zip(section_ids(profile, section), entries,
                                               strict=True)):
            found.append(EntryInfo(
                ident, section, i, label(section, entry),
                _text(getattr(entry, "date", None)), _text(getattr(entry, "start", None)),
                _text(getattr(entry, "end", None)), list(entry.tags), entry.hidden,
                entry.selected if isinstance(entry, m.Publication) else None))
    return found


def chosen(profile: Profile, ids: Sequence[str]) -> dict[str, set[int]]:
    """The entries ``ids`` name, by section (their places in the file). An id that names
    nothing is an error saying which was meant."""
    known = {section: section_ids(profile, section) for section in SECTIONS}
    picked: dict[str, set[int]] = {}
    for ident in ids:
        place = _place(known, ident)
        if place is None:
            raise ExportError(_unknown(ident, [i for ids_ in known.values() for i in ids_]))
        picked.setdefault(place[0], set()).add(place[1])
    return picked


def unknown(profile: Profile, ids: Sequence[str]) -> list[tuple[int, str]]:
    """The ids that name no entry (their places in ``ids``), each with what to say: the
    loader reports them where the file has them."""
    known = {section: section_ids(profile, section) for section in SECTIONS}
    every = [i for ids_ in known.values() for i in ids_]
    return [(n, _unknown(ident, every)) for n, ident in enumerate(ids)
            if _place(known, ident) is None]


def _place(known: dict[str, list[str]], ident: str) -> tuple[str, int] | None:
    section = ident.partition("/")[0]
    indexed = _INDEXED.match(ident)
    if indexed and indexed[1] in known and int(indexed[2]) < len(known[indexed[1]]):
        return indexed[1], int(indexed[2])
    if section in known and ident in known[section]:
        return section, known[section].index(ident)
    return None


def _unknown(ident: str, every: list[str]) -> str:
    """``unknown entry 'publications/chimera'; did you mean 'publications/chimera-...'?``"""
    starting = [i for i in every if i.startswith(ident)][:3]
    meant = (f"did you mean {' or '.join(map(repr, starting))}? " if starting
             else did_you_mean(ident, every))
    return f"unknown entry {ident!r}; {meant}list_entries gives every entry's id"
