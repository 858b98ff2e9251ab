"""Re-export when the profile or a template changes (watchfiles), and a local preview server."""

from __future__ import annotations

import http.server
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

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
    from . import exporters

    # WeasyPrint and the fonts once, here: every save's export, and any worker it forks for
    # the PDF, then starts with them loaded.
    exporters.warm(formats)
    export_once(profile, formats, out_dir, options, report)
    watch_saves(profile, out_dir, options, report,
                lambda _saved: export_once(profile, formats, out_dir, options, report))


def watch_saves(profile: Path, out_dir: Path, options: ExportOptions,
                report: Callable[[str], None], rebuild: Callable[[list[Path]], object]) -> None:
    """Call ``rebuild`` with the saved files after each save of the profile, its photo or a
    template, until Ctrl-C."""
    from watchfiles import watch as watch_files

    watching = False
    # yield_on_timeout: the first (empty) yield comes once the notifier is running, so
    # "watching" is printed only when a save can no longer be missed. step: a save is
    # taken 10 ms after its last write (an editor's write-and-rename is one save), soon
    # enough for the preview to show it within 150 ms.
    for changes in watch_files(*watched_paths(profile, options),
                               watch_filter=relevant(profile, out_dir), debounce=200,
                               step=10, rust_timeout=200, yield_on_timeout=True,
                               raise_interrupt=False):
        if not watching:
            watching = True
            report(f"watching {profile} (Ctrl-C to stop)")
        if not changes:
            continue
        saved = sorted({Path(p) for _, p in changes})
        report(f"changed: {', '.join(sorted({p.name for p in saved}))}")
        rebuild(saved)


def serve(folder: Path, port: int, report: Callable[[str], None],
          bind: str = "127.0.0.1") -> None:
    with open_server(folder, port, LocalHandler, bind) as httpd:
        real_port = httpd.server_address[1]
        report(f"serving {folder} at http://{bind}:{real_port}/ (Ctrl-C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def allowed_hosts(port: int) -> set[str]:
    return {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")}


class LocalHandler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder, to this machine only: a request naming another host (a page
    elsewhere that rebinds its name to 127.0.0.1) is refused, so no other site can read the
    CV through the reader's browser; nothing is cached, so a reload shows the new file."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def local(self) -> bool:
        port = cast(http.server.HTTPServer, self.server).server_port
        if self.headers.get("Host", "") in allowed_hosts(port):
            return True
        self.send_error(421, "cvkit serves only requests addressed to 127.0.0.1")
        return False

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No listings: a folder without an index page is not found."""
        self.send_error(404)

    def do_GET(self) -> None:  # noqa: N802
        if self.local():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if self.local():
            super().do_HEAD()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds the process at Ctrl-C


def open_server(folder: Path, port: int, handler: type[LocalHandler],
                bind: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    import functools

    try:
        return _Server((bind, port), functools.partial(handler, directory=str(folder)))
    except OSError as exc:
        raise CvkitError(f"cannot listen on {bind}:{port}: {exc.strerror}; "
                         "choose another with --port (0 picks a free one)") from None


