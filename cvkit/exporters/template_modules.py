"""The built-in formats' templates compiled to Python modules when the package is built.

An export then loads each template as Python loads a module, with Jinja's ``ModuleLoader``,
instead of compiling it (most of a homepage export's own work). Nothing executable is written
at run time: the hatch build hook (``hatch_build.py`` at the repository's root) calls
`build`. A wheel carries the modules as ``.py`` files under ``cvkit/exporters/_compiled_templates``
(pip byte-compiles them on install, as it does every module); an editable install writes
them into the checkout's package as bytecode for the interpreter that installed it (ignored
by git; ``python -m cvkit.exporters.template_modules`` rebuilds them after a template is
edited, and until then the edited template is compiled in memory). A user's own templates
(``--templates``, CVKIT_PATH) are always compiled in memory. ``CVKIT_NO_COMPILED_TEMPLATES=1``
compiles every template from its source.

Compiled code depends on how the environment compiles: delimiters and whitespace options,
autoescape, whether there is a finalize, which filters and tests Jinja may call while
compiling (it folds a filter with constant arguments into the code, and finalizes constant
output), and Jinja's version. `fingerprint` names all of that. cvkit's own filters and
finalize are wrapped by `at_render`, so Jinja calls them only while rendering and compiled
code never depends on what they do (LaTeX's escaper, for one, depends on the document). A
module serves an environment only under the fingerprint it was compiled with, and only
while its template's source and the module itself are what the build recorded (SHA-256 of
each, in ``manifest.json``); otherwise the template is compiled from its source, to the same
code.

The build hook loads this file by its path, without the cvkit package: it imports only the
standard library and Jinja2.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import py_compile
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

# Every cvkit environment's whitespace handling.
COMMON: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True,
                          "keep_trailing_newline": True}
# The LaTeX exporter's delimiters (cvkit.exporters.latex.DELIMITERS); a test checks that
# each built-in format's environment has the fingerprint its modules were compiled with.
LATEX_DELIMITERS = {
    "block_start_string": "((*", "block_end_string": "*))",
    "variable_start_string": "(((", "variable_end_string": ")))",
    "comment_start_string": "((=", "comment_end_string": "=))",
}
MANIFEST = "manifest.json"
OFF = "CVKIT_NO_COMPILED_TEMPLATES"


@dataclass(frozen=True)
class Compiles:
    """How a format's environment compiles (see cvkit.exporters.templating.environment)."""

    autoescape: bool
    finalize: bool  # an escaper given: every printed value goes through it
    options: Mapping[str, Any] = field(default_factory=dict)


FORMATS: dict[str, Compiles] = {
    "html": Compiles(autoescape=True, finalize=False),
    "pdf": Compiles(autoescape=True, finalize=False),
    "latex": Compiles(autoescape=True, finalize=True, options=LATEX_DELIMITERS),
    "markdown": Compiles(autoescape=True, finalize=True),
    "jekyll": Compiles(autoescape=True, finalize=True),
    "text": Compiles(autoescape=False, finalize=False),
}


class AtRender:
    """A filter or finalize that Jinja calls while rendering and never while compiling.

    Marked as taking the render context (which it drops), so Jinja's constant folding leaves
    it alone: the code compiled for a template is the same whatever the function does."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func

    def __call__(self, _context: Any, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)


def at_render(func: Callable[..., Any]) -> AtRender:
    return jinja2.pass_context(AtRender(func))


@functools.cache
def _defaults() -> tuple[dict[str, Any], dict[str, Any]]:
    plain = jinja2.Environment()
    return dict(plain.filters), dict(plain.tests)


def fingerprint(env: jinja2.Environment) -> str | None:
    """What the code Jinja compiles for a template depends on, in ``env``, as a short hash;
    None when that cannot be told (a subclass, an extension, a callable autoescape, a filter
    of someone else's that Jinja may call while compiling)."""
    if type(env) is not jinja2.Environment or env.extensions or env.is_async \
            or not isinstance(env.autoescape, bool) \
            or not (env.finalize is None or isinstance(env.finalize, AtRender)):
        return None
    changed: list[str] = []
    for kind, registry, defaults in (("filter", env.filters, _defaults()[0]),
                                     ("test", env.tests, _defaults()[1])):
        for name, func in registry.items():
            if defaults.get(name) is func:
                continue
            if not isinstance(func, AtRender):
                return None
            if name in defaults:
                changed.append(f"{kind} {name}")  # a built-in one replaced
        changed += [f"{kind} -{name}" for name in defaults if name not in registry]
    settings = (jinja2.__version__, env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string, env.comment_start_string,
                env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, env.autoescape, env.finalize is not None,
                env.optimized, sorted(changed))
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]


class _AnyFilter(dict[str, Any]):
    """The build's filters: Jinja's own, and any other name as a filter called at render
    time, as cvkit's environments wrap each of theirs (the names are the exporters')."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, _AT_RENDER)


_AT_RENDER = at_render(lambda value, *args, **kwargs: value)


def compile_environment(fmt: str, loader: jinja2.BaseLoader) -> jinja2.Environment:
    """An environment that compiles ``fmt``'s templates as cvkit's environment for it does."""
    how = FORMATS[fmt]
    env = jinja2.Environment(loader=loader, autoescape=how.autoescape,
                             finalize=_AT_RENDER if how.finalize else None,
                             **COMMON, **dict(how.options))
    env.filters = _AnyFilter(env.filters)
    return env


def shipped_folders(templates: Path, themes: Path) -> Iterator[tuple[str, str, Path]]:
    """``(format, key, folder)`` for every folder of templates cvkit ships: its template sets
    (``templates/html/base``) and its themes' own (``themes/classic/pdf``)."""
    for fmt in FORMATS:
        if (templates / fmt).is_dir():
            for folder in sorted(p for p in (templates / fmt).iterdir() if p.is_dir()):
                yield fmt, f"templates/{fmt}/{folder.name}", folder
        if themes.is_dir():
            for theme in sorted(p for p in themes.iterdir() if (p / fmt).is_dir()):
                yield fmt, f"themes/{theme.name}/{fmt}", theme / fmt


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _visible(name: str) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in name.split("/"))


def build(templates: Path, themes: Path, target: Path, *, bytecode: bool = False) -> None:
    """Compile every shipped template into ``target`` with ``compile_templates``, one folder
    of modules per environment fingerprint and template folder, and write the manifest.
    ``bytecode``: keep only the bytecode (``.pyc``) for this interpreter, not the source."""
    environments: dict[str, dict[str, Any]] = {}
    for fmt, key, folder in shipped_folders(templates, themes):
        loader = jinja2.FileSystemLoader(str(folder))
        env = compile_environment(fmt, loader)
        found = fingerprint(env)
        assert found is not None
        where = f"{found}/{key.replace('/', '.')}"
        env.compile_templates(target / where, zip=None, ignore_errors=False,
                              filter_func=_visible)
        entries: dict[str, dict[str, str]] = {}
        for name in env.list_templates(filter_func=_visible):
            module = target / where / jinja2.ModuleLoader.get_module_filename(name)
            if bytecode:
                compiled = module.with_suffix(".pyc")
                py_compile.compile(str(module), cfile=str(compiled), doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                module.unlink()
                module = compiled
            source = loader.get_source(env, name)[0]
            entries[name] = {"source": _sha256(source.encode("utf-8")), "module": module.name,
                             "sha256": _sha256(module.read_bytes())}
        environments.setdefault(found, {})[key] = {"dir": where, "templates": entries}
    manifest = {"jinja2": jinja2.__version__,
                "python": sys.implementation.cache_tag if bytecode else None,
                "environments": environments}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")


def build_in_place(package: Path) -> Path:
    """Build a checkout's modules into its package (``<package>/exporters/_compiled_templates``), as
    bytecode for this interpreter, replacing the folder whole (a process reading the old
    one meanwhile finds a module missing or changed, and compiles from source)."""
    target = package / "exporters" / "_compiled_templates"
    fresh = target.with_name(f"_compiled_templates.new-{os.getpid()}")
    old = target.with_name(f"_compiled_templates.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    build(package.parent / "templates", package.parent / "themes", fresh, bytecode=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


@dataclass(frozen=True)
class Module:
    """A compiled template: its folder of modules, and what the build recorded."""

    folder: Path
    path: Path
    source: str  # SHA-256 of the template's source
    sha256: str  # of the module file


class Shipped:
    """The compiled modules under ``root``, as its manifest lists them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.environments: dict[str, dict[str, Any]] = {}
        try:
            manifest = json.loads((root / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return
        if manifest.get("jinja2") == jinja2.__version__ and manifest.get("python") in (
                None, sys.implementation.cache_tag):
            self.environments = manifest.get("environments") or {}

    def module(self, found: str, key: str, name: str, source: str) -> Module | None:
        """The module compiled from template ``name`` of folder ``key`` under fingerprint
        ``found``, if the build made one from this very ``source``."""
        folder = self.environments.get(found, {}).get(key) or {}
        entry = folder.get("templates", {}).get(name)
        if not entry or entry["source"] != _sha256(source.encode("utf-8")):
            return None
        where = (self.root / folder["dir"]).resolve()
        if not where.is_relative_to(self.root.resolve()):
            return None
        return Module(where, where / entry["module"], entry["source"], entry["sha256"])

    def intact(self, module: Module) -> bool:
        """The module file is the one the build wrote."""
        try:
            return _sha256(module.path.read_bytes()) == module.sha256
        except OSError:
            return False


@functools.cache
def shipped(root: Path) -> Shipped:
    return Shipped(root)


def enabled() -> bool:
    return os.environ.get(OFF, "") in ("", "0")


if __name__ == "__main__":
    print(build_in_place(Path(__file__).resolve().parent.parent))
