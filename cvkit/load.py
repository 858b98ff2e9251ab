"""Read a profile (YAML or JSON) keeping source positions, and validate it into ``Profile``.

Every problem becomes a ``Problem`` with file, line, column and field path; all problems of a
file are raised together as one ``ProfileError``.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, ProfileError
from .model.types import has_control, strip_control

MAX_BYTES = 5 * 1024 * 1024
# A hand-written CV has a few thousand nodes; an alias bomb expands to billions.
MAX_NODES = 200_000
# The deepest a profile goes is about eight levels (experience → projects → highlights →
# children); the YAML and JSON parsers recurse once per level and overflow near a thousand.
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Source:
    """Plain data read from a file, with the position of every key and value."""

    file: Path | None
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """The closest known position for ``path`` (falls back to its parents)."""
        table = self.key_positions if key else self.positions
        for cut in range(len(path), -1, -1):
            pos = table.get(path[:cut]) if cut == len(path) else self.positions.get(path[:cut])
            if pos:
                return pos
        return (None, None)


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def read_text(path: Path, what: str = "profile") -> str:
    def fail(message: str, line: int | None = None, column: int | None = None) -> ProfileError:
        return ProfileError([Problem(path, line, column, "", message)])

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(f"no such file; expected a {what} (.yaml, .yml or .json)") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise fail(f"is a folder; expected a {what} file")
    if size > MAX_BYTES:
        raise fail(f"file is {size / 1e6:.1f} MB; a {what} larger than "
                   f"{MAX_BYTES // (1024 * 1024)} MB is refused", 1, 1)
    raw = path.read_bytes()
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        raise fail(f"looks like a binary file (NUL byte); expected a UTF-8 text {what}",
                   line, column)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position_of(raw, exc.start)
        raise fail(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                   line, column) from None
    if not text.strip():
        raise fail(f"file is empty; expected a {what} with at least a `name`", 1, 1)
    return text


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets or indentation first nest deeper than MAX_DEPTH, before any parser
    (each recursive) sees the text; None when the nesting is reasonable."""
    depth = 0
    quote = ""
    line, column = 1, 0
    indents: list[int] = []
    at_line_start = True
    indent = 0
    previous = "\n"
    for ch in text:
        column += 1
        if ch == "\n":
            line, column, at_line_start, indent = line + 1, 0, True, 0
            if quote == "#":
                quote = ""  # a comment ends with its line; quoted text may go on
            previous = ch
            continue
        if at_line_start:
            if ch == " ":
                indent += 1
                previous = ch
                continue
            at_line_start = False
            if ch != "#" and not quote and depth == 0:
                while indents and indents[-1] >= indent:
                    indents.pop()
                indents.append(indent)
                if len(indents) > MAX_DEPTH:
                    return line, column
        if quote:
            if ch == quote and previous != "\\":
                quote = ""
        elif ch == "#" and previous in " \t\n":
            quote = "#"  # a comment runs to the end of the line
        elif ch in "\"'" and previous in " \t\n[{,:-":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth + len(indents) > MAX_DEPTH:
                return line, column
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch
    return None


def parse_source(text: str, file: Path | None) -> Source:
    """YAML 1.2 (and therefore JSON) into plain data plus positions."""
    if (where := _too_deep(text)) is not None:
        raise ProfileError([Problem(file, *where, "", f"values nested more than {MAX_DEPTH} "
                                    "levels deep; a profile needs fewer than ten")])
    if file is not None and file.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError([Problem(file, exc.lineno, exc.colno, "",
                                        f"invalid JSON: {exc.msg}")]) from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(text)
    except RecursionError:  # nesting _too_deep did not see, such as "- - - - ..." on a line
        raise ProfileError([Problem(file, None, None, "", "values nested too deeply to "
                                    "read; a profile needs fewer than ten levels")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        raise ProfileError([Problem(file, line, column, "", f"YAML syntax error: {what}")]) \
            from None
    except YAMLError as exc:
        raise ProfileError([Problem(file, None, None, "", f"YAML error: {exc}")]) from None
    source = Source(file, None)
    if node is None:
        raise ProfileError([Problem(file, 1, 1, "", "file has no content; expected a mapping")])
    builder = _Builder(source)
    source.data = builder.build(node, ())
    if builder.problems:
        raise ProfileError(builder.problems)
    return source


class _Builder:
    """Turns composed YAML nodes into plain data, counting nodes so alias bombs stop early."""

    def __init__(self, source: Source):
        self.source = source
        self.count = 0
        self.problems: list[Problem] = []

    def build(self, node: Any, path: PathKey) -> Any:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self.count += 1
        if self.count > MAX_NODES:
            raise ProfileError([Problem(
                self.source.file, node.start_mark.line + 1, node.start_mark.column + 1,
                format_path(path), f"document expands to more than {MAX_NODES:,} values "
                "(nested YAML aliases?); refused")])
        self.source.positions.setdefault(path, (node.start_mark.line + 1,
                                                node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag.endswith(":merge"):
                    self.problems.append(self._problem(key_node, path, "YAML merge keys (<<) "
                                                       "are not supported; write the keys out"))
                    continue
                key = str(key_node.value)
                if key in out:
                    first = self.source.key_positions.get(path + (key,), (None, None))
                    self.problems.append(self._problem(
                        key_node, path + (key,),
                        f"duplicate key {key!r} (first at line {first[0]})"))
                    continue
                self.source.key_positions[path + (key,)] = (key_node.start_mark.line + 1,
                                                            key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: Any, path: PathKey) -> Any:
        tag, value = node.tag, node.value
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return value.lower() in ("true", "yes", "on")
        if tag.endswith(":int"):
            try:
                return int(value.replace("_", ""), 0) if not value.isdigit() else int(value)
            except ValueError:
                return value
        if tag.endswith(":float"):
            try:
                return float(value)
            except ValueError:
                return value
        if has_control(value):
            self.source.warnings.append(self._problem(
                node, path, "control characters removed from the text"))
            value = strip_control(value)
        return value  # strings and timestamps stay text; the model parses dates itself

    def _problem(self, node: Any, path: PathKey, message: str) -> Problem:
        return Problem(self.source.file, node.start_mark.line + 1, node.start_mark.column + 1,
                       format_path(path), message)


def load_source(path: Path | str, what: str = "profile") -> Source:
    path = Path(path)
    return parse_source(read_text(path, what), path)


def validate(source: Source, model: type[M], context: dict[str, Any] | None = None) -> M:
    if not isinstance(source.data, dict):
        line, column = source.locate(())
        raise ProfileError([Problem(source.file, line, column, "",
                                    f"expected a mapping of fields (name: ...), found "
                                    f"{_kind(source.data)}")])
    try:
        return model.model_validate(source.data, context=context)
    except ValidationError as exc:
        problems = [_problem_from(err, source, model) for err in _one_per_union(exc.errors())]
        problems = list({(p.path, p.message): p for p in problems}.values())
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ProfileError(problems) from None


def _is_tag(part: Any) -> bool:
    """A union member's name in a pydantic location (Bullet, str, function-after[...]), not
    a field: field names are lower case."""
    return isinstance(part, str) and (part[:1].isupper() or part in ("str", "int", "float",
                                                                     "bool", "list", "dict")
                                      or part.startswith(("function-", "list[", "dict[")))


def _one_per_union(errors: list[Any]) -> list[Any]:
    """A value that fits no member of a union (a highlight: text or a bullet) gets the
    errors of the member its shape matches, or one message naming every shape."""
    by_place: dict[tuple[Any, ...], list[Any]] = {}
    plain: list[Any] = []
    for err in errors:
        loc = tuple(err["loc"])
        cut = next((i for i, part in enumerate(loc) if _is_tag(part)), None)
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


def load_profile(path: Path | str, warnings: list[Problem] | None = None) -> Any:
    """Load and validate a profile file; raises ProfileError with every problem found.

    Problems that do not stop loading (control characters removed) go to ``warnings``.
    """
    from .model import Profile

    source = load_source(path)
    profile = validate(source, Profile)
    if warnings is not None:
        warnings.extend(source.warnings)
        warnings.extend(tex_warnings(source))
    return profile


def tex_warnings(source: Source) -> list[Problem]:
    """Formulas that may not reach TeX, and LaTeX commands cvkit does not know, located."""
    from . import richtext
    from .texmath import is_latex_text, latex_text_nodes, unsafe_reason

    found: list[Problem] = []

    def visit(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, path + (i,))
        elif isinstance(value, str) and ("$" in value or "\\" in value):
            line, column = source.locate(path)

            def warn(message: str) -> None:
                found.append(Problem(source.file, line, column, format_path(path), message))

            try:
                rich = richtext.parse(value)
            except richtext.UnsafeLinkError:
                return  # the model reports it where the field takes links
            for formula in richtext.formulas_in(rich):
                reason = unsafe_reason(formula.tex)
                if reason:
                    warn(f"formula '{formula.source}' is printed as typed, not typeset: "
                         f"{reason}")
            if is_latex_text(value):
                unknown: list[str] = []
                latex_text_nodes(value, unknown)
                for command in dict.fromkeys(unknown):
                    warn(f"LaTeX command {command} is not one cvkit reads; it stays as typed")

    visit(source.data, ())
    return found


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
            or difflib.get_close_matches(str(path[-1]), fields, n=1, cutoff=0.6)
        message = f"unknown field {path[-1]!r}"
        hint = (f"did you mean {close[0]!r}?" if close
                else "allowed here: " + ", ".join(sorted(fields)))
    elif typ == "missing":
        line, column = source.locate(path[:-1])
        message = f"missing required field {path[-1]!r}"
    else:
        line, column = source.locate(path)
        message = _describe(err)
        if typ == "literal_error" and isinstance(err.get("input"), str):
            allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            close = difflib.get_close_matches(err["input"], allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else ""
    return Problem(source.file, line, column, format_path(path), message, hint)


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
    "booktitle": ("venue",), "website": ("url",), "link": ("url", "links"),
    "awarder": ("organization",), "summary": ("about", "text", "note"),
    "label": ("headline",), "phone_number": ("phone",), "mail": ("email",),
}

# What each kind of entry looks like, in the profile's own terms (for "expected ...").
EXAMPLES = {
    "SkillGroup": "a group like {category: Languages, items: [Python, Rust]}",
    "Language": "a language like {language: Spanish, fluency: Native} (or just Spanish)",
    "Bullet": "a bullet with sub-points like {text: Led the team, items: [Hired 3]}",
    "Publication": "a paper like {title: ..., authors: [Ada Park], venue: ..., date: 2025}",
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
        return f"{err['msg']}; found {_kind(found)}"
    if typ in ("model_type", "model_attributes_type"):
        name = str(err.get("ctx", {}).get("class_name", ""))
        return f"expected {EXAMPLES.get(name, 'a mapping of fields')}; found {_kind(found)}"
    if typ == "list_type" and isinstance(found, str) and "," in found:
        items = ", ".join(part.strip() for part in found.split(","))
        return f"write this as a list: [{items}]; found {_kind(found)}"
    if typ == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        return f"expected one of {', '.join(allowed)}; found {_kind(found)}"
    if typ in _PLAIN_TYPES:
        if typ == "too_short" and isinstance(found, dict | list):
            return _PLAIN_TYPES[typ]
        return f"{_PLAIN_TYPES[typ]}; found {_kind(found)}"
    msg = str(err["msg"])
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[0].lower() + msg[1:] if msg else msg


def _kind(value: Any) -> str:
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


Validator = Callable[[Source], Any]
