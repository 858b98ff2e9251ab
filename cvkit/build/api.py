"""The library face of cvkit: what the CLI and the MCP server (``cvkit.assistant``) call, and
what a user may call from Python.

- ``load``, ``validate``: a profile read, or its problems (file, line, column, field path,
  message, suggestion) as a result rather than an exception;
- ``list_entries``: every entry with a stable id, which ``ExportOptions(entries=...)`` takes;
- ``export``, ``render``: files written (atomically), or one format in memory;
- ``check``: a PDF read back as an applicant-tracking system reads it;
- ``import_file`` (and ``import_jsonresume``, ``import_bibtex`` ...), ``import_profile``
  (the profile an import makes, nothing written), ``enrich``;
- ``themes``, ``styles``, ``schema``: what there is to choose from.

The library never prints and never exits; problems are raised as ``CvkitError``s and notes
for the user are returned as warnings. Results that a program reads as JSON have
``as_dict()``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvkit import exporters
from cvkit.build import pipeline
from cvkit.build.catalog import StyleInfo, ThemeInfo, schema, styles, themes
from cvkit.build.pipeline import ExportOptions, Written
from cvkit.build.workers import await_read_ahead
from cvkit.exporters import expand_formats
from cvkit.profile.entries import EntryInfo
from cvkit.profile.entries import list_entries as listed
from cvkit.profile.load import load_profile
from cvkit.profile.model import Profile
from cvkit.profile.source import read_text
from cvkit.support.errors import ExportError, Problem, ProfileError
from cvkit.support.output import write_atomic

if TYPE_CHECKING:
    from cvkit.importers.reading import ImportedProfile


def __getattr__(name: str) -> Any:
    if name == "ImportedProfile":  # imported when asked for: an export needs no importer
        from cvkit.importers.reading import ImportedProfile

        return ImportedProfile
    raise AttributeError(name)


__all__ = ["ExportOptions", "ExportResult", "Written", "expand_formats", "export", "render",
           "import_file", "read_import", "ImportResult", "import_bibtex", "import_jsonresume",
           "enrich", "EnrichResult", "load", "validate", "Validation", "check",
           "list_entries", "EntryInfo", "import_profile", "ImportedProfile", "themes",
           "ThemeInfo", "styles", "StyleInfo", "schema"]


def load(profile_path: Path | str, warnings: list[Problem] | None = None) -> Profile:
    """The profile at ``profile_path``, validated; ``ProfileError`` with every problem
    found otherwise. Notes that do not stop loading go to ``warnings``."""
    profile: Profile = load_profile(Path(profile_path), warnings)
    return profile


@dataclass
class Validation:
    """A profile checked: ``ok``, or its ``problems``, each located in the file."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # what only warns

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": [p.as_dict() for p in self.problems],
                "warnings": [w.as_dict() for w in self.warnings]}


def validate(profile_path: Path | str | None = None, *, text: str | None = None,
             path: Path | str = "profile.yaml") -> Validation:
    """Check the profile at ``profile_path``, or the YAML (or JSON) ``text`` as if it were
    the file ``path`` (relative files it names are looked for beside it). A profile with
    mistakes is a result with problems, never an exception."""
    warnings: list[Problem] = []
    try:
        if text is None:
            if profile_path is None:
                raise ExportError("give a profile's path or its text")
            await_read_ahead(profile_path)  # validated on the other core meanwhile, if it was
            load_profile(Path(profile_path), warnings)
        else:
            load_profile(Path(path), warnings, text=text)
    except ProfileError as exc:
        return Validation(list(exc.problems))
    return Validation([], warnings)


def check(pdf: Path | str, profile: Path | str | Profile | None = None) -> Any:
    """Read ``pdf`` as an applicant-tracking system does: a ``cvkit.build.check.Report`` (``ok``,
    what is missing of the ``profile`` and what trips a tracking system; ``as_dict()`` is
    ``cvkit check --json``). An unreadable file raises ``cvkit.build.check.UnreadablePdf``."""
    from cvkit.build.check import check as run_check

    if profile is not None and not isinstance(profile, Profile):
        profile = load(profile)
    return run_check(Path(pdf), profile)


def list_entries(profile: Path | str | Profile) -> list[EntryInfo]:
    """Every entry of the profile with its stable id (``cvkit.profile.entries``), section, dates,
    tags and whether it is hidden: what an export's ``entries`` selection names."""
    return listed(profile if isinstance(profile, Profile) else load(profile))


@dataclass
class ExportResult:
    written: list[Written] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from the formats
    load_warnings: list[Problem] = field(default_factory=list)  # from reading the profile


def render(profile: Profile, fmt: str, options: ExportOptions | None = None,
           base_dir: Path = Path(".")) -> exporters.Artifact:
    """Render one format in memory (no file written), as ``export`` renders it."""
    loaded = pipeline.Loaded(profile, base_dir / "profile.yaml", folder=base_dir)
    return pipeline.render(loaded, fmt, options)


def export(
    profile_path: Path | str,
    formats: list[str],
    out_dir: Path | str = "out",
    *,
    name: str | None = None,
    options: ExportOptions | None = None,
    profile: Profile | None = None,
    start_early: bool = False,
) -> ExportResult:
    """Load, render every format in memory, then write them all (atomically).

    Rendering happens before any write, so an exporter that fails leaves every existing
    output file as it was. Notes from loading (control characters removed, formulas that
    stay as text) come back in ``load_warnings``. ``start_early`` starts the slow formats'
    workers before the profile is read: worth it in a new process (the CLI's), where
    WeasyPrint is not loaded yet.
    """
    workers = pipeline.start_workers(formats) if start_early else {}
    try:
        loaded = pipeline.load(profile_path) if profile is None \
            else pipeline.Loaded(profile, Path(profile_path))
        written, warnings = pipeline.run(loaded, formats, Path(out_dir), name=name,
                                         options=options, workers=workers)
    finally:
        for worker in workers.values():
            worker.close()
    return ExportResult(written, warnings, loaded.warnings)


@dataclass
class ImportResult:
    path: Path
    written: bool
    notes: list[Any] = field(default_factory=list)  # cvkit.importers.Note, into the input
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    enriched: Any = None  # with --enrich: the cvkit.importers.enrich.Report
    format: str = ""  # the importer that read it
    counts: dict[str, int] = field(default_factory=dict)  # entries imported, by section
    verbatim: int | None = None  # bytes written as the input carried them (a PDF's profile)
    merged: bool = False  # into a profile (--into), not a new one

    @property
    def problems(self) -> list[Any]:
        """The notes on what was not imported (``dropped``)."""
        return [n for n in self.notes if n.what == "dropped"]


def read_import(source: Path | str, format: str | None = None, *,
                options: dict[str, Any] | None = None) -> Any:
    """Read ``source`` with the importer ``format`` (or the one that recognises the file),
    writing nothing: a ``cvkit.importers.Imported`` (the data shaped like a profile, not
    validated yet, and the notes)."""
    from cvkit import importers

    path = Path(source)
    return importers.read(format or importers.recognise(path), path, options)


def import_file(source: Path | str | None, profile_path: Path | str, *,
                format: str | None = None, into: bool = False, overwrite: bool = False,
                options: dict[str, Any] | None = None, enrich: Any = None,
                fetch: str | None = None) -> ImportResult:
    """Import ``source`` (or, with ``fetch``, a record the importer downloads) through the
    importer registry (``cvkit.importers``): ``format``, or recognised from the file. Writes
    a new profile at ``profile_path`` or merges ``into`` it (an importer that brings some
    sections only, BibTeX, always merges). Values the profile model refuses are dropped with
    a note; nothing is written that would not load back. With ``enrich``
    (``EnrichOptions``) the imported papers are filled from their DOIs."""
    from cvkit import importers
    from cvkit.importers.reading import format_of, read_any

    path = Path(source) if source is not None else None
    name = format_of(format, path)
    importer = importers.get(name)
    into = into or importers.is_partial(importer)
    target = Path(profile_path)
    _ready(target, into, overwrite, importers.is_partial(importer))
    given = {**(options or {}), "enrich": enrich is not None}
    imported = read_any(name, path, fetch, given)
    result = import_record(imported, target, into=into, overwrite=overwrite, enrich=enrich,
                           source=path)
    result.format = name
    return result


def import_profile(source: Path | str | None, format: str | None = None, *,
                   fetch: str | None = None, options: dict[str, Any] | None = None,
                   path: Path | str = "profile.yaml") -> ImportedProfile:
    """The profile an import of ``source`` makes (its YAML and the notes pointing into the
    input), through the importer registry: ``format``, or recognised from the file; with
    ``fetch`` (an ORCID iD ...) the importer downloads the record instead. Nothing is
    written; ``path`` is where the profile would be (``cvkit.importers.reading``)."""
    from cvkit.importers.reading import import_profile as imported

    return imported(source, format, fetch=fetch, options=options, path=path)


def _ready(target: Path, into: bool, overwrite: bool, partial: bool = False) -> None:
    """Refuse before reading anything: no profile to merge into, or one not to replace."""
    if into and not target.is_file():
        raise ExportError(f"{target}: no such profile to merge into; create one with "
                          f"`cvkit init {target}`" + ("" if partial else ", or leave out "
                                                      "--into to write a new one"))
    if not into and target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, --into to merge "
                          "into it, or pick another -o")


def import_jsonresume(source: Path | str, profile_path: Path | str,
                      overwrite: bool = False) -> ImportResult:
    """Write a profile converted from a JSON Resume file; it is checked to load back first."""
    return import_file(source, profile_path, format="jsonresume", overwrite=overwrite)


def import_academicpages(site: Path | str, profile_path: Path | str, *,
                         style: str = "academicpages", overwrite: bool = False
                         ) -> tuple[ImportResult, Any]:
    """Write a profile read from an academicpages (or AcadHomepage) Jekyll site, and what
    it held (``Summary``). Files that cannot be read are dropped with a note."""
    from cvkit.importers.academicpages import Summary

    result = import_file(site, profile_path, format="academicpages", overwrite=overwrite,
                         options={"style": style})
    c = result.counts
    return result, Summary(c.get("publications", 0), c.get("talks", 0),
                           c.get("teaching", 0), c.get("projects", 0), c.get("news", 0))


def import_bibtex(bib: Path | str, profile_path: Path | str, *,
                  enrich: Any = None) -> ImportResult:
    """Merge a .bib file's entries into a profile, keeping its comments and order.

    Good entries are merged even when others are broken; those are dropped with a note.
    With ``enrich`` (``EnrichOptions``) the imported papers are filled from their DOIs, and
    an entry with a DOI but no title is imported when a registry gives its title.
    """
    return import_file(bib, profile_path, format="bibtex", into=True, enrich=enrich)


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {key: len(value) for key, value in data.items()
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value)}


def _waiting(data: dict[str, Any], unfilled: set[str]) -> list[Any]:
    """The papers imported with a DOI and no title, for --enrich to fill."""
    papers = data.get("publications")
    return [p for p in papers if isinstance(p, dict) and not p.get("title")
            and p.get("doi") in unfilled] if isinstance(papers, list) else []


def import_record(imported: Any, profile_path: Path | str, *, into: bool = False,
                  overwrite: bool = False, enrich: Any = None,
                  stubs: tuple[Path, dict[str, int]] | None = None,
                  source: Path | None = None) -> ImportResult:
    """Write an importer's data (``cvkit.importers.Imported``) as a new profile, or merge
    it ``into`` an existing one (comments and order kept; see ``cvkit.importers.merge``).
    The data is validated once: a value the model refuses is dropped with a note. Nothing
    is written that would not load back. With ``enrich`` (``EnrichOptions``), the imported
    papers are then filled from their DOIs where they lack something (after the merge, so
    what the profile already says is never changed)."""
    from cvkit.importers import KEPT, Note, Refused, as_note
    from cvkit.importers.checked import checked
    from cvkit.profile.load import parse_source, validate_profile
    from cvkit.profile.yamlio import dump_profile

    target = Path(profile_path)
    _ready(target, into, overwrite)
    notes = [as_note(n, source) for n in imported.notes]
    if stubs is None and imported.unfilled and source is not None:
        stubs = (source, imported.unfilled)
    waiting = _waiting(imported.data, set((stubs or (None, {}))[1]))
    if imported.verbatim is not None and not into:
        if imported.suffix and target.suffix and imported.suffix != target.suffix.lower():
            notes.append(Note(KEPT, f"the profile it carries is {imported.suffix}, written "
                              f"as it is to {target.name}", source))
        written = write_atomic(target, imported.verbatim)
        return ImportResult(target, written, notes + [as_note(p) for p in imported.problems],
                            counts=_counts(imported.data), verbatim=len(imported.verbatim))
    bare = "name" not in imported.data  # some sections only (BibTeX): checked with a name
    if bare:
        imported.data["name"] = "?"
    try:
        text, dropped = checked(imported.data, source, target, keep=waiting)
    finally:
        if bare:
            imported.data.pop("name", None)
    counts = _counts(imported.data)
    if not counts and bare and (dropped or imported.problems):
        raise Refused(f"{source or 'the input'}: nothing in it could be imported; nothing "
                      "was written", [*notes, *map(as_note, imported.problems), *dropped])
    if into:
        return _merge_into(target, imported, enrich, stubs, notes, dropped, counts)
    report = _enrich_imported(imported.data, imported, enrich, stubs, set())
    if report is not None:
        text = dump_profile(imported.data)
        validate_profile(parse_source(text, target))  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, [*notes, *map(as_note, imported.problems), *dropped],
                        enriched=report, counts=counts)


def _merge_into(target: Path, imported: Any, enrich: Any,
                stubs: tuple[Path, dict[str, int]] | None, notes: list[Any],
                dropped: list[Any], counts: dict[str, int]) -> ImportResult:
    """Merge ``imported`` into the profile at ``target`` (comments and order kept), fill
    its new papers, and write it when it changed and still loads."""
    from cvkit.importers import as_note
    from cvkit.importers.merge import merge
    from cvkit.profile.load import parse_source, validate_profile
    from cvkit.profile.yamlio import dump_roundtrip, load_roundtrip

    document = load_roundtrip(target)
    before = dump_roundtrip(document)
    had = {id(e) for e in document.get("publications") or []}
    merged = merge(document, imported.data)
    report = _enrich_imported(document, imported, enrich, stubs, had)
    text = dump_roundtrip(document)
    validate_profile(parse_source(text, target))
    written = text != before and write_atomic(target, text.encode("utf-8"))
    # After the filling, whose papers left without a title are problems too.
    return ImportResult(target, written, [*notes, *map(as_note, imported.problems), *dropped],
                        merged.added, merged.updated, merged.unchanged, report, counts=counts,
                        merged=True)


def _enrich_imported(document: Any, imported: Any, options: Any,
                     stubs: tuple[Path, dict[str, int]] | None, had: set[int]) -> Any:
    """Fill the papers ``imported`` brought into ``document`` (``cvkit.importers.enrich``);
    a paper still without a title (a .bib entry with only a DOI no registry knows) is taken
    out again and becomes a problem at its line."""
    if options is None:
        return None

    from cvkit.importers.enrich import enrich_publications, mailto_of

    papers = imported.data.get("publications") or []
    ids = {str(p.get(k)).lower() for p in papers for k in ("doi", "arxiv") if p.get(k)}
    if options.mailto is None:
        options = dataclasses.replace(options, mailto=mailto_of(document) or
                                      mailto_of(imported.data))
    publications = document.get("publications") or []
    report = enrich_publications(publications, options, select=lambda entry: any(
        str(entry.get(k)).lower() in ids for k in ("doi", "arxiv") if entry.get(k)))
    bib, lines = stubs or (None, {})
    for entry in [e for e in publications if not e.get("title") and id(e) not in had]:
        doi = str(entry.get("doi") or "")
        if doi.lower() in ids:
            publications.remove(entry)
            imported.problems.append(Problem(bib, lines.get(doi), 1, "", f"entry with DOI {doi}"
                                             " skipped: no title, and none found for its DOI"))
    return report


@dataclass
class EnrichResult:
    path: Path
    diff: str  # a unified diff of the profile file; "" when nothing was filled
    written: bool
    report: Any  # cvkit.importers.enrich.Report: filled, pending (--fetch), notes, counts
    # The profile's own problems that filling did not mend, placed in the file as it is now.
    problems: list[Problem] = field(default_factory=list)


def _problems(text: str, path: Path) -> list[Problem]:
    from cvkit.profile.load import parse_source, validate_profile

    try:
        validate_profile(parse_source(text, path))
    except ProfileError as exc:
        return list(exc.problems)
    return []


def enrich(profile_path: Path | str, options: Any = None, *, write: bool = False
           ) -> EnrichResult:
    """Fill what the profile's papers lack from their DOIs (``cvkit.importers.enrich``):
    the diff, and the file rewritten (its mode kept) only with ``write``. Offline unless
    ``options.fetch``. Values the user wrote are never changed; a profile that had problems
    before keeps them (reported), and one that had none is never written with any."""
    from cvkit.importers.enrich import EnrichOptions
    from cvkit.importers.enrich.document import enrich_text, unified_diff

    path = Path(profile_path)
    text = read_text(path)
    after, report = enrich_text(text, path, options or EnrichOptions())
    problems: list[Problem] = []
    if after != text and (problems := _problems(after, path)):
        before = _problems(text, path)
        if not before:
            raise ExportError(f"{path}: the filled profile would not load back ("
                              f"{problems[0].format()}); nothing was written")
        if not write:  # placed in the file as it is, not in the text not written
            left = {p.path for p in problems}
            problems = [p for p in before if p.path in left]
    written = False
    if write and after != text:
        mode = path.stat().st_mode & 0o777
        written = write_atomic(path, after.encode("utf-8"), mode=mode)
    return EnrichResult(path, unified_diff(text, after, path), written, report, problems)
