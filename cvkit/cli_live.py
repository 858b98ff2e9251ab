"""The commands of the edit loop: ``watch`` (export on every save) and ``serve`` (preview a
profile live, or serve an exported folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_common import EXIT_FAILED, MAX_AUTHORS_HELP
from .cli_common import err as _err
from .cli_common import fail as _fail
from .errors import CvkitError


def watch(
    file: Annotated[Path, typer.Argument(help="The profile to watch.")],
    formats: Annotated[list[str], typer.Option(
        "--format", "-f", help="As for export; repeat for several, or all.")] = ["html"],  # noqa: B006
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("site"),
    theme: Annotated[str, typer.Option(help="Theme name.")] = "",
    templates: Annotated[Path | None, typer.Option(  # noqa: UP007
        help="Folder whose files override the theme's templates.")] = None,
    serve: Annotated[bool, typer.Option(
        "--serve", help="Also serve the folder on 127.0.0.1 and reload the open pages "
        "after each save (as `cvkit serve PROFILE -o FOLDER`).")] = False,
    port: Annotated[int, typer.Option(help="With --serve: the port (0 picks a free one).")
                    ] = 8000,
    max_authors: Annotated[int | None, typer.Option(  # noqa: UP007
        "--max-authors", help=MAX_AUTHORS_HELP)] = None,
) -> None:
    """Re-export whenever the profile, its photo or a template changes."""
    from .api import ExportOptions
    from .watch import watch as run_watch

    if not file.is_file():
        _err(f"error: {file}: no such file")
        raise typer.Exit(EXIT_FAILED)
    options = ExportOptions(theme=theme, templates=templates, max_authors=max_authors)
    if serve:
        _preview(file, formats, out, options, port, open_browser=False)
        return
    run_watch(file, formats, out, options, report=lambda m: print(m, flush=True))


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
    theme: Annotated[str, typer.Option(help="Theme name.")] = "",
    templates: Annotated[Path | None, typer.Option(  # noqa: UP007
        help="Folder whose files override the theme's templates.")] = None,
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the preview in the default browser.")] = False,
    max_authors: Annotated[int | None, typer.Option(  # noqa: UP007
        "--max-authors", help=MAX_AUTHORS_HELP)] = None,
) -> None:
    """Preview a profile live on 127.0.0.1 (homepage beside PDF), or serve an exported site."""
    from .api import ExportOptions
    from .watch import serve as run_serve

    if target.is_file():
        _preview(target, formats, out, ExportOptions(theme=theme, templates=templates,
                                                     max_authors=max_authors), port,
                 open_browser=open_browser)
        return
    if not target.is_dir():
        _err(f"error: {target}: no such profile or folder; export with -f html -o {target} "
             "first, or name a profile to preview")
        raise typer.Exit(EXIT_FAILED)
    try:
        run_serve(target, port, report=lambda m: print(m, flush=True))
    except CvkitError as exc:
        raise _fail(exc) from None


def _preview(profile: Path, formats: list[str], out: Path | None, options: Any, port: int,
             *, open_browser: bool) -> None:
    from .preview import run

    try:
        run(profile, formats, out, options, port, report=lambda m: print(m, flush=True),
            open_browser=open_browser)
    except CvkitError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        pass
