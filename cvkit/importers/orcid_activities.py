"""An ORCID record's activities -> profile sections.

Affiliations come in two shapes: v3's ``affiliation-group`` (each group the same affiliation
from one or more sources) and v2's flat ``employment-summary`` list; both are read, one
entry per group or per flat item. Where a group holds several copies, the one ORCID shows
first is taken (the highest display index, then the newest). Each activity ORCID has and a
profile has a section for arrives there: employments and invited positions in
``experience``, educations in ``education``, qualifications in ``certificates``,
distinctions and fundings in ``awards``, memberships and services in ``service``, works in
``publications`` (``cvkit.importers.orcid_works``); peer reviews and research resources are
counted in a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cvkit.document.wording import counted
from cvkit.importers.orcid_reader import GUESSED, Reader, enum, json_kind, step
from cvkit.importers.orcid_works import preferred, works
from cvkit.support.errors import PathKey

# section -> (the key of its summaries, where its entries go)
AFFILIATIONS: dict[str, tuple[str, str]] = {
    "employments": ("employment-summary", "experience"),
    "invited-positions": ("invited-position-summary", "experience"),
    "educations": ("education-summary", "education"),
    "qualifications": ("qualification-summary", "certificates"),
    "distinctions": ("distinction-summary", "awards"),
    "memberships": ("membership-summary", "service"),
    "services": ("service-summary", "service"),
}
# Sections read elsewhere or counted; anything else in an activities summary is noted.
OTHER_SECTIONS = ("fundings", "works", "peer-reviews", "research-resources")
PLAIN_KEYS = ("last-modified-date", "path")


def activities(reader: Reader, sections: dict[str, tuple[Any, PathKey]],
               data: dict[str, Any]) -> None:
    """Every section of an activities summary (each with its place) into ``data``."""
    for section, (key, target) in AFFILIATIONS.items():
        node, where = _section(reader, sections, section)
        for item_at, copy_at, copy in affiliation_summaries(reader, node, where, key):
            made = BUILDERS[section](reader, copy, copy_at, item_at)
            if made is not None:
                data.setdefault(target, []).append(made)
    for award in fundings(reader, *_section(reader, sections, "fundings")):
        data.setdefault("awards", []).append(award)
    papers = works(reader, *_section(reader, sections, "works"))
    if papers:
        data.setdefault("publications", []).extend(papers)
    _counted_aside(reader, sections)
    for section, (value, where) in sections.items():
        if section not in AFFILIATIONS and section not in OTHER_SECTIONS + PLAIN_KEYS \
                and value not in (None, {}, []):
            reader.note(where, f"an activity section cvkit does not know ({section!r}); not "
                        "imported")


def _section(reader: Reader, sections: dict[str, tuple[Any, PathKey]], name: str
             ) -> tuple[dict[str, Any], PathKey]:
    """One section's object and its place; {} where it is missing or (noted) not an object."""
    value, where = sections.get(name, (None, (name,)))
    if value is None:
        return {}, where
    if not isinstance(value, dict):
        reader.note(where, f"expected an object, found {json_kind(value)}; not read")
        return {}, where
    return value, where


def _counted_aside(reader: Reader, sections: dict[str, tuple[Any, PathKey]]) -> None:
    """Peer reviews and research resources: a profile has no section for them."""
    node, where = _section(reader, sections, "peer-reviews")
    reviews = 0
    for group_at, group in reader.items(node, where, "group"):
        inner = reader.items(group, group_at, "peer-review-group")  # v3
        flat = reader.items(group, group_at, "peer-review-summary")  # v2
        reviews += len(inner) + len(flat)
    if reviews:
        reader.note(where, f"{counted(reviews, 'peer review')} not imported: a profile has "
                    "no section for them (list the journals you review for under `service` "
                    "by hand)")
    node, where = _section(reader, sections, "research-resources")
    resources = len(reader.items(node, where, "group"))
    if resources:
        reader.note(where, f"{counted(resources, 'research resource')} not imported: a "
                    "profile has no section for them")


def affiliation_summaries(reader: Reader, section: dict[str, Any], where: PathKey, key: str
                          ) -> list[tuple[PathKey, PathKey, dict[str, Any]]]:
    """(the item's place, the copy's place, the copy) for each affiliation of a section:
    v3 ``affiliation-group`` and v2 flat ``…-summary`` lists alike."""
    found = []
    for group_at, group in reader.items(section, where, "affiliation-group"):
        copies = []
        for wrapper_at, wrapper in reader.items(group, group_at, "summaries"):
            name = key if key in wrapper else next(
                (k for k in wrapper if str(k).endswith("-summary")), key)
            copy = reader.mapping(wrapper, wrapper_at, name)
            if copy:
                copies.append((wrapper_at + (name,), copy))
        if not copies:
            reader.note(group_at, "an affiliation group without a summary; not imported")
            continue
        copy_at, copy = preferred(copies)
        found.append((group_at, copy_at, copy))
    for copy_at, copy in reader.items(section, where, key):  # v2: a flat list
        found.append((copy_at, copy_at, copy))
    return found


def _common(reader: Reader, s: dict[str, Any], at: PathKey) -> dict[str, tuple[Any, PathKey]]:
    """What every affiliation has, each value with its place."""
    org = reader.mapping(s, at, "organization")
    address = reader.mapping(org, at + ("organization",), "address")
    place_at = at + ("organization", "address")
    parts = [reader.text(address, place_at, k)[0] for k in ("city", "region", "country")]
    return {
        "org": reader.text(org, at + ("organization",), "name"),
        "role": reader.text(s, at, "role-title"),
        "department": reader.text(s, at, "department-name"),
        "start": (reader.date(s, at, "start-date"), at + ("start-date",)),
        "end": (reader.date(s, at, "end-date"), at + ("end-date",)),
        "url": reader.url(s, at, "url"),
        "place": (", ".join(p for p in parts if p) or None, place_at),
    }


def _dates(reader: Reader, entry: dict[str, Any], c: dict[str, tuple[Any, PathKey]]) -> None:
    """start and end; only an end is one date (the year it ended)."""
    if c["start"][0]:
        reader.put(entry, "start", *c["start"])
        reader.put(entry, "end", *c["end"])
    else:
        reader.put(entry, "date", *c["end"])


def _named(reader: Reader, c: dict[str, tuple[Any, PathKey]], item_at: PathKey,
           what: str) -> bool:
    if c["org"][0] or c["role"][0]:
        return True
    reader.note(item_at, f"{what} without an organization or a title; not imported")
    return False


def _position(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
              ) -> dict[str, Any] | None:
    c = _common(reader, s, at)
    if not c["org"][0]:
        reader.note(item_at, "a position without an organization name; not imported")
        return None
    entry = reader.entry(item_at)
    reader.put(entry, "organization", *c["org"])
    reader.put(entry, "position", *c["role"])
    reader.put(entry, "description", *c["department"])
    reader.put(entry, "location", *c["place"])
    reader.put(entry, "url", *c["url"])
    _dates(reader, entry, c)
    return entry


def _education(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
               ) -> dict[str, Any] | None:
    c = _common(reader, s, at)
    if not c["org"][0]:
        reader.note(item_at, "an education without an institution name; not imported")
        return None
    entry = reader.entry(item_at)
    reader.put(entry, "institution", *c["org"])
    reader.put(entry, "degree", *c["role"])
    reader.put(entry, "field", *c["department"])
    reader.put(entry, "location", *c["place"])
    reader.put(entry, "url", *c["url"])
    _dates(reader, entry, c)
    return entry


def _qualification(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
                   ) -> dict[str, Any] | None:
    c = _common(reader, s, at)
    if not _named(reader, c, item_at, "a qualification"):
        return None
    entry = reader.entry(item_at)
    reader.put(entry, "name", *(c["role"] if c["role"][0] else c["org"]))
    if c["role"][0]:
        reader.put(entry, "issuer", *c["org"])
    reader.put(entry, "date", *(c["end"] if c["end"][0] else c["start"]))
    reader.put(entry, "url", *c["url"])
    return entry


def _distinction(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
                 ) -> dict[str, Any] | None:
    c = _common(reader, s, at)
    if not _named(reader, c, item_at, "a distinction"):
        return None
    entry = reader.entry(item_at)
    reader.put(entry, "title", *(c["role"] if c["role"][0] else c["org"]))
    if c["role"][0]:
        reader.put(entry, "awarder", *c["org"])
    reader.put(entry, "date", *(c["start"] if c["start"][0] else c["end"]))
    reader.put(entry, "url", *c["url"])
    reader.put(entry, "note", *c["department"])
    return entry


def _service(default_role: str) -> Callable[..., dict[str, Any] | None]:
    def build(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
              ) -> dict[str, Any] | None:
        c = _common(reader, s, at)
        if not _named(reader, c, item_at, f"a {default_role.lower()}"):
            return None
        entry = reader.entry(item_at)
        reader.put(entry, "role", *(c["role"] if c["role"][0] else (default_role, at)))
        reader.put(entry, "organization", *c["org"])
        reader.put(entry, "note", *c["department"])
        _dates(reader, entry, c)
        return entry
    return build


BUILDERS: dict[str, Callable[..., dict[str, Any] | None]] = {
    "employments": _position, "invited-positions": _position, "educations": _education,
    "qualifications": _qualification, "distinctions": _distinction,
    "memberships": _service("Member"), "services": _service("Service"),
}


def fundings(reader: Reader, section: dict[str, Any], where: PathKey) -> list[dict[str, Any]]:
    """A profile has no grants section: a funding is an award (the funder awarded it), with
    its type, grant number and period in the note."""
    awards = []
    for group_at, group in reader.items(section, where, "group"):
        copies = reader.items(group, group_at, "funding-summary")
        if not copies:
            reader.note(group_at, "a funding group without a summary; not imported")
            continue
        at, s = preferred(copies)
        title, title_at = reader.text(s, at, "title", "title")
        if not title:
            title, title_at = reader.text(s, at, "title", "translated-title")
        if not title:
            reader.note(group_at, "a funding without a title; not imported")
            continue
        award = reader.entry(group_at)
        reader.put(award, "title", title, title_at)
        reader.put(award, "awarder", *reader.text(s, at, "organization", "name"))
        start = reader.date(s, at, "start-date")
        end = reader.date(s, at, "end-date")
        reader.put(award, "date", start or end, at + ("start-date" if start else "end-date",))
        numbers = [reader.text(e, e_at, "external-id-value")[0] for e_at, e in reader.items(
            reader.mapping(s, at, "external-ids"), at + ("external-ids",), "external-id")
            if enum(step(e, "external-id-type")) == "grant-number"]
        kind = enum(step(s, "type")).replace("-", " ").capitalize() or "Funding"
        grants = ", ".join(dict.fromkeys(n for n in numbers if n))
        note = ", ".join(filter(None, [f"{kind} {grants}" if grants else kind,
                                       f"{start} – {end}" if start and end else None]))
        reader.put(award, "note", note, at)
        reader.put(award, "url", *reader.url(s, at, "url"))
        awards.append(award)
    if awards:
        reader.note(where, f"{counted(len(awards), 'funding')} imported as "
                    f"{'an award' if len(awards) == 1 else 'awards'} (a profile has no grants "
                    "section)", GUESSED)
    return awards
