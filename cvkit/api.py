"""The library face of cvkit: what the CLI calls, and what a user may call from Python.

The library never prints and never exits; problems are raised as ``CvkitError``s and notes
for the user are returned as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import exporters, pipeline
from .errors import ExportError, Problem
from .exporters import expand_formats
from .model import Profile
from .output import write_atomic
from .pipeline import ExportOptions, Written

__all__ = ["ExportOptions", "ExportResult", "Written", "expand_formats", "export", "render",
           "import_bibtex", "import_jsonresume", "enrich", "EnrichResult"]


@dataclass
class ExportResult:
    written: list[Written] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from the formats
    load_warnings: list[Problem] = field(default_factory=list)  # from reading the profile


def render(profile: Profile, fmt: str, options: ExportOptions | None = None,
           base_dir: Path = Path(".")) -> exporters.Artifact:
    """Render one format in memory (no file written)."""
    options = options or ExportOptions()
    exporter = exporters.get(fmt)
    as_of = exporters.source_date()
    variant = options.selection(profile)
    ctx = pipeline.context(exporter, options, variant, base_dir, as_of, lenient_theme=False)
    doc = pipeline.document(profile, options, variant, as_of.date(), base_dir)
    return pipeline.render_one(exporter, doc, ctx)


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
    notes: list[str] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)  # skipped input, each with its place
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    enriched: Any = None  # with --enrich: the cvkit.importers.enrich.Report


def _jsonresume_again(data: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON Resume cvkit exports from ``data``, or None where it is no valid profile."""
    from .exporters.jsonresume import to_jsonresume
    from .view import build_document

    try:
        profile = Profile.model_validate(data)
    except ValueError:
        return None
    doc = build_document(profile)
    return to_jsonresume(doc.record(), doc)


def import_jsonresume(source: Path | str, profile_path: Path | str,
                      overwrite: bool = False) -> ImportResult:
    """Write a profile converted from a JSON Resume file; it is checked to load back first."""
    from .importers.jsonresume import import_file
    from .load import parse_source, validate_profile
    from .yamlio import dump_profile

    target = Path(profile_path)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, or pick another -o")
    imported = import_file(Path(source), _jsonresume_again)
    text = dump_profile(imported.data)
    validate_profile(parse_source(text, target))  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, imported.notes)


def import_academicpages(site: Path | str, profile_path: Path | str, *,
                         style: str = "academicpages", overwrite: bool = False
                         ) -> tuple[ImportResult, Any]:
    """Write a profile read from an academicpages (or AcadHomepage) Jekyll site.

    Files that cannot be read are returned as problems; the rest is imported. The written
    profile is checked to load back; importing the same site again rewrites nothing.
    """
    from .importers.academicpages import import_site
    from .load import parse_source, validate_profile
    from .yamlio import dump_profile

    site = Path(site)
    if not site.is_dir():
        raise ExportError(f"{site}: no such folder (the site's root, with _config.yml)")
    target = Path(profile_path)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, or pick another -o")
    imported, summary = import_site(site, style)
    text = dump_profile(imported.data)
    validate_profile(parse_source(text, target))  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, imported.notes, imported.problems), summary


def import_bibtex(bib: Path | str, profile_path: Path | str, *,
                  enrich: Any = None) -> ImportResult:
    """Merge a .bib file's entries into a profile, keeping its comments and order.

    Good entries are merged even when others are broken; those are returned as problems.
    With ``enrich`` (``EnrichOptions``) the imported papers are filled from their DOIs, and
    an entry with a DOI but no title is imported when a registry gives its title.
    """
    from .importers import Imported
    from .importers.bibtex import import_text
    from .load import read_text

    target = Path(profile_path)
    if not target.is_file():
        raise ExportError(f"{target}: no such profile; create one with `cvkit init {target}`")
    stubs: dict[str, int] | None = {} if enrich is not None else None
    imported = import_text(read_text(Path(bib), "BibTeX file"), Path(bib), stubs=stubs)
    papers = Imported({"publications": imported.data["publications"]}, imported.notes,
                      imported.problems)
    return import_record(papers, target, into=True, enrich=enrich,
                         stubs=(Path(bib), stubs or {}))


def import_record(imported: Any, profile_path: Path | str, *, into: bool = False,
                  overwrite: bool = False, enrich: Any = None,
                  stubs: tuple[Path, dict[str, int]] | None = None) -> ImportResult:
    """Write an importer's data as a new profile, or merge it ``into`` an existing one
    (comments and order kept; see ``cvkit.importers.merge``). Nothing is written that
    would not load back. With ``enrich`` (``EnrichOptions``), the imported papers are then
    filled from their DOIs where they lack something (after the merge, so what the profile
    already says is never changed)."""
    from .load import parse_source, validate_profile
    from .yamlio import dump_profile, dump_roundtrip, load_roundtrip

    target = Path(profile_path)
    if into:
        from .importers.merge import merge

        if not target.is_file():
            raise ExportError(f"{target}: no such profile to merge into; leave out --into to "
                              "write a new one")
        document = load_roundtrip(target)
        before = dump_roundtrip(document)
        had = {id(e) for e in document.get("publications") or []}
        merged = merge(document, imported.data)
        report = _enrich_imported(document, imported, enrich, stubs, had)
        text = dump_roundtrip(document)
        validate_profile(parse_source(text, target))
        written = text != before and write_atomic(target, text.encode("utf-8"))
        return ImportResult(target, written, imported.notes, imported.problems,
                            merged.added, merged.updated, merged.unchanged, report)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, --into to merge "
                          "into it, or pick another -o")
    report = _enrich_imported(imported.data, imported, enrich, stubs, set())
    text = dump_profile(imported.data)
    validate_profile(parse_source(text, target))  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, imported.notes, imported.problems, enriched=report)


def _enrich_imported(document: Any, imported: Any, options: Any,
                     stubs: tuple[Path, dict[str, int]] | None, had: set[int]) -> Any:
    """Fill the papers ``imported`` brought into ``document`` (``cvkit.importers.enrich``);
    a paper still without a title (a .bib entry with only a DOI no registry knows) is taken
    out again and becomes a problem at its line."""
    if options is None:
        return None
    import dataclasses

    from .importers.enrich import enrich_publications, mailto_of

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
    from .errors import ProfileError
    from .load import parse_source, validate_profile

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
    from .importers.enrich import EnrichOptions
    from .importers.enrich.document import enrich_text, unified_diff
    from .source import read_text

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
