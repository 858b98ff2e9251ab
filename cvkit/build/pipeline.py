"""The one path from a profile to files: load → select and view → render → write.

``assemble`` is the one assembly (formats, selection, Document, each format's context, the
profile attachment): ``cvkit export``, the library (``cvkit.build.api``), ``cvkit bundle``, the
preview, ``cvkit watch`` and the MCP server all go through it; ``run`` renders what it
assembled and writes it. Each step is a plain function so tests can stop after any of them.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvkit import exporters
from cvkit.build.workers import await_read_ahead
from cvkit.document import Document
from cvkit.exporters import expand_formats
from cvkit.profile.load import load_profile
from cvkit.profile.model import Profile
from cvkit.profile.model.layout import Variant
from cvkit.profile.options import ExportOptions as ExportOptions
from cvkit.profile.source import read_text
from cvkit.support.errors import ExportError, Problem
from cvkit.support.output import inside, replace_written, safe_filename, write_atomic

render_one = exporters.render_checked  # the name the library and bundles use

if TYPE_CHECKING:
    from collections.abc import Callable

    from cvkit.build.workers import Worker, WorkerJob
    from cvkit.profile.options import Embedding


@dataclass
class Loaded:
    profile: Profile
    path: Path
    warnings: list[Problem] = field(default_factory=list)
    text: str | None = None  # what the profile was read from (a PDF carries exactly that)
    folder: Path | None = None  # where its files are, when not beside ``path``

    @property
    def base_dir(self) -> Path:
        return self.folder if self.folder is not None else self.path.resolve().parent


def load(path: Path | str) -> Loaded:
    await_read_ahead(path)  # the command line's reader, validating it on the other core

    warnings: list[Problem] = []
    text = read_text(Path(path))
    profile = load_profile(Path(path), warnings, text=text)
    return Loaded(profile, Path(path), warnings, text)


def document(profile: Profile, options: ExportOptions, variant: Variant,
             as_of: _dt.date, base_dir: Path | None = None) -> Document:
    """Select (every rule in cvkit.profile.tailor) and lay out: the Document every format
    renders."""
    from cvkit.view import ViewOptions, build_document

    options = options.with_layout(profile)  # as assemble gives them; unchanged if so
    style = options.citation_style  # the flag's, else the layout's
    style_path = None
    if style:
        from cvkit.support.styles import StyleError, resolve

        try:
            style_path = resolve(style, base_dir)
        except StyleError as exc:
            raise ExportError(f"--citation-style: {exc}"
                              if style != profile.layout.citation_style else str(exc)) from None
    return build_document(profile, ViewOptions(as_of=as_of, variant=variant,
                                               citation_style=style_path, export=options))


def unread_options(chosen: list[exporters.Exporter], options: ExportOptions) -> list[str]:
    """Options given that none of the chosen formats reads (``--compile`` with -f pdf)."""
    read = {o for e in chosen for o in exporters.traits(e).options}
    return [f"--{name.replace('_', '-')} is ignored: none of the chosen formats "
            f"({', '.join(e.name for e in chosen)}) reads it"
            for name, value in options.format_options().items()
            if value not in (None, False) and name not in read]


def context(exporter: exporters.Exporter, options: ExportOptions, variant: Variant,
            base_dir: Path, as_of: _dt.datetime, *, lenient_theme: bool,
            file_stem: str = "", embedded: Embedding | None = None,
            beside: frozenset[str] = frozenset()) -> exporters.RenderContext:
    """How ``exporter`` renders under ``options`` and the selection's ``variant`` (whose
    theme and page limit apply unless the options name their own).

    With ``lenient_theme`` (several formats at once), a theme that this format lacks falls
    back to its default; asked for alone, an unknown theme stays an error.
    """
    theme = options.theme or variant.theme or ""
    if theme and lenient_theme:
        from cvkit.exporters.templating import themes

        if theme not in themes(exporter.name):
            theme = ""
    own = options.for_format(exporters.traits(exporter).options)
    if own.max_pages != variant.max_pages:  # the variant's page limit, or the options' over it
        own = dataclasses.replace(own, max_pages=variant.max_pages)
    return exporters.RenderContext(
        theme=theme, templates=options.templates, base_dir=base_dir, options=own, as_of=as_of,
        file_stem=file_stem, beside=beside,
        embedded=embedded if exporters.traits(exporter).attaches_profile else None)


def worker_job(exporter: exporters.Exporter, doc: Document,
               ctx: exporters.RenderContext) -> WorkerJob:
    """What a worker is sent: the half ``prepare`` leaves (made here, templates and all), or
    the whole document for a format that renders in one piece."""
    if exporters.traits(exporter).prepares:
        with exporters.template_errors(exporter):
            return ("finish", exporter, exporter.prepare(doc, ctx), ctx)  # type: ignore[attr-defined]
    return ("render", exporter, doc, ctx)


def follow_up(job: WorkerJob, doc: Document) -> Callable[[], Any] | None:
    """What this process makes for ``job`` once it is sent (the exporter's ``later``)."""
    kind, exporter, prepared, ctx = job
    if kind != "finish" or not exporters.traits(exporter).follows_up:
        return None
    return functools.partial(exporter.later, doc, ctx, prepared)  # type: ignore[attr-defined]


Job = tuple[exporters.Exporter, Document, exporters.RenderContext]


def render_all(jobs: list[Job], workers: dict[str, Worker] | None = None
               ) -> list[exporters.Artifact]:
    """Render every job. A format that declares ``own_process`` is laid out in a forked
    worker while this process renders the others (on two or more cores): in the worker
    started ahead for it (``start_workers``), or in one forked now."""
    from cvkit.build.workers import Worker, can_fork

    workers = dict(workers or {})
    if len(jobs) >= 2 and can_fork():
        for exporter, _, _ in jobs:
            if exporters.traits(exporter).own_process and exporter.name not in workers:
                workers[exporter.name] = Worker(exporter.name)
    try:
        sent = {i for i, (e, _, _) in enumerate(jobs) if e.name in workers}
        for i in sent:
            job = worker_job(*jobs[i])
            workers[jobs[i][0].name].submit(job, follow_up(job, jobs[i][1]))
        results = {i: render_one(*job) for i, job in enumerate(jobs) if i not in sent}
        for i in sent:
            results[i] = workers[jobs[i][0].name].result()
    finally:
        for worker in workers.values():
            worker.close()
    return [results[i] for i in range(len(jobs))]


def start_workers(formats: list[str]) -> dict[str, Worker]:
    """Workers for the chosen formats that declare ``own_process``, started now (before the
    profile is read) so the slow library loads on another core meanwhile; those the command
    line started earlier still (``workers.start_early``) are taken over. Only where a process
    is new, as the CLI's is: a warm process (watch, tests) gains nothing."""
    from cvkit.build.workers import Worker, can_fork, take_early

    early = take_early()
    try:
        chosen = [exporters.get(n) for n in expand_formats(formats)] if can_fork() else []
    except ExportError:
        chosen = []  # reported by run(), with the list of formats
    started = {e.name: early.pop(e.name) if e.name in early else Worker(e.name)
               for e in chosen if exporters.traits(e).own_process}
    for unused in early.values():
        unused.close()
    return started


@dataclass
class Written:
    path: Path
    format: str
    changed: bool
    info: dict[str, Any] = field(default_factory=dict)


def write(exporter: exporters.Exporter, artifact: exporters.Artifact, out: Path,
          stem: str, *, compile_output: bool = False,
          folder: str = "") -> tuple[list[Written], list[str]]:
    """Write one rendered format (main file, then side files) atomically into ``out``
    (into ``out/folder`` when another format asks for it there)."""
    root = inside(out, folder) if folder else out
    main_name = artifact.info.get("filename") or f"{stem}{artifact.suffix}"
    target = inside(root, main_name)
    changed = write_atomic(target, artifact.data)
    for rel, data in artifact.side_files.items():  # side files are relative to the root
        write_atomic(inside(root, rel), data)
    written = [Written(target, exporter.name, changed, artifact.info)]
    warnings = [f"{exporter.name}: {w}" for w in artifact.warnings]
    if artifact.side_files:  # a format writing many files (a site): its old ones go
        files = {**artifact.side_files, main_name: artifact.data}
        warnings += [f"{exporter.name}: {note}"
                     for note in replace_written(root, exporter.name, files)]
    for owned in exporters.traits(exporter).owned_dirs:
        ours = {(root / rel).resolve() for rel in artifact.side_files}
        stale = sorted(p for p in (root / owned).rglob("*")
                       if p.is_file() and p.resolve() not in ours) \
            if (root / owned).is_dir() else []
        warnings += [f"{exporter.name}: stale: {p.relative_to(root)} (not written by this "
                     "export; left in place)" for p in stale]
    if compile_output and exporters.traits(exporter).compiles:
        pdf, notes = exporter.compile(target)  # type: ignore[attr-defined]
        written.append(Written(pdf, f"{exporter.name}-pdf", True))
        warnings += [f"{exporter.name}: {w}" for w in notes]
    return written, warnings


def file_stem(name: str | None, profile: Profile) -> str:
    return safe_filename(name) if name else safe_filename(f"{profile.name}_CV")


@dataclass
class Assembly:
    """A profile (or a variant of it) made ready to render: the Document, and for each
    chosen format how it renders it (``jobs``); what no format reads in ``warnings``."""

    jobs: list[Job]
    stem: str  # the main files' name, without suffix
    warnings: list[str]
    variant: Variant  # the selection the Document was made with
    as_of: _dt.datetime

    @property
    def document(self) -> Document | None:
        return self.jobs[0][1] if self.jobs else None


def assemble(loaded: Loaded, formats: list[str], options: ExportOptions | None = None, *,
             name: str | None = None, stem: str | None = None,
             lenient_theme: bool | None = None, as_of: _dt.datetime | None = None,
             out: Path | None = None) -> Assembly:
    """The one assembly: the formats chosen, the selection (``options.variant`` and the
    rest), the Document, each format's RenderContext, the profile attachment. The CLI, the
    library, bundles, the preview and the MCP server all come through here.

    ``name``: the files' stem as --name gives it (``stem``: as the caller made it, "" for
    none); ``lenient_theme``: by default, when several formats are chosen; ``out``: the
    folder the files go to, whose files a page may link (``RenderContext.beside``)."""
    options = options or ExportOptions()
    # Unknown formats fail first, before anything is rendered.
    chosen = [exporters.get(n) for n in expand_formats(formats, options.format_options())]
    warnings = unread_options(chosen, options)
    options = options.with_layout(loaded.profile)
    as_of = as_of or exporters.source_date()
    variant = options.selection(loaded.profile)
    doc = document(loaded.profile, options, variant, as_of.date(), loaded.base_dir)
    # Only for a format laid out in pages: a homepage or Markdown alone keeps every entry.
    if doc.fit_pages and options.fit_shorten is not False \
            and any(exporters.traits(e).paged for e in chosen):
        from cvkit.build.shorten import shortened

        cut = shortened(loaded.profile, loaded.path, loaded.base_dir, options, doc, as_of,
                        document)
        if cut is not None:  # every format leaves out what the PDF had to
            options, variant, doc = cut.options, cut.variant, cut.document
            warnings += cut.warnings
    stem = file_stem(name, loaded.profile) if stem is None else stem
    carried = attachment(loaded, options, chosen, warnings)
    lenient = len(chosen) > 1 if lenient_theme is None else lenient_theme
    beside = frozenset(f"{stem}{e.suffix}" for e in chosen if stem) | frozenset(
        p.name for p in (out.iterdir() if out is not None and out.is_dir() else ())
        if p.is_file())
    jobs: list[Job] = [(e, doc, context(e, options, variant, loaded.base_dir, as_of,
                                        lenient_theme=lenient, file_stem=stem,
                                        embedded=carried, beside=beside))
                       for e in chosen]
    return Assembly(jobs, stem, warnings, variant, as_of)


def attachment(loaded: Loaded, options: ExportOptions, chosen: list[exporters.Exporter],
               warnings: list[str]) -> Embedding | None:
    """What a format that attaches the profile (the PDF) carries, if any: the one place
    that decides it (--no-embed-source or ``layout.embed_source: false``, which
    ``ExportOptions.with_layout`` merges, and --embed-archive)."""
    if not any(exporters.traits(e).attaches_profile for e in chosen) or \
            options.no_embed_source:
        return None
    from cvkit.profile.embed import embedding

    carried = embedding(loaded.path, loaded.text, archive=options.embed_archive)
    if carried.archive is not None:
        warnings.append(f"--embed-archive: the PDF carries {loaded.path.name} as written, "
                        "with its comments, hidden entries, tags and variants: keep it "
                        "for yourself, do not send it")
    return carried


def render(loaded: Loaded, fmt: str, options: ExportOptions | None = None, *,
           stem: str | None = "") -> exporters.Artifact:
    """One format rendered in memory, through the one assembly (``stem``: the name its
    main file will have, "" for none: a .tex then names itself this-file.tex)."""
    exporter, doc, ctx = assemble(loaded, [fmt], options, stem=stem).jobs[0]
    return render_one(exporter, doc, ctx)


def run(loaded: Loaded, formats: list[str], out: Path, *, name: str | None = None,
        options: ExportOptions | None = None, workers: dict[str, Worker] | None = None
        ) -> tuple[list[Written], list[str]]:
    """Every step for one profile: render all formats in memory, then write them all.

    Rendering happens before any write, so an exporter that fails leaves every existing
    output file as it was.
    """
    made = assemble(loaded, formats, options, name=name, out=out)
    chosen = [e for e, _, _ in made.jobs]
    warnings = made.warnings
    # A format may ask for the others' files in a folder of its own (Jekyll's files/).
    companions = {fmt: folder for e in chosen
                  for fmt, folder in exporters.traits(e).companion_dirs.items()}
    written: list[Written] = []
    for (exporter, _, ctx), artifact in zip(made.jobs, render_all(made.jobs, workers),
                                            strict=True):
        files, notes = write(exporter, artifact, out, made.stem,
                             compile_output=ctx.options.compile,
                             folder=companions.get(exporter.name, ""))
        written += files
        warnings += notes
    return written, warnings
