"""A registry's fields written into one publication where the user wrote nothing.

A field counts as written when it has a value (not null, an empty string or an empty list);
a written field is never changed. Each value is checked against the profile model's own
type for that field before it goes in (a registry's odd value is dropped, not written).
New keys go where the model orders them (authors after the title, not at the end), into
the round-trip YAML the user wrote, so comments and the order of what was there stay; the
full-line comments above the key a new one is put before stay above that key.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from functools import lru_cache
from typing import Any

from cvkit.profile.model import Publication

# What enrich can fill: profile fields, named as the registries' readers name them.
FILLABLE = ("title", "authors", "editors", "venue", "kind", "date", "volume", "issue",
            "pages", "article_number", "series", "edition", "publisher", "publisher_place",
            "institution", "thesis_type", "isbn", "arxiv")
# Only for these kinds: a journal article's ISSN or an ISBN on a paper is noise in a CV.
ONLY_FOR = {"isbn": {"book", "chapter"}, "edition": {"book", "chapter"},
            "series": {"book", "chapter", "conference"}, "thesis_type": {"thesis"},
            "institution": {"thesis", "report"}}


@lru_cache(maxsize=1)
def _model_order() -> tuple[str, ...]:
    return tuple(Publication.model_fields)


@lru_cache(maxsize=64)
def _adapter(name: str) -> Any:
    from pydantic import TypeAdapter

    annotation = Publication.model_fields[name].annotation  # None only for a field with none
    return TypeAdapter(Any if annotation is None else annotation)


def written(entry: Any, key: str) -> bool:
    return entry.get(key) not in (None, "", [], {})


def _valid(name: str, value: Any) -> bool:
    try:
        _adapter(name).validate_python(value)
    except (ValueError, TypeError):
        return False
    return True


def _people(found: list[dict[str, Any]], field: str) -> list[Any] | None:
    """Names, each with its ORCID iD where there is one the model takes (a place for it, a
    right check digit); None where the names themselves are not valid."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    names = [p["name"] for p in found]
    if not _valid(field, names):
        return None
    out = CommentedSeq()
    for person in found:
        identified = {"name": person["name"], "orcid": person.get("orcid")}
        if person.get("orcid") and _valid(field, [identified]):
            shown = CommentedMap(identified)
            shown.fa.set_flow_style()  # {name: Ada Park, orcid: 0000-...}: one line each
            out.append(shown)
        else:
            out.append(person["name"])
    return out


def _target(name: str) -> str | None:
    """The profile field of that name; None if the model has none (nothing is filled)."""
    return name if name in _model_order() else None


def _same_number(a: Any, b: Any) -> bool:
    return str(a).strip().lstrip("eE") == str(b).strip().lstrip("eE")


def planned(entry: Any, found: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """The profile fields and values ``found`` would add to ``entry``."""
    kind = entry.get("kind") or found.get("kind")
    out: dict[str, Any] = {}
    for name in allowed:
        field = _target(name)
        if name not in found or field is None or written(entry, field) or field in out:
            continue
        if name in ONLY_FOR and kind not in ONLY_FOR[name]:
            continue
        value = found[name]
        if name == "article_number" and written(entry, "pages") and \
                _same_number(entry.get("pages"), value):
            continue  # the user wrote the article number as the pages
        if name == "pages" and written(entry, "article_number") and \
                _same_number(entry.get("article_number"), value):
            continue
        if name in ("authors", "editors"):
            value = _people(value, field)
        elif not _valid(field, value):
            value = None
        if value is not None:
            out[field] = value
    if out.get("kind") == "preprint" and not written(entry, "status"):
        out["status"] = "preprint"  # as the ORCID import writes a preprint
    return out


def apply(entry: MutableMapping[str, Any], values: dict[str, Any]) -> None:
    """Put ``values`` into ``entry`` in the model's order among the keys already there."""
    order = _model_order()
    rank = {k: i for i, k in enumerate(order)}
    for key, value in sorted(values.items(), key=lambda kv: rank.get(kv[0], len(order))):
        if key in entry:  # written as null or empty: the value goes where it was
            entry[key] = value
            continue
        keys = list(entry)
        position = next((i for i, k in enumerate(keys)
                         if rank.get(k, len(order)) > rank.get(key, len(order))), len(keys))
        _insert(entry, position, key, value)


def _insert(entry: MutableMapping[str, Any], position: int, key: str, value: Any) -> None:
    insert = getattr(entry, "insert", None)
    if insert is None:  # a plain dict (an import's data before it is written)
        items = list(entry.items())
        items.insert(position, (key, value))
        entry.clear()
        entry.update(items)
        return
    keys = list(entry)
    insert(position, key, value)
    if 0 < position < len(keys):
        _keep_comments_above(entry, keys[position - 1], key)


def _tail(entry: Any, key: str, make: bool = False) -> tuple[list[Any], int] | None:
    """Where ruamel keeps the comment that follows ``key``'s value: the key's own slot for
    a scalar, the last item's for a block list."""
    from ruamel.yaml.comments import CommentedSeq

    value = entry[key]
    if isinstance(value, CommentedSeq) and len(value) and not value.fa.flow_style():
        items = value.ca.items
        if make:
            items.setdefault(len(value) - 1, [None, None, None, None])
        return (items[len(value) - 1], 0) if len(value) - 1 in items else None
    if isinstance(value, str | int | float):
        if make:
            entry.ca.items.setdefault(key, [None, None, None, None])
        return (entry.ca.items[key], 2) if key in entry.ca.items else None
    return None


def _keep_comments_above(entry: Any, before: str, new: str) -> None:
    """ruamel keeps full-line comments above a key as the tail of the previous key's
    comment: moved to follow the new key, they stay above the key they were written over.
    On any surprise in ruamel's comment structure the comments stay where they were (kept,
    one key higher)."""
    try:
        from ruamel.yaml.tokens import CommentToken

        held = _tail(entry, before)
        token = held[0][held[1]] if held else None
        if held is None or token is None:
            return
        eol, newline, rest = token.value.partition("\n")
        if not newline or not rest.strip():
            return
        target = _tail(entry, new, make=True)
        if target is None or target[0][target[1]] is not None:
            return
        target[0][target[1]] = CommentToken("\n" + rest, token.start_mark, None)
        if eol.strip():
            token.value = eol + "\n"
        else:
            held[0][held[1]] = None
    except Exception:  # noqa: BLE001 - comment placement only: never lose the fill for it
        return
