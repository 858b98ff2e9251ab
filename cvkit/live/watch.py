"""Re-export when a file the export reads changes (watchfiles), and a local preview server
that answers only whoever holds the address it printed."""

from __future__ import annotations

import functools
import hmac
import http.server
import os
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cvkit import exporters
from cvkit.build import pipeline, workers
from cvkit.build.api import ExportOptions, ExportResult
from cvkit.document.wording import counted
from cvkit.profile import design
from cvkit.support.errors import CvkitError
from cvkit.support.resources import extension_dirs

if TYPE_CHECKING:
    from cvkit.profile.model import Profile


@dataclass(frozen=True)
class Sources:
    """What an export reads, as the watcher sees it: exact files (the profile, its photo, a
    citation style file) and folders whose every file counts (templates, themes). Anything
    else, and anything in the output folder but those exact files, is no save: a write in
    ``.git/`` or ``notes/`` beside the profile, or the export's own files, exports nothing.
    """

    files: frozenset[Path]
    folders: frozenset[Path]
    out: Path
    # Watched one by one, not recursively: the files' folders, and every folder in
    # ``folders``, so a big folder beside the profile (node_modules) costs nothing.
    dirs: tuple[Path, ...]

    def __call__(self, _change: object, path: str) -> bool:
        """watchfiles' filter: does a change of ``path`` call for an export?"""
        p = Path(path)
        if p in self.files:
            return True  # even in the output folder: `-o .` beside the profile
        for folder in self.folders:
            if folder in p.parents and not (self.out in p.parents and (
                    self.out == folder or folder in self.out.parents)):
                # (templates beside the profile, exported into with `-o .`, count; an
                # output folder inside a template folder is still the export's own)
                rel = p.relative_to(folder).parts
                return not any(part.startswith(".") for part in rel) and \
                    not p.name.endswith("~")  # an editor's swap or backup file
        return False


def sources(profile_path: Path, profile: Profile | None, formats: list[str], out: Path,
            options: ExportOptions) -> Sources:
    """The files an export of ``profile`` (read from ``profile_path``; None: not readable
    yet) in ``formats`` reads: the profile, the photo and a citation style file it names,
    the chosen formats' templates (``--templates``, cvkit's and CVKIT_PATH's), the themes'
    folders and the locales on CVKIT_PATH."""
    base = profile_path.absolute().parent.resolve()
    named = [profile_path.name]
    if profile is not None:
        if profile.photo:
            named.append(profile.photo)
        try:
            style = options.with_layout(profile).citation_style
        except CvkitError:  # an unknown variant: the export says so
            style = options.citation_style
        if style and (style.endswith(".csl") or "/" in style or "\\" in style):
            named.append(str(Path(style).expanduser()))
    files = {f for name in named for f in _both(base / name)}
    folders = {Path(options.templates)} if options.templates is not None else set()
    roots = extension_dirs("templates")
    for name in exporters.expand_formats(formats, options.format_options()):
        try:
            own = exporters.traits(exporters.get(name)).templates_dir
        except CvkitError:
            continue  # not a format: the export says so
        folders.update(root / name for root in [*roots, *([Path(own)] if own else [])])
    folders.update(design.theme_dirs().values())
    folders.update(extension_dirs("locales"))
    folders = {f.resolve() for f in folders if f.is_dir()}
    return Sources(frozenset(files), frozenset(folders), out.resolve(),
                   _dirs(files, folders))


def _both(path: Path) -> set[Path]:
    """A path as named, and the file it leads to when it is a link."""
    return {path, path.resolve()}


def _dirs(files: Iterable[Path], folders: Iterable[Path]) -> tuple[Path, ...]:
    found = {f.parent for f in files if f.parent.is_dir()}
    for folder in folders:
        for at, subdirs, _ in os.walk(folder):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            found.add(Path(at))
    return tuple(sorted(found))


def export_once(profile: Path, formats: list[str], out_dir: Path,
                options: ExportOptions, report: Callable[[str], None],
                read: Callable[[Profile], None] | None = None, *,
                name: str | None = None) -> ExportResult | None:
    """Export (``name``: the files' stem, as ``--name`` gives it), and say how it went;
    ``read`` is told the profile once it is loaded."""
    start = time.perf_counter()
    try:
        loaded = pipeline.load(profile)
        if read is not None:
            read(loaded.profile)
        written, warnings = pipeline.run(loaded, formats, out_dir, name=name, options=options)
        result = ExportResult(written, warnings, loaded.warnings)
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
          report: Callable[[str], None], *, name: str | None = None) -> None:
    reads = [sources(profile, None, formats, out_dir, options)]

    def read(loaded: Profile) -> None:
        reads[0] = sources(profile, loaded, formats, out_dir, options)

    # WeasyPrint and the fonts once, here: every save's export, and any worker it forks for
    # the PDF, then starts with them loaded. The workers are forked by a fork server started
    # after the first export (warm) and before the watcher's thread.
    exporters.warm(formats)
    export_once(profile, formats, out_dir, options, report, read, name=name)
    with workers.fork_server():
        watch_saves(profile, lambda: reads[0], report,
                    lambda _saved: export_once(profile, formats, out_dir, options, report,
                                               read, name=name))


def watch_saves(profile: Path, reads: Callable[[], Sources], report: Callable[[str], None],
                rebuild: Callable[[list[Path]], object]) -> None:
    """Call ``rebuild`` with the saved files after each save of a file the export reads
    (``reads()``: what the last export read), until Ctrl-C. When that changes (the profile
    names another photo), the watcher starts again on the new files."""
    from watchfiles import watch as watch_files

    watched: frozenset[Path] | None = None  # the files watched so far
    while True:
        current, started = reads(), False
        # yield_on_timeout: the first (empty) yield comes once the notifier is running, so
        # "watching" is printed only when a save can no longer be missed; later ones, each
        # debounce, look whether the files to watch changed. step: a save is taken a step
        # after its last write (an editor's write-and-rename is one save), soon enough for
        # the preview's target (bench/preview.py).
        for changes in watch_files(*current.dirs, watch_filter=current, recursive=False,
                                   debounce=200, step=10, rust_timeout=200,
                                   yield_on_timeout=True, raise_interrupt=False):
            if not started:
                started = True
                added = sorted({p.name for p in current.files - (watched or frozenset())})
                if watched is None:
                    report(f"watching {profile} (Ctrl-C to stop)")
                elif added:
                    report(f"watching {', '.join(added)} too")
                watched = current.files
            if changes:
                saved = sorted({Path(p) for _, p in changes})
                report(f"changed: {', '.join(sorted({p.name for p in saved}))}")
                rebuild(saved)
            if reads() != current:
                break
        else:
            return  # Ctrl-C


def serve(folder: Path, port: int, report: Callable[[str], None],
          bind: str = "127.0.0.1") -> None:
    with open_server(folder, port, LocalHandler, bind) as httpd:
        report(f"serving {folder} at {address(httpd)} (Ctrl-C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def allowed_hosts(port: int) -> set[str]:
    return {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")}


def address(server: http.server.HTTPServer, path: str = "/") -> str:
    """The address that opens ``path``: with the server's secret, the one address to print
    (or to open)."""
    return (f"http://127.0.0.1:{server.server_address[1]}{path}"
            f"?token={cast(_Server, server).secret}")


_FORBIDDEN = (b"403 Forbidden: this server answers only whoever holds the address cvkit "
              b"printed when it started (the one ending in ?token=...); open that address.\n")


class LocalHandler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder, to whoever holds the secret the server printed in its address, on
    this machine only.

    The secret (``?token=``, as notebook servers do): the first request that carries it gets
    a cookie holding it (HttpOnly, SameSite=Strict, named for the port, so two servers do not
    collide) and is sent to the same address without it; every later request needs that
    cookie (or the secret again); every other request is refused (403), so another account
    on this machine reads nothing. A request naming another host (a page elsewhere that
    rebinds its name to 127.0.0.1) is refused too, so no other site can read the CV through
    the reader's browser; nothing is cached, so a reload shows the new file."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def local(self) -> bool:
        port = cast(http.server.HTTPServer, self.server).server_port
        if self.headers.get("Host", "") in allowed_hosts(port):
            return True
        self.send_error(421, "cvkit serves only requests addressed to 127.0.0.1")
        return False

    def allowed(self) -> bool:
        """Addressed to this machine and by the holder of the secret; else answered here
        (421, 403, or the redirect that trades the secret for the cookie) and False."""
        if not self.local():
            return False

        secret = cast(_Server, self.server).secret
        cookie = f"cvkit-{cast(_Server, self.server).server_port}"
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        given = [value for key, value in query if key == "token"]
        if given:
            if not all(_same(value, secret) for value in given):
                return self._forbidden()
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            self.send_response(303)
            here = "/" + parts.path.lstrip("/")  # never //host: another site
            self.send_header("Location", urlunsplit(("", "", here, rest, "")))
            self.send_header("Set-Cookie", f"{cookie}={secret}; Path=/; HttpOnly; "
                                           "SameSite=Strict")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        if any(_same(value, secret) for value in self._cookies(cookie)):
            return True
        return self._forbidden()

    def _cookies(self, name: str) -> list[str]:
        found = []
        for header in self.headers.get_all("Cookie") or []:
            for pair in header.split(";"):
                key, _, value = pair.strip().partition("=")
                if key == name:
                    found.append(value.strip().strip('"'))
        return found

    def _forbidden(self) -> bool:
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(_FORBIDDEN)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(_FORBIDDEN)
        return False

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No listings: a folder without an index page is not found."""
        self.send_error(404)

    def do_GET(self) -> None:  # noqa: N802
        if self.allowed():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if self.allowed():
            super().do_HEAD()


def _same(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode())


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds the process at Ctrl-C
    secret = ""  # made for each server as it opens: in the address it prints, nowhere else


def open_server(folder: Path, port: int, handler: type[LocalHandler],
                bind: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    try:
        server = _Server((bind, port), functools.partial(handler, directory=str(folder)))
    except OSError as exc:
        raise CvkitError(f"cannot listen on {bind}:{port}: {exc.strerror}; "
                         "choose another with --port (0 picks a free one)") from None
    server.secret = secrets.token_urlsafe(32)
    return server
