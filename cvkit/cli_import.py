"""`cvkit import …`: other records in, a profile out (or merged into one with --into)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import cli_common
from .cli_common import EXIT_PROBLEMS
from .cli_common import err as _err
from .errors import CvkitError, ProfileError
from .limits import LimitError
from .wording import counted

# The options every import takes.
Output = Annotated[Path, typer.Option("--output", "-o", help="Profile to write.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
Into = Annotated[bool, typer.Option(
    "--into", help="Merge into the profile at -o instead of writing a new one.")]
Mailto = Annotated[str | None, typer.Option(  # noqa: UP007
    "--mailto", metavar="EMAIL", help="Your email, sent in the User-Agent to Crossref, "
    "DataCite and OpenAlex (they ask for one, to reach you before blocking a client); by "
    "default the profile's contact email.")]
Enrich = Annotated[bool, typer.Option(
    "--enrich", help="Fill what the imported papers lack (authors with ORCID iDs, venue, "
    "volume, issue, pages, article number, publisher, date) from their DOIs: asks Crossref, "
    "DataCite and OpenAlex over the network; answers are kept in your cache.")]



def _fail(exc: CvkitError) -> typer.Exit:
    """How an import ends on an error: an input past a limit (``cvkit.limits``) in one line
    and exit 2, as a file of the wrong kind; the rest as every command ends."""
    if isinstance(exc, LimitError) and not cli_common.debug:
        _err(f"error: {exc}; nothing was written")
        return typer.Exit(EXIT_PROBLEMS)
    return cli_common.fail(exc)


import_app = typer.Typer(help="Bring data in: JSON Resume, BibTeX, an academicpages site, an "
                         "ORCID record, a LinkedIn data export, or a PDF cvkit made.",
                         no_args_is_help=True)


@import_app.command("jsonresume")
def import_jsonresume(
    file: Annotated[Path, typer.Argument(help="A JSON Resume file (resume.json).")],
    output: Output = Path("profile.yaml"),
    force: Force = False,
) -> None:
    """Convert a JSON Resume into a cvkit profile (validated against the official schema)."""
    from .api import import_jsonresume as run_import

    try:
        result = run_import(file, output, overwrite=force)
    except CvkitError as exc:
        raise _fail(exc) from None
    for note in result.notes:
        _err(f"note: {note}")
    print(f"wrote {output}")


@import_app.command("academicpages")
def import_academicpages(
    site: Annotated[Path, typer.Argument(help="The Jekyll site's folder (with _config.yml).")],
    output: Output = Path("profile.yaml"),
    style: Annotated[str, typer.Option(
        "--style", help="academicpages, or acad for AcadHomepage.")] = "academicpages",
    force: Force = False,
) -> None:
    """Read an academicpages (or AcadHomepage) site: the author, about, news, and the
    publications, talks, teaching and portfolio collections."""
    from .api import import_academicpages as run_import

    if style not in ("academicpages", "acad"):
        _err(f"error: --style must be academicpages or acad, not {style!r}")
        raise typer.Exit(EXIT_PROBLEMS)
    try:
        result, summary = run_import(site, output, style=style, overwrite=force)
    except CvkitError as exc:
        raise _fail(exc) from None
    for note in result.notes:
        _err(f"note: {note}")
    for problem in result.problems:
        _err(problem.format())
    print(f"{output}: {counted(summary.papers, 'paper')}, {counted(summary.talks, 'talk')}, "
          f"{summary.teaching} teaching, {counted(summary.projects, 'project')}, "
          f"{summary.news} news; {counted(len(result.problems), 'problem')}"
          + ("" if result.written else " (file unchanged)"))
    if result.problems:
        raise typer.Exit(EXIT_PROBLEMS)


@import_app.command("bibtex")
def import_bibtex(
    file: Annotated[Path, typer.Argument(help="A .bib file.")],
    into: Annotated[Path, typer.Option("--into", help="The profile to add the papers to.")],
    enrich: Enrich = False,
    mailto: Mailto = None,
) -> None:
    """Add (or update) publications from a .bib file in a profile, keeping its comments.
    With --enrich, an entry with only a DOI is imported too, filled from the DOI."""
    from .api import import_bibtex as run_import

    try:
        result = run_import(file, into, enrich=_enrich_options(enrich, mailto))
    except CvkitError as exc:
        raise _fail(exc) from None
    _enriched(result.enriched)
    print(f"{into}: {result.added} added, {result.updated} updated, {result.unchanged} "
          "unchanged" + ("" if result.written else " (file not rewritten)"))
    if result.problems:
        _err(str(ProfileError(result.problems)))
        raise typer.Exit(EXIT_PROBLEMS)


def _report(result: Any, output: Path, into: bool) -> None:
    for note in result.notes:
        _err(f"note: {note}")
    for problem in result.problems:
        _err(f"note: {problem.format()}")
    if into:
        print(f"{output}: {result.added} added, {result.updated} updated, {result.unchanged} "
              "unchanged" + ("" if result.written else " (file not rewritten)"))
    else:
        print(f"wrote {output}" + (f"; {counted(len(result.problems), 'item')} not imported "
                                   "(see the notes)" if result.problems else ""))


@import_app.command("orcid")
def import_orcid(
    record: Annotated[Path | None, typer.Argument(  # noqa: UP007
        help="An ORCID record as JSON (the public API v3.0 /record).")] = None,
    output: Output = Path("profile.yaml"),
    into: Into = False,
    fetch: Annotated[str | None, typer.Option(  # noqa: UP007
        "--fetch", help="Download the public record of this ORCID iD first "
        "(e.g. 0000-0002-1825-0097); needs the network.")] = None,
    force: Force = False,
    enrich: Enrich = False,
    mailto: Mailto = None,
) -> None:
    """Read an ORCID record: name, biography, emails, websites, employments, educations,
    distinctions and fundings (as awards), and works (as publications)."""
    from .api import import_record
    from .importers.orcid import fetch_record, from_orcid, import_file

    try:
        if fetch:
            imported = from_orcid(fetch_record(fetch))
        elif record is not None:
            imported = import_file(record)
        else:
            _err("error: give the record's JSON file, or --fetch an ORCID iD")
            raise typer.Exit(EXIT_PROBLEMS)
        result = import_record(imported, output, into=into, overwrite=force,
                               enrich=_enrich_options(enrich, mailto))
    except CvkitError as exc:
        raise _fail(exc) from None
    _enriched(result.enriched)
    _report(result, output, into)


@import_app.command("linkedin")
def import_linkedin(
    archive: Annotated[Path, typer.Argument(
        help="LinkedIn's data export (Basic_LinkedInDataExport_*.zip, from Settings > Data "
        "privacy > Get a copy of your data), or the folder it unzips to.")],
    output: Output = Path("profile.yaml"),
    into: Into = False,
    force: Force = False,
) -> None:
    """Read a LinkedIn data export: profile, positions, education, skills, languages,
    certifications, projects, publications, honors and the primary email."""
    from .api import import_record
    from .importers.linkedin import import_file

    try:
        result = import_record(import_file(archive), output, into=into, overwrite=force)
    except CvkitError as exc:
        raise _fail(exc) from None
    _report(result, output, into)


@import_app.command("pdf")
def import_pdf(
    pdf: Annotated[Path, typer.Argument(help="A PDF cvkit made (it carries its profile).")],
    output: Output = Path("profile.yaml"),
    force: Force = False,
) -> None:
    """Give back the profile a cvkit PDF was made from, byte for byte."""
    from .embed import extract
    from .output import write_atomic

    try:
        name, data = extract(pdf)
        if output.exists() and not force:
            raise CvkitError(f"{output} exists; use --force to overwrite it, or pick another -o")
        if Path(name).suffix != output.suffix.lower() and output.suffix:
            _err(f"note: the PDF carries a {Path(name).suffix} profile; written as it is")
        write_atomic(output, data)
    except CvkitError as exc:
        raise _fail(exc) from None
    print(f"wrote {output} ({len(data)} bytes, as the PDF carries it)")


# -- cvkit enrich ----------------------------------------------------------------------------

FIELDS_HELP = ("title, authors, editors, venue, kind, date, volume, issue, pages, "
               "article_number, series, edition, publisher, publisher_place, institution, "
               "thesis_type, isbn, arxiv")


def _enrich_options(enrich: bool, mailto: str | None, **more: Any) -> Any:
    """The options of an enrichment the user asked for (the network allowed), or None."""
    if not enrich:
        return None
    from .importers.enrich import EnrichOptions, valid_mailto

    if mailto is not None and not valid_mailto(mailto):
        _err(f"error: --mailto {mailto!r} is not an email address")
        raise typer.Exit(EXIT_PROBLEMS)
    return EnrichOptions(fetch=more.pop("fetch", True), mailto=mailto, **more)


def _enriched(report: Any, profile: Path | None = None) -> None:
    """What an enrichment did and could not do, on standard error."""
    if report is None:
        return
    for note in report.notes:
        _err(f"note: {note}")
    if report.pending:
        shown = ", ".join(report.pending[:5]) + (", ..." if len(report.pending) > 5 else "")
        command = f"cvkit enrich {profile} --fetch" if profile else "the same with --fetch"
        _err(f"note: {counted(len(report.pending), 'paper')} could be filled from the DOI: "
             f"{shown}; run `{command}` to ask Crossref, DataCite and OpenAlex (the answers "
             "are kept in your cache, so later runs need no network)")
    if report.skipped:
        _err(f"note: {counted(len(report.skipped), 'paper')} not looked up in this run; "
             "run again to go on (the answers so far are kept)")
    counts = ", ".join(f"{name} {n}" for name, n in report.counts().items())
    _err(f"enrich: {counted(len(report.filled), 'paper')} filled" +
         (f" ({counts})" if counts else "") + f" of {report.looked_up} looked up; "
         f"{counted(report.requests, 'request')}, {report.from_cache} from the cache")


def enrich(
    profile: Annotated[Path, typer.Argument(help="The profile (.yaml, .yml or .json).")],
    fetch: Annotated[bool, typer.Option(
        "--fetch", help="Ask Crossref, DataCite and OpenAlex over the network for what the "
        "cache does not hold (without it nothing leaves this computer).")] = False,
    write: Annotated[bool, typer.Option(
        "--write", help="Write the filled profile (comments and order kept); without it "
        "only the diff is shown.")] = False,
    mailto: Mailto = None,
    only: Annotated[list[str] | None, typer.Option(  # noqa: UP007
        "--only", metavar="FIELD", help=f"Fill only this field; repeat for several: "
        f"{FIELDS_HELP}.")] = None,
    max_requests: Annotated[int, typer.Option(
        "--max-requests", min=1, help="At most this many requests in one run.")] = 200,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="With --fetch: ask again for DOIs the cache has answers for.")
    ] = False,
) -> None:
    """Fill what the papers lack from their DOIs: authors (with their ORCID iDs), venue,
    volume, issue, pages, article number, publisher, dates; from Crossref, DataCite (arXiv)
    and OpenAlex. Never changes what you wrote; shows a diff and writes only with --write.
    Offline unless --fetch; answers are kept in your cache, so a second run is offline."""
    from .api import enrich as run_enrich
    from .importers.enrich import FILLABLE
    from .suggest import unknown_name

    for name in only or []:
        if name not in FILLABLE:
            _err(f"error: --only: {unknown_name('field', name, FILLABLE)}")
            raise typer.Exit(EXIT_PROBLEMS)
    options = _enrich_options(True, mailto, fetch=fetch, max_requests=max_requests,
                              refresh=refresh, only=frozenset(only or ()))
    try:
        result = run_enrich(profile, options, write=write)
    except CvkitError as exc:
        raise _fail(exc) from None
    sys.stdout.write(result.diff)
    for problem in result.problems:
        _err(f"note: {problem.format()} (there before enrich)")
    _enriched(result.report, profile)
    if result.written:
        _err(f"wrote {profile}")
    elif result.diff:
        _err(f"{profile} not changed: add --write to save the filled profile")
