"""What every command shares: exit codes, messages on stderr, how an error ends a command
(located problems, no traceback unless --debug), and the Click classes the commands are made
of: arguments with help, commands listed in the order they are defined, "did you mean" for a
misspelt one, and the export options as flags, from ExportOptions' own fields."""

from __future__ import annotations

import dataclasses
import functools
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cvkit.document.wording import counted
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError, ProfileError
from cvkit.support.suggest import unknown_name

EXIT_PROBLEMS = 2
EXIT_FAILED = 1

F = TypeVar("F", bound=Callable[..., Any])

# Ends a command with an exit code, nothing printed: Python's own, which Click lets through
# (its own ``Exit`` is not in its public namespace).
Exit = SystemExit

debug = False  # --debug: let the exception through, traceback and all

# A file or folder argument, given to the command as a pathlib.Path.
PATH = click.Path(path_type=Path)

# The options every command takes: -h as well as --help.
CONTEXT = {"help_option_names": ["-h", "--help"]}


def err(message: str) -> None:
    print(message, file=sys.stderr)


def fail(exc: CvkitError) -> Exit:
    if debug:
        raise exc
    if isinstance(exc, ProfileError):
        for problem in exc.problems:
            err(problem.format())
        n = len(exc.problems)
        err(f"{counted(n, 'problem')} found; nothing was written.")
        return Exit(EXIT_PROBLEMS)
    err(f"error: {exc}")
    return Exit(EXIT_FAILED)


# Click 8.5 and later list a command's arguments with their help; an older Click takes no
# help for an argument, and ``Command`` lists them.
_LISTS_ARGUMENTS = hasattr(click.Command, "format_arguments")


class Argument(click.Argument):
    """A positional argument with a help text (and its default, as an option shows it),
    which --help lists under "Positional arguments"."""

    def __init__(self, *args: Any, help: str = "", **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        default = kwargs.get("default")
        self.help = f"{help}  [default: {default}]" if default is not None else help


def argument(*decls: str, **kwargs: Any) -> Callable[[F], F]:
    """``click.argument`` with ``help=``."""
    return click.argument(*decls, cls=Argument, **kwargs)


class Command(click.Command):
    """A command whose --help lists its arguments, with their help, before its options,
    with a Click older than 8.5 too."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not _LISTS_ARGUMENTS:
            rows = [(param.metavar or (param.name or "").upper(), param.help)
                    for param in self.get_params(ctx)
                    if isinstance(param, Argument) and param.help]
            if rows:
                with formatter.section("Positional arguments"):
                    formatter.write_dl(rows)
        super().format_options(ctx, formatter)


class Group(click.Group):
    """A group whose commands are listed in the order they are added (Click sorts them),
    made as ``Command``, and a misspelt name answered with the closest one."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        # Not while completing: Click then offers the commands there are.
        if name and not name.startswith("-") and self.get_command(ctx, name) is None \
                and not ctx.resilient_parsing:
            ctx.fail(unknown_name("command", name, [n for n, c in self.commands.items()
                                                    if not c.hidden]))
        return super().resolve_command(ctx, args)


Group.group_class = Group


def name_option(command: F) -> F:
    """``--name``: the files' stem, for every command that exports (export, watch, serve)."""
    return click.option("--name",
                        help="File name stem (default: the person's name + _CV).")(command)


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


def _section_limits(given: tuple[str, ...]) -> dict[str, int]:
    """``publications=8`` -> {"publications": 8}; ``experience.projects=2``: at most two
    sub-projects in each position."""
    limits = {}
    for item in given:
        section, _, count = (part.strip() for part in item.partition("="))
        problem = _limit_problem(section, count)
        if problem:
            err(f"error: --max-entries {item}: {problem}")
            raise Exit(EXIT_FAILED)
        limits[section] = int(count)
    return limits


# How a flag's value becomes the field's, where it is not as given.
_FROM_FLAG: dict[str, Callable[[Any], Any]] = {
    "max_entries": _section_limits,
}
# What the command line takes for a field whose type says nothing of it.
_METAVARS = {"max_entries": "SECTION=N"}


def _value_type(hint: Any) -> Any:
    """The type a field's flag takes: ``int | None`` -> int, ``Path | None`` -> a path."""
    kinds = [k for k in typing.get_args(hint) if k is not type(None)] or [hint]
    kind = typing.get_origin(kinds[0]) or kinds[0]
    if kind is Path:
        return PATH
    return {int: click.INT, bool: click.BOOL}.get(kind, click.STRING)


def option_parameters() -> list[click.Option]:
    """The export options as Click options, one per field with a flag, from the fields of
    ExportOptions (their type, default, help and flag): shared by export, watch and serve."""
    hints = typing.get_type_hints(ExportOptions, localns={"Variant": str, "Path": Path})
    params = []
    for f in dataclasses.fields(ExportOptions):
        flag = ExportOptions.flag(f.name)
        if not flag:
            continue
        hint = hints[f.name]
        many = typing.get_origin(hint) in (dict, list)
        default = None if f.default is dataclasses.MISSING else f.default
        kind = _value_type(hint)
        if kind is click.BOOL:  # a pair (--photo/--no-photo) says which one is the default
            params.append(click.Option([flag, f.name], is_flag=True, default=default,
                                       show_default="/" in flag and default is not None,
                                       help=ExportOptions.help(f.name)))
        else:
            params.append(click.Option([flag, f.name], type=kind, multiple=many,
                                       default=() if many else default,
                                       metavar=_METAVARS.get(f.name),
                                       help=ExportOptions.help(f.name)))
    return params


def export_options(command: F) -> F:
    """Give ``command`` every export option as a flag; it receives them as ``options``
    (an ExportOptions). Applied before ``click.command``, so the flags follow the
    command's own."""
    added = option_parameters()
    names = [p.name for p in added]

    @functools.wraps(command)
    def with_options(**kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in names if name is not None}
        for name, convert in _FROM_FLAG.items():
            if name in given:
                given[name] = convert(given[name])
        return command(**kwargs, options=ExportOptions.from_flags(**given))

    own: list[click.Parameter] = getattr(command, "__click_params__", [])
    # Click reads a function's parameters bottom up: the options go before the command's own
    # in this list, so --help lists them after.
    with_options.__click_params__ = [*reversed(added), *own]  # type: ignore[attr-defined]
    return typing.cast(F, with_options)
