"""Read YAML or JSON keeping the position of every value, and validate it into a model.

Every problem becomes a ``Problem`` with file, line, column and field path; all problems of a
file are raised together as one ``ProfileError``. Profiles are loaded by ``cvkit.profile.load``;
files cvkit ships (locales, designs) by ``load_data_file`` here.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cvkit.profile.model.types import has_control, strip_control
from cvkit.profile.problems import kind_of, problems_from
from cvkit.support import cache
from cvkit.support.errors import PathKey, Problem, ProfileError, format_path
from cvkit.support.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES, LimitError, too_deep

TEX_IN_DOUBLE_QUOTES = ("write the text in single quotes ('...') or as a `>-` block, where "
                        "a backslash is just a backslash")


M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass
class Source:
    """Plain data read from a file, with the position of every key and value."""

    file: Path | None
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # Numbers as written where YAML reads them otherwise (1.10 -> 1.1), for the messages.
    written: dict[PathKey, str] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """The closest known position for ``path`` (falls back to its parents)."""
        table = self.key_positions if key else self.positions
        for cut in range(len(path), -1, -1):
            pos = table.get(path[:cut]) if cut == len(path) else self.positions.get(path[:cut])
            if pos:
                return pos
        return (None, None)


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


def parse_source(text: str, file: Path | None) -> Source:
    """YAML 1.2 (and therefore JSON) into plain data plus positions."""
    if (where := too_deep(text)) is not None:
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

    node = _composed_in_c(text)
    try:
        if node is None:
            node = YAML(typ="safe", pure=True).compose(text)
    except RecursionError:  # nesting too_deep did not see, such as "- - - - ..." on a line
        raise ProfileError([Problem(file, None, None, "", "values nested too deeply to "
                                    "read; a profile needs fewer than ten levels")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        if "unknown escape character" in what:  # "\in", "\sqrt" between double quotes
            what += f"; {TEX_IN_DOUBLE_QUOTES}"
        raise ProfileError([Problem(file, line, column, "", f"YAML syntax error: {what}")]) \
            from None
    except YAMLError as exc:
        raise ProfileError([Problem(file, None, None, "", f"YAML error: {exc}")]) from None
    source = Source(file, None)
    if node is None:
        raise ProfileError([Problem(file, 1, 1, "", "file has no content; expected a mapping")])
    builder = _Builder(source, text)
    source.data = builder.build(node, ())
    if builder.problems:
        raise ProfileError(builder.problems)
    return source


# Line breaks in YAML 1.1 (libyaml) that YAML 1.2 reads as text: where one occurs, only the
# Python parser reads the profile as it is written.
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def _composed_in_c(text: str) -> Any:
    """The node tree from libyaml (ruamel.yaml.clib), far faster than ruamel's Python parser
    and the same tree: the tags come from the same YAML 1.2 resolver, and the positions from
    the same marks. None where the C parser is not installed, where the text has a line break
    only YAML 1.1 knows, or where libyaml refuses the text (a plain scalar with ':' in a flow
    list, which YAML 1.2 allows; or a real mistake): the Python parser then reads it, and says
    what is wrong exactly as before."""
    if any(ch in text for ch in _YAML11_BREAKS):
        return None
    from ruamel.yaml import YAML
    from ruamel.yaml.parser import Parser as PythonParser

    yaml = YAML(typ="safe")  # libyaml's parser where ruamel.yaml.clib is installed
    if yaml.Parser is PythonParser:
        return None
    try:
        return yaml.compose(text)
    except Exception:  # noqa: BLE001 - every refusal goes to the parser that explains it
        return None


def _is_empty(node: Any) -> bool:
    """A value left out (``key:`` and nothing), not a quoted empty string."""
    from ruamel.yaml.nodes import ScalarNode

    return isinstance(node, ScalarNode) and node.value == "" and not node.style


class _Builder:
    """Turns composed YAML nodes into plain data, counting nodes so alias bombs stop early."""

    def __init__(self, source: Source, text: str = ""):
        self.source = source
        self.text = text
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
                key_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.source.key_positions[path + (key,)] = key_position
                if _is_empty(value_node):
                    # Nothing after the colon: the key is where the value is missing (the
                    # parsers place an empty value differently, after the colon or on the
                    # next line).
                    self.source.positions[path + (key,)] = key_position
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
                number = int(value.replace("_", ""), 0) if not value.isdigit() else int(value)
            except ValueError:
                return value
            if str(number) != value:
                self.source.written[path] = value
            return number
        if tag.endswith(":float"):
            try:
                real = float(value)
            except ValueError:
                return value
            self.source.written[path] = value
            return real
        if node.style == '"' and (command := self._tex_command(node)):
            json = self.source.file is not None and self.source.file.suffix.lower() == ".json"
            fix = f"write the backslash twice (\\{command})" if json else TEX_IN_DOUBLE_QUOTES
            self.problems.append(self._problem(
                node, path, f"{command} is a TeX command inside double quotes, where "
                f"{'JSON' if json else 'YAML'} reads {command[:2]} as an escape; {fix}"))
            return value
        if has_control(value):
            self.source.warnings.append(self._problem(
                node, path, "control characters removed from the text"))
            value = strip_control(value)
        return value  # strings and timestamps stay text; the model parses dates itself

    def _tex_command(self, node: Any) -> str | None:
        """The first TeX command written inside a double-quoted scalar (``\\frac{``, or any
        command between dollars), which YAML has read as escapes (``\\f`` a form feed,
        ``\\t`` a tab); None where its backslashes are YAML's own ("line\\nNext")."""
        raw = self.text[node.start_mark.index:node.end_mark.index]
        if "\\" not in raw:
            return None
        math = [m.span() for m in re.finditer(r"\$[^$]*\$", raw)]
        for found in re.finditer(r"\\(?:\\|[A-Za-z]+)", raw):  # "\\\\" is one backslash
            if found.group() == "\\\\":
                continue
            if raw[found.end():found.end() + 1] == "{" or any(
                    start < found.start() < end for start, end in math):
                return found.group()
        return None

    def _problem(self, node: Any, path: PathKey, message: str) -> Problem:
        return Problem(self.source.file, node.start_mark.line + 1, node.start_mark.column + 1,
                       format_path(path), message)


def load_source(path: Path | str, what: str = "profile") -> Source:
    path = Path(path)
    text = read_text(path, what)
    return _cached("parsed", (path.suffix.lower(), text), path,
                   lambda: parse_source(text, path))


def _cached(kind: str, key: tuple[str, ...], path: Path, compute: Callable[[], T],
            keep: int | None = None) -> T:
    """``compute()``, kept in the user's cache under ``key`` and cvkit's code
    (``cvkit.support.cache``: private, authenticated, read back as model classes only).

    Reading YAML with every position and building the profile model's validators are most
    of a homepage export. A cached value holds its
    Source under no file name; ``path`` is put back on reading.
    """
    cached = cache.load_value(kind, key)
    if cached is not None:
        return _placed(cached, path)  # type: ignore[no-any-return]
    value = compute()
    cache.store_value(kind, key, _placed(value, None), keep=keep or cache.KEEP)
    return value


def _placed(value: T, file: Path | None) -> T:
    """The same parse (alone, or with what was made of it), naming ``file``."""
    if isinstance(value, tuple):
        return tuple(_placed(part, file) for part in value)  # type: ignore[return-value]
    if not isinstance(value, Source):
        return value
    return dataclasses.replace(value, file=file, warnings=[
        dataclasses.replace(w, file=file) for w in value.warnings])


def validate(source: Source, model: type[M], context: dict[str, Any] | None = None) -> M:
    if not isinstance(source.data, dict):
        line, column = source.locate(())
        raise ProfileError([Problem(source.file, line, column, "",
                                    f"expected a mapping of fields (name: ...), found "
                                    f"{kind_of(source.data)}")])
    try:
        made = model.model_validate(source.data, context=context)
    except ValidationError as exc:
        raise ProfileError(problems_from(exc.errors(), source, model)) from None
    if source.written and (changed := _numbers_changed(source, made)):
        raise ProfileError(changed)
    return made


def _numbers_changed(source: Source, made: BaseModel) -> list[Problem]:
    """Text fields YAML read as numbers it wrote back otherwise (a volume 010 printed as 10,
    a GPA 3.80 as 3.8): each a located mistake with its fix, never printed wrong."""
    found = []
    for path, written in source.written.items():
        value: Any = made
        for part in path:
            if isinstance(value, BaseModel) and isinstance(part, str):
                value = getattr(value, part, None) if part in type(value).model_fields \
                    else None
            elif isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
        if isinstance(value, str) and value != written:
            line, column = source.locate(path)
            found.append(Problem(source.file, line, column, format_path(path),
                                 f"YAML reads the unquoted {written} as a number, printed "
                                 f"{value}; write it in quotes: '{written}'"))
    return found


def load_data_file(path: Path, model: type[M], what: str) -> M:
    """A file cvkit ships or a user adds (a locale, a design), validated against ``model``.

    Read with the fast C YAML loader; only a file with a mistake is read again keeping
    positions, so the error has its line and column.
    """
    # Kept validated per version of the file: YAML in pure Python is slow, and building a
    # model's validators as slow again.
    stat = path.stat()
    key = (str(path.resolve()), str(stat.st_mtime_ns), str(stat.st_size), model.__name__)
    return _cached("data", key, path, lambda: _read_data_file(path, model, what), keep=64)


def _read_data_file(path: Path, model: type[M], what: str) -> M:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return model.model_validate(YAML(typ="safe").load(path.read_text("utf-8")))
    except (YAMLError, ValidationError, ValueError):
        return validate(load_source(path, what), model)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def json_source(path: Path, what: str) -> Source:
    """A JSON file (an ORCID record, hundreds of KB) as a Source: the data from ``json``,
    the positions from one pass over its tokens, far faster than composing it as YAML."""
    text = read_text(path, what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError([Problem(path, exc.lineno, exc.colno, "",
                                    f"invalid JSON: {exc.msg}")]) from None
    except RecursionError:  # ~1,000 levels; the scan for MAX_DEPTH costs more than a parse
        raise LimitError(path, "values nested too deeply to read; JSON nested a thousand "
                         "levels deep is refused") from None
    lines = [m.start() for m in re.finditer("\n", text)]
    positions: dict[PathKey, tuple[int, int]] = {}
    keys: dict[PathKey, tuple[int, int]] = {}
    stack: list[list[Any]] = []  # [container, key or index, expecting a key]
    path_now: list[Any] = []

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(lines, offset)
        return line + 1, offset - (lines[line - 1] + 1 if line else 0) + 1

    for found in _JSON_TOKEN.finditer(text):
        token, offset = found.group(), found.start()
        top = stack[-1] if stack else None
        if top is not None and top[0] == "{" and top[2]:
            if token.startswith('"'):
                top[1] = json.loads(token) if "\\" in token else token[1:-1]
                keys[(*path_now, top[1])] = where(offset)
                top[2] = False
            elif token == "}":
                stack.pop()
                if path_now:
                    path_now.pop()
            continue
        if token in (":",):
            continue
        if token == ",":
            if top is not None and top[0] == "{":
                top[2] = True
            elif top is not None:
                top[1] += 1
            continue
        if token in ("}", "]"):
            stack.pop()
            if stack and path_now:
                path_now.pop()
            continue
        here = tuple(path_now) + ((top[1],) if top is not None else ())
        positions.setdefault(here, where(offset))
        if token in ("{", "["):
            if top is not None:
                path_now.append(top[1])
            stack.append([token, 0 if token == "[" else None, token == "{"])
    return Source(path, data, positions, keys)
