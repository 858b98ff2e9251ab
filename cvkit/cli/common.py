"""What every command shares: exit codes, messages on stderr, and how an error ends a
command (located problems, no traceback unless --debug)."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cvkit.document.wording import counted
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError, ProfileError
from cvkit.support.suggest import unknown_name

if TYPE_CHECKING:
    from typer.models import CommandFunctionType

EXIT_PROBLEMS = 2
EXIT_FAILED = 1

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


# The files' stem, for every command that exports (export, watch, serve).
FileName = Annotated[str | None, typer.Option(  # noqa: UP007
    "--name", help="File name stem (default: the person's name + _CV).")]


def _limit_problem(key: str, count: str) -> str:
    """What is wrong with one ``--max-entries`` value, or ""."""
    from cvkit.profile.model.kinds import NESTED_KEYS, SectionKey

    if not count.isdigit():
        return "expected SECTION=N, e.g. publications=8 (or experience.projects=2)"
    if "." in key and key not in NESTED_KEYS:
        return unknown_name("list inside an entry", key, NESTED_KEYS)
    if "." not in key and key not in typing.get_args(SectionKey):
        return unknown_name("section", key, typing.get_args(SectionKey) + NESTED_KEYS)
    return ""


def _section_limits(given: list[str] | None) -> dict[str, int]:
    """``publications=8`` -> {"publications": 8}; ``experience.projects=2``: at most two
    sub-projects in each position."""
    limits = {}
    for item in given or []:
        section, _, count = (part.strip() for part in item.partition("="))
        problem = _limit_problem(section, count)
        if problem:
            err(f"error: --max-entries {item}: {problem}")
            raise typer.Exit(EXIT_FAILED)
        limits[section] = int(count)
    return limits


# How a flag's value becomes the field's, where it is not as given.
_FROM_FLAG: dict[str, Callable[[Any], Any]] = {
    "max_entries": _section_limits,
}
# What the command line takes for a field whose type it cannot (SECTION=N for a dict).
_FLAG_TYPES: dict[str, Any] = {"max_entries": list[str] | None}


def option_parameters() -> list[inspect.Parameter]:
    """A command's parameters for the export options: one per field with a flag, from the
    fields of ExportOptions (their type, default, help and flag), shared by export, watch
    and serve."""
    hints = typing.get_type_hints(ExportOptions, localns={"Variant": str, "Path": Path})
    params = []
    for f in dataclasses.fields(ExportOptions):
        flag = ExportOptions.flag(f.name)
        if not flag:
            continue
        kind = _FLAG_TYPES.get(f.name, hints[f.name])
        default = None if f.default is dataclasses.MISSING else f.default
        params.append(inspect.Parameter(
            f.name, inspect.Parameter.KEYWORD_ONLY, default=default,
            annotation=Annotated[kind, typer.Option(flag, help=ExportOptions.help(f.name))]))
    return params


F = TypeVar("F", bound=Callable[..., Any])


def export_options(command: F) -> F:
    """Give ``command`` every export option as a flag; it receives them as ``options``
    (an ExportOptions), in place of its own ``options`` parameter."""
    own = inspect.signature(command)
    hints = typing.get_type_hints(command, include_extras=True)
    kept = [p.replace(annotation=hints.get(p.name, p.annotation))
            for p in own.parameters.values() if p.name != "options"]
    added = option_parameters()
    names = [p.name for p in added]

    @functools.wraps(command)
    def with_options(**kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in names}
        for name, convert in _FROM_FLAG.items():
            if name in given:
                given[name] = convert(given[name])
        return command(**kwargs, options=ExportOptions.from_flags(**given))

    params = kept + added
    with_options.__signature__ = own.replace(parameters=params)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in params}
    return typing.cast(F, with_options)
