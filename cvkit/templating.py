"""Jinja2 environments per output format, with the template lookup chain.

Lookup runs: the user's ``--templates`` folder, then the theme's own
``themes/<theme>/<format>/`` (a design theme overrides only what differs), then
``templates/<format>/<theme>/`` (template sets such as Jekyll's styles), then the shared
``templates/<format>/base/``. Escaping is never done here: each environment is given its
format's escaper from ``cvkit.markup`` and applies it to every value a template prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from . import design, exporters
from .document import Document
from .errors import ExportError
from .resources import extension_dirs
from .suggest import unknown_name


class Safe(Markup):
    """Text already rendered for the target format; the finalizer leaves it alone.

    Non-HTML environments run with Jinja's autoescape on and a finalizer that returns each
    value escaped *for the target format* as Markup, so macro results (Markup) are not
    escaped twice and Jinja's own HTML escaping never touches our output.
    """


def _template_roots(fmt: str) -> list[Path]:
    """Folders that may hold ``<fmt>/<style>/`` templates: CVKIT_PATH's, a third-party
    format's own (``templates_dir``), then cvkit's."""
    roots = list(extension_dirs("templates"))
    if fmt not in exporters.BUILTIN:
        own = exporters.traits(exporters.get(fmt)).templates_dir
        if own is not None:
            roots.insert(len(roots) - 1, Path(own))
    return roots


def _styles(fmt: str) -> list[str]:
    """Template sets of a format that are not designs (Jekyll's academicpages and acad)."""
    return sorted({p.name for root in _template_roots(fmt) if (root / fmt).is_dir()
                   for p in (root / fmt).iterdir() if p.is_dir() and p.name != "base"})


def themes(fmt: str) -> list[str]:
    """What ``--theme`` may name for ``fmt``: every design, if the format reads designs, and
    the format's own template sets."""
    designs = design.names() if _designed(fmt) else []
    return sorted({*designs, *_styles(fmt)})


def _designed(fmt: str) -> bool:
    try:
        return exporters.traits(exporters.get(fmt)).designs
    except ExportError:
        return False


def search_path(fmt: str, theme: str, user_dir: Path | None) -> list[Path]:
    available = themes(fmt)
    if theme not in available:
        raise ExportError(unknown_name(f"{fmt} theme", theme, available))
    paths: list[Path] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise ExportError(f"--templates {user_dir}: no such folder")
        paths.append(user_dir)
    if _designed(fmt) and theme in design.theme_dirs():
        paths.append(design.theme_dirs()[theme] / fmt)
    roots = _template_roots(fmt)
    paths += [root / fmt / theme for root in roots]
    paths += [root / fmt / "base" for root in roots]
    return [p for p in paths if p.is_dir()]


def design_for(theme: str, fallback: str, doc: Document) -> design.Design:
    """The design ``theme`` names, with the profile's own choices (``layout.design``); a
    template set without a design file of its own (one on CVKIT_PATH, say) takes the format's
    default theme's design."""
    chosen = design.load(theme if theme in design.theme_dirs() else fallback)
    return chosen.with_options(doc.design_options) if doc.design_options else chosen


def environment(
    fmt: str,
    theme: str,
    user_dir: Path | None,
    *,
    escape: Callable[[str], str] | None,
    filters: dict[str, Callable[..., Any]],
    html: bool = False,
    options: dict[str, Any] | None = None,
) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(p) for p in search_path(fmt, theme, user_dir)])
    finalize = None
    if escape is not None:
        def finalize(value: Any) -> Any:
            if value is None:
                return Markup("")
            if isinstance(value, Markup):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return Markup(str(value))  # a count or a number in the format's own code
            return Markup(escape(str(value)))
    settings = (fmt, html, escape is not None, sorted((options or {}).items()))
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=_CompiledInMemory(repr(settings)),
        autoescape=html or escape is not None,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **(options or {}),
    )
    env.filters.update(filters)
    env.filters.update(css=_css, css_family=_css_family, pt=design.points)
    return env


class _CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, never on disk (nothing
    executable is read back from a file): a process that exports again (watch, serve,
    bundles, tests) compiles each template once. A bucket is named by the template's file
    and checked against its source, so an edited template is compiled afresh; ``settings``
    (the format and its lexer options) keeps environments that compile differently apart."""

    def __init__(self, settings: str) -> None:
        self.settings = settings

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = _COMPILED.get((self.settings, bucket.key))
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _COMPILED[(self.settings, bucket.key)] = (bucket.checksum, bucket.bytecode_to_string())


_COMPILED: dict[tuple[str, str], tuple[str, bytes]] = {}


def _css(colour: str) -> Markup:
    return Markup(design.css_colour(colour))


_GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def _css_family(name: str) -> Markup:
    return Markup(name if name in _GENERIC_FAMILIES else '"' + name.replace('"', "") + '"')
