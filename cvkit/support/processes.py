"""Processes forked to use a second CPU, each tied to the process that forked it.

A child never outlives its parent: it holds the read end of a pipe only the parent writes to
(its lifeline), and a thread in the child ends it when that pipe closes, as it does when the
parent exits in any way, SIGKILL included. CPUs are counted as the ones this process may run
on (its affinity: a container or ``taskset`` may allow fewer than the machine has).

Nothing forks while another thread runs in the forking process: the child would get a copy
of every lock another thread held at that moment, held for ever (Python 3.12 warns of it).
A process that runs threads (the live preview: its HTTP, event and watcher threads) starts a
``ForkServer`` first, while it has only its main thread, and has its children forked there.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable
from typing import Any

# This process's ends of its children's pipes, closed in every child forked after them (held
# there, a child would keep another alive after the parent died).
parent_ends: set[int] = set()
# What a new child forgets of the parent's bookkeeping (registered by the modules that fork).
_in_child: list[Callable[[], None]] = []


def forget_in_child(forget: Callable[[], None]) -> None:
    _in_child.append(forget)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


def other_threads() -> int:
    """The threads of this process besides the calling one: the operating system's count
    where there is one (a library's own threads too, as the file watcher's), else Python's."""
    try:
        return len(os.listdir("/proc/self/task")) - 1
    except OSError:
        return threading.active_count() - 1


def can_fork() -> bool:
    """A second CPU to use, and a fork that copies no other thread's locks."""
    return hasattr(os, "fork") and usable_cpus() >= 2 and other_threads() == 0


def _forget_the_parent(also: tuple[int, ...] = ()) -> None:
    """In a child just forked: close the pipe ends of the children forked before (and
    ``also``), and run what must be forgotten there."""
    for fd in (*parent_ends, *also):
        try:
            os.close(fd)
        except OSError:
            pass
    parent_ends.clear()
    for forget in _in_child:
        forget()


def fork_child() -> tuple[int, int]:
    """Fork a child tied to this process: (its pid, in the parent; 0 in the child, and the
    write end of its lifeline, in the parent). In the child, the pipe ends of the children
    forked before are closed (held there, a child would keep the others alive)."""
    alive_read, alive_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(alive_write)
        _forget_the_parent()
        watch_lifeline(alive_read)
        return 0, -1
    os.close(alive_read)
    parent_ends.add(alive_write)
    return pid, alive_write


def watch_lifeline(alive: int) -> None:
    """In a child: end this process once ``alive``, the read end of a pipe only the parent
    writes to, reaches its end (the parent closed it, or is gone)."""
    def watch() -> None:
        try:
            while os.read(alive, 1):
                pass
        except OSError:
            pass
        os._exit(1)  # the parent is gone: nobody wants this work any more

    threading.Thread(target=watch, name="cvkit-lifeline", daemon=True).start()


def end_child(pid: int, alive: int, *, kill: bool = True) -> int:
    """Kill the child ``pid`` if it still runs (``kill=False``: wait for it, as it is
    ending by itself), reap it and close its lifeline; its exit code (or minus the signal
    that ended it)."""
    code = _reap(pid, kill)
    close_end(alive)
    return code


def _reap(pid: int, kill: bool = True) -> int:
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            if kill:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            done, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    except ChildProcessError:
        return 0  # reaped already


def close_end(fd: int) -> None:
    parent_ends.discard(fd)
    try:
        os.close(fd)
    except OSError:
        pass


class ForkServerGone(OSError):
    """The fork server ended (killed, or out of memory): nothing more is forked there."""


class ForkServer:
    """A process forked while this one runs no other thread, which forks children on request
    (as ``multiprocessing``'s forkserver does, but forked, not started afresh, so each child
    begins with what this process had loaded: WeasyPrint, the fonts, their caches).

    ``start(what, fds)`` runs ``start_child(what, fds)`` in a new child of the server, ``fds``
    being this process's descriptors passed over (SCM_RIGHTS); ``reap(pid)`` ends that child
    if it still runs and gives its exit code. The server lives on its socket: when this
    process closes it, or exits in any way, the server ends its children and itself. It runs
    one thread only, so every fork it makes is a fork without threads.
    """

    def __init__(self, start_child: Callable[[bytes, list[int]], None],
                 close_in_server: tuple[int, ...] = ()) -> None:
        if other_threads():
            raise RuntimeError("a fork server must be started before any other thread")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            try:
                ours.close()
                _forget_the_parent(close_in_server)
                _serve_forks(theirs, start_child)
            finally:
                os._exit(0)
        theirs.close()
        self.pid = pid
        self._socket = ours
        self._lock = threading.Lock()  # one request and its answer at a time, from any thread
        self.running = True

    def _ask(self, request: bytes, fds: list[int] | None = None) -> int:
        with self._lock:
            if not self.running:
                raise ForkServerGone("the fork server has ended")
            answer = b""
            try:
                if fds:
                    socket.send_fds(self._socket, [request], fds)
                else:
                    self._socket.send(request)
                answer = self._socket.recv(64)
            except OSError:
                pass
            finally:
                # No answer (the server gone, or Ctrl-C between the question and the
                # answer): a later question could read this one's answer, so none is asked.
                self.running = bool(answer)
            if not answer:
                raise ForkServerGone("the fork server ended unexpectedly")
            return int(answer)

    def start(self, what: bytes, fds: list[int]) -> int:
        """The pid of a new child running ``start_child(what, fds)``; ``fds`` may be closed
        here once this returns (the child has its own copies)."""
        return self._ask(b"fork " + what, fds)

    def reap(self, pid: int, *, kill: bool = True) -> int:
        """End the child ``pid`` if it still runs (``kill=False``: wait for its end, as it
        is ending by itself); its exit code (minus the signal that ended it)."""
        try:
            return self._ask(b"%s %d" % (b"reap" if kill else b"wait", pid))
        except ForkServerGone:
            return -9  # the server killed it as it ended

    def close(self) -> None:
        """End the server and every child of it still running."""
        with self._lock:
            self.running = False
            self._socket.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve_forks(requests: Any, start_child: Callable[[bytes, list[int]], None]) -> None:
    """The fork server's loop: one request at a time, until the socket closes."""
    # Ctrl-C and a closed terminal reach the whole process group: the process that started
    # the server says when it ends, by closing the socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    children: set[int] = set()
    while True:
        try:
            request, fds, _, _ = socket.recv_fds(requests, 4096, 16)
        except OSError:
            break
        if not request:
            break  # closed: the process that started the server is done, or gone
        kind, _, what = request.partition(b" ")
        if kind == b"fork":
            pid = os.fork()
            if pid == 0:
                status = 1
                try:
                    requests.close()
                    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
                        signal.signal(sig, signal.SIG_DFL)
                    start_child(what, fds)
                    status = 0
                finally:
                    os._exit(status)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            answer = pid
        else:  # reap or wait
            answer = _reap(int(what), kill=kind == b"reap")
            children.discard(int(what))
        try:
            requests.send(b"%d" % answer)
        except OSError:
            break
    for pid in children:
        _reap(pid)
