"""The command-line reference, from the commands themselves: cvkit.cli.app's Click command
tree walked, every command and subcommand with its usage, help,
arguments and options (with their help, type and default), in the order `--help` lists
them. Nothing here is written by hand, so the page says what `cvkit COMMAND --help` says."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

INTRO = """# Command line

Every command and option of `cvkit`, generated from the commands themselves when the site
is built (`scripts/docs_cli.py`), so it says what `cvkit COMMAND --help` says. Exit codes:
0 done, 1 failed (or, for `check`, something missing), 2 the input refused (a profile
with problems, a file past a limit, an unknown format).
"""


def page() -> str:
    from cvkit.cli.app import app as root
    out = [INTRO]
    out += _command(root, ["cvkit"], None, level=2)
    return "\n".join(out).rstrip() + "\n"


def _command(cmd: Any, path: list[str], parent: Any, level: int) -> list[str]:
    ctx = cmd.context_class(cmd, info_name=path[-1], parent=parent)
    name = " ".join(path)
    lines = [f"{'#' * level} `{name}` {{ #{_anchor(name)} }}", "", *_paragraphs(cmd.help or ""), "",
             "```text", _usage(cmd, ctx, path), "```", ""]
    arguments = [p for p in cmd.params if _kind(p) == "argument" and not _hidden(p)]
    options = [p for p in cmd.params if _kind(p) == "option" and not _hidden(p)]
    if arguments:
        lines += ["**Arguments**", "", "| Argument | Description |", "|---|---|"]
        for p in arguments:
            lines.append(f"| `{_metavar(p)}` | {_cell(_argument_help(p))} |")
        lines.append("")
    if options:
        lines += ["**Options**", "", "| Option | Takes | Description |", "|---|---|---|"]
        for p in options:
            lines.append(f"| {_names(p)} | {_takes(p)} | {_cell(_option_help(p))} |")
        lines.append("")
    if cmd.epilog:
        lines += [*_paragraphs(cmd.epilog), ""]
    subcommands = getattr(cmd, "commands", {})
    shown = [(n, c) for n, c in subcommands.items() if not c.hidden]
    if shown:
        lines += ["| Command | What it does |", "|---|---|"]
        for sub, c in shown:
            anchor = _anchor(" ".join([*path, sub]))
            lines.append(f"| [`{sub}`](#{anchor}) | {_cell(_first_sentence(c.help or ''))} |")
        lines.append("")
    for c in subcommands.values():
        if c.hidden:  # reached without its name (cvkit import FILE): documented as the group
            lines += _default_command(c, path, ctx, level + 1)
    for sub, c in shown:
        lines += _command(c, [*path, sub], ctx, level + 1 if level < 3 else level)
    return lines


def _default_command(cmd: Any, path: list[str], parent: Any, level: int) -> list[str]:
    """A hidden command the group runs when its first word names no command."""
    ctx = cmd.context_class(cmd, info_name=path[-1], parent=parent)
    lines = _command(cmd, path, parent, level)
    usage = _usage(cmd, ctx, path)
    shown = usage.replace(" [OPTIONS]", "")
    lines[0] = f"{'#' * level} `{shown}` {{ #{_anchor(shown)} }}"
    return lines


def _kind(param: Any) -> str:
    return "option" if getattr(param, "opts", [""])[0].startswith("-") else "argument"


def _hidden(param: Any) -> bool:
    return bool(getattr(param, "hidden", False))


def _usage(cmd: Any, ctx: Any, path: list[str]) -> str:
    if "format_usage" in type(cmd).__dict__:  # a group that says its own usage
        formatter = ctx.make_formatter()
        cmd.format_usage(ctx, formatter)
        return re.sub(r"^Usage:\s*", "", " ".join(formatter.getvalue().split()))
    pieces = [*path]
    if any(_kind(p) == "option" and not _hidden(p) for p in cmd.params):
        pieces.append("[OPTIONS]")
    for p in cmd.params:
        if _kind(p) == "argument":
            pieces.append(_metavar(p) if p.required or p.metavar else f"[{_metavar(p)}]")
    if getattr(cmd, "commands", None):
        pieces.append("COMMAND [ARGS]...")
    return " ".join(pieces)


def _metavar(param: Any) -> str:
    if getattr(param, "metavar", None):
        return str(param.metavar)
    name = param.name.upper()
    return f"{name}..." if getattr(param, "nargs", 1) == -1 else name


def _names(param: Any) -> str:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    text = ", ".join(f"`{o}`" for o in names)
    if param.secondary_opts:
        text += " / " + ", ".join(f"`{o}`" for o in param.secondary_opts)
    return text


def _takes(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return ""
    what = f"`{param.metavar}`" if param.metavar else _type(param)
    if getattr(param, "multiple", False):
        what += ", repeatable"
    return what


def _type(param: Any) -> str:
    kind = getattr(param, "type", None)
    name = str(getattr(kind, "name", "text")).lower()
    word = {"integer range": "integer", "float": "number", "float range": "number"}.get(name, name)
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if low is not None and high is not None:
        word += f" {low}–{high}"
    elif low is not None:
        word += f" ≥ {low}"
    return word


def _argument_help(param: Any) -> str:
    return getattr(param, "help", None) or ""  # with its default, as --help shows it


def _default(param: Any) -> Any:
    """A parameter's default, or None for none (Click 8.3 and later mark "no default" with a
    value of their own, which is no default to print)."""
    value = param.default
    return value if isinstance(value, str | int | float | Path | list | tuple) else None


def _option_help(param: Any) -> str:
    text = getattr(param, "help", None) or ""
    default = _default(param)
    if getattr(param, "is_flag", False):
        if param.secondary_opts and default:
            text += f" Default: `{param.opts[0]}`."
    elif default not in (None, "", [], (), False) and getattr(param, "show_default", True):
        shown = ", ".join(map(str, default)) if isinstance(default, list | tuple) else default
        text += f" Default: `{shown}`."
    if getattr(param, "required", False):
        text += " Required."
    if getattr(param, "envvar", None):
        text += f" Environment: `{param.envvar}`."
    return text.strip()


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (Markdown joins the lines anyway)."""
    text = inspect.cleandoc(text).replace("\b", "")
    return [_escape(" ".join(p.split())) + "\n" for p in re.split(r"\n\s*\n", text) if p.strip()]


def _first_sentence(text: str) -> str:
    flat = " ".join(inspect.cleandoc(text).split())
    match = re.match(r"(.+?\.)(\s|$)", flat)
    return match.group(1) if match else flat


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())).replace("|", "\\|")


def _escape(text: str) -> str:
    """Markdown's own characters as text, outside `code`: help is written for a terminal."""
    parts = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([\\*_\[\]<>])", r"\\\1", parts[i])
    return "".join(parts)


def _anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
