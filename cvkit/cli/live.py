"""The commands of the edit loop: ``watch`` (export on every save) and ``serve`` (preview a
profile live, or serve an exported folder)."""

from __future__ import annotations

from pathlib import Path

import click

from cvkit.cli.common import EXIT_FAILED, PATH, Command, Exit, argument, export_options, name_option
from cvkit.cli.common import err as _err
from cvkit.cli.common import fail as _fail
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError


@click.command(cls=Command)
@argument("file", type=PATH, help="The profile to watch.")
@click.option("--format", "-f", "formats", multiple=True, default=["html"], show_default=True,
              help="As for export; repeat for several, or all.")
@click.option("--output", "-o", "out", type=PATH, default=Path("site"),
              show_default=True, help="Output folder.")
@click.option("--serve", is_flag=True, help="Also serve the folder on 127.0.0.1 and reload "
              "the open pages after each save (as `cvkit serve PROFILE -o FOLDER`).")
@click.option("--port", type=int, default=8000, show_default=True,
              help="With --serve: the port (0 picks a free one).")
@name_option
@export_options
def watch(file: Path, formats: tuple[str, ...], out: Path, serve: bool, port: int,
          name: str | None, *, options: ExportOptions) -> None:
    """Re-export whenever the profile, its photo or a template changes."""
    from cvkit.live.watch import watch as run_watch

    if not file.is_file():
        _err(f"error: {file}: no such file")
        raise Exit(EXIT_FAILED)
    if serve:
        _preview(file, list(formats), out, options, port, open_browser=False, name=name)
        return
    run_watch(file, list(formats), out, options, report=lambda m: print(m, flush=True), name=name)


@click.command(cls=Command)
@argument("target", type=PATH, default=Path("site"), required=False,
          help="A profile: preview it live (export on every save, reload the open pages). "
          "A folder: serve it as it is.")
@click.option("--port", type=int, default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--format", "-f", "formats", multiple=True, default=["html", "pdf"],
              show_default=True, help="With a profile: the formats to preview.")
@click.option("--output", "-o", "out", type=PATH,
              help="With a profile: export here (default: a private temporary folder, "
              "removed at the end).")
@click.option("--open", "open_browser", is_flag=True,
              help="Open the preview in the default browser.")
@name_option
@export_options
def serve(target: Path, port: int, formats: tuple[str, ...], out: Path | None,
          open_browser: bool, name: str | None, *, options: ExportOptions) -> None:
    """Preview a profile live on 127.0.0.1 (homepage beside PDF), or serve an exported site."""
    from cvkit.live.watch import serve as run_serve

    if target.is_file():
        _preview(target, list(formats), out, options, port, open_browser=open_browser, name=name)
        return
    if not target.is_dir():
        _err(f"error: {target}: no such profile or folder; export with -f html -o {target} "
             "first, or name a profile to preview")
        raise Exit(EXIT_FAILED)
    try:
        run_serve(target, port, report=lambda m: print(m, flush=True))
    except CvkitError as exc:
        raise _fail(exc) from None


def _preview(profile: Path, formats: list[str], out: Path | None, options: ExportOptions,
             port: int, *, open_browser: bool, name: str | None) -> None:
    from cvkit.live.preview import run

    try:
        run(profile, formats, out, options, port, report=lambda m: print(m, flush=True),
            open_browser=open_browser, name=name)
    except CvkitError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        pass
