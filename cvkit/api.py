"""The library face of cvkit: what the CLI calls, and what a user may call from Python.

The library never prints and never exits; problems are raised as ``CvkitError``s and notes
for the user are returned as warnings.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import exporters
from .errors import ExportError
from .load import load_profile
from .model import Profile
from .model.profile import Variant
from .output import inside, safe_filename, write_atomic
from .tailor import tailor
from .view import Document, ViewOptions, build_document


@dataclass
class ExportOptions:
    theme: str = ""
    templates: Path | None = None
    selected_only: bool = False
    since: int | None = None
    include_photo: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # format-specific (paper, max_pages)
    variant: Variant | None = None  # tailor the profile first (tags, sections, limits)

    def tailored(self, profile: Profile) -> tuple[Profile, ExportOptions]:
        """The profile cut to the variant, and options with the variant's theme and limits."""
        if self.variant is None:
            return profile, self
        v = self.variant
        extra = dict(self.extra)
        if v.max_pages and "max_pages" not in extra:
            extra["max_pages"] = v.max_pages
        options = replace(self, theme=self.theme or v.theme or "", extra=extra, variant=None)
        return tailor(profile, v), options


@dataclass
class Written:
    path: Path
    format: str
    changed: bool
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportResult:
    written: list[Written] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def expand_formats(formats: list[str]) -> list[str]:
    """``-f pdf -f docx``, ``-f pdf,docx`` and ``-f PDF`` all name the same formats."""
    out: list[str] = []
    wanted = [part.strip().lower() for f in formats for part in f.split(",") if part.strip()]
    for f in wanted:
        for name in (exporters.ALL_FORMATS if f == "all" else (f,)):
            if name not in out:
                out.append(name)
    return out


def document_for(profile: Profile, options: ExportOptions, as_of: _dt.date) -> Document:
    return build_document(profile, ViewOptions(
        selected_only=options.selected_only, since=options.since, as_of=as_of,
        include_photo=options.include_photo))


def render(profile: Profile, fmt: str, options: ExportOptions | None = None,
           base_dir: Path = Path(".")) -> exporters.Artifact:
    """Render one format in memory (no file written)."""
    options = options or ExportOptions()
    profile, options = options.tailored(profile)
    exporter = exporters.get(fmt)
    ctx = context_for(exporter, options, base_dir, exporters.source_date(), lenient_theme=False)
    doc = document_for(profile, options, ctx.as_of.date())
    return render_artifact(exporter, doc, ctx)


def context_for(exporter: exporters.Exporter, options: ExportOptions, base_dir: Path,
                as_of: _dt.datetime, *, lenient_theme: bool) -> exporters.RenderContext:
    """How ``exporter`` renders under ``options``.

    With ``lenient_theme`` (several formats at once), a theme that this format lacks falls
    back to its default; asked for alone, an unknown theme stays an error.
    """
    theme = options.theme
    if theme and lenient_theme:
        from .templating import themes

        if theme not in themes(exporter.name):
            theme = ""
    return exporters.RenderContext(theme=theme, templates=options.templates,
                                   base_dir=base_dir, options=options.extra, as_of=as_of)


def render_artifact(exporter: exporters.Exporter, doc: Document,
                    ctx: exporters.RenderContext) -> exporters.Artifact:
    """Render, turning a broken (user) template into a located ExportError."""
    import jinja2

    try:
        return exporter.render(doc, ctx)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or "template"
        raise ExportError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ExportError(f"{exporter.name} template error: {exc}") from None


# Formats worth a second process when several are asked for at once.
_SLOW = ("pdf",)


def _render_all(doc: Document,
                jobs: list[tuple[exporters.Exporter, exporters.RenderContext]],
                ) -> list[tuple[str, exporters.Artifact]]:
    """Render every job; a slow format runs in a forked process beside the others.

    WeasyPrint takes most of an ``--format all`` run, so on a machine with two or more cores
    the PDF is laid out in a forked child while this process renders the other formats.
    """
    slow = [i for i, (e, _) in enumerate(jobs) if e.name in _SLOW]
    if len(jobs) < 2 or not slow or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return [(e.name, render_artifact(e, doc, c)) for e, c in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    results: dict[int, exporters.Artifact] = {}
    with ProcessPoolExecutor(max_workers=len(slow),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(render_artifact, jobs[i][0], doc, jobs[i][1]) for i in slow}
        for i, (e, c) in enumerate(jobs):
            if i not in futures:
                results[i] = render_artifact(e, doc, c)
        for i, future in futures.items():
            results[i] = future.result()
    return [(jobs[i][0].name, results[i]) for i in range(len(jobs))]


def export(
    profile_path: Path | str,
    formats: list[str],
    out_dir: Path | str = "out",
    *,
    name: str | None = None,
    options: ExportOptions | None = None,
    profile: Profile | None = None,
) -> ExportResult:
    """Load, render every format in memory, then write them all (atomically).

    Rendering happens before any write, so an exporter that fails leaves every existing
    output file as it was.
    """
    profile_path = Path(profile_path)
    options = options or ExportOptions()
    profile = profile if profile is not None else load_profile(profile_path)
    profile, options = options.tailored(profile)
    names = expand_formats(formats)
    chosen = [exporters.get(n) for n in names]  # unknown formats fail before any work
    base_dir = profile_path.resolve().parent
    as_of = exporters.source_date()
    doc = document_for(profile, options, as_of.date())
    stem = safe_filename(name) if name else safe_filename(f"{profile.name}_CV")
    out = Path(out_dir)
    result = ExportResult()
    # The file's stem goes along so a file can name itself (the .tex says how to compile it).
    jobs = [(exporter, dataclasses.replace(ctx, options={**ctx.options, "file_stem": stem}))
            for exporter in chosen
            for ctx in [context_for(exporter, options, base_dir, as_of,
                                    lenient_theme=len(chosen) > 1)]]
    rendered = _render_all(doc, jobs)
    for fmt, artifact in rendered:
        main_name = artifact.info.get("filename") or f"{stem}{artifact.suffix}"
        target = inside(out, main_name)
        changed = write_atomic(target, artifact.data)
        for rel, data in artifact.side_files.items():
            write_atomic(inside(target.parent, rel), data)
        result.written.append(Written(target, fmt, changed, artifact.info))
        result.warnings.extend(f"{fmt}: {w}" for w in artifact.warnings)
        if fmt == "latex" and options.extra.get("compile"):
            from .exporters.latex import compile_tex

            pdf, tex_warnings = compile_tex(target)
            result.written.append(Written(pdf, "latex-pdf", True, {}))
            result.warnings.extend(f"latex: {w}" for w in tex_warnings)
    return result


@dataclass
class ImportResult:
    path: Path
    written: bool
    notes: list[str] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)  # skipped input, each with its place
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_jsonresume(source: Path | str, profile_path: Path | str,
                      overwrite: bool = False) -> ImportResult:
    """Write a profile converted from a JSON Resume file; it is checked to load back first."""
    from .importers.jsonresume import import_file
    from .load import parse_source, validate
    from .yamlio import dump_profile

    target = Path(profile_path)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; use --force to overwrite it, or pick another -o")
    imported = import_file(Path(source))
    text = dump_profile(imported.data)
    validate(parse_source(text, target), Profile)  # what we write must load back
    written = write_atomic(target, text.encode("utf-8"))
    return ImportResult(target, written, imported.notes)


def import_bibtex(bib: Path | str, profile_path: Path | str) -> ImportResult:
    """Merge a .bib file's entries into a profile, keeping its comments and order.

    Good entries are merged even when others are broken; those are returned as problems.
    """
    from .importers.bibtex import import_text, merge
    from .load import parse_source, read_text, validate
    from .yamlio import dump_roundtrip, load_roundtrip

    target = Path(profile_path)
    if not target.is_file():
        raise ExportError(f"{target}: no such profile; create one with `cvkit init {target}`")
    imported = import_text(read_text(Path(bib), "BibTeX file"), Path(bib))
    document = load_roundtrip(target)
    before = dump_roundtrip(document)
    added, updated = merge(document, imported.data["publications"])
    text = dump_roundtrip(document)
    validate(parse_source(text, target), Profile)  # never write a profile that won't load
    written = text != before and write_atomic(target, text.encode("utf-8"))
    total = len(imported.data["publications"])
    return ImportResult(target, written, imported.notes, imported.problems, added, updated,
                        total - added - updated)
