"""Exporters: one small module per format, each with the same face, found by a registry.

An exporter is pure: it turns a ``Document`` into bytes (plus side files) and writes nothing.
Built-ins are imported lazily so ``cvkit validate`` never pays for WeasyPrint or python-docx;
third parties add formats with the ``cvkit.exporters`` entry-point group.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..clock import source_date as source_date
from ..errors import ExportError
from ..view import Document


@dataclass(frozen=True)
class RenderContext:
    theme: str = ""  # "" means the exporter's default
    templates: Path | None = None  # user folder overriding any template file
    base_dir: Path = Path(".")  # the profile's folder: the only place files may come from
    options: dict[str, Any] = field(default_factory=dict)
    as_of: _dt.datetime = field(default_factory=lambda: source_date())

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass
class Artifact:
    """What an exporter produced: the main file's bytes plus files that go beside it."""

    data: bytes
    suffix: str
    side_files: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes
    warnings: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)  # e.g. pages


class Exporter(Protocol):
    name: str
    suffix: str
    default_theme: str

    def render(self, doc: Document, ctx: RenderContext) -> Artifact: ...


BUILTIN: dict[str, str] = {
    "markdown": "cvkit.exporters.markdown:MarkdownExporter",
    "text": "cvkit.exporters.text:TextExporter",
    "pdf": "cvkit.exporters.pdf:PdfExporter",
    "html": "cvkit.exporters.html:HtmlExporter",
    "docx": "cvkit.exporters.docx:DocxExporter",
    "latex": "cvkit.exporters.latex:LatexExporter",
    "jsonresume": "cvkit.exporters.jsonresume:JsonResumeExporter",
    "jekyll": "cvkit.exporters.jekyll:JekyllExporter",
}
# "all" expands to these, in this order.
ALL_FORMATS = ("html", "pdf", "docx", "latex", "markdown", "text", "jsonresume")


def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group="cvkit.exporters")}


def available() -> list[str]:
    return sorted({**BUILTIN, **_entry_points()})


def get(name: str) -> Exporter:
    target = BUILTIN.get(name) or _entry_points().get(name)
    if target is None:
        close = difflib.get_close_matches(name, available(), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ExportError(f"unknown format {name!r}; {hint}available: "
                          + ", ".join(available() + ["all"]))
    module_name, _, attr = target.partition(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), attr)()
    return exporter
