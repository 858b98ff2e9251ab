"""Slow formats rendered in a process of their own, started before the profile is read.

A PDF export spends about a third of its time importing WeasyPrint and opening the fonts.
A worker forked at the start of the command does that on the second core while this process
reads the profile, lays out the document and renders the print HTML; that page (or, for a
format without ``prepare``, the document) then goes to the worker through a pipe and the
finished file comes back. With one usable CPU (a container or ``taskset`` may allow fewer
than the machine has), or without fork, nothing is started and every format
renders in this process as before.

A child never outlives this process (see ``cvkit.support.processes``); ``stop_all`` ends them at
once. A process that runs threads (the live preview, ``cvkit watch``) forks no worker
itself: it starts a fork server first (``fork_server``), and its workers are forked there.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
from typing import TYPE_CHECKING, Any

from cvkit import exporters
from cvkit.support import processes
from cvkit.support.errors import CvkitError
from cvkit.support.processes import (
    ForkServer,
    ForkServerGone,
    close_end,
    end_child,
    forget_in_child,
    fork_child,
    parent_ends,
    watch_lifeline,
)
from cvkit.support.processes import usable_cpus as usable_cpus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from typing import BinaryIO

    from cvkit.exporters import Artifact, Exporter, RenderContext


# The fork server workers are forked by in this process, while one runs (``fork_server``).
_server: ForkServer | None = None


def can_fork() -> bool:
    """A worker can be started: by this process's fork server, or forked here (a second CPU,
    and no other thread whose locks the child would copy)."""
    server = _server
    return (server is not None and server.running) or processes.can_fork()


@contextlib.contextmanager
def fork_server(close_in_server: tuple[int, ...] = ()) -> Iterator[None]:
    """Within: every worker this process starts is forked by a fork server, started now, so
    threads may run here meanwhile. Enter it before starting any thread: it forks from this
    process as it is now (WeasyPrint loaded, the fonts' caches warm), and each worker starts
    from that. ``close_in_server``: descriptors the server must not hold (a listening
    socket). Where no worker would be forked (one CPU), or a thread already runs, nothing is
    started and workers are not forked at all."""
    global _server
    if not processes.can_fork() or _server is not None:
        yield
        return
    server = ForkServer(_start_worker, close_in_server)
    _server = server
    try:
        yield
    finally:
        _server = None
        server.close()


def _start_worker(what: bytes, fds: list[int]) -> None:
    """In a worker the fork server forked: its pipes and its lifeline (this process's)."""
    jobs, results, alive = fds
    watch_lifeline(alive)
    _serve(what.decode(), os.fdopen(jobs, "rb"), os.fdopen(results, "wb"))


def stop_all() -> None:
    """End every child this module started that is still running (a command that stopped
    early: a usage error, a profile that did not load)."""
    for worker in list(_early.values()):
        worker.close()
    _early.clear()
    for path in list(_reading):
        stop_reading(path)


_early: dict[str, Worker] = {}


def start_early(argv: list[str]) -> None:
    """``cvkit export ... -f pdf``: the worker starts before the command line is parsed, as
    importing Click and pydantic is nothing the worker waits for; without such a
    worker (and for ``cvkit validate``), the profile is read ahead instead
    (``read_ahead``). A guess from the words on the command line: ``pipeline.start_workers``
    takes the workers it needs and closes the others, and a command that fails closes them
    all at exit."""
    if not argv or argv[0] not in ("export", "validate") or not can_fork() \
            or {"-h", "--help"} & set(argv):
        return
    profile = _profile_named(argv[1:])
    if argv[0] == "validate":
        if profile is not None:
            read_ahead(profile)
        return
    named = _formats_named(argv[1:])
    if profile is not None and not {"pdf", "all"} & {
            n.strip().lower() for value in named or ["pdf"] for n in value.split(",")}:
        read_ahead(profile)  # first: finding the formats' traits imports their modules

    for name in exporters.expand_formats(named or ["pdf"]):
        try:
            exporter = exporters.get(name)
        except Exception:  # noqa: BLE001, S112 - not a format: the parsed command says so
            continue
        if exporters.traits(exporter).own_process and name not in _early:
            _early[name] = Worker(name)
    if _early and profile is not None:
        # Beside a worker (a PDF's, or another format's of its own process), no reader: the
        # command waits for the worker anyway, and a third process on two cores slows it
        # (a two-page PDF took 10% longer).
        stop_reading(profile)


def _formats_named(args: list[str]) -> list[str]:
    """The values of -f/--format, in any of the forms the command line accepts."""
    found = []
    for i, arg in enumerate(args):
        if arg in ("-f", "--format") and i + 1 < len(args):
            found.append(args[i + 1])
        elif arg.startswith("--format="):
            found.append(arg.partition("=")[2])
        elif arg.startswith("-f") and len(arg) > 2 and not arg.startswith("--"):
            found.append(arg[2:])
    return found


def _profile_named(args: list[str]) -> Path | None:
    """The profile a command line names: its one word that is a .yaml, .yml or .json file."""
    from pathlib import Path

    found = {Path(a) for a in args if a.lower().endswith((".yaml", ".yml", ".json"))
             and not a.startswith("-")}
    files = [p for p in found if p.is_file()]
    return files[0] if len(files) == 1 else None


# Profiles being read ahead: the file, resolved -> (the reader's pid, the end of its pipe,
# its lifeline).
_reading: dict[Path, tuple[int, int, int]] = {}
forget_in_child(_early.clear)
forget_in_child(_reading.clear)


def read_ahead(path: Path) -> None:
    """Validate ``path`` into the profile cache in a process of its own, while this one loads
    Click and the formats: a profile just edited is read (YAML, Markdown) and validated
    (pydantic builds its validators) on the second core. This process then waits for it
    (``await_read_ahead``) and finds the profile in the cache, or, when the reader found a
    mistake, reads it itself and reports what is wrong as ever. A profile already in the
    cache (or no cache) starts nothing."""
    from cvkit.support import cache

    if not can_fork():
        return
    try:
        text = path.read_bytes().decode("utf-8-sig")
        entry = cache.entry_name(cache.profile_key(path, text))
    except (OSError, ValueError):
        return  # the command reads it again and says what is wrong
    if entry is None or cache.folder("profiles") is None or cache.has("profiles", entry):
        return
    done_read, done_write = os.pipe()
    pid, alive = fork_child()
    if pid == 0:  # the reader: silent, and gone when the profile is in the cache
        try:
            os.close(done_read)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            gc.disable()
            _validate_into_cache(path)
        finally:
            os._exit(0)
    os.close(done_write)  # the reader holds the only write end: its exit is the end of file
    _reading[path.resolve()] = (pid, done_read, alive)
    parent_ends.add(done_read)


def _validate_into_cache(path: Path) -> None:
    from cvkit.profile.load import cache_profile

    try:
        cache_profile(path)
    except CvkitError:
        pass  # the command finds the mistake again and reports it


def stop_reading(path: Path) -> None:
    """Stop the reader of ``path`` now: its work is not wanted (an entry it was writing is
    left whole or not at all, as every cache write is atomic)."""
    entry = _reading.pop(path.resolve(), None)
    if entry is None:
        return
    pid, done, alive = entry
    close_end(done)
    end_child(pid, alive)


def await_read_ahead(path: Path | str) -> None:
    """Wait for the reader of ``path``, if one was started: its profile is then in the cache.
    """
    from pathlib import Path

    entry = _reading.pop(Path(path).resolve(), None)
    if entry is None:
        return
    pid, done, alive = entry
    try:
        os.read(done, 1)  # returns at the reader's exit
    finally:
        close_end(done)
        end_child(pid, alive)


# What a worker is sent: ("finish", exporter, what its ``prepare`` made, context), or
# ("render", exporter, the document, context). Then, always, a postscript: what the
# exporter's ``later`` made meanwhile in this process (None without one), which ``finish``
# reads when it needs it.
WorkerJob = tuple[str, "Exporter", Any, "RenderContext"]


def take_early() -> dict[str, Worker]:
    """The workers ``start_early`` started, now the caller's to use or close."""
    taken = dict(_early)
    _early.clear()
    return taken


class Worker:
    """One forked process, warming one format (``warm()``) until its job arrives.

    Forked with ``os.fork`` (here, or by the fork server) and two pipes: ``multiprocessing``
    would be one more package to import before the fork, for nothing a worker of one job
    needs.
    """

    def __init__(self, format_name: str) -> None:
        jobs_read, jobs_write = os.pipe()
        results_read, results_write = os.pipe()
        self.format = format_name
        self._sending: Any = None
        self._unsent: Exception | None = None
        self._status: int | None = None
        self._answered = False
        self._server = _server if _server is not None and _server.running else None
        ours = (jobs_write, results_read)
        try:
            pid, self._alive = (
                self._start_there(self._server, jobs_read, results_write)
                if self._server is not None else _fork_here(format_name, jobs_read,
                                                            results_write, ours))
        except BaseException:
            for end in ours:
                close_end(end)
            raise
        parent_ends.update(ours)
        self._pid = pid
        self._ends = ours
        self._jobs = os.fdopen(jobs_write, "wb")
        self._results = os.fdopen(results_read, "rb")

    def _start_there(self, server: ForkServer, jobs: int, results: int) -> tuple[int, int]:
        """Have the fork server fork the worker, handing it the worker's ends of the pipes
        and a lifeline this process holds: (its pid, the lifeline's write end)."""
        alive_read, alive_write = os.pipe()
        try:
            pid = server.start(self.format.encode(), [jobs, results, alive_read])
        except ForkServerGone as exc:
            from cvkit.support.errors import ExportError

            os.close(alive_write)
            raise ExportError(f"the {self.format} worker could not be started: {exc}") from None
        finally:
            for end in (jobs, results, alive_read):
                os.close(end)
        parent_ends.add(alive_write)
        return pid, alive_write

    def submit(self, job: WorkerJob, later: Callable[[], Any] | None = None) -> None:
        """Hand the job over, then what ``later`` makes (the postscript), while the worker
        starts on the job. A large document fills the pipe before a worker still warming
        reads it, so both are sent from a thread: this process goes on rendering meanwhile."""
        self._sending = threading.Thread(target=self._send, args=(job, later), daemon=True)
        self._sending.start()

    def _send(self, job: WorkerJob, later: Callable[[], Any] | None) -> None:
        try:
            self._write(job)
            try:
                postscript = later() if later is not None else None
            except Exception as exc:  # noqa: BLE001 - any error of later's, ValueError too:
                self._unsent = exc  # raised by result(), as rendering here would raise it
                return
            self._write(postscript)
        except (OSError, ValueError):
            pass  # the worker is gone; result() says so
        except Exception as exc:  # noqa: BLE001 - a job that does not pickle:
            self._unsent = exc  # raised by result()
        finally:
            # The end of the pipe: the worker has its whole job, or stops waiting for it.
            with contextlib.suppress(OSError, ValueError):
                self._jobs.close()

    def _write(self, value: Any) -> None:
        pickle.dump(value, self._jobs, protocol=pickle.HIGHEST_PROTOCOL)
        self._jobs.flush()

    def result(self) -> Artifact:
        """The artifact; an error in the worker is raised here."""
        if self._sending is not None:
            self._sending.join()
        if self._unsent is not None:
            self.close()
            raise self._unsent
        try:
            status, value = pickle.load(self._results)
            self._answered = True  # and ending by itself: close() waits, never kills
        except (EOFError, OSError, pickle.UnpicklingError):
            from cvkit.support.errors import ExportError

            self.close()  # its exit code, for the message
            raise ExportError(f"the {self.format} worker process stopped unexpectedly "
                              f"(exit code {self._status})") from None
        self.close()
        if status == "error":
            raise value
        artifact: Artifact = value
        return artifact

    def cancel(self) -> None:
        """Stop the job, from any thread: ``result()`` then raises (the preview, when a
        newer save makes the PDF being laid out useless)."""
        if self._status is None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        """Stop the worker (it is waiting, or done): nothing is left running."""
        parent_ends.difference_update(self._ends)
        for end in (self._jobs, self._results):
            end.close()
        if self._status is not None:
            return
        if self._server is not None:
            self._status = self._server.reap(self._pid, kill=not self._answered)
            close_end(self._alive)
        else:
            self._status = end_child(self._pid, self._alive, kill=not self._answered)
        for name, worker in list(_early.items()):
            if worker is self:
                del _early[name]




def _fork_here(format_name: str, jobs: int, results: int, ours: tuple[int, int]
               ) -> tuple[int, int]:
    """Fork the worker from this process: (its pid, its lifeline's write end)."""
    parent_ends.update(ours)  # the worker closes them with the other children's
    pid, alive = fork_child()
    if pid == 0:  # the worker
        status = 1
        try:
            _serve(format_name, os.fdopen(jobs, "rb"), os.fdopen(results, "wb"))
            status = 0
        finally:
            os._exit(status)  # never the parent's exit handlers, nor its buffered output
    os.close(jobs)
    os.close(results)
    return pid, alive


def _postscript(jobs: BinaryIO) -> Callable[[], Any]:
    """What reads the job's postscript, when ``finish`` needs it (None if this process's
    parent is gone before sending it: the parent reports nothing then anyway)."""
    def read() -> Any:
        try:
            return pickle.load(jobs)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None
    return read


def _serve(format_name: str, jobs: BinaryIO, results: BinaryIO) -> None:
    # One job, then the process ends: a collection would only cost time (while importing
    # WeasyPrint, and through a 300-paper PDF).
    gc.disable()

    warm_error: BaseException | None = None
    try:
        exporters.warm([format_name])
    except Exception as exc:  # noqa: BLE001 - reported when the job comes, as rendering would
        warm_error = exc

    try:
        job = pickle.load(jobs)
    except (EOFError, OSError, pickle.UnpicklingError):
        return  # the command ended first (a profile that did not load)
    result: tuple[str, Any]
    try:
        if warm_error is not None:
            raise warm_error
        kind, exporter, payload, context = job
        if kind == "finish" and exporters.traits(exporter).follows_up:
            result = ("ok", exporter.finish(payload, context, _postscript(jobs)))
        elif kind == "finish":
            result = ("ok", exporter.finish(payload, context))
        else:
            result = ("ok", exporters.render_checked(exporter, payload, context))
    except Exception as exc:  # noqa: BLE001 - every error goes back to the parent
        result = ("error", exc)
    try:
        reply = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle
        from cvkit.support.errors import ExportError

        reply = pickle.dumps(("error", ExportError(f"{format_name}: {exc}")))
    try:
        results.write(reply)
        results.flush()
    except OSError:
        return  # the command is gone
    os._exit(0)  # answered: nothing is left to free, and the parent waits for this exit
