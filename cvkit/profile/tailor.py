"""``tailor(profile, variant) -> profile``: every selection rule, in one pure function.

The view calls it for every document, so each format sees the same entries. In this order:
hidden entries go (so they never count), then tags, then ``selected_only`` and ``since`` for
publications, then ``max_entries`` (``experience.projects`` limits each position's
sub-projects, ``experience.highlights`` and ``projects.highlights`` each entry's
highlights); sections are reordered last. Before all of them, a
variant that names entries by id (``entries``) keeps only those in the sections it names
(a hidden entry stays hidden). Nothing else changes.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from cvkit.profile.entries import chosen
from cvkit.profile.model import Profile
from cvkit.profile.model.kinds import DEFAULT_SECTION_ORDER
from cvkit.profile.model.layout import Variant
from cvkit.profile.model.profile import Entry
from cvkit.support.errors import ExportError
from cvkit.support.suggest import unknown_name

# Sections that are lists of entries: every section key the profile holds as a list.
LIST_SECTIONS = tuple(key for key in DEFAULT_SECTION_ORDER
                      if typing.get_origin(Profile.model_fields[key].annotation) is list)

E = TypeVar("E", bound=Entry)


def keeps(entry: Entry, variant: Variant) -> bool:
    tags = set(entry.tags)
    if tags & set(variant.exclude_tags):
        return False
    if variant.include_tags and tags and not tags & set(variant.include_tags):
        return False
    return True


def _named(entries: Sequence[E], places: set[int] | None) -> Sequence[E]:
    """The entries a variant names by id (``cvkit.profile.entries``), where it names any."""
    return entries if places is None else [e for i, e in enumerate(entries) if i in places]


def _filter(entries: Sequence[E], variant: Variant) -> list[E]:
    # Hidden entries go first, so they never take one of max_entries' places.
    return [e for e in entries if not e.hidden and keeps(e, variant)]


def tailor(profile: Profile, variant: Variant) -> Profile:
    update: dict[str, Any] = {}
    named = chosen(profile, variant.entries) if variant.entries else {}
    for key in LIST_SECTIONS:
        entries = _filter(_named(getattr(profile, key), named.get(key)), variant)
        if key == "publications":
            if variant.selected_only:
                entries = [p for p in entries if p.selected]
            if variant.since is not None:
                entries = [p for p in entries if p.date is None or p.date.present
                           or p.date.year >= variant.since]
        if key == "experience":
            projects = variant.max_entries.get("experience.projects")
            entries = [e.model_copy(update={
                "projects": _filter(e.projects, variant)[:projects],
                "roles": [r for r in e.roles if not r.hidden]}) for e in entries]
        highlights = typing.cast(Mapping[str, int], variant.max_entries).get(
            f"{key}.highlights")
        if highlights is not None:
            entries = [e.model_copy(update={"highlights": e.highlights[:highlights]})
                       for e in entries]
        limit = variant.max_entries.get(key)
        if limit is not None:
            entries = entries[:limit]
        update[key] = entries
    layout_update: dict[str, Any] = {}
    if variant.sections is not None:
        layout_update["sections"] = list(variant.sections)
    if layout_update:
        layout = profile.layout.model_copy(update=layout_update)
        if "sections" in layout_update:
            # A variant's own order is a choice, as if the profile had written it.
            layout.model_fields_set.add("sections")
        update["layout"] = layout
    return profile.model_copy(update=update)


def variant_named(profile: Profile, name: str) -> Variant:
    if name not in profile.variants:
        raise ExportError(unknown_name("variant", name, profile.variants,
                                       none="none declared (add `variants:` to the profile)"))
    return profile.variants[name]
