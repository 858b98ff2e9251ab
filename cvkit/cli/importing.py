"""`cvkit import …`: other records in, a profile out (or merged into one with --into)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cvkit.cli import common as cli_common
from cvkit.cli.common import EXIT_PROBLEMS, PATH, Command, Exit, Group, argument
from cvkit.cli.common import err as _err
from cvkit.document.wording import counted
from cvkit.support.errors import CvkitError
from cvkit.support.limits import LimitError
from cvkit.support.suggest import closest, unknown_name

# The options every import takes.
output_option = click.option("--output", "-o", "output", type=PATH,
                             default=Path("profile.yaml"), show_default=True,
                             help="Profile to write.")
force_option = click.option("--force", is_flag=True, help="Overwrite an existing file.")
into_option = click.option("--into", is_flag=True,
                           help="Merge into the profile at -o instead of writing a new one.")
mailto_option = click.option(
    "--mailto", metavar="EMAIL", help="Your email, sent in the User-Agent to Crossref, "
    "DataCite and OpenAlex (they ask for one, to reach you before blocking a client); by "
    "default the profile's contact email.")
enrich_option = click.option(
    "--enrich", is_flag=True, help="Fill what the imported papers lack (authors with ORCID "
    "iDs, venue, volume, issue, pages, article number, publisher, date) from their DOIs: asks "
    "Crossref, DataCite and OpenAlex over the network; answers are kept in your cache.")


def _fail(exc: CvkitError) -> Exit:
    """How an import ends on an error, one policy for every format: an input refused (of
    the wrong kind, past a limit, unreadable or invalid) in one line and exit 2, nothing
    written; anything else (the output exists, the network failed) as every command ends,
    exit 1. An import that ends well exits 0, notes or not."""
    from cvkit.importers import Refused

    if cli_common.debug:
        raise exc
    if isinstance(exc, Refused):
        for note in exc.notes:
            _err(f"note: {note.format()}")
    if isinstance(exc, LimitError | Refused):
        _err(f"error: {exc}" + ("; nothing was written" if isinstance(exc, LimitError) else ""))
        return Exit(EXIT_PROBLEMS)
    return cli_common.fail(exc)


# What an import's summary calls the entries of a section (singular, plural).
NOUNS = {"publications": ("paper", "papers"), "experience": ("position", "positions"),
         "education": ("degree", "degrees"), "talks": ("talk", "talks"),
         "teaching": ("teaching", "teaching"), "news": ("news", "news"),
         "service": ("service", "service"), "skills": ("skill group", "skill groups"),
         "hobbies": ("hobby", "hobbies")}
# What a note's kind is called in the summary.
SAID = {"dropped": "not imported", "degraded": "degraded", "guessed": "guessed",
        "kept": "kept", "note": "noted"}


# The order the summary names sections in.
FIRST = ("publications", "experience", "education", "awards", "talks", "teaching", "projects")


def _found(result: Any) -> str:
    keys = sorted(result.counts, key=lambda k: FIRST.index(k) if k in FIRST else len(FIRST))
    return ", ".join(counted(result.counts[key], *NOUNS.get(key, (key.removesuffix("s"), key)))
                     for key in keys)


def _noted(result: Any) -> str:
    kinds: dict[str, int] = {}
    for note in result.notes:
        kinds[note.what] = kinds.get(note.what, 0) + 1
    said = [f"{counted(kinds.pop('dropped'), 'item')} not imported"] if "dropped" in kinds \
        else []
    said += [f"{n} {SAID.get(what, what)}" for what, n in kinds.items()]
    return f"; {', '.join(said)} (see the notes)" if said else ""


def _report(result: Any) -> None:
    """What an import did, the same for every format: each note on standard error, pointing
    into the input; one line on standard output."""
    _enriched(result.enriched)
    for note in result.notes:
        _err(f"note: {note.format()}")
    if result.verbatim is not None:
        line = f"wrote {result.path} ({result.verbatim} bytes, as the PDF carries it)"
    elif result.merged:
        line = (f"{result.path}: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged"
                + ("" if result.written else " (file not rewritten)"))
    else:
        found = _found(result)
        line = (f"wrote {result.path}" + (f": {found}" if found else "")
                + ("" if result.written else " (file unchanged)"))
    print(line + _noted(result))


def _run(fmt: str | None, file: Path | None, output: Path, *, into: bool = False,
         force: bool = False, enrich: Any = None, options: dict[str, Any] | None = None,
         fetch: str | None = None) -> None:
    """Every ``cvkit import``: through the importer registry (``cvkit.importers``)."""
    from cvkit.build.api import import_file

    try:
        result = import_file(file, output, format=fmt, into=into, overwrite=force,
                             options=options, enrich=enrich, fetch=fetch)
    except CvkitError as exc:
        raise _fail(exc) from None
    _report(result)


class _ImportGroup(Group):
    """``cvkit import FORMAT FILE`` runs the format's command; any first word that is no
    command (a file, an option, a third party's format) goes to ``cvkit import [FORMAT]
    FILE``, which recognises the format from the file where none is given."""

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands:
            return "", self.commands[ANY], args
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[FORMAT] FILE [OPTIONS] | COMMAND ...")


ANY = "any"
import_app = _ImportGroup(
    "import", no_args_is_help=True,
    context_settings={**cli_common.CONTEXT, "ignore_unknown_options": True,
                      "allow_extra_args": True},
    help="Bring data in: JSON Resume, BibTeX, an academicpages site, an ORCID record, a "
    "LinkedIn data export, or a PDF cvkit made. `cvkit import FILE` recognises the format "
    "from the file; `cvkit import FORMAT FILE` names it: a command below (with its own "
    "options) or a format a plugin adds.",
    epilog="FILE alone takes -o PROFILE, --into (merge into it), --force, --enrich and "
    "--mailto. Each note points into the input and says what was dropped, degraded, guessed "
    "or kept aside. Exit 0: imported, notes or not; 2: the input refused (the wrong kind of "
    "file, past a limit, invalid); 1: anything else (the output exists, no network).")


@import_app.command(ANY, hidden=True)
@argument("given", nargs=-1, required=True, metavar="[FORMAT] FILE",
          help="The file (or folder) to import, after its format where it is not recognised "
          "from the file.")
@output_option
@into_option
@force_option
@enrich_option
@mailto_option
def import_any(given: tuple[str, ...], output: Path, into: bool, force: bool, enrich: bool,
               mailto: str | None) -> None:
    """Import FILE in the format it is recognised as, or in FORMAT."""
    from cvkit.importers import Refused, available

    if len(given) > 2:
        _err(f"error: expected [FORMAT] FILE, found {' '.join(given)}")
        raise Exit(EXIT_PROBLEMS)
    fmt, file = (given[0], given[1]) if len(given) == 2 else (None, given[0])
    if fmt is None and not Path(file).exists() and closest(file.lower(), available()):
        # A format's name (misspelt) with no file after it.
        raise _fail(Refused(f"{file}: no such file or folder; "
                            + unknown_name("format", file, available())))
    _run(fmt, Path(file), output, into=into, force=force,
         enrich=_enrich_options(enrich, mailto))


@import_app.command("jsonresume")
@argument("file", type=PATH, help="A JSON Resume file (resume.json).")
@output_option
@into_option
@force_option
def import_jsonresume(file: Path, output: Path, into: bool, force: bool) -> None:
    """Convert a JSON Resume (the current schema or the older one) into a cvkit profile."""
    _run("jsonresume", file, output, into=into, force=force)


@import_app.command("academicpages")
@argument("site", type=PATH, help="The Jekyll site's folder (with _config.yml).")
@output_option
@click.option("--style", default="academicpages", show_default=True,
              help="academicpages, or acad for AcadHomepage.")
@into_option
@force_option
def import_academicpages(site: Path, output: Path, style: str, into: bool, force: bool
                         ) -> None:
    """Read an academicpages (or AcadHomepage) site: the author, about, news, and the
    publications, talks, teaching and portfolio collections."""
    if style not in ("academicpages", "acad"):
        _err(f"error: --style must be academicpages or acad, not {style!r}")
        raise Exit(EXIT_PROBLEMS)
    _run("academicpages", site, output, into=into, force=force, options={"style": style})


@import_app.command("bibtex")
@argument("file", type=PATH, help="A .bib file.")
@click.option("--into", type=PATH,
              help="The profile to add the papers to (or give it with -o).")
@output_option
@enrich_option
@mailto_option
def import_bibtex(file: Path, into: Path | None, output: Path, enrich: bool,
                  mailto: str | None) -> None:
    """Add (or update) publications from a .bib file in a profile, keeping its comments.
    With --enrich, an entry with only a DOI is imported too, filled from the DOI."""
    _run("bibtex", file, into or output, into=True, enrich=_enrich_options(enrich, mailto))


@import_app.command("orcid")
@argument("record", type=PATH, required=False,
          help="An ORCID record as JSON (the public API v3.0 /record).")
@output_option
@into_option
@click.option("--fetch", help="Download the public record of this ORCID iD first "
              "(e.g. 0000-0002-1825-0097); needs the network.")
@force_option
@enrich_option
@mailto_option
def import_orcid(record: Path | None, output: Path, into: bool, fetch: str | None,
                 force: bool, enrich: bool, mailto: str | None) -> None:
    """Read an ORCID record: name, biography, emails, websites, employments, educations,
    distinctions and fundings (as awards), and works (as publications)."""
    if not fetch and record is None:
        _err("error: give the record's JSON file, or --fetch an ORCID iD")
        raise Exit(EXIT_PROBLEMS)
    _run("orcid", None if fetch else record, output, into=into, force=force,
         enrich=_enrich_options(enrich, mailto), fetch=fetch or None)


@import_app.command("linkedin")
@argument("archive", type=PATH,
          help="LinkedIn's data export (Basic_LinkedInDataExport_*.zip, from Settings > Data "
          "privacy > Get a copy of your data), or the folder it unzips to.")
@output_option
@into_option
@force_option
def import_linkedin(archive: Path, output: Path, into: bool, force: bool) -> None:
    """Read a LinkedIn data export: profile, positions, education, skills, languages,
    certifications, projects, publications, honors and the primary email."""
    _run("linkedin", archive, output, into=into, force=force)


@import_app.command("pdf")
@argument("pdf", type=PATH, help="A PDF cvkit made (it carries its profile).")
@output_option
@into_option
@force_option
def import_pdf(pdf: Path, output: Path, into: bool, force: bool) -> None:
    """Give back the profile a cvkit PDF was made from, byte for byte (or merge it into
    the profile at -o with --into)."""
    _run("pdf", pdf, output, into=into, force=force)


# -- cvkit enrich ----------------------------------------------------------------------------

FIELDS_HELP = ("title, authors, editors, venue, kind, date, volume, issue, pages, "
               "article_number, series, edition, publisher, publisher_place, institution, "
               "thesis_type, isbn, arxiv")


def _enrich_options(enrich: bool, mailto: str | None, **more: Any) -> Any:
    """The options of an enrichment the user asked for (the network allowed), or None."""
    if not enrich:
        return None
    from cvkit.importers.enrich import EnrichOptions, valid_mailto

    if mailto is not None and not valid_mailto(mailto):
        _err(f"error: --mailto {mailto!r} is not an email address")
        raise Exit(EXIT_PROBLEMS)
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


@click.command(cls=Command)
@argument("profile", type=PATH, help="The profile (.yaml, .yml or .json).")
@click.option("--fetch", is_flag=True, help="Ask Crossref, DataCite and OpenAlex over the "
              "network for what the cache does not hold (without it nothing leaves this "
              "computer).")
@click.option("--write", is_flag=True, help="Write the filled profile (comments and order "
              "kept); without it only the diff is shown.")
@mailto_option
@click.option("--only", multiple=True, metavar="FIELD",
              help=f"Fill only this field; repeat for several: {FIELDS_HELP}.")
@click.option("--max-requests", type=click.IntRange(min=1), default=200, show_default=True,
              help="At most this many requests in one run.")
@click.option("--refresh", is_flag=True,
              help="With --fetch: ask again for DOIs the cache has answers for.")
def enrich(profile: Path, fetch: bool, write: bool, mailto: str | None, only: tuple[str, ...],
           max_requests: int, refresh: bool) -> None:
    """Fill what the papers lack from their DOIs: authors (with their ORCID iDs), venue,
    volume, issue, pages, article number, publisher, dates; from Crossref, DataCite (arXiv)
    and OpenAlex. Never changes what you wrote; shows a diff and writes only with --write.
    Offline unless --fetch; answers are kept in your cache, so a second run is offline."""
    from cvkit.build.api import enrich as run_enrich
    from cvkit.importers.enrich import FILLABLE

    for name in only or []:
        if name not in FILLABLE:
            _err(f"error: --only: {unknown_name('field', name, FILLABLE)}")
            raise Exit(EXIT_PROBLEMS)
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
