"""Re-export when the profile or a template changes (watchfiles), and a local preview server."""

from __future__ import annotations

import functools
import http.server
import time
from collections.abc import Callable
from pathlib import Path

from .api import ExportOptions, ExportResult, export
from .errors import CvkitError
from .model.types import IMAGE_SUFFIXES
from .resources import resource_dir
from .wording import counted


def watched_paths(profile: Path, options: ExportOptions) -> list[Path]:
    paths = [profile.resolve().parent, resource_dir("templates")]
    if options.templates is not None:
        paths.append(options.templates.resolve())
    return paths


def relevant(profile: Path, out_dir: Path) -> Callable[[object, str], bool]:
    """Changes to the profile, its photo or templates count; our own output does not."""
    out = out_dir.resolve()
    profile = profile.resolve()

    def keep(_change: object, path: str) -> bool:
        p = Path(path).resolve()
        if p == out or out in p.parents or p.name.startswith("."):
            return False
        if p.parent == profile.parent:
            return p == profile or p.suffix.lower() in IMAGE_SUFFIXES
        return True

    return keep


def export_once(profile: Path, formats: list[str], out_dir: Path,
                options: ExportOptions, report: Callable[[str], None]) -> ExportResult | None:
    start = time.perf_counter()
    try:
        result = export(profile, formats, out_dir, options=options)
    except CvkitError as exc:
        report(f"error: {exc}")
        return None
    took = time.perf_counter() - start
    changed = [w.path.name for w in result.written if w.changed]
    for problem in result.load_warnings:
        report(f"warning: {problem.format()}")
    for w in result.warnings:
        report(f"warning: {w}")
    report(f"exported {counted(len(result.written), 'file')} in {took:.2f} s; "
           f"changed: {', '.join(changed) if changed else 'nothing'}")
    return result


def watch(profile: Path, formats: list[str], out_dir: Path, options: ExportOptions,
          report: Callable[[str], None]) -> None:
    from watchfiles import watch as watch_files

    from . import exporters

    # WeasyPrint and the fonts once, here: every save's export, and any worker it forks for
    # the PDF, then starts with them loaded.
    exporters.warm(formats)
    export_once(profile, formats, out_dir, options, report)
    watching = False
    # yield_on_timeout: the first (empty) yield comes once the notifier is running, so
    # "watching" is printed only when a save can no longer be missed.
    for changes in watch_files(*watched_paths(profile, options),
                               watch_filter=relevant(profile, out_dir), debounce=200,
                               rust_timeout=200, yield_on_timeout=True,
                               raise_interrupt=False):
        if not watching:
            watching = True
            report(f"watching {profile} (Ctrl-C to stop)")
        if not changes:
            continue
        names = sorted({Path(p).name for _, p in changes})
        report(f"changed: {', '.join(names)}")
        export_once(profile, formats, out_dir, options, report)


def serve(folder: Path, port: int, report: Callable[[str], None],
          bind: str = "127.0.0.1") -> None:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((bind, port), handler) as httpd:
        real_port = httpd.server_address[1]
        report(f"serving {folder} at http://{bind}:{real_port}/ (Ctrl-C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
