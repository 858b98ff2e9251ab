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
           "import_bibtex", "import_jsonresume"]


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


def import_bibtex(bib: Path | str, profile_path: Path | str) -> ImportResult:
    """Merge a .bib file's entries into a profile, keeping its comments and order.

    Good entries are merged even when others are broken; those are returned as problems.
    """
    from .importers import Imported
    from .importers.bibtex import import_text
    from .load import read_text

    target = Path(profile_path)
    if not target.is_file():
        raise ExportError(f"{target}: no such profile; create one with `cvkit init {target}`")
    imported = import_text(read_text(Path(bib), "BibTeX file"), Path(bib))
    papers = Imported({"publications": imported.data["publications"]}, imported.notes,
                      imported.problems)
    return import_record(papers, target, into=True)


def import_record(imported: Any, profile_path: Path | str, *, into: bool = False,
                  overwrite: bool = False) -> ImportResult:
    """Write an importer's data as a new profile, or merge it ``into`` an existing one
    (comments and order kept; see ``cvkit.importers.merge``). Nothing is written that
    would not load back."""
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
        merged = merge(document, imported.data)
        text = dump_roundtrip(document)
        validate_profile(parse_source(text, target))
        written = text != before and write_atomic(target, text.encode("utf-8"))
        return ImportResult(target, written, imported.notes, imported.problems,
                            merged.added, merged.updated, merged.unchanged)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, --into to merge "
                          "into it, or pick another -o")
    text = dump_profile(imported.data)
    validate_profile(parse_source(text, target))  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, imported.notes, imported.problems)
