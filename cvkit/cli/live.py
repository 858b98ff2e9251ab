"""The commands of the edit loop: ``watch`` (export on every save) and ``serve`` (preview a
profile live, or serve an exported folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cvkit.cli.common import EXIT_FAILED, FileName, export_options
from cvkit.cli.common import err as _err
from cvkit.cli.common import fail as _fail
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError


@export_options
def watch(
    file: Annotated[Path, typer.Argument(help="The profile to watch.")],
    formats: Annotated[list[str], typer.Option(
        "--format", "-f", help="As for export; repeat for several, or all.")] = ["html"],  # noqa: B006
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("site"),
    serve: Annotated[bool, typer.Option(
        "--serve", help="Also serve the folder on 127.0.0.1 and reload the open pages "
        "after each save (as `cvkit serve PROFILE -o FOLDER`).")] = False,
    port: Annotated[int, typer.Option(help="With --serve: the port (0 picks a free one).")
                    ] = 8000,
    name: FileName = None,
    *,
    options: ExportOptions,
) -> None:
    """Re-export whenever the profile, its photo or a template changes."""
    from cvkit.live.watch import watch as run_watch

    if not file.is_file():
        _err(f"error: {file}: no such file")
        raise typer.Exit(EXIT_FAILED)
    if serve:
        _preview(file, formats, out, options, port, open_browser=False, name=name)
        return
    run_watch(file, formats, out, options, report=lambda m: print(m, flush=True), name=name)


@export_options
def serve(
    target: Annotated[Path, typer.Argument(
        help="A profile: preview it live (export on every save, reload the open pages). "
        "A folder: serve it as it is.")] = Path("site"),
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 8000,
    formats: Annotated[list[str], typer.Option(
        "--format", "-f", help="With a profile: the formats to preview.")] = ["html", "pdf"],  # noqa: B006
    out: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output", "-o", help="With a profile: export here (default: a private temporary "
        "folder, removed at the end).")] = None,
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the preview in the default browser.")] = False,
    name: FileName = None,
    *,
    options: ExportOptions,
) -> None:
    """Preview a profile live on 127.0.0.1 (homepage beside PDF), or serve an exported site."""
    from cvkit.live.watch import serve as run_serve

    if target.is_file():
        _preview(target, formats, out, options, port, open_browser=open_browser, name=name)
        return
    if not target.is_dir():
        _err(f"error: {target}: no such profile or folder; export with -f html -o {target} "
             "first, or name a profile to preview")
        raise typer.Exit(EXIT_FAILED)
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
