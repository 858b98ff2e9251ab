"""Live preview: export on every save into a private folder, serve it on 127.0.0.1, and
reload the open pages once the export after the save is done.

The reload comes as server-sent events (``/_cvkit/events``) to a script the server adds to
each HTML page it sends (``/_cvkit/live.js``); the exported files never contain it. The
fast formats (the homepage) are exported and announced first, the slow ones (the PDF) after,
so the homepage reloads without waiting for WeasyPrint. An invalid save is announced with its
located problems, shown over the page, and the last good output stays where it was.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cvkit import exporters
from cvkit.build import pipeline, workers
from cvkit.build.workers import Worker, can_fork
from cvkit.document.wording import counted
from cvkit.exporters import expand_formats
from cvkit.live.watch import LocalHandler, Sources, address, open_server, sources, watch_saves
from cvkit.support.errors import CvkitError, ProfileError
from cvkit.support.resources import resource_dir

ROUTE = "/_cvkit/"
# How often an idle event stream is pinged: a closed tab is noticed, and its thread ends.
_PING_SECONDS = 15.0


@dataclass(frozen=True)
class State:
    """What the open pages are told: each export (or failed one) is a new generation."""

    session: int  # a new server: the pages reload whatever their generation
    generation: int = 0
    busy: bool = False  # an export after a save is under way
    changed: tuple[str, ...] = ()  # the formats this generation wrote
    errors: tuple[dict[str, Any], ...] = ()  # the save's problems, located
    files: dict[str, str] = field(default_factory=dict)  # format -> its file, from the root
    pdf_pages: int | None = None  # the PDF's page count: the page box goes no further
    templates: bool = False  # a template changed, not only the profile: pages load afresh
    took: float = 0.0  # seconds from the save to this generation

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)


def problem_lines(exc: CvkitError, source: str | None) -> tuple[dict[str, Any], ...]:
    """Each problem with its place and the line of the profile it points at."""
    if not isinstance(exc, ProfileError):
        return ({"text": str(exc)},)
    lines = source.splitlines() if source else []
    shown = []
    for problem in exc.problems:
        item: dict[str, Any] = {"text": problem.format()}
        if problem.line and 0 < problem.line <= len(lines):
            item["line"] = problem.line
            item["excerpt"] = lines[problem.line - 1]
            item["column"] = problem.column or 1
        shown.append(item)
    return tuple(shown)


class Preview:
    """The state of one previewed profile, and the exports that advance it."""

    def __init__(self, profile: Path, formats: list[str], out: Path,
                 options: pipeline.ExportOptions, report: Callable[[str], None], *,
                 name: str | None = None) -> None:
        self.profile = profile
        self.out = out
        self.options = options
        self.name = name  # the files' stem, as --name gives it
        self.report = report
        chosen = expand_formats(formats, options.format_options())
        slow = {n for n in chosen if exporters.traits(exporters.get(n)).own_process}
        # The homepage first: it is announced while the PDF is still being laid out.
        self.groups = [g for g in ([n for n in chosen if n not in slow],
                                   [n for n in chosen if n in slow]) if g]
        self.slow_formats = slow
        self._changed = threading.Condition()
        self.state = State(session=time.time_ns())
        self.closed = False
        self._pending: list[Path] | None = None  # saves not exported yet
        self._laying_out: dict[str, Any] = {}  # the workers laying out the slow formats now
        self._spare: dict[str, Any] = {}  # forked ahead, for the next save
        self.formats = formats
        # What the last export read (the profile, its photo, templates): what is watched.
        self.reads: Sources = sources(profile, None, formats, out, options)

    def _publish(self, **update: Any) -> None:
        with self._changed:
            self.state = dataclasses.replace(self.state, generation=self.state.generation + 1,
                                             **update)
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> State | None:
        """The state once its generation is past ``seen``; None after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.state.generation > seen,
                                   timeout)
            return self.state if self.state.generation > seen else None

    def close(self) -> None:
        with self._changed:
            self.closed = True
            spare, self._spare = self._spare, {}
            self._changed.notify_all()
        for worker in spare.values():
            worker.close()

    def saved(self, changed: list[Path]) -> None:
        """A save (from the watcher): export again, and stop the PDF still being laid out
        for an older save, so the homepage never waits for it."""
        with self._changed:
            self._pending = [*(self._pending or []), *changed]
            for worker in self._laying_out.values():
                worker.cancel()
            self._changed.notify_all()

    def export_saves(self) -> None:
        """Export each save as it comes (the exporting thread), until closed."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self.closed or self._pending is not None)
                if self.closed:
                    return
                changed, self._pending = self._pending, None
            try:
                self.rebuild(changed)
            except Exception as exc:  # noqa: BLE001 - a bug must not end the preview
                self._publish(busy=False, changed=(), errors=({"text": f"cvkit failed: "
                                                               f"{exc!r}"},))
                self.report(f"error: cvkit failed: {exc!r} (please report it; the preview "
                            "goes on with the next save)")
            self.fork_ahead()

    def _superseded(self) -> bool:
        with self._changed:
            return self._pending is not None

    def _workers(self, group: list[str]) -> dict[str, Any]:
        """A worker process for each slow format, where there is a second CPU: laid out
        there, a PDF a newer save makes useless is stopped at once."""
        with self._changed:
            if not can_fork():
                self._laying_out = {}
            else:
                self._laying_out = {name: self._spare.pop(name, None) or Worker(name)
                              for name in group}
            return dict(self._laying_out)

    def fork_ahead(self) -> None:
        """Fork the next save's workers now, while nothing is exported: the fork, and the
        pages the worker touches first, are then paid before the save, not after it."""
        with self._changed:
            if self.closed or not can_fork():
                return
            for name in self.slow_formats - self._spare.keys():
                self._spare[name] = Worker(name)

    def _shown(self, written: list[pipeline.Written]) -> tuple[dict[str, str], int | None]:
        """The files the pages are told of, this export's among them, and the PDF's page
        count, as the PDF exporter reported it."""
        root = self.out.resolve()
        files = {**self.state.files, **{w.format: w.path.relative_to(root).as_posix()
                                        for w in written if w.path.is_relative_to(root)}}
        pages = self.state.pdf_pages
        for w in written:
            if w.format == "pdf" and w.path.suffix == ".pdf":
                pages = w.info.get("pages", pages)
        return files, pages

    def rebuild(self, changed: list[Path] | None = None, *,
                in_this_process: bool = False) -> None:
        """Export every format, the fast group first, announcing each group when written;
        ``changed``: the files whose save this is; ``in_this_process``: no worker, even
        for the slow formats."""
        start = time.perf_counter()
        templates = any(p.resolve() != self.profile.resolve() for p in changed or ())
        with self._changed:
            self.state = dataclasses.replace(self.state, busy=True)
        text = None
        try:
            loaded = pipeline.load(self.profile)
            text = loaded.text
            for i, group in enumerate(self.groups):
                if i and self._superseded():
                    self.report(f"a newer save came: {', '.join(group)} left for it")
                    return  # the next save's export comes at once: its homepage first
                try:
                    written, warnings = pipeline.run(
                        loaded, group, self.out, name=self.name, options=self.options,
                        workers=self._workers(group)
                        if set(group) <= self.slow_formats and not in_this_process else None)
                finally:
                    with self._changed:
                        self._laying_out = {}
                for problem in loaded.warnings if i == 0 else ():
                    self.report(f"warning: {problem.format()}")
                for note in warnings:
                    self.report(f"warning: {note}")
                files, pdf_pages = self._shown(written)
                took = time.perf_counter() - start
                self._publish(busy=i + 1 < len(self.groups), changed=tuple(group),
                              errors=(), files=files, pdf_pages=pdf_pages, took=took,
                              templates=templates)
                self.report(f"exported {', '.join(group)} ({counted(len(written), 'file')}) "
                            f"{took:.2f} s after the save")
            self.reads = sources(self.profile, loaded.profile, self.formats, self.out,
                                 self.options)
        except CvkitError as exc:
            if self._superseded():
                self.report("a newer save came: the export of this one stopped")
                return  # stopped for a newer save (or failed meanwhile): that one tells
            if text is None:
                try:
                    text = self.profile.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
            self._publish(busy=False, changed=(), errors=problem_lines(exc, text),
                          took=time.perf_counter() - start)
            self.report(f"error: {exc}\n(the preview keeps the last good output)")


class PreviewHandler(LocalHandler):
    """The exported files with the reload script added to each page; the event stream; the
    preview page (homepage beside PDF); the script itself."""

    preview: Preview

    def do_GET(self) -> None:  # noqa: N802
        if not self.allowed():
            return
        path = urlsplit(self.path).path
        try:
            if path == ROUTE + "events":
                self._events()
            elif path in (ROUTE, ROUTE + "index.html"):
                self._send(_preview_page(self.preview).encode(), "text/html; charset=utf-8")
            elif path == ROUTE + "live.js":
                self._send(_asset("live.js"), "text/javascript; charset=utf-8")
            elif path.startswith(ROUTE):
                self.send_error(404)
            else:
                page = self._page(path)
                if page is not None:
                    self._send(_with_script(page.read_bytes()), "text/html; charset=utf-8")
                elif path.endswith(("/", ".html")) and not Path(self.translate_path(path)
                                                                ).is_file():
                    # Not exported (yet: the profile has problems, say): a page that shows
                    # them, and comes back as the export once there is one.
                    self._send(_with_script(_NOT_YET), "text/html; charset=utf-8", 404)
                else:
                    super().do_GET()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab closed

    def _page(self, path: str) -> Path | None:
        """The HTML file a path names (a folder: its index.html), inside the folder."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None  # the parent class redirects to the slash form
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen = -1
        while not self.preview.closed:
            state = self.preview.wait(seen, _PING_SECONDS)
            if state is None:
                self.wfile.write(b": ping\n\n")
            else:
                seen = state.generation
                self.wfile.write(f"event: state\ndata: {state.as_json()}\n\n".encode())
            self.wfile.flush()


def _asset(name: str) -> bytes:
    return (resource_dir("templates") / "preview" / name).read_bytes()


_SCRIPT = f'<script src="{ROUTE}live.js"></script>'.encode()
_NOT_YET = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not exported'
            b'</title></head><body><p>Nothing is exported here yet; this page shows the '
            b'export once there is one.</p></body></html>')


def _with_script(page: bytes) -> bytes:
    """The page with the reload script, before ``</body>`` (or at the end)."""
    at = page.rfind(b"</body>")
    return page[:at] + _SCRIPT + page[at:] if at >= 0 else page + _SCRIPT


def _preview_page(preview: Preview) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(resource_dir("templates") / "preview"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    files = preview.state.files
    return env.get_template("preview.html.j2").render(
        profile=preview.profile.name, homepage=files.get("html"), pdf=files.get("pdf"),
        pdf_pages=preview.state.pdf_pages, script=ROUTE + "live.js")


def _end_on_termination() -> Callable[[], None]:
    """Make SIGTERM (a kill, a service stopped) and SIGHUP (the terminal closed) end the
    preview as Ctrl-C does, so its private copy of the CV is removed; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(_signal: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    before = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}

    def restore() -> None:
        for sig, handler in before.items():
            signal.signal(sig, handler)

    return restore


def run(profile: Path, formats: list[str], out: Path | None,
        options: pipeline.ExportOptions, port: int, report: Callable[[str], None], *,
        open_browser: bool = False, ready: Callable[[str], None] | None = None,
        name: str | None = None) -> None:
    """Preview ``profile`` until Ctrl-C: into ``out``, or a private temporary folder
    (0700, removed at the end)."""
    folder = Path(tempfile.mkdtemp(prefix="cvkit-preview-")) if out is None else out
    folder.mkdir(parents=True, exist_ok=True)
    preview = Preview(profile, formats, folder, options, report, name=name)
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    try:
        server = open_server(folder, port, handler)
    except CvkitError:
        if out is None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    thread = threading.Thread(target=server.serve_forever, name="cvkit-preview", daemon=True)
    restore = _end_on_termination()
    try:
        exporters.warm(formats)
        # The first export lays the PDF out here: the caches it fills (fonts, shaping) are
        # then every worker's. No save can come before the watcher starts, so there is
        # nothing to stop it for.
        preview.rebuild(in_this_process=True)
        # Then, while this process runs no other thread, the fork server every worker is
        # forked by (a fork beside the server's threads could copy a lock one of them holds).
        with workers.fork_server(close_in_server=(server.fileno(),)):
            try:
                preview.fork_ahead()
                thread.start()
                url = address(server, ROUTE)
                report(f"preview of {profile} at {url} (the homepage at "
                       f"{address(server)}); Ctrl-C to stop")
                if ready is not None:
                    ready(url)
                if open_browser:
                    import webbrowser

                    webbrowser.open(url)
                threading.Thread(target=preview.export_saves, name="cvkit-export",
                                 daemon=True).start()
                watch_saves(profile, lambda: preview.reads, report, preview.saved)
            finally:
                preview.close()
    finally:
        restore()
        preview.close()
        server.shutdown() if thread.is_alive() else None
        server.server_close()
        if out is None:
            shutil.rmtree(folder, ignore_errors=True)
