"""Pydantic's validation errors as the problems a person can act on: the place in their file,
the field path, what was expected in their words, and a "did you mean"."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cvkit.document.authors import listed_names
from cvkit.support.errors import PathKey, Problem, format_path
from cvkit.support.suggest import closest, did_you_mean


class Source(typing.Protocol):
    """What a problem is located in: a file read with positions
    (``cvkit.profile.source.Source``)."""

    file: Path | None
    data: Any

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        ...


def problems_from(errors: list[Any], source: Source, model: type[BaseModel]) -> list[Problem]:
    """One located problem per mistake, in file order."""
    problems = [_problem_from(err, source, model)
                for err in _one_per_union(errors, source.data)]
    problems = list({(p.path, p.message): p for p in problems}.values())
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _is_tag(part: Any) -> bool:
    """A union member's name in a pydantic location (Bullet, str, function-after[...]), not
    a field: field names are lower case."""
    return isinstance(part, str) and (part[:1].isupper() or part in ("str", "int", "float",
                                                                     "bool", "list", "dict")
                                      or part.startswith(("function-", "list[", "dict[")))


def _first_tag(loc: tuple[Any, ...], data: Any) -> int | None:
    """Where a union member's name sits in ``loc``; a key the user wrote (an unknown field
    "B and C" from an unquoted comma) is never one, however it is spelled."""
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif _is_tag(part):
            return i
        else:
            node = None
    return None


def _one_per_union(errors: list[Any], data: Any = None) -> list[Any]:
    """A value that fits no member of a union (a highlight: text or a bullet) gets the
    errors of the member its shape matches, or one message naming every shape."""
    by_place: dict[tuple[Any, ...], list[Any]] = {}
    plain: list[Any] = []
    for err in errors:
        loc = tuple(err["loc"])
        cut = _first_tag(loc, data)
        if cut is None:
            plain.append(err)
        else:
            by_place.setdefault(loc[:cut], []).append(
                {**err, "loc": loc[:cut] + loc[cut + 1:], "branch": loc[cut]})
    for place, errs in by_place.items():
        shaped = [e for e in errs if e["type"] not in _TYPE_ERRORS or len(e["loc"]) > len(place)]
        if shaped:
            plain.extend(shaped)  # the value has a member's shape: that member's errors
        else:
            branches = sorted({_shape(e) for e in errs})
            plain.append({**errs[0], "type": "union_shapes", "msg": "expected "
                          + " or ".join(branches)})
    return plain


_TYPE_ERRORS = {"string_type", "model_type", "dict_type", "list_type", "int_type",
                "bool_type", "model_attributes_type", "float_type"}


def _shape(err: Any) -> str:
    branch = str(err.get("branch", ""))
    if branch == "str" or branch.startswith("function-"):
        return "text"
    return EXAMPLES.get(branch, "a " + branch.lower())


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Keep the parts of a pydantic location that exist in the data (drops union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier() \
                and not part.startswith(("function-", "str", "list", "dict", "int")):
            out.append(part)  # a missing or unknown field: name it
            node = None
        else:
            continue
    return tuple(out)


def _problem_from(err: Any, source: Source, model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    typ = str(err["type"])
    if typ.startswith("field:"):
        loc = loc + (typ.split(":", 1)[1],)
    path = _data_path(loc, source.data)
    hint = ""
    if typ == "extra_forbidden":
        line, column = source.locate(path, key=True)
        fields = _fields_at(model, path[:-1], source.data)
        close = [name for name in SYNONYMS.get(str(path[-1]), ()) if name in fields][:1] \
            or [name for name in [closest(str(path[-1]), fields)] if name]
        message = f"unknown field {path[-1]!r}"
        hint = (f"did you mean {close[0]!r}?" if close
                else _cut_at_comma(path, source.data)
                or "allowed here: " + ", ".join(sorted(fields)))
    elif typ == "missing":
        line, column = source.locate(path[:-1])
        message = f"missing required field {path[-1]!r}"
    else:
        line, column = source.locate(path)
        message = _describe(err)
        written = getattr(source, "written", {}).get(path)
        if typ == "number_as_text" and written is not None:
            message = (f"YAML reads the unquoted {written} as the number {err['input']!r}, "
                       f"not as written; write it in quotes: '{written}'")
        if typ == "literal_error" and isinstance(err.get("input"), str):
            allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            hint = did_you_mean(err["input"], allowed).rstrip()
    return Problem(source.file, line, column, format_path(path), message, hint)


def _cut_at_comma(path: PathKey, data: Any) -> str:
    """In ``{title: A, B and C}`` an unquoted comma ends the value: "B and C" becomes a key
    without a value. Say so, with the value quoted whole."""
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if not isinstance(parent, dict) or parent.get(path[-1], "") is not None:
        return ""
    keys = list(parent)
    at = keys.index(path[-1])
    if at == 0 or not isinstance(parent[keys[at - 1]], str) or " " not in str(path[-1]):
        return ""
    whole = f"{parent[keys[at - 1]]}, {path[-1]}".replace("'", "''")
    return (f"an unquoted comma inside {{...}} ends a value; quote the value whole: "
            f"{keys[at - 1]}: '{whole}'")


# Names people bring from JSON Resume, RenderCV and LinkedIn exports, and ours for them
# (the first one that exists where the unknown name was written is suggested).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("position", "degree", "course", "role"), "jobTitle": ("position",),
    "company": ("organization",), "employer": ("organization",), "org": ("organization",),
    "name": ("organization", "institution", "language", "category", "course", "title"),
    "school": ("institution",), "university": ("institution",), "college": ("institution",),
    "studyType": ("degree",), "area": ("field",), "major": ("field",), "score": ("gpa",),
    "year": ("date",), "releaseDate": ("date",), "startDate": ("start",),
    "endDate": ("end",), "start_date": ("start",), "end_date": ("end",),
    "level": ("fluency",), "proficiency": ("fluency",), "keywords": ("items", "tags"),
    "skills": ("items",), "description": ("summary", "text", "note", "abstract"),
    "highlights": ("contributions", "items"), "bullets": ("highlights", "items"),
    "publisher": ("venue",), "journal": ("venue",), "conference": ("venue",),
    "booktitle": ("book_title", "venue"), "eid": ("article_number",),
    "address": ("publisher_place",), "place": ("publisher_place",), "editor": ("editors",),
    "website": ("url",), "link": ("url", "links"),
    "awarder": ("organization",), "summary": ("about", "text", "note"),
    "label": ("headline",), "phone_number": ("phone",), "mail": ("email",),
    "type": ("kind",), "category": ("kind",), "ENTRYTYPE": ("kind",),
}

# What each kind of entry looks like, in the profile's own terms (for "expected ...").
EXAMPLES = {
    "SkillGroup": "a group like {category: Languages, items: [Python, Rust]}",
    "Language": "a language like {language: Spanish, fluency: Native} (or just Spanish)",
    "Bullet": "a bullet with sub-points like {text: Led the team, items: [Hired 3]}",
    "Publication": "a paper like {title: ..., authors: [Ada Park], venue: ..., date: 2025}",
    "Person": "a person like {name: Ada Park, orcid: 0000-0002-1825-0097}",
    "Position": "a position like {organization: Acme, position: Engineer, start: 2024-03}",
    "Role": "a role like {title: Engineer, start: 2022-01, end: 2024-03}",
    "Education": "a degree like {institution: ..., degree: Ph.D., start: 2019-09}",
    "Award": "an award like {title: Best Paper Award, date: 2025}",
    "NewsItem": "a news item like {date: 2025-07, text: Paper accepted}",
    "Project": "a project like {name: ..., start: 2023-01, highlights: [...]}",
    "SubProject": "a project like {name: ..., motivation: ..., contributions: [...]}",
    "Talk": "a talk like {title: ..., event: ..., date: 2025-05}",
    "Teaching": "a course like {course: ..., role: Teaching assistant, date: 2024}",
    "Service": "a role like {role: Reviewer, organization: NeurIPS, date: 2025}",
    "Patent": "a patent like {title: ..., number: US 1,234,567, date: 2024}",
    "Reference": "a reference like {name: ..., relation: PhD supervisor, email: ...}",
    "Contact": "contact details like {email: ada@example.org, location: Zürich}",
    "Layout": "layout settings like {locale: en, paper: a4}",
    "Variant": "a variant like {include_tags: [ml], max_pages: 1}",
}
_PLAIN_TYPES = {
    "string_type": "expected text", "int_type": "expected a whole number",
    "int_parsing": "expected a whole number", "float_type": "expected a number",
    "float_parsing": "expected a number", "bool_type": "expected true or false",
    "bool_parsing": "expected true or false", "dict_type": "expected a mapping (name: value)",
    "list_type": "expected a list", "string_too_short": "expected text, not an empty value",
    "too_short": "expected at least one item",
}


def _describe(err: Any) -> str:
    typ = err["type"]
    found = err.get("input")
    if typ == "union_shapes":
        return f"{err['msg']}; found {kind_of(found)}"
    if typ in ("model_type", "model_attributes_type"):
        name = str(err.get("ctx", {}).get("class_name", ""))
        return f"expected {EXAMPLES.get(name, 'a mapping of fields')}; found {kind_of(found)}"
    if typ == "list_type" and isinstance(found, str) and "," in found:
        items = ", ".join(listed_names(found))
        return f"write this as a list: [{items}]; found {kind_of(found)}"
    if typ == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        return f"expected one of {', '.join(allowed)}; found {kind_of(found)}"
    if typ in _PLAIN_TYPES:
        if typ == "too_short" and isinstance(found, dict | list):
            return _PLAIN_TYPES[typ]
        return f"{_PLAIN_TYPES[typ]}; found {kind_of(found)}"
    msg = str(err["msg"])
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[0].lower() + msg[1:] if msg else msg


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"boolean {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"text {short!r}"
    return f"{type(value).__name__} {value!r}"


def _fields_at(model: type[BaseModel], path: PathKey, data: Any) -> list[str]:
    """Field names of the model class found at ``path`` (for "did you mean")."""
    current: Any = model
    for part in path:
        current = _unwrap(current, isinstance(part, int))
        if current is None:
            return []
        if isinstance(part, str):
            info = current.model_fields.get(part)
            if info is None:
                return []
            current = info.annotation
    current = _unwrap(current, False)
    return list(current.model_fields) if current is not None else []


def _unwrap(tp: Any, index: bool) -> Any:
    """From an annotation, the model class (or the list item type when ``index``)."""
    seen = 0
    while seen < 10:
        seen += 1
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if _is_model(a) or typing.get_origin(a) is list]
            if not models:
                return None
            tp = models[0]
        elif origin is list:
            if not index:
                return None
            tp = typing.get_args(tp)[0]
            index = False
        elif _is_model(tp):
            return None if index else tp
        else:
            return None
    return None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


