"""What each tool of ``cvkit mcp`` does, as plain functions over ``cvkit.build.api``: paths
confined to the roots, results as JSON-ready dicts. No MCP here (``server.py`` wires these to
the SDK), so they are tested and typed like the rest of cvkit.

A profile with mistakes is a result (``ok: false`` and its ``problems``), not an error. Every
other failure is raised as a ``CvkitError`` and becomes a tool error (``error_of``); the
server keeps answering.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cvkit.assistant.roots import OutsideRoots, Roots
from cvkit.build import api
from cvkit.build.check import UnreadablePdf
from cvkit.importers import Refused
from cvkit.profile.source import read_text
from cvkit.profile.yamlio import load_yaml
from cvkit.support.errors import CvkitError, ProfileError
from cvkit.support.limits import LimitError

T = TypeVar("T")
STYLES_SHOWN = 50  # styles listed at most, of the ~10,000 (a search narrows them)


def error_of(exc: CvkitError) -> dict[str, Any]:
    """A tool error as data: its kind, its message, and what it concerns."""
    error: dict[str, Any] = {"kind": "error", "message": str(exc)}
    if isinstance(exc, OutsideRoots):
        error.update(kind="outside_roots", path=exc.given, roots=list(map(str, exc.roots)))
    elif isinstance(exc, UnreadablePdf):
        error["kind"] = "unreadable_pdf"
    elif isinstance(exc, Refused):
        error.update(kind="refused", notes=[n.format() for n in exc.notes])
    elif isinstance(exc, LimitError):
        error["kind"] = "limit"
    return error


def _is_file(style: Any) -> bool:
    """A citation style given as a file, not a name (as ``cvkit.support.styles.resolve`` tells)."""
    return isinstance(style, str) and (style.endswith(".csl") or "/" in style
                                       or "\\" in style)


def _problems(exc: ProfileError) -> dict[str, Any]:
    return {"ok": False, "problems": [p.as_dict() for p in exc.problems]}


class Tools:
    """The tools, bound to the roots. One call at a time: cvkit's caches are made for one
    thread, and the SDK runs each call on a worker thread."""

    def __init__(self, roots: Roots) -> None:
        self.roots = roots
        self._lock = threading.Lock()

    def _run(self, work: Callable[[], T]) -> T:
        with self._lock:
            return work()

    # -- paths ----------------------------------------------------------------------------

    def _profile(self, given: str) -> Path:
        """A profile's path, confined, and the files it names confined too (its photo, a
        .csl style file) before anything reads them."""
        path = self.roots.resolve(given)
        if path.is_file():
            try:
                text = read_text(path)
            except CvkitError:
                return path  # loading it reports what is wrong, in its place
            self._named_files(text, path.parent)
        return path

    def _named_files(self, text: str, base: Path) -> None:
        """The files a profile's text names (``photo``, ``layout.citation_style`` when it
        is a path) must be inside the roots too."""
        try:
            data = load_yaml(text, None)
        except Exception:  # noqa: BLE001 - a profile that does not parse names no file
            return
        if not isinstance(data, dict):
            return
        layout = data.get("layout")
        style = layout.get("citation_style") if isinstance(layout, dict) else None
        named = [data.get("photo"), style if _is_file(style) else None]
        for value in named:
            if isinstance(value, str) and value:
                self.roots.resolve(base / value)

    # -- tools ----------------------------------------------------------------------------

    def validate(self, profile: str | None = None, text: str | None = None) -> dict[str, Any]:
        if (profile is None) == (text is None):
            raise CvkitError("give `profile` (a path) or `text` (the profile's YAML), not "
                             "both")
        if text is not None:
            base = self.roots.folders[0]
            self._named_files(text, base)
            result = self._run(lambda: api.validate(text=text, path=base / "profile.yaml"))
            data = result.as_dict()
            for problem in data["problems"] + data["warnings"]:
                problem["file"] = None  # the text given, not a file
            return data
        path = self._profile(profile or "")
        return self._run(lambda: api.validate(path)).as_dict()

    def list_entries(self, profile: str) -> dict[str, Any]:
        path = self._profile(profile)
        try:
            entries = self._run(lambda: api.list_entries(path))
        except ProfileError as exc:
            return _problems(exc)
        return {"ok": True, "entries": [e.as_dict() for e in entries]}

    def export(self, profile: str, formats: list[str], output: str = "out", *,
               theme: str = "", citation_style: str | None = None,
               variant: str | None = None, entries: list[str] | None = None,
               fit_pages: int | None = None, fit_shorten: bool | None = None,
               max_entries: dict[str, int] | None = None,
               paper: str | None = None) -> dict[str, Any]:
        path = self._profile(profile)
        out = self.roots.resolve(output)
        if citation_style is not None and _is_file(citation_style):
            citation_style = str(self.roots.resolve(citation_style))
        options = api.ExportOptions.from_flags(
            theme=theme, variant=variant, entries=entries, fit_pages=fit_pages,
            fit_shorten=fit_shorten, max_entries=max_entries or {}, paper=paper,
            citation_style=citation_style)
        try:
            result = self._run(lambda: api.export(path, formats or ["pdf"], out,
                                                  options=options))
        except ProfileError as exc:
            return {**_problems(exc), "files": []}
        files = [{"path": str(w.path), "format": w.format, "changed": w.changed,
                  **({"pages": w.info["pages"]} if "pages" in w.info else {}),
                  **({"fit": w.info["fit"]} if "fit" in w.info else {})}
                 for w in result.written]
        return {"ok": True, "files": files, "warnings": result.warnings,
                "profile_warnings": [w.as_dict() for w in result.load_warnings]}

    def check(self, pdf: str, profile: str | None = None) -> dict[str, Any]:
        file = self.roots.resolve(pdf)
        against = self._profile(profile) if profile else None
        try:
            report = self._run(lambda: api.check(file, against))
        except ProfileError as exc:
            return _problems(exc)
        found: dict[str, Any] = report.as_dict()
        return found

    def import_(self, format: str | None = None, file: str | None = None,
                fetch: str | None = None) -> dict[str, Any]:
        source = self.roots.resolve(file) if file else None
        if source is not None and source.is_dir():
            self.roots.check_tree(source)
        imported = self._run(lambda: api.import_profile(
            source, format, fetch=fetch, path=self.roots.folders[0] / "profile.yaml"))
        return imported.as_dict()

    def schema(self, kind: str = "profile") -> dict[str, Any]:
        return api.schema(kind)

    def themes(self) -> dict[str, Any]:
        found = self._run(api.themes)
        return {"themes": [{"name": t.name, "description": t.description,
                            "formats": t.formats} for t in found]}

    def styles(self, search: str | None = None) -> dict[str, Any]:
        found = self._run(lambda: api.styles(search, limit=STYLES_SHOWN + 1))
        shown = [{"name": s.name, "alias_of": s.alias_of} if s.alias_of else
                 {"name": s.name, "title": s.title} for s in found[:STYLES_SHOWN]]
        return {"styles": shown, "truncated": len(found) > STYLES_SHOWN}
