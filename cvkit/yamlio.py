"""Writing profile YAML people like to read: schema line, model key order, block style.

Round-trip loading (ruamel.yaml) keeps a user's comments and order when an import merges
into an existing profile.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

SCHEMA_LINE = "# yaml-language-server: $schema={schema}\n"


def schema_uri() -> str:
    from .resources import resource_dir

    local = resource_dir("schemas") / "profile.schema.json"
    return local.as_uri() if local.is_file() else "profile.schema.json"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # one value per line: pleasant to edit and to diff
    yaml.allow_unicode = True
    return yaml


def prune(value: Any) -> Any:
    """Drop None, empty strings, lists and mappings, so the file has no `null`s."""
    if isinstance(value, dict):
        out = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [prune(v) for v in value if v not in (None, "", [], {})]
    return value


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order the model declares them (name first, layout last)."""
    from .model import Profile

    order = list(Profile.model_fields)
    return {k: data[k] for k in sorted(data, key=lambda k: order.index(k)
                                       if k in order else len(order))}


def dump_profile(data: dict[str, Any]) -> str:
    return SCHEMA_LINE.format(schema=schema_uri()) + dump_plain(data)


def dump_plain(data: dict[str, Any]) -> str:
    """Profile data as YAML with no schema line (which names a folder of this machine)."""
    buffer = io.StringIO()
    _yaml().dump(ordered(prune(data)), buffer)
    return buffer.getvalue()


def load_roundtrip(path: Path) -> Any:
    return parse_roundtrip(path.read_text("utf-8"))


def parse_roundtrip(text: str) -> Any:
    """YAML text with its comments and order, to edit and write back."""
    return _yaml().load(text)


def dump_roundtrip(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()
