"""Jinja2 environments per output format, with the template lookup chain.

Lookup runs: the user's ``--templates`` folder, then the theme's own
``themes/<theme>/<format>/`` (a design theme overrides only what differs), then
``templates/<format>/<theme>/`` (template sets such as Jekyll's styles), then the shared
``templates/<format>/base/``. Escaping is never done here: each environment is given its
format's escaper from ``cvkit.document.markup`` and applies it to every value a template prints.

cvkit's own templates are loaded as Python modules compiled when the package was built
(``cvkit.exporters.template_modules``); a user's, and any whose module is missing or was
made from another source, are compiled here, in memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from markupsafe import Markup

from cvkit import exporters
from cvkit.document import Document
from cvkit.exporters import template_modules
from cvkit.exporters.template_modules import COMMON, at_render, fingerprint
from cvkit.profile import design
from cvkit.support.errors import ExportError
from cvkit.support.resources import extension_dirs, resource_dir
from cvkit.support.suggest import unknown_name


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


def design_for(theme: str, fallback: str, doc: Document, *, photo_in_sidebar: bool = False
               ) -> design.Design:
    """The design ``theme`` names, with the profile's own choices (``layout.design``); a
    template set without a design file of its own (one on CVKIT_PATH, say) takes the format's
    default theme's design. ``photo_in_sidebar``: the format sets the photo in the sidebar
    (the PDF), so a photo alone keeps it."""
    chosen = design.load(theme if theme in design.theme_dirs() else fallback)
    chosen = chosen.with_options(doc.design_options) if doc.design_options else chosen
    return _without_empty_sidebar(chosen, doc, photo_in_sidebar)


def _without_empty_sidebar(chosen: design.Design, doc: Document, photo_in_sidebar: bool
                           ) -> design.Design:
    """No sidebar where nothing would stand in it (none of its sections, no photo the format
    sets there, no contact lines it holds): no format sets an empty column beside the main
    one."""
    if not chosen.sidebar:
        return chosen
    _, side = doc.columns(None, chosen.sidebar)
    if side or (photo_in_sidebar and doc.photo) or (chosen.sidebar_contact
                                                    and (doc.contact or doc.links)):
        return chosen
    return chosen.model_copy(update={"sidebar": []})


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
    env = jinja2.Environment(
        loader=_Loader(search_path(fmt, theme, user_dir)),
        autoescape=html or escape is not None,
        # Called while rendering only, never to fold a constant while compiling: compiled
        # code does not depend on them (see cvkit.exporters.template_modules).
        finalize=at_render(_finalizer(escape)) if escape is not None else None,
        undefined=jinja2.StrictUndefined,
        **COMMON,
        **(options or {}),
    )
    ours: dict[str, Callable[..., Any]] = {**filters, "css": _css, "css_family": _css_family,
                                           "pt": design.points}
    env.filters.update({name: at_render(func) for name, func in ours.items()})
    return env


def _finalizer(escape: Callable[[str], str]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if value is None:
            return Markup("")
        if isinstance(value, Markup):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Markup(str(value))  # a count or a number in the format's own code
        return Markup(escape(str(value)))
    return finalize


# Where the wheel (or an editable install's build) put the compiled template modules.
COMPILED_MODULES = Path(__file__).resolve().parent / "_compiled_templates"


# One ModuleLoader per folder of compiled modules, kept for the process: each puts a weak
# proxy of its package in sys.modules, and a loader collected as garbage kills its proxy
# under anyone walking a copy of sys.modules (hypothesis does, while it draws examples: a
# ReferenceError in a property test). A folder's modules were compiled for one environment's
# settings (its name holds them), so environments share a loader safely.
_MODULE_LOADERS: dict[Path, jinja2.ModuleLoader] = {}


class _Loader(jinja2.BaseLoader):
    """The lookup chain's folders in turn. A template found in a folder cvkit ships is
    served by its compiled module (Jinja's ModuleLoader) when the package was built with
    one for this environment and this very source; any other, a user's included, is
    compiled from its source, once per process (the code kept in memory, never on disk)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [(jinja2.FileSystemLoader(str(f)), _shipped_key(f)) for f in folders]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self._find(environment, template)[:3]

    def list_templates(self) -> list[str]:
        return sorted({name for loader, _ in self.folders for name in loader.list_templates()})

    def _find(self, environment: jinja2.Environment,
              name: str) -> tuple[str, str, Callable[[], bool], str | None]:
        for loader, key in self.folders:
            try:
                source, filename, uptodate = loader.get_source(environment, name)
            except jinja2.TemplateNotFound:
                continue
            assert filename is not None and uptodate is not None
            return source, filename, uptodate, key
        raise jinja2.TemplateNotFound(name)

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        source, filename, uptodate, key = self._find(environment, name)
        found = fingerprint(environment)
        template = None
        if key is not None and found is not None and template_modules.enabled():
            template = self._compiled(environment, found, key, name, source, globals or {})
        _SERVED[filename] = "source" if template is None else "compiled"
        if template is None:
            code = _from_source(environment, found, name, filename, source)
            template = environment.template_class.from_code(environment, code, globals or {},
                                                           uptodate)
        return template

    def _compiled(self, environment: jinja2.Environment, found: str, key: str, name: str,
                  source: str, globals: MutableMapping[str, Any]) -> jinja2.Template | None:
        shipped = template_modules.shipped(COMPILED_MODULES)
        module = shipped.module(found, key, name, source)
        if module is None or not shipped.intact(module):
            return None
        loader = _MODULE_LOADERS.get(module.folder)
        if loader is None:
            loader = _MODULE_LOADERS[module.folder] = jinja2.ModuleLoader(module.folder)
        try:
            return loader.load(environment, name, globals)
        except Exception:  # a module that does not load: its template's source does
            return None


def _shipped_key(folder: Path) -> str | None:
    """``templates/html/base`` for a folder of cvkit's own templates, None for any other."""
    where = folder.resolve()
    for kind, root in _resource_roots():
        if where.is_relative_to(root):
            return f"{kind}/{where.relative_to(root).as_posix()}"
    return None


@functools.cache
def _resource_roots() -> tuple[tuple[str, Path], ...]:
    return tuple((kind, resource_dir(kind).resolve()) for kind in ("templates", "themes"))


def _from_source(environment: jinja2.Environment, found: str | None, name: str,
                 filename: str, source: str) -> CodeType:
    """The template's code, compiled once per process for each way of compiling (the
    environment's fingerprint) and source."""
    checksum = hashlib.sha256(source.encode("utf-8")).hexdigest()
    kept = _IN_MEMORY.get((found, filename)) if found is not None else None
    if kept is not None and kept[0] == checksum:
        return kept[1]
    code = environment.compile(source, name, filename)
    if found is not None:
        _IN_MEMORY[(found, filename)] = (checksum, code)
    return code


_IN_MEMORY: dict[tuple[str, str], tuple[str, CodeType]] = {}
_SERVED: dict[str, str] = {}


def served() -> dict[str, str]:
    """Each template file loaded in this process, and what served it last: ``compiled``
    (its module, built with the package) or ``source`` (compiled here, from the file)."""
    return dict(_SERVED)


def _css(colour: str) -> Markup:
    return Markup(design.css_colour(colour))


_GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def _css_family(name: str) -> Markup:
    return Markup(name if name in _GENERIC_FAMILIES else '"' + name.replace('"', "") + '"')
