"""Exporters: one small module per format, each with the same face, found by a registry.

An exporter is pure: it turns a ``Document`` into bytes (plus side files) and writes nothing.
It declares what it is, so the CLI, the library and bundles hold no per-format rule:

- ``name``, ``suffix``, ``default_theme``;
- ``options``: the export options it reads (``pdf_variant``, ``obfuscate_email`` ...);
- ``own_process``: slow enough to be laid out in a forked process beside the others;
- ``paged``: laid out in pages, so ``--fit-pages`` may leave entries out for it;
- ``letters``: whether it can render a cover letter (bundles);
- ``designs``: whether it reads a theme's design file (``cvkit.profile.design``);
- ``compile(path)``: optional, turns the written file into a PDF (``--compile``);
- ``companion_dirs``: where other formats' files go beside it (a Jekyll site's ``files/``);
- ``owned_dirs``: folders it writes whole, whose other files it reports as stale;
- ``warm()``: optional, loads what is slow once, before bundle workers are forked;
- ``prepare(doc, ctx)`` and ``finish(prepared, ctx)``: optional, ``render`` in two halves, so
  a format laid out in its own process gets only what ``prepare`` made here (a page of HTML),
  not the document; with ``later(doc, ctx, prepared)`` too, ``finish`` takes a third
  argument, a callable giving what ``later`` made here while the worker began (the PDF's
  attached profile).

Built-ins are imported lazily so ``cvkit validate`` never pays for WeasyPrint or python-docx;
third parties add formats with the ``cvkit.exporters`` entry-point group (and may keep their
templates in their own package: ``templates_dir``).

May import: support, document, profile, view.
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cvkit.profile.options import ExportOptions
from cvkit.support import packages
from cvkit.support.clock import source_date as source_date
from cvkit.support.errors import ExportError
from cvkit.support.suggest import unknown_name

if TYPE_CHECKING:
    from cvkit.document import Document
    from cvkit.profile.options import Embedding


@dataclass(frozen=True)
class RenderContext:
    theme: str = ""  # "" means the exporter's default
    templates: Path | None = None  # user folder overriding any template file
    base_dir: Path = Path(".")  # the profile's folder: the only place files may come from
    options: ExportOptions = field(default_factory=lambda: ExportOptions())
    as_of: _dt.datetime = field(default_factory=lambda: source_date())
    file_stem: str = ""  # the name the main file will have, so a file can name itself
    embedded: Embedding | None = None  # attach the profile (the PDF's own; see cvkit.profile.embed)
    # Files the output folder will hold beside this one's main file (the other formats'
    # main files of the same run, and files already there), so a page links only those.
    beside: frozenset[str] = frozenset()

    def option(self, name: str, default: Any = None) -> Any:
        """A field of the options (a format reads those it declares), or ``default``."""
        value = getattr(self.options, name, None)
        return default if value is None else value


@dataclass
class Artifact:
    """What an exporter produced: the main file's bytes plus files that go beside it."""

    data: bytes
    suffix: str
    # Files that go with it, by path relative to the output folder (assets/style.css).
    side_files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)  # e.g. pages


class Exporter(Protocol):
    name: str
    suffix: str
    default_theme: str

    def render(self, doc: Document, ctx: RenderContext) -> Artifact: ...


class BaseExporter:
    """Defaults for what an exporter declares; subclassing it is optional."""

    name = ""
    suffix = ""
    default_theme = "default"
    options: tuple[str, ...] = ()
    own_process = False
    letters = False
    designs = False  # reads a theme's design file (colours, fonts, sizes, section order)
    companion_dirs: dict[str, str] = {}  # noqa: RUF012 - other formats' files go here
    owned_dirs: tuple[str, ...] = ()  # folders it writes whole: others' files there are stale
    templates_dir: Path | None = None  # a third party's own folder holding <name>/base/
    attaches_profile = False  # carries the profile it was made from (ctx.embedded)
    paged = False  # laid out in pages: --fit-pages may leave entries out for it


@dataclass(frozen=True)
class Traits:
    options: tuple[str, ...] = ()
    own_process: bool = False
    letters: bool = False
    designs: bool = False
    compiles: bool = False
    templates_dir: Path | None = None
    companion_dirs: dict[str, str] = field(default_factory=dict)
    owned_dirs: tuple[str, ...] = ()
    warm: Callable[[], None] | None = None
    prepares: bool = False
    attaches_profile: bool = False
    follows_up: bool = False  # prepares, and makes the rest ``later``
    paged: bool = False


def traits(exporter: Exporter) -> Traits:
    """What ``exporter`` declares, with the defaults for what it leaves out: the one place
    that reads an exporter's declarations."""
    return Traits(tuple(getattr(exporter, "options", ())),
                  bool(getattr(exporter, "own_process", False)),
                  bool(getattr(exporter, "letters", False)),
                  bool(getattr(exporter, "designs", False)),
                  callable(getattr(exporter, "compile", None)),
                  getattr(exporter, "templates_dir", None),
                  dict(getattr(exporter, "companion_dirs", {})),
                  tuple(getattr(exporter, "owned_dirs", ())),
                  getattr(exporter, "warm", None),
                  callable(getattr(exporter, "prepare", None))
                  and callable(getattr(exporter, "finish", None)),
                  bool(getattr(exporter, "attaches_profile", False)),
                  callable(getattr(exporter, "later", None))
                  and callable(getattr(exporter, "prepare", None)),
                  bool(getattr(exporter, "paged", False)))


BUILTIN: dict[str, str] = {
    "markdown": "cvkit.exporters.markdown:MarkdownExporter",
    "text": "cvkit.exporters.text:TextExporter",
    "pdf": "cvkit.exporters.pdf:PdfExporter",
    "html": "cvkit.exporters.html:HtmlExporter",
    "docx": "cvkit.exporters.docx:DocxExporter",
    "latex": "cvkit.exporters.latex:LatexExporter",
    "jsonresume": "cvkit.exporters.jsonresume:JsonResumeExporter",
    "jekyll": "cvkit.exporters.jekyll:JekyllExporter",
    "bibtex": "cvkit.exporters.bibtex:BibtexExporter",
}
# "all" expands to these, in this order.
ALL_FORMATS = ("html", "pdf", "docx", "latex", "markdown", "text", "jsonresume", "bibtex")


def _entry_points() -> dict[str, str]:
    return packages.entry_points("cvkit.exporters")


def available() -> list[str]:
    return sorted({**BUILTIN, **_entry_points()})


# A format "all" leaves out, unless an option only it reads is given (-f all --jekyll-style).
ALL_WITH_OPTION = {"jekyll_style": "jekyll"}


def expand_formats(formats: list[str], extra: dict[str, Any] | None = None) -> list[str]:
    """``-f pdf -f docx``, ``-f pdf,docx`` and ``-f PDF`` all name the same formats."""
    out: list[str] = []
    wanted = [part.strip().lower() for f in formats for part in f.split(",") if part.strip()]
    also = tuple(name for option, name in ALL_WITH_OPTION.items()
                 if (extra or {}).get(option) not in (None, False))
    for f in wanted:
        for name in (ALL_FORMATS + also if f == "all" else (f,)):
            if name not in out:
                out.append(name)
    return out


def warm(formats: list[str]) -> None:
    """Load what the named formats need (their ``warm()``) once, in this process: every
    render after it, and every process forked after it, starts with it loaded. A name that is
    no format is left for the export to report."""
    for name in expand_formats(formats):
        try:
            ready = traits(get(name)).warm
        except ExportError:
            continue
        if ready is not None:
            ready()


_LOADED: dict[str, Exporter] = {}


def get(name: str) -> Exporter:
    if name in _LOADED:
        return _LOADED[name]
    target = BUILTIN.get(name) or _entry_points().get(name)
    if target is None:
        raise ExportError(unknown_name("format", name, available() + ["all"]))
    module_name, _, attr = target.partition(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), attr)()
    _LOADED[name] = exporter
    return exporter


def render_checked(exporter: Exporter, doc: Document, ctx: RenderContext) -> Artifact:
    """Render, turning a broken (user) template into a located ExportError."""
    with template_errors(exporter):
        return exporter.render(doc, ctx)


@contextmanager
def template_errors(exporter: Exporter) -> Iterator[None]:
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or "template"
        raise ExportError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ExportError(f"{exporter.name} template error: {exc}") from None
