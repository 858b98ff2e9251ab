"""The ``cvkit`` command's entry: a PDF export starts its worker before anything else, and the
command leaves without tearing its heap down."""

from __future__ import annotations

import atexit
import gc
import os
import sys

from cvkit.build.workers import start_early, stop_all


def main() -> None:
    if sys.argv[1:2] == ["export"]:
        # One export, then the process ends (``leave``): the cyclic collector would only
        # pause it. Not for `watch`, which runs on and on.
        gc.disable()
    args = sys.argv[1:]
    while args[:1] in (["--debug"], ["--no-cache"]):  # the options before the command's name
        if args[0] == "--no-cache":
            os.environ["CVKIT_NO_CACHE"] = "1"  # before anything may read or fill the cache
        args = args[1:]
    start_early(args)
    from cvkit.cli.app import main as cli_main  # after the worker started: see start_early

    try:
        cli_main()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            leave(done.code or 0)
        raise
    leave(0)


def leave(status: int) -> None:
    """End the process now that the command is done. Python's own shutdown frees every object
    one by one, slowly after a 300-paper export, for memory the system takes back whole anyway.
    What shutdown must still do is done first: the exit handlers (logging, temporary folders,
    coverage) and flushing the standard streams. A worker started for a command that ended
    early (a usage error, a profile with a mistake) is ended here, not left to notice.

    The exit handlers are run by ``atexit._run_exitfuncs``, which Python keeps private; on a
    Python without it, the process ends by Python's own shutdown, slower by the teardown only
    (tests/test_workers.py runs the command both ways)."""
    stop_all()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if not callable(run_exit_handlers):
        sys.exit(status)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1  # a closed or broken pipe: the shell sees a failure
    os._exit(status)
