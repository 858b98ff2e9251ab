"""Job-application bundles: a tailored CV and cover letter per application, in parallel.

Each application is rendered whole (every file in memory) in a worker process, then written
by this process: an application that fails leaves no file, the others still complete.
Workers are forked after WeasyPrint is imported, so each pays for it once, not per file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvkit import exporters
from cvkit.build import pipeline
from cvkit.build.pipeline import ExportOptions
from cvkit.document.markup.markdown import escape
from cvkit.profile.load import load_source, validate
from cvkit.profile.model import Profile
from cvkit.profile.model.bundle import Application, Bundle, merged, with_default_fit
from cvkit.profile.model.layout import Variant
from cvkit.profile.options import Suggestion, spelled
from cvkit.profile.tailor import variant_named
from cvkit.support.errors import CvkitError, ExportError, Problem, ProfileError, format_path
from cvkit.support.output import deterministic_zip, inside, safe_filename, write_atomic
from cvkit.support.processes import usable_cpus
from cvkit.support.version import __version__
from cvkit.view import Document, build_letter


@dataclass
class File:
    name: str
    format: str
    document: str  # cv | letter
    data: bytes
    pages: int | None = None
    side_files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Outcome:
    id: str
    files: list[File] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class BundleResult:
    outcomes: list[Outcome]
    manifest: Path
    written: list[Path]
    load_warnings: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]


def load_bundle(path: Path) -> Bundle:
    bundle: Bundle = validate(load_source(path, "bundle"), Bundle)
    return bundle


def check_applications(path: Path, bundle: Bundle, profile: Profile,
                       apps: list[Application]) -> None:
    """Every problem of every application (an unknown variant or format, a missing letter
    template), located in the bundle file, reported at once before any work starts."""
    source = load_source(path, "bundle")
    base = path.resolve().parent
    problems: list[Problem] = []
    index = {id(a): i for i, a in enumerate(bundle.applications)}

    def where(app: Application, field_name: str) -> tuple[Any, ...]:
        own = ("applications", index[id(app)], field_name)
        return own if own in source.positions else ("defaults", field_name)

    def report(app: Application, field_name: str, message: str) -> None:
        place = where(app, field_name)
        line, column = source.locate(place)
        problems.append(Problem(path, line, column, format_path(place),
                                f"application {app.id}: {message}"))

    for app in apps:
        m = merged(app, bundle.defaults)
        if isinstance(m["variant"], str):
            try:
                variant_named(profile, m["variant"])
            except ExportError as exc:
                report(app, "variant", str(exc))
        for fmt in m["formats"]:
            try:
                exporters.get(fmt)
            except ExportError as exc:
                report(app, "formats", str(exc))
        letter = m["cover_letter"]
        if letter is not None and letter.template is not None \
                and not (base / letter.template).is_file():
            report(app, "cover_letter", f"cover letter template {letter.template!r} not found "
                   f"beside the bundle ({base / letter.template})")
    if problems:
        raise ProfileError(problems)


# Set in the parent before the pool forks; workers read it instead of unpickling a profile.
_STATE: dict[str, Any] = {}


def build(bundle_path: Path | str, out_dir: Path | str, *, only: list[str] | None = None,
          as_zip: bool = False, jobs: int | None = None,
          progress: Callable[[Outcome, int, int], None] | None = None) -> BundleResult:
    bundle_path = Path(bundle_path)
    bundle = load_bundle(bundle_path)
    base = bundle_path.resolve().parent
    profile_path = (base / bundle.profile).resolve()
    loaded = pipeline.load(profile_path)
    profile = loaded.profile
    apps = bundle.applications
    if only:
        unknown = sorted(set(only) - {a.id for a in apps})
        if unknown:
            raise ExportError(f"--only: no application with id {', '.join(unknown)}; "
                              f"known: {', '.join(a.id for a in apps)}")
        apps = [a for a in apps if a.id in only]
    check_applications(bundle_path, bundle, profile, apps)
    # Resolve everything that can fail on the user's input before any work starts.
    tasks = [_task(app, bundle, profile, base) for app in apps]
    # Each CV's PDF carries the profile as that CV shows it (pipeline.assemble attaches it).
    _STATE.update(loaded=loaded, as_of=exporters.source_date())
    outcomes = _run(tasks, jobs, progress)
    out = Path(out_dir)
    written: list[Path] = []
    for outcome in outcomes:
        if outcome.error is None:
            written += _write(outcome, out, as_zip, _STATE["as_of"])
    manifest = _manifest(bundle_path, profile_path, outcomes, as_zip)
    manifest_path = inside(out, "manifest.json")
    if write_atomic(manifest_path, manifest):
        written.append(manifest_path)
    return BundleResult(outcomes, manifest_path, written, loaded.warnings)


def _task(app: Application, bundle: Bundle, profile: Profile, base: Path) -> dict[str, Any]:
    m = merged(app, bundle.defaults)
    variant = m["variant"]
    if isinstance(variant, str):
        variant = variant_named(profile, variant)
    for fmt in m["formats"]:
        exporters.get(fmt)  # unknown formats fail now, with "did you mean"
    letter = None
    if m["cover_letter"] is not None:
        cl = m["cover_letter"]
        if cl.template is not None:
            path = (base / cl.template)
            if not path.is_file():
                raise ExportError(f"application {app.id}: cover letter template "
                                  f"{cl.template!r} not found beside the bundle ({path})")
            letter = path.read_text("utf-8")
        else:
            letter = cl.text
    return {"app": app, "variant": with_default_fit(variant or Variant(), bundle.defaults),
            "formats": m["formats"],
            "fit_pages": m["fit_pages"], "fit_shorten": m["fit_shorten"],
            "filename": m["filename"], "letter": letter,
            "fields": m["fields"]}


def _run(tasks: list[dict[str, Any]], jobs: int | None,
         progress: Callable[[Outcome, int, int], None] | None) -> list[Outcome]:
    workers = min(jobs or usable_cpus(), len(tasks))
    outcomes: dict[str, Outcome] = {}
    done = 0
    if workers <= 1 or not hasattr(os, "fork"):
        for task in tasks:
            outcome = render_application(task)
            outcomes[outcome.id] = outcome
            done += 1
            if progress:
                progress(outcome, done, len(tasks))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # e.g. import WeasyPrint once; the forked workers inherit it
        exporters.warm(sorted({f for t in tasks for f in t["formats"]}))
        with ProcessPoolExecutor(max_workers=workers,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(render_application, t): t["app"].id for t in tasks}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker that died: report, keep going
                    outcome = Outcome(futures[future], error=f"worker failed: {exc}")
                outcomes[outcome.id] = outcome
                done += 1
                if progress:
                    progress(outcome, done, len(tasks))
    return [outcomes[t["app"].id] for t in tasks]


def as_bundle_key(suggestion: Suggestion) -> str:
    """An option a warning names, as the bundle file takes it (a bundle takes no flags):
    the key and its value, and where a suggested key goes: on the application where it
    takes the key, else in its variant (``max_entries: {news: 3} in its variant``)."""
    value = suggestion.value
    shown = "N" if value is None else json.dumps(value) if isinstance(value, bool) else \
        "{" + ", ".join(f"{k}: {n}" for k, n in value.items()) + "}" \
        if isinstance(value, dict) else str(value)
    key = f"{suggestion.field}: {shown}"
    if suggestion.given:
        return key
    if suggestion.field in Application.model_fields:
        return f"{key} on the application"
    return f"{key} in its variant" if suggestion.field in Variant.model_fields else key


def render_application(task: dict[str, Any]) -> Outcome:
    """Everything one application needs, in memory; an error becomes the outcome's reason."""
    app: Application = task["app"]
    outcome = Outcome(app.id)
    try:
        for name, fmt, kind, artifact in _rendered(task):
            pages = artifact.info.get("pages")
            outcome.files.append(File(name, fmt, kind, artifact.data, pages,
                                      artifact.side_files))
            outcome.warnings += [f"{name}: {spelled(w, as_bundle_key)}"
                                 for w in artifact.warnings]
    except CvkitError as exc:
        outcome.error = str(exc)
        outcome.files = []
    except Exception as exc:  # noqa: BLE001 - one application must not stop the others
        outcome.error = f"{type(exc).__name__}: {exc}"
        outcome.files = []
    return outcome


def _rendered(task: dict[str, Any]) -> Iterator[tuple[str, str, str, exporters.Artifact]]:
    """(file name, format, cv or letter, artifact) of each file of one application: the CV
    through the one assembly (pipeline.assemble), the letter beside it where the format
    writes letters."""
    loaded: pipeline.Loaded = _STATE["loaded"]
    made = pipeline.assemble(loaded, task["formats"], task_options(task),
                             stem="", lenient_theme=True, as_of=_STATE["as_of"])
    cv = made.document
    assert cv is not None  # a bundle names formats
    letter = None
    if task["letter"] is not None:
        body = render_letter(task["letter"], cv, loaded.profile, task["app"], task["fields"])
        app = task["app"]
        letter = build_letter(loaded.profile, body, made.as_of.date(),
                              (app.recipient or "", app.organisation, *app.address))
    said = list(made.warnings)  # the assembly's (what fitting left out), said once
    for exporter, doc, ctx in made.jobs:
        documents = [("cv", doc, ctx)]
        if letter is not None and exporters.traits(exporter).letters:
            documents.append(("letter", letter, dataclasses.replace(ctx, embedded=None)))
        for kind, shown, how in documents:
            artifact = pipeline.render_one(exporter, shown, how)
            if kind == "cv" and said:
                artifact.warnings[:0], said = said, []
            name = file_name(task["filename"], cv, task["app"], kind, artifact.suffix)
            if artifact.suffix == ".tex" and "pdf" in task["formats"]:
                # TeX writes NAME.pdf beside NAME.tex, over the PDF cvkit made; the name
                # --compile gives TeX's PDF (NAME-latex.pdf) is what TeX makes of this.
                name = name.removesuffix(".tex") + "-latex.tex"
            yield name, exporter.name, kind, artifact


def task_options(task: dict[str, Any]) -> ExportOptions:
    """The export options of one application (``_task``'s), as the flags of `cvkit export`
    would give them: its variant, and its own fit_pages and fit_shorten."""
    return ExportOptions(variant=task["variant"], fit_pages=task["fit_pages"],
                         fit_shorten=task["fit_shorten"])


def render_letter(template: str, cv: Document, profile: Profile, app: Application,
                  fields: dict[str, str]) -> str:
    """Fill the cover-letter template; values are escaped for Markdown, never run as code."""
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    values = {"name": cv.name, "first_name": cv.first_name, "last_name": cv.last_name,
              "organisation": app.organisation, "organization": app.organisation,
              "role": app.role, "id": app.id, "date": str(app.date or ""),
              "email": profile.contact.email or "", "headline": profile.headline or "",
              **fields}
    class Missing(StrictUndefined):
        """Printing an unknown field is an error; `{% if field %}` just tests it."""

        def __bool__(self) -> bool:  # type: ignore[override]
            return False

    env = SandboxedEnvironment(undefined=Missing, autoescape=False,
                               finalize=lambda v: escape(str(v)) if isinstance(v, str) else v)
    try:
        return env.from_string(template).render(**values)
    except TemplateError as exc:
        known = ", ".join(sorted(values))
        raise ExportError(f"cover letter for {app.id}: {exc} (fields: {known})") from None


def file_name(pattern: str, cv: Document, app: Application, kind: str, suffix: str) -> str:
    values = {"Last": cv.last_name, "First": cv.first_name, "Name": cv.name,
              "doc": "CV" if kind == "cv" else "Cover_Letter", "org": app.organisation,
              "role": app.role, "id": app.id, "date": str(app.date or ""),
              "ext": suffix.lstrip(".")}
    stem = pattern.removesuffix(".{ext}")
    name = safe_filename(stem.format_map({k: safe_filename(v, "x") for k, v in values.items()}))
    return f"{name}{suffix}"


def _write(outcome: Outcome, out: Path, as_zip: bool, as_of: Any) -> list[Path]:
    written = []
    if as_zip:
        data = deterministic_zip(((f"{outcome.id}/{rel}", data) for f in outcome.files
                                  for rel, data in [(f.name, f.data), *f.side_files.items()]),
                                 as_of)
        target = inside(out, f"{outcome.id}.zip")
        if write_atomic(target, data):
            written.append(target)
        return written
    folder = inside(out, outcome.id)
    for f in outcome.files:
        target = inside(folder, f.name)
        if write_atomic(target, f.data):
            written.append(target)
        for rel, data in f.side_files.items():
            side = inside(folder, rel)
            if write_atomic(side, data):
                written.append(side)
    return written


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(bundle_path: Path, profile_path: Path, outcomes: list[Outcome],
              as_zip: bool) -> bytes:
    apps = []
    for o in outcomes:
        entry: dict[str, Any] = {"id": o.id, "status": "failed" if o.error else "ok"}
        if o.error:
            entry["error"] = o.error
        entry["files"] = [{
            "path": f"{o.id}/{f.name}", "format": f.format, "document": f.document,
            "size": len(f.data), "sha256": _sha256(f.data),
            **({"pages": f.pages} if f.pages is not None else {}),
            **({"in": f"{o.id}.zip"} if as_zip else {}),
        } for f in o.files]
        if o.warnings:
            entry["warnings"] = o.warnings
        apps.append(entry)
    manifest = {"generator": f"cvkit {__version__}", "bundle": bundle_path.name,
                "profile": str(profile_path.name),
                "profile_sha256": _sha256(profile_path.read_bytes()), "applications": apps}
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
