"""Jinja2 environments per output format, with the template lookup chain.

Lookup runs: the user's ``--templates`` folder, then ``templates/<format>/<theme>/``, then
``templates/<format>/base/``. Escaping is never done here: each environment is given its
format's escaper from ``cvkit.markup`` and applies it to every value a template prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .errors import ExportError
from .resources import resource_dir, user_cache


class Safe(Markup):
    """Text already rendered for the target format; the finalizer leaves it alone.

    Non-HTML environments run with Jinja's autoescape on and a finalizer that returns each
    value escaped *for the target format* as Markup, so macro results (Markup) are not
    escaped twice and Jinja's own HTML escaping never touches our output.
    """


def themes(fmt: str) -> list[str]:
    root = resource_dir("templates") / fmt
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "base") \
        if root.is_dir() else []


def search_path(fmt: str, theme: str, user_dir: Path | None) -> list[Path]:
    root = resource_dir("templates") / fmt
    available = themes(fmt)
    if theme not in available:
        import difflib

        close = difflib.get_close_matches(theme, available, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ExportError(f"unknown {fmt} theme {theme!r}; {hint}available: "
                          + ", ".join(available))
    paths = [root / theme, root / "base"]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise ExportError(f"--templates {user_dir}: no such folder")
        paths.insert(0, user_dir)
    return [p for p in paths if p.is_dir()]


@lru_cache(maxsize=1)
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (Jinja's own mechanism).

    Compiling the print and page templates costs ~40 ms per export; Jinja checks each cached
    entry against the template source, so an edited or user-supplied template recompiles.
    CVKIT_NO_CACHE=1 turns it off; an unwritable cache folder just means no cache.
    """
    folder = user_cache(f"jinja-{jinja2.__version__}")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


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
            return Markup(escape(str(value)))
    env = jinja2.Environment(
        loader=loader,
        autoescape=html or escape is not None,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
        **(options or {}),
    )
    env.filters.update(filters)
    return env


def theme_settings(roots: list[Path]) -> dict[str, Any]:
    """The first ``theme.json`` along the lookup chain (section order, fonts, colours)."""
    for root in roots:
        manifest = root / "theme.json"
        if manifest.is_file():
            try:
                settings: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
            except ValueError as exc:
                raise ExportError(f"{manifest}: not valid JSON ({exc})") from None
            return settings
    return {}
