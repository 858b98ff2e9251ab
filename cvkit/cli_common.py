"""What every command shares: exit codes, messages on stderr, and how an error ends a
command (located problems, no traceback unless --debug)."""

from __future__ import annotations

import sys

import typer

from .errors import CvkitError, ProfileError
from .wording import counted

EXIT_PROBLEMS = 2
EXIT_FAILED = 1

MAX_AUTHORS_HELP = ("List at most N authors of a paper, in every format and citation style: "
                    "the first ones, then the owner with their marks wherever they stand, "
                    "and et al. (over layout.max_authors; by default every author).")
debug = False  # --debug: let the exception through, traceback and all


def err(message: str) -> None:
    print(message, file=sys.stderr)


def fail(exc: CvkitError) -> typer.Exit:
    if debug:
        raise exc
    if isinstance(exc, ProfileError):
        for problem in exc.problems:
            err(problem.format())
        n = len(exc.problems)
        err(f"{counted(n, 'problem')} found; nothing was written.")
        return typer.Exit(EXIT_PROBLEMS)
    err(f"error: {exc}")
    return typer.Exit(EXIT_FAILED)
