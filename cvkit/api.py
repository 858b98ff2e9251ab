"""The library face of cvkit: what the CLI calls, and what a user may call from Python.

The library never prints and never exits; problems are raised as ``CvkitError``s and notes
for the user are returned as warnings.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import exporters
from .load import load_profile
from .model import Profile
from .output import inside, safe_filename, write_atomic
from .view import Document, ViewOptions, build_document


@dataclass
class ExportOptions:
    theme: str = ""
    templates: Path | None = None
    selected_only: bool = False
    since: int | None = None
    include_photo: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # format-specific (paper, max_pages)


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
    out: list[str] = []
    for f in formats:
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
    exporter = exporters.get(fmt)
    ctx = exporters.RenderContext(theme=options.theme, templates=options.templates,
                                  base_dir=base_dir, options=options.extra)
    doc = document_for(profile, options, ctx.as_of.date())
    return exporter.render(doc, ctx)


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
    names = expand_formats(formats)
    chosen = [exporters.get(n) for n in names]  # unknown formats fail before any work
    base_dir = profile_path.resolve().parent
    ctx = exporters.RenderContext(theme=options.theme, templates=options.templates,
                                  base_dir=base_dir, options=options.extra)
    doc = document_for(profile, options, ctx.as_of.date())
    stem = safe_filename(name) if name else safe_filename(f"{profile.name}_CV")
    out = Path(out_dir)
    result = ExportResult()
    rendered: list[tuple[str, exporters.Artifact]] = []
    for exporter in chosen:
        theme = options.theme
        if theme and len(chosen) > 1:
            from .templating import themes

            # One --theme for several formats applies where that theme exists.
            if theme not in themes(exporter.name):
                theme = ""
        ctx = exporters.RenderContext(theme=theme, templates=options.templates,
                                      base_dir=base_dir, options=options.extra,
                                      as_of=ctx.as_of)
        rendered.append((exporter.name, exporter.render(doc, ctx)))
    for fmt, artifact in rendered:
        main_name = artifact.info.get("filename") or f"{stem}{artifact.suffix}"
        target = inside(out, main_name)
        changed = write_atomic(target, artifact.data)
        for rel, data in artifact.side_files.items():
            write_atomic(inside(target.parent, rel), data)
        result.written.append(Written(target, fmt, changed, artifact.info))
        result.warnings.extend(f"{fmt}: {w}" for w in artifact.warnings)
    return result
