"""Processes forked to use a second CPU, each tied to the process that forked it.

A child never outlives its parent: it holds the read end of a pipe only the parent writes to
(its lifeline), and a thread in the child ends it when that pipe closes, as it does when the
parent exits in any way, SIGKILL included. CPUs are counted as the ones this process may run
on (its affinity: a container or ``taskset`` may allow fewer than the machine has).
"""

from __future__ import annotations

import os
from collections.abc import Callable

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


def can_fork() -> bool:
    return hasattr(os, "fork") and usable_cpus() >= 2


def fork_child() -> tuple[int, int]:
    """Fork a child tied to this process: (its pid, in the parent; 0 in the child, and the
    write end of its lifeline, in the parent). In the child, the pipe ends of the children
    forked before are closed (held there, a child would keep the others alive)."""
    alive_read, alive_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(alive_write)
        for fd in parent_ends:
            try:
                os.close(fd)
            except OSError:
                pass
        parent_ends.clear()
        for forget in _in_child:
            forget()
        _watch_parent(alive_read)
        return 0, -1
    os.close(alive_read)
    parent_ends.add(alive_write)
    return pid, alive_write


def _watch_parent(alive: int) -> None:
    import threading

    def watch() -> None:
        try:
            while os.read(alive, 1):
                pass
        except OSError:
            pass
        os._exit(1)  # the parent is gone: nobody wants this work any more

    threading.Thread(target=watch, name="cvkit-lifeline", daemon=True).start()


def end_child(pid: int, alive: int) -> int:
    """Kill the child ``pid`` if it still runs, reap it and close its lifeline; its exit
    code (or minus the signal that ended it)."""
    import signal

    try:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            done, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    except ChildProcessError:
        code = 0  # reaped already
    close_end(alive)
    return code


def close_end(fd: int) -> None:
    parent_ends.discard(fd)
    try:
        os.close(fd)
    except OSError:
        pass
