"""The command line: a thin layer that turns library calls into output and exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from cvkit.cli import common as cli_common
from cvkit.cli import completion
from cvkit.cli.common import EXIT_FAILED, EXIT_PROBLEMS, PATH, Exit, Group, argument, name_option
from cvkit.cli.common import err as _err
from cvkit.cli.common import fail as _fail
from cvkit.document.wording import counted
from cvkit.exporters import ALL_FORMATS, BUILTIN
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import CvkitError
from cvkit.support.suggest import unknown_name
from cvkit.support.version import __version__


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        print(f"cvkit {__version__}")
        ctx.exit()


@click.group(cls=Group, no_args_is_help=True, context_settings=cli_common.CONTEXT,
             help="One validated profile in, every CV and homepage format out.",
             params=completion.options())
@click.option("--version", is_flag=True, callback=_version, is_eager=True, expose_value=False,
              help="Print the version and exit.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache "
              "(~/.cache/cvkit) in this run; the same as CVKIT_NO_CACHE=1.")
def app(debug: bool, no_cache: bool) -> None:
    cli_common.debug = debug
    if no_cache:
        os.environ["CVKIT_NO_CACHE"] = "1"


@app.command()
@argument("files", nargs=-1, required=True, type=PATH, metavar="FILES...",
          help="Profile files (.yaml, .yml, .json).")
def validate(files: tuple[Path, ...]) -> None:
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
        raise Exit(EXIT_PROBLEMS)


@app.command()
@argument("pdf", type=PATH, help="A CV as PDF (cvkit's or any).")
@click.option("--profile", type=PATH,
              help="The profile the CV should carry: every item is looked for.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def check(pdf: Path, profile: Path | None, as_json: bool) -> None:
    """Read a PDF as an applicant-tracking system does: exit 0 when it reads whole, 1 when
    something is missing or trips a tracking system, 2 when the file cannot be read."""
    from cvkit.build.api import check as run_check
    from cvkit.build.check import UnreadablePdf, format_report

    try:
        report = run_check(pdf, profile)
    except UnreadablePdf as exc:
        _err(f"error: {exc}")
        raise Exit(EXIT_PROBLEMS) from None
    except CvkitError as exc:
        raise _fail(exc) from None
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if as_json
          else format_report(report))
    if not report.ok:
        raise Exit(EXIT_FAILED)


@app.command()
@argument("search", required=False,
          help="Only styles whose name or title holds this (e.g. ieee, chicago).")
def styles(search: str | None) -> None:
    """List the citation styles cvkit has (the Citation Style Language collection)."""
    from cvkit.build.api import styles as found

    for style in found(search):
        print(f"{style.name:<48} " + (f"= {style.alias_of}" if style.alias_of else style.title))


_FORMATS_HELP = (", ".join(BUILTIN) + "; repeat for several, or all ("
                 + ", ".join(ALL_FORMATS) + ").")


@app.command()
@argument("file", type=PATH, help="The profile to export.")
@click.option("--format", "-f", "formats", multiple=True, default=["pdf"], show_default=True,
              help=_FORMATS_HELP)
@click.option("--output", "-o", "out", type=PATH, default=Path("out"), show_default=True,
              help="Output folder.")
@name_option
@cli_common.export_options
def export(file: Path, formats: tuple[str, ...], out: Path, name: str | None, *,
           options: ExportOptions) -> None:
    """Export a profile to one or more formats."""
    from cvkit.build.api import export as run_export

    try:
        result = run_export(file, list(formats), out, name=name, options=options, start_early=True)
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
@argument("path", type=PATH, default=Path("profile.yaml"), required=False,
          help="Where to write the starter profile.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--github-pages", is_flag=True, help="Also write .github/workflows/cvkit.yml at "
              "the repository's root: every push exports the homepage and the PDF and "
              "publishes them on GitHub Pages. Refused where a Jekyll site is (see "
              "--keep-jekyll).")
@click.option("--keep-jekyll", is_flag=True, help="With --github-pages, for a Jekyll "
              "(academicpages) site: the workflow writes the CV PDF and the Jekyll pages into "
              "the site, then GitHub's Jekyll build publishes it.")
def init(path: Path, force: bool, github_pages: bool, keep_jekyll: bool) -> None:
    """Write a starter profile that validates (and, with --github-pages, its workflow)."""
    from cvkit.profile.yamlio import SCHEMA_LINE, schema_uri
    from cvkit.support.output import write_atomic

    if keep_jekyll and not github_pages:
        _err("error: --keep-jekyll goes with --github-pages")
        raise Exit(EXIT_FAILED)
    if github_pages:
        _write_pages_workflow(path, force=force, keep_jekyll=keep_jekyll)
        if path.exists():
            return  # the profile is there already: only the workflow was asked for
    if path.exists() and not force:
        _err(f"error: {path} exists; use --force to overwrite it")
        raise Exit(EXIT_FAILED)
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
        raise Exit(EXIT_FAILED)
    write_atomic(flow.path, flow.text.encode("utf-8"))
    print(f"wrote {shown} (the profile as {flow.profile}); turn it on in the repository's "
          "Settings > Pages > Source: GitHub Actions")
    if not flow.in_git:
        folder = "the current folder" if flow.root == Path.cwd().resolve() else \
            "the profile's folder"
        _err(f"note: no git repository at or above {path.parent}, so {folder} is taken as "
             "the repository's root (GitHub reads .github/workflows only at the root)")


@app.command()
@click.option("--output", "-o", type=PATH, help="Write here instead of standard output.")
@click.option("--kind", default="profile", show_default=True,
              help="profile, bundle or design.")
def schema(output: Path | None, kind: str) -> None:
    """Print (or write) the JSON Schema of a profile, a bundle file or a theme's design."""
    from cvkit.profile.schema import KINDS, schema_text

    if kind not in KINDS:
        _err(f"error: {unknown_name('schema kind', kind, KINDS)}")
        raise Exit(EXIT_PROBLEMS)
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
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def formats(as_json: bool) -> None:
    """Which formats this machine can make, and the Debian package for what is missing
    (fonts, Pango, TeX for --compile, LibreOffice to preview a DOCX). Always exits 0."""
    from cvkit.build.machine import as_dicts, as_text, report

    found = report()
    print(json.dumps(as_dicts(found), indent=2) if as_json else as_text(found))


@app.command()
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def doctor(as_json: bool) -> None:
    """Which formats work on this machine and what to install for the others: TeX and the
    LaTeX packages the templates load, LibreOffice, fonts for each script, WeasyPrint's
    Pango, chromium; with the Debian packages. Exits 0 when every format works, else 1."""
    from cvkit.build.machine import diagnose

    found = diagnose()
    print(json.dumps(found.as_dict(), indent=2) if as_json else found.as_text())
    if found.incomplete:
        raise Exit(EXIT_FAILED)


from cvkit.cli.live import serve, watch  # noqa: E402 - listed here in --help

app.add_command(watch)
app.add_command(serve)


@app.command()
@argument("file", type=PATH, help="The bundle file (YAML).")
@click.option("--output", "-o", "out", type=PATH, default=Path("applications"),
              show_default=True, help="Output folder.")
@click.option("--only", multiple=True, help="Build only this application id; repeat for "
              "several.")
@click.option("--zip", "as_zip", is_flag=True, help="One zip per application.")
@click.option("--jobs", "-j", type=int, help="Worker processes (default: one per core).")
def bundle(file: Path, out: Path, only: tuple[str, ...], as_zip: bool, jobs: int | None
           ) -> None:
    """Build a tailored CV (and cover letter) for every application in a bundle."""
    from cvkit.build.bundle import Outcome, build

    def plain(outcome: Outcome, done: int, total: int) -> None:
        state = f"failed: {outcome.error}" if outcome.error else counted(len(outcome.files), "file")
        print(f"[{done}/{total}] {outcome.id}: {state}", flush=True)

    wanted = list(only) or None
    try:
        if sys.stdout.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("applications", total=None)

                def tick(outcome: Outcome, done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total,
                               description=f"{outcome.id}")

                result = build(file, out, only=wanted, as_zip=as_zip, jobs=jobs, progress=tick)
        else:
            result = build(file, out, only=wanted, as_zip=as_zip, jobs=jobs, progress=plain)
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
        raise Exit(EXIT_FAILED)


@app.group("cache", no_args_is_help=True)
def cache_app() -> None:
    """The cache of validated profiles, locale and design files, drawn formulas and the DOI
    answers `cvkit enrich` fetched (private to you: folders 0700, files 0600)."""


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

app.add_command(enrich)
app.add_command(import_app)

from cvkit.cli.assist import mcp, skill  # noqa: E402 - listed last in --help

app.add_command(mcp)
app.add_command(skill)


def main() -> None:
    if completion.from_an_older_cvkit():
        raise SystemExit(EXIT_FAILED)
    # The command's own name, also when run as `python -m cvkit`: the completion script
    # --install-completion writes is for `cvkit`, the name a shell completes.
    app.main(prog_name="cvkit")
