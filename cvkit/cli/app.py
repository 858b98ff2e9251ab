"""The command line: a thin layer that turns library calls into output and exit codes."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cvkit.cli import common as cli_common
from cvkit.cli.common import EXIT_FAILED, EXIT_PROBLEMS, FileName, Typer
from cvkit.cli.common import err as _err
from cvkit.cli.common import fail as _fail
from cvkit.document.wording import counted
from cvkit.exporters import ALL_FORMATS, BUILTIN
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError
from cvkit.support.suggest import unknown_name
from cvkit.support.version import __version__

app = Typer(
    name="cvkit",
    help="One validated profile in, every CV and homepage format out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        print(f"cvkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Neither read nor write the cache (~/.cache/cvkit) in this run; "
        "the same as CVKIT_NO_CACHE=1.")] = False,
) -> None:
    cli_common.debug = debug
    if no_cache:
        os.environ["CVKIT_NO_CACHE"] = "1"


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Profile files (.yaml, .yml, .json).")],
) -> None:
    """Check profiles and report every problem with file, line, column and field."""
    from cvkit.build.api import validate as run_validate

    failed = 0
    for file in files:
        result = run_validate(file)
        failed += not result.ok
        for problem in result.problems:
            _err(problem.format())
        for w in result.warnings:
            _err("warning: " + w.format())
        if result.ok:
            print(f"{file}: ok")
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def check(
    pdf: Annotated[Path, typer.Argument(help="A CV as PDF (cvkit's or any).")],
    profile: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--profile", help="The profile the CV should carry: every item is looked for.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Read a PDF as an applicant-tracking system does: exit 0 when it reads whole, 1 when
    something is missing or trips a tracking system, 2 when the file cannot be read."""
    from cvkit.build.api import check as run_check
    from cvkit.build.check import UnreadablePdf, format_report

    try:
        report = run_check(pdf, profile)
    except UnreadablePdf as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_PROBLEMS) from None
    except CvkitError as exc:
        raise _fail(exc) from None
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if as_json
          else format_report(report))
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def styles(
    search: Annotated[str | None, typer.Argument(  # noqa: UP007
        help="Only styles whose name or title holds this (e.g. ieee, chicago).")] = None,
) -> None:
    """List the citation styles cvkit has (the Citation Style Language collection)."""
    from cvkit.build.api import styles as found

    for style in found(search):
        print(f"{style.name:<48} " + (f"= {style.alias_of}" if style.alias_of else style.title))


_FORMATS_HELP = (", ".join(BUILTIN) + "; repeat for several, or all ("
                 + ", ".join(ALL_FORMATS) + ").")


@app.command()
@cli_common.export_options
def export(
    file: Annotated[Path, typer.Argument(help="The profile to export.")],
    formats: Annotated[list[str], typer.Option(
        "--format", "-f", help=_FORMATS_HELP)] = ["pdf"],  # noqa: B006
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("out"),
    name: FileName = None,
    *,
    options: ExportOptions,
) -> None:
    """Export a profile to one or more formats."""
    from cvkit.build.api import export as run_export

    try:
        result = run_export(file, formats, out, name=name, options=options, start_early=True)
    except CvkitError as exc:
        raise _fail(exc) from None
    for w in result.load_warnings:
        _err("warning: " + w.format())
    for note in result.warnings:
        _err(f"warning: {note}")
    for item in result.written:
        pages = f" ({counted(item.info['pages'], 'page')})" if "pages" in item.info else ""
        state = "" if item.changed else " (unchanged)"
        print(f"wrote {item.path}{pages}{state}")
        if "fit" in item.info:
            print(f"  fitted: {item.info['fit']}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter profile.")] = Path(
        "profile.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    github_pages: Annotated[bool, typer.Option(
        "--github-pages", help="Also write .github/workflows/cvkit.yml at the repository's "
        "root: every push exports the homepage and the PDF and publishes them on GitHub "
        "Pages. Refused where a Jekyll site is (see --keep-jekyll).")] = False,
    keep_jekyll: Annotated[bool, typer.Option(
        "--keep-jekyll", help="With --github-pages, for a Jekyll (academicpages) site: "
        "the workflow writes the CV PDF and the Jekyll pages into the site, then GitHub's "
        "Jekyll build publishes it.")] = False,
) -> None:
    """Write a starter profile that validates (and, with --github-pages, its workflow)."""
    from cvkit.profile.yamlio import SCHEMA_LINE, schema_uri
    from cvkit.support.output import write_atomic

    if keep_jekyll and not github_pages:
        _err("error: --keep-jekyll goes with --github-pages")
        raise typer.Exit(EXIT_FAILED)
    if github_pages:
        _write_pages_workflow(path, force=force, keep_jekyll=keep_jekyll)
        if path.exists():
            return  # the profile is there already: only the workflow was asked for
    if path.exists() and not force:
        _err(f"error: {path} exists; use --force to overwrite it")
        raise typer.Exit(EXIT_FAILED)
    # The starter profile is a file of its own, so it reads (and validates) as a profile.
    starter = Path(__file__).with_name("starter.yaml").read_text("utf-8")
    text = SCHEMA_LINE.format(schema=schema_uri()) + starter.replace("{file}", path.name)
    write_atomic(path, text.encode("utf-8"))
    print(f"wrote {path}")


def _write_pages_workflow(path: Path, *, force: bool, keep_jekyll: bool) -> None:
    """`init --github-pages`: the workflow at the repository's root, or a refusal (and how
    to keep the site) where it would replace a Jekyll site."""
    from cvkit.live import github_pages
    from cvkit.support.output import write_atomic

    try:
        flow = github_pages.workflow(path, cwd=Path.cwd(), keep_jekyll=keep_jekyll,
                                     given=str(path))
    except CvkitError as exc:
        raise _fail(exc) from None
    shown = os.path.relpath(flow.path)
    if flow.path.exists() and not force:
        _err(f"error: {shown} exists; use --force to overwrite it")
        raise typer.Exit(EXIT_FAILED)
    write_atomic(flow.path, flow.text.encode("utf-8"))
    print(f"wrote {shown} (the profile as {flow.profile}); turn it on in the repository's "
          "Settings > Pages > Source: GitHub Actions")
    if not flow.in_git:
        folder = "the current folder" if flow.root == Path.cwd().resolve() else \
            "the profile's folder"
        _err(f"note: no git repository at or above {path.parent}, so {folder} is taken as "
             "the repository's root (GitHub reads .github/workflows only at the root)")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(  # noqa: UP007
        "--output", "-o", help="Write here instead of standard output.")] = None,
    kind: Annotated[str, typer.Option("--kind", help="profile, bundle or design.")] = "profile",
) -> None:
    """Print (or write) the JSON Schema of a profile, a bundle file or a theme's design."""
    from cvkit.profile.schema import KINDS, schema_text

    if kind not in KINDS:
        _err(f"error: {unknown_name('schema kind', kind, KINDS)}")
        raise typer.Exit(EXIT_PROBLEMS)
    text = schema_text(kind)
    if output is None:
        sys.stdout.write(text)
    else:
        from cvkit.support.output import write_atomic

        write_atomic(output, text.encode("utf-8"))
        print(f"wrote {output}")


@app.command()
def themes() -> None:
    """List the designs: name, what it looks like, and the formats it styles."""
    from cvkit.build.api import themes as found

    try:
        designs = found()
    except CvkitError as exc:
        raise _fail(exc) from None
    for theme in designs:
        print(f"{theme.name:<10} {theme.description}")
        print(f"{'':<10} formats: {', '.join(theme.formats)}")


@app.command()
def formats(
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Which formats this machine can make, and the Debian package for what is missing
    (fonts, Pango, TeX for --compile, LibreOffice to preview a DOCX). Always exits 0."""
    from cvkit.build.machine import as_dicts, as_text, report

    found = report()
    print(json.dumps(as_dicts(found), indent=2) if as_json else as_text(found))


@app.command()
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Which formats work on this machine and what to install for the others: TeX and the
    LaTeX packages the templates load, LibreOffice, fonts for each script, WeasyPrint's
    Pango, chromium; with the Debian packages. Exits 0 when every format works, else 1."""
    from cvkit.build.machine import diagnose

    found = diagnose()
    print(json.dumps(found.as_dict(), indent=2) if as_json else found.as_text())
    if found.incomplete:
        raise typer.Exit(EXIT_FAILED)


from cvkit.cli.live import serve, watch  # noqa: E402 - listed here in --help

app.command()(watch)
app.command()(serve)


@app.command()
def bundle(
    file: Annotated[Path, typer.Argument(help="The bundle file (YAML).")],
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path(
        "applications"),
    only: Annotated[list[str] | None, typer.Option(  # noqa: UP007
        "--only", help="Build only this application id; repeat for several.")] = None,
    as_zip: Annotated[bool, typer.Option("--zip", help="One zip per application.")] = False,
    jobs: Annotated[int | None, typer.Option(  # noqa: UP007
        "--jobs", "-j", help="Worker processes (default: one per core).")] = None,
) -> None:
    """Build a tailored CV (and cover letter) for every application in a bundle."""
    from cvkit.build.bundle import Outcome, build

    def plain(outcome: Outcome, done: int, total: int) -> None:
        state = f"failed: {outcome.error}" if outcome.error else counted(len(outcome.files), "file")
        print(f"[{done}/{total}] {outcome.id}: {state}", flush=True)

    try:
        if sys.stdout.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("applications", total=None)

                def tick(outcome: Outcome, done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total,
                               description=f"{outcome.id}")

                result = build(file, out, only=only, as_zip=as_zip, jobs=jobs, progress=tick)
        else:
            result = build(file, out, only=only, as_zip=as_zip, jobs=jobs, progress=plain)
    except CvkitError as exc:
        raise _fail(exc) from None
    for outcome in result.outcomes:
        for w in outcome.warnings:
            _err(f"warning: {outcome.id}: {w}")
        if outcome.error:
            _err(f"error: {outcome.id}: {outcome.error}")
    ok = len(result.outcomes) - len(result.failed)
    print(f"{ok} of {counted(len(result.outcomes), 'application')} built; "
          f"{counted(len(result.written), 'file')} written; manifest: {result.manifest}")
    if result.failed:
        raise typer.Exit(EXIT_FAILED)


cache_app = Typer(help="The cache of validated profiles, locale and design files, "
                         "drawn formulas and the DOI answers `cvkit enrich` fetched (private "
                         "to you: folders 0700, files 0600).",
                        no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove the cache and its key; the next export fills it again."""
    from cvkit.support import cache

    removed = cache.clear()
    print("removed " + ", ".join(str(p) for p in removed) if removed else "no cache to remove")


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, and what it holds."""
    from cvkit.support import cache

    place = cache.root()
    files = [p for p in place.rglob("*") if p.is_file()] if place.is_dir() else []
    size = sum(p.stat().st_size for p in files)
    state = "off (CVKIT_NO_CACHE=1)" if not cache.enabled() else "on"
    print(f"cache: {place} ({state}): {len(files)} entries, {size / 1024:.0f} KiB; "
          f"key: {cache.key_file()}")


from cvkit.cli.importing import enrich, import_app  # noqa: E402 - the commands above come first

app.command()(enrich)
app.add_typer(import_app, name="import")

from cvkit.cli.assist import mcp, skill  # noqa: E402 - listed last in --help

app.command()(mcp)
app.command()(skill)


def main() -> None:
    # The command's own name, also when run as `python -m cvkit`: the completion script
    # --install-completion writes is for `cvkit`, the name a shell completes.
    only_the_command_run(sys.argv[1:])(prog_name="cvkit")


def only_the_command_run(args: list[str]) -> typer.Typer:
    """The app with only the command the arguments name, when they name one: Typer turns
    every registered command into a Click command before it parses anything, and one
    `cvkit export` needs one. Anything else (no command, a group such as `import`, a
    misspelt name, `--help` or `--version` before the command) gets the whole app, so the
    command list, "did you mean" and completion are as ever."""
    while args[:1] in (["--debug"], ["--no-cache"]):
        args = args[1:]
    if not args or args[0].startswith("-"):
        return app
    named = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if len(named) != 1:
        return app
    one = copy.copy(app)
    one.registered_commands = named
    one.registered_groups = []
    return one


def _command_name(info: typer.models.CommandInfo) -> str | None:
    if info.name:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback else None
