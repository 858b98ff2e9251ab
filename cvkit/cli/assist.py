"""The commands for assistants: ``mcp`` (the Model Context Protocol server over stdio) and
``skill`` (a SKILL.md an agent installs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cvkit.cli.common import EXIT_FAILED, PATH, Command, Exit
from cvkit.cli.common import err as _err
from cvkit.cli.common import fail as _fail
from cvkit.support.errors import CvkitError


@click.command(cls=Command)
@click.option("--root", "roots", type=PATH, multiple=True, metavar="DIR",
              help="A folder the tools may read and write (every path they are given must "
              "resolve inside one, symlinks followed); repeat for several. Default: the "
              "current folder.")
def mcp(roots: tuple[Path, ...]) -> None:
    """Serve cvkit's tools to an AI assistant over stdio (Model Context Protocol): validate,
    export, check, import, list_entries, schema, themes, styles."""
    try:
        from cvkit.assistant.server import run
    except ImportError as exc:
        if exc.name is None or not exc.name.startswith("mcp"):
            raise
        _err("error: cvkit mcp needs the MCP SDK: pip install 'cvkit-cli[mcp]'")
        raise Exit(EXIT_FAILED) from None
    try:
        run(list(roots) or [Path.cwd()])
    except CvkitError as exc:
        raise _fail(exc) from None


@click.command(cls=Command)
@click.option("--output", "-o", type=PATH, metavar="PATH",
              help="Write it here instead of standard output: a file ending in .md, or the "
              "skill's folder (made if need be) to write SKILL.md into, such as "
              "~/.claude/skills/cvkit.")
def skill(output: Path | None) -> None:
    """Print (or write) a SKILL.md that teaches an AI assistant cvkit: the commands, how to
    tailor, the conventions, and every profile field (from the JSON Schema)."""
    from cvkit.assistant.skill import skill_text

    text = skill_text()
    if output is None:
        sys.stdout.write(text)
        return
    from cvkit.support.output import write_atomic

    target = output if output.suffix.lower() == ".md" else output / "SKILL.md"
    try:
        write_atomic(target, text.encode("utf-8"))
    except CvkitError as exc:
        raise _fail(exc) from None
    print(f"wrote {target}")
