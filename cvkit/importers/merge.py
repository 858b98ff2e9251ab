"""Imported data merged into a profile the user already has (``--into``).

The profile is read keeping its comments and order (ruamel's round trip). New entries are
added at the end of their section; an entry that is already there is updated field by
field: the same paper (DOI, arXiv id, or title), the same position (organization and start),
the same degree (institution and start), the same award (title and year). The user's own
wording wins where it is a choice (a paper's title, kind and venue, author marks); top-level
fields (name, about, contact) are only filled where the profile has none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cvkit.document.authors import without_marks


def _folded(text: Any) -> str:
    """A name or title as matched: accents, case, spacing and punctuation aside."""
    folded = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[^\w]+", "", "".join(c for c in folded if not unicodedata.combining(c)))


def _year(entry: Any) -> str:
    for key in ("date", "start"):
        if entry.get(key):
            return str(entry[key])[:4]
    return ""


def _keys(section: str, entry: Any) -> list[tuple[str, ...]]:
    """Every key the entry can be recognised by, strongest first."""
    if not isinstance(entry, dict):  # a short form (`languages: [English]`): its name
        return [("name", _folded(entry), "")]
    if section == "publications":
        keys: list[tuple[str, ...]] = [("doi", str(entry["doi"]).lower())] \
            if entry.get("doi") else []
        if entry.get("arxiv"):
            keys.append(("arxiv", str(entry["arxiv"]).split("v")[0]))
        # A title alone: the profile may not give the year the record gives. No title (a
        # .bib entry with only a DOI) is no key: two untitled papers are not the same one.
        title = _folded(entry.get("title"))
        return [*keys, ("title", title)] if title else keys
    if section == "experience":
        return [("org", _folded(entry.get("organization")), str(entry.get("start") or ""))]
    if section == "service":  # one role (member, chair) at several places
        return [("service", _folded(entry.get("role")), _folded(entry.get("organization")),
                 _year(entry))]
    if section == "education":
        return [("inst", _folded(entry.get("institution")), str(entry.get("start") or
                                                                   entry.get("date") or ""))]
    name = entry.get("title") or entry.get("name") or entry.get("language") or \
        entry.get("category") or entry.get("course") or entry.get("role")
    return [("name", _folded(name), _year(entry))]


# Fields of an entry that are the user's to choose once set.
_KEPT = {"title", "kind", "venue", "venue_tag", "tags", "hidden", "selected", "slug"}


@dataclass
class Merged:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def merge(document: Any, data: dict[str, Any]) -> Merged:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    result = Merged()
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            existing = document.get(key)
            if existing is None:
                existing = CommentedSeq()
                document[key] = existing
            index: dict[tuple[str, ...], Any] = {}
            for entry in existing:
                for k in _keys(key, entry):
                    index.setdefault(k, entry)
            for entry in value:
                target = next((index[k] for k in _keys(key, entry) if k in index), None)
                if target is None:
                    fresh = CommentedMap(entry)
                    existing.append(fresh)
                    for k in _keys(key, fresh):
                        index.setdefault(k, fresh)
                    result.added += 1
                elif not isinstance(target, dict):  # a short form the user wrote
                    fuller = _fuller(target, entry)
                    if fuller is None:
                        result.unchanged += 1
                        continue
                    existing[next(i for i, e in enumerate(existing) if e is target)] = fuller
                    result.updated += 1
                elif _update(target, entry):
                    result.updated += 1
                else:
                    result.unchanged += 1
        elif isinstance(value, dict):
            target = document.get(key)
            if target is None:
                document[key] = CommentedMap(value)
                continue
            for k, v in value.items():
                if k not in target:
                    target[k] = v
        elif isinstance(value, list):
            current = document.get(key)
            if current is None:
                document[key] = CommentedSeq(value)
            else:
                for item in value:
                    if item not in current:
                        current.append(item)
        elif key not in document:
            document[key] = value
    return result


def _name(person: Any) -> str:
    """An author as written: a name, or a name with its ORCID iD ({name, orcid})."""
    return str(person.get("name", "")) if isinstance(person, dict) else str(person)


def _fuller(short: Any, entry: dict[str, Any]) -> Any:
    """The entry that stands for a short-form one (`English`) where the import says more
    (a fluency), the name as the user wrote it; None where it says nothing more."""
    from ruamel.yaml.comments import CommentedMap

    name, *more = entry
    return CommentedMap({name: short, **{k: entry[k] for k in more}}) if more else None


def _update(target: Any, entry: dict[str, Any]) -> bool:
    changed = False
    for key, value in entry.items():
        if key == "authors" and [without_marks(_name(a)) for a in target.get(key, [])] \
                == [_name(a) for a in value]:
            continue  # the same names: the profile's marks (*, †) and ORCID iDs stay
        if key in _KEPT and target.get(key):
            continue
        if target.get(key) != value:
            target[key] = value
            changed = True
    return changed
