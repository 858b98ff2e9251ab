"""Reference pages from the JSON Schemas (schemas/*.schema.json): every field with its
description, type, default, an example and, for the profile, which formats it reaches.

The schemas are generated from cvkit's model and tested current (tests/test_model.py), so
these pages follow the model. Where the schema gives a field no description, the words come
from docs/reference/fields.yaml; a field with neither, a word there for a field that no
longer exists, or an example that does not validate against its field is a problem the
build reports (``mkdocs build --strict`` fails on it). Examples come from fields.yaml, else
from the bundled example profiles (the shortest value written there), else from the
schema's own ``examples``. Which formats a field reaches is read from the measured table in
docs/reference/formats.md (scripts/field_table.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "docs" / "reference" / "fields.yaml"
TABLE = ROOT / "docs" / "reference" / "formats.md"
# A map's key in the paths (variants.<name>.theme) and in examples without a key of their own.
MAP_KEY = "<name>"
EXAMPLE_KEYS = {"variants": "one-page", "links": "code", "fields": "salutation",
                "titles": "awards", "labels": "present", "kind_titles": "conference",
                "author_marks": "*", "max_entries": "publications"}


# Descriptions the schema gives a kind of value (shown as the field's type), not a field.
_TYPE_HINTS = ("Inline Markdown", "2025, 2025-07", "Text as printed", "An image path")


@dataclass
class Field:
    path: str  # publications[].authors[].orcid
    name: str
    node: dict[str, Any]  # the property's schema, references unresolved
    required: bool
    children: list[Field] = field(default_factory=list)


@dataclass
class Schema:
    """One schema file and the words that complete it."""

    key: str  # profile, bundle, design
    data: dict[str, Any]
    words: dict[str, dict[str, Any]]
    problems: list[str] = field(default_factory=list)

    def said(self, path: str) -> dict[str, Any]:
        """What fields.yaml says of a field: under its path, else under ``*.NAME`` (a field
        every entry of several kinds has: tags, hidden, start ...)."""
        shared = {}
        if "." in path or "[]" in path:
            shared = self.words.get("*." + re.split(r"\.|\[\]", path)[-1], {})
        return {**shared, **self.words.get(path, {})}

    @property
    def defs(self) -> dict[str, Any]:
        return self.data.get("$defs", {})  # type: ignore[no-any-return]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def fields(self) -> list[Field]:
        return self._walk(self.data, "", 0)

    def _walk(self, model: dict[str, Any], prefix: str, depth: int) -> list[Field]:
        required = set(model.get("required", ()))
        found = []
        for name, node in model.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            item = Field(path, name, node, name in required)
            if depth < 8:
                for suffix, child in self._models(node, ""):
                    item.children += self._walk(child, path + suffix, depth + 1)
            found.append(item)
        return found

    def _models(self, node: dict[str, Any], suffix: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The objects with fields a value of ``node`` may be, and the path suffix to them."""
        node = self.resolve(node)
        if "properties" in node:
            yield suffix, node
        for key in ("anyOf", "oneOf", "allOf"):
            for member in node.get(key, ()):
                yield from self._models(member, suffix)
        if isinstance(node.get("items"), dict):
            yield from self._models(node["items"], suffix + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            yield from self._models(node["additionalProperties"], f"{suffix}.{MAP_KEY}")

    # -- what a field is ---------------------------------------------------------------------

    def description(self, item: Field) -> str:
        own = item.node.get("description") or self.resolve(item.node).get("description")
        if not own:
            for member in self._members(item.node):
                said = self.resolve(member).get("description", "")
                if "$ref" in member or not said.startswith(_TYPE_HINTS):
                    own = said or own
        if own and self.words.get(item.path, {}).get("description"):
            self.problems.append(f"{self.key}: {item.path} is described in the schema now: "
                                 f"remove its description from {WORDS.relative_to(ROOT)}")
        text = own or self.said(item.path).get("description")
        if not text:
            self.problems.append(f"{self.key}: {item.path} has no description: add one to the "
                                 f"model (Field(description=...)) or to "
                                 f"{WORDS.relative_to(ROOT)}")
            return ""
        return " ".join(str(text).split())

    def _members(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        members = node.get("anyOf") or node.get("oneOf") or [node]
        return [m for m in members if m.get("type") != "null"]

    def type_name(self, node: dict[str, Any]) -> str:
        if _is_date(node):
            return _DATE
        names = []
        for member in self._members(node):
            if "$ref" in member:
                name = member["$ref"].rsplit("/", 1)[-1]
                names.append(f"{_article(name)} {name} (its fields below)")
                continue
            names.append(self._plain_type(member))
        return " or ".join(dict.fromkeys(names))

    def _plain_type(self, node: dict[str, Any]) -> str:
        node = self.resolve(node)
        kind = node.get("type")
        hint = node.get("description", "")
        if "enum" in node:
            return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
        if _is_date(node):
            return _DATE
        if kind == "array":
            inner = node.get("items", {})
            if "$ref" in inner:
                return "a list of " + inner["$ref"].rsplit("/", 1)[-1] + " (its fields below)"
            return "a list, each " + self.type_name(inner)
        if kind == "object":
            keys = node.get("propertyNames", {}).get("enum")
            values = node.get("additionalProperties")
            of = self.type_name(values) if isinstance(values, dict) else "any value"
            if keys:
                return f"a map from {', '.join(f'`{k}`' for k in keys)} to {of}"
            return f"a map of names to {of}" if values is not True else "a map of anything"
        if isinstance(kind, list) and set(kind) == {"string", "integer"}:
            return "text or a whole number" + (": " + hint[0].lower() + hint[1:] if hint else "")
        if kind == "string":
            if node.get("format") == "uri":
                return "a URL (http, https or mailto)"
            if node.get("format") == "email":
                return "an email address"
            if hint.startswith("Inline Markdown"):
                return "text with inline Markdown (`**bold**`, `*italic*`, `` `code` ``, links)"
            if "pattern" in node and "png" in node["pattern"]:
                return "an image file's path, relative to the profile"
            if "pattern" in node and "orcid" in node["pattern"]:
                return "an ORCID iD (`0000-0002-1825-0097`, or its orcid.org address)"
            if "pattern" in node and node["pattern"].startswith("^[0-9A-Fa-f]"):
                return "a colour: six hex digits (`8A1538`)"
            return "text"
        if kind in ("integer", "number"):
            word = "a whole number" if kind == "integer" else "a number"
            low = node.get("minimum", node.get("exclusiveMinimum"))
            high = node.get("maximum", node.get("exclusiveMaximum"))
            if low is not None and high is not None:
                return f"{word} from {low} to {high}"
            return f"{word} of at least {low}" if low is not None else word
        if kind == "boolean":
            return "`true` or `false`"
        return str(kind or "any value")

    def default(self, node: dict[str, Any]) -> str | None:
        if "default" not in node:
            return None
        value = node["default"]
        if value in (None, [], {}, ""):
            return None
        return "`" + json.dumps(value, ensure_ascii=False) + "`"


_DATE = "a date: `2025`, `2025-07` or `2025-07-14` (an end may be `present`)"


def _is_date(node: dict[str, Any]) -> bool:
    """cvkit's partial date: a year, or text of the date pattern (with 'present')."""
    return any("pattern" in m and "present" in m["pattern"] for m in node.get("anyOf", ()))


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def load_schema(key: str) -> Schema:
    data = json.loads((ROOT / "schemas" / f"{key}.schema.json").read_text("utf-8"))
    every = _words()
    words = dict(every.get(key, {}))
    if key == "bundle":  # a bundle's variants are the profile's: the same words
        for path, said in every.get("profile", {}).items():
            if path.startswith("variants.<name>."):
                rest = path.removeprefix("variants.<name>.")
                for prefix in ("defaults.variant.", "applications[].variant."):
                    words.setdefault(prefix + rest, said)
    schema = Schema(key, data, words)
    known = {item.path for item in _flatten(schema.fields())}
    leaves = {re.split(r"\.|\[\]", path)[-1] for path in known}
    for path in words:
        if path not in known and not (path.startswith("*.") and path[2:] in leaves):
            schema.problems.append(f"{WORDS.relative_to(ROOT)}: {key}: {path} is no field of "
                                   f"schemas/{key}.schema.json")
    return schema


def _words() -> dict[str, Any]:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(WORDS.read_text("utf-8")) or {}  # type: ignore[no-any-return]


def _flatten(items: list[Field]) -> Iterator[Field]:
    for item in items:
        yield item
        yield from _flatten(item.children)


# -- examples -----------------------------------------------------------------------------------


def _tokens(path: str) -> list[str]:
    return [t for t in re.split(r"(\[\])|\.", path) if t]


def _values(data: Any, tokens: list[str], keys: tuple[str, ...] = ()
            ) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every value at ``tokens`` in ``data``, with the map keys met on the way."""
    if not tokens:
        yield data, keys
        return
    head, rest = tokens[0], tokens[1:]
    if head == "[]":
        for value in data if isinstance(data, list) else ():
            yield from _values(value, rest, keys)
    elif head == MAP_KEY:
        for key, value in (data.items() if isinstance(data, dict) else ()):
            yield from _values(value, rest, (*keys, str(key)))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, keys)


def _nest(value: Any, tokens: list[str], keys: tuple[str, ...]) -> Any:
    keys_left = list(keys)
    named = []
    for token in tokens:  # the map keys in order, from the example or the defaults
        if token == MAP_KEY:
            named.append(keys_left.pop(0) if keys_left else None)
    for token in reversed(tokens):
        if token == "[]":
            value = [value]
        elif token == MAP_KEY:
            key = named.pop()
            value = {key if key is not None else "NAME": value}
        else:
            value = {token: value}
    return value


# Where each schema's files are written in the repository: examples are read from them.
EXAMPLE_FILES = {"profile": "examples/*.yaml", "bundle": "examples/bundle/*.yaml",
                 "design": "themes/*/design.yaml"}


def example_files(key: str) -> list[Any]:
    from ruamel.yaml import YAML

    reader = YAML(typ="safe")
    return [reader.load(p.read_text("utf-8")) for p in sorted(ROOT.glob(EXAMPLE_FILES[key]))]


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str))


def example(schema: Schema, item: Field, profiles: list[Any]) -> str | None:
    """The example's YAML, the field in its place; None where there is none."""
    tokens = _tokens(item.path)
    written = schema.said(item.path)
    keys: tuple[str, ...] = ()
    if "example" in written:
        value = written["example"]
        keys = tuple(EXAMPLE_KEYS.get(tokens[i - 1], "NAME")
                     for i, token in enumerate(tokens) if token == MAP_KEY)
        _check_example(schema, item, value)
    else:
        found = [(v, k) for data in profiles for v, k in _values(data, tokens)
                 if v not in (None, "", [], {})]
        if found:
            value, keys = min(found, key=lambda pair: _size(pair[0]))
        else:
            given = [m.get("examples") for m in schema._members(item.node) if m.get("examples")]
            if not given:
                return None
            value = given[0][0]
    return _yaml(_nest(_trimmed(value), tokens, keys))


def _trimmed(value: Any) -> Any:
    """A long list shortened to its first three items (they show the form)."""
    if isinstance(value, list) and len(value) > 3:
        return value[:3]
    return value


def _check_example(schema: Schema, item: Field, value: Any) -> None:
    import jsonschema

    node = {"$defs": schema.defs, **item.node}
    for error in jsonschema.Draft202012Validator(node).iter_errors(value):
        schema.problems.append(f"{WORDS.relative_to(ROOT)}: {schema.key}: {item.path}: the "
                               f"example does not validate: {error.message}")


def _yaml(value: Any) -> str:
    import io

    from ruamel.yaml import YAML

    writer = YAML()
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.allow_unicode = True
    writer.width = 88
    out = io.StringIO()
    writer.dump(value, out)
    return out.getvalue().rstrip("\n")


# -- which formats a field reaches ---------------------------------------------------------------


# Fields that hold no text of their own, said once for the ones fields.yaml says nothing of.
_STEERING = {"layout.": "Not printed as such: it lays out the formats.",
             "variants.": "Not printed as such: it shapes what `--variant NAME` exports."}


def measured_table() -> tuple[list[str], dict[str, list[str]]]:
    """The headings of docs/reference/formats.md's table, and per field the ones it reaches."""
    text = TABLE.read_text("utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    headings = [cell.strip() for cell in rows[0].strip("|").split("|")][1:]
    reach: dict[str, list[str]] = {}
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if not cells[0].startswith("`"):
            continue
        reach[cells[0].strip("`")] = [h for h, c in zip(headings, cells[1:], strict=True)
                                      if c == "✓"]
    return headings, reach


def reach(schema: Schema, item: Field, table: dict[str, list[str]], every: int) -> str | None:
    """Which formats print the field: measured, or said in fields.yaml."""
    written = schema.said(item.path).get("reach")
    if written:
        return " ".join(str(written).split())
    for key in (item.path, item.path + "[]", item.path + ".code"):
        if key in table:
            shown = table[key]
            if not shown:
                return "none of the formats (measured)"
            if len(shown) == every:
                return "every format (measured)"
            return ", ".join(shown) + " (measured)"
    if item.children:
        return None  # its fields say
    for prefix, said in _STEERING.items():
        if item.path.startswith(prefix):
            return said
    schema.problems.append(f"{schema.key}: {item.path}: the measured table does not cover it; "
                           f"run python scripts/field_table.py --update, or say what it "
                           f"reaches in {WORDS.relative_to(ROOT)} (reach:)")
    return None
