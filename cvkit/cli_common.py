"""What every command shares: exit codes, messages on stderr, and how an error ends a
command (located problems, no traceback unless --debug)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import typer
from typer.models import CommandFunctionType

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


def _flags_untyped(params: Any) -> Any:
    """A flag takes no value, so --help shows no type after it. Typer 0.29 shows ``<bool>``
    after every flag unless the flag has a metavar (Click's public ``Parameter.metavar``,
    which Typer shows in its place): an empty one shows nothing."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class FlagsCommand(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> Any:  # the help option, made on demand, included
        return _flags_untyped(super().get_params(ctx))


class FlagsGroup(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> Any:
        return _flags_untyped(super().get_params(ctx))


class Typer(typer.Typer):
    """``typer.Typer`` whose commands (and itself, unless given another group class) show
    flags as flags in --help: ``cls`` is Typer's documented way to a command's class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", FlagsGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any
                ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", FlagsCommand)
        return super().command(*args, **kwargs)


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
