"""What there is to choose from: the designs, the citation styles, the JSON Schemas. The CLI's
``themes``, ``styles`` and ``schema`` and the MCP server's tools of those names list them from
here; ``cvkit.build.api`` re-exports it all."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cvkit import exporters
from cvkit.support.errors import ExportError
from cvkit.support.suggest import unknown_name


@dataclass
class ThemeInfo:
    name: str
    description: str
    formats: list[str]  # the formats it styles


def themes() -> list[ThemeInfo]:
    """The designs there are (cvkit's and those on CVKIT_PATH)."""
    from cvkit.profile import design

    styled = [name for name in exporters.available()
              if exporters.traits(exporters.get(name)).designs]
    return [ThemeInfo(name, design.load(name).description, styled) for name in design.names()]


@dataclass
class StyleInfo:
    name: str
    title: str = ""
    alias_of: str | None = None  # a name people say for a style the collection files longer


def styles(search: str | None = None, limit: int | None = None) -> list[StyleInfo]:
    """The citation styles (the Citation Style Language collection) whose name or title
    holds ``search``, the names people say for some (``chicago``) first; the first
    ``limit`` of them."""
    from cvkit.support.styles import ALIASES, bundled, title

    word = (search or "").lower()
    found = [StyleInfo(alias, alias_of=name) for alias, name in ALIASES.items()
             if word in alias or word in name]
    for name, file in bundled().items():
        if limit is not None and len(found) >= limit:
            break
        said = title(file) if word and word not in name else ""
        if not word or word in name or word in said.lower():
            found.append(StyleInfo(name, said or title(file)))
    return found[:limit]


def schema(kind: str = "profile") -> dict[str, Any]:
    """The JSON Schema of a profile, a bundle file or a design (``cvkit.profile.schema.KINDS``)."""
    from cvkit.profile.schema import KINDS, schema_text

    if kind not in KINDS:
        raise ExportError(unknown_name("schema kind", kind, KINDS))
    parsed: dict[str, Any] = json.loads(schema_text(kind))
    return parsed
