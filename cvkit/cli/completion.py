"""Shell completion: ``--show-completion`` prints the script for a shell and
``--install-completion`` puts it where the shell reads it. The script is Click's own
(``click.shell_completion``): it asks ``cvkit`` for the words, with ``_CVKIT_COMPLETE`` set,
so what it completes is always the installed commands and options."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from click.shell_completion import get_completion_class

from cvkit.support.errors import ExportError
from cvkit.support.output import write_atomic

SHELLS = ("bash", "zsh", "fish")
PROG = "cvkit"
COMPLETE_VAR = "_CVKIT_COMPLETE"


def shell_named(value: str) -> str:
    """The shell asked for, or the login shell's (``$SHELL``) when none is named."""
    if value == "auto" and not os.environ.get("SHELL"):
        raise click.BadParameter("$SHELL is not set: name the shell, e.g. bash")
    shell = value if value != "auto" else Path(os.environ["SHELL"]).name
    if shell not in SHELLS:
        raise click.BadParameter(f"expected one of {', '.join(SHELLS)}, found {shell!r}"
                                 + ("" if value != "auto" else " (from $SHELL)"))
    return shell


def from_an_older_cvkit() -> bool:
    """Whether a completion script installed by cvkit 0.1 with Typer is asking: it names
    its shell ``complete_bash`` where Click's scripts say ``bash_complete``, and gets
    nothing from Click. Told on stderr at each completion asked, until it is installed again."""
    asked = os.environ.get(COMPLETE_VAR, "")
    if not asked.startswith("complete_"):
        return False
    print("cvkit: this shell's completion script is from an older cvkit; run "
          "`cvkit --install-completion` again", file=sys.stderr)
    return True


def script(command: click.Command, shell: str) -> str:
    completer = get_completion_class(shell)
    assert completer is not None  # every shell of SHELLS is Click's
    return completer(command, {}, PROG, COMPLETE_VAR).source()


def install(command: click.Command, shell: str) -> list[Path]:
    """Write the script where ``shell`` reads it, and have its start-up file load it (once):
    bash ``~/.bash_completions/cvkit.sh`` sourced from ``~/.bashrc``; zsh ``~/.zfunc/_cvkit``
    on ``fpath`` in ``~/.zshrc``; fish ``~/.config/fish/completions/cvkit.fish``, which fish
    loads by itself. Returns the files written."""
    home = Path.home()
    text = script(command, shell)
    if shell == "bash":
        target, rc = home / ".bash_completions" / f"{PROG}.sh", home / ".bashrc"
        line = f"source '{target}'"
    elif shell == "zsh":
        target, rc = home / ".zfunc" / f"_{PROG}", home / ".zshrc"
        line = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    else:
        target, rc, line = home / ".config" / "fish" / "completions" / f"{PROG}.fish", None, ""
    write_atomic(target, text.encode("utf-8"))
    written = [target]
    if rc is not None:
        try:
            before = rc.read_text("utf-8") if rc.is_file() else ""
            if line not in before:  # appended, never rewritten: the file is the user's
                with rc.open("a", encoding="utf-8") as out:
                    out.write(("" if before.endswith("\n") or not before else "\n")
                              + line + "\n")
                written.append(rc)
        except (OSError, UnicodeDecodeError) as exc:
            raise ExportError(f"cannot add the completion to {rc}: {exc}") from None
    return written


def _show(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    click.echo(script(ctx.command, shell_named(value)), nl=False)
    ctx.exit()


def _install(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    shell = shell_named(value)
    try:
        written = install(ctx.command, shell)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"{shell} completion installed; open a new shell to use it")
    ctx.exit()


def options() -> list[click.Option]:
    """The two options, for the top command."""
    shells = ", ".join(SHELLS[:-1]) + f" or {SHELLS[-1]}"
    return [
        click.Option(["--install-completion"], is_flag=False, flag_value="auto", default=None,
                     metavar="[SHELL]", expose_value=False, is_eager=True, callback=_install,
                     help=f"Install completion for a shell: {shells} (by default your login "
                     "shell's)."),
        click.Option(["--show-completion"], is_flag=False, flag_value="auto", default=None,
                     metavar="[SHELL]", expose_value=False, is_eager=True, callback=_show,
                     help=f"Print the completion script of a shell ({shells}), to place it "
                     "yourself."),
    ]
