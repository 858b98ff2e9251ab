"""One import read through the registry (a file, or a record the importer fetches), and the
profile it makes, with nothing written: ``cvkit.build.api.import_profile``, which the MCP server's
``import`` tool calls. ``cvkit.build.api.import_file`` reads the same way, then writes or merges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvkit.importers import Imported, Note, Refused, as_note, get, read, recognise
from cvkit.importers.checked import checked
from cvkit.profile.yamlio import dump_profile


def format_of(format: str | None, path: Path | None) -> str:
    """The importer's name: ``format``, or the one that recognises the file."""
    if format is None and path is None:
        raise Refused("give the file to import, or its format and --fetch")
    return (format or recognise(path)).lower()  # type: ignore[arg-type]


def read_any(name: str, path: Path | None, fetch: str | None,
             options: Mapping[str, Any]) -> Imported:
    """Read ``path`` with the importer ``name``, or, with ``fetch``, the record it downloads
    (the one way an import reaches the network)."""
    if fetch is not None:
        fetching = getattr(get(name), "fetch", None)
        if fetching is None:
            raise Refused(f"{name} cannot fetch a record; give its file")
        imported: Imported = fetching(fetch, options)
        return imported
    if path is None:
        raise Refused(f"give the {name} file to import, or --fetch")
    return read(name, path, options)


@dataclass
class ImportedProfile:
    """The profile an import makes: its YAML, as ``cvkit import`` would write it (a PDF's
    attached profile as it was written), and the notes pointing into the input."""

    format: str  # the importer that read it
    text: str
    notes: list[Note] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # entries imported, by section

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "profile": self.text, "counts": self.counts,
                "notes": [{"what": n.what, "message": n.message,
                           "file": str(n.file) if n.file else None, "where": n.where,
                           "line": n.line, "column": n.column} for n in self.notes]}


def import_profile(source: Path | str | None, format: str | None = None, *,
                   fetch: str | None = None, options: Mapping[str, Any] | None = None,
                   path: Path | str = "profile.yaml") -> ImportedProfile:
    """Read ``source`` (or fetch a record) and give the profile it makes, writing nothing.
    The data is validated once, as a written import is: a value the model refuses is
    dropped with a note. ``path`` is where the profile would be written (files it names are
    looked for beside it). An importer that brings some sections only (BibTeX) gives those
    sections, to merge into a profile."""
    given = Path(source) if source is not None else None
    name = format_of(format, given)
    imported = read_any(name, given, fetch, {**(options or {}), "enrich": False})
    notes = [as_note(n, given) for n in imported.notes]
    problems = [as_note(p) for p in imported.problems]
    if imported.verbatim is not None:
        return ImportedProfile(name, imported.verbatim.decode("utf-8", "replace"),
                               notes + problems, _counts(imported.data))
    bare = "name" not in imported.data  # some sections only (BibTeX): checked with a name
    if bare:
        imported.data["name"] = "?"
    try:
        text, dropped = checked(imported.data, given, Path(path))
    finally:
        if bare:
            imported.data.pop("name", None)
    if bare:
        text = dump_profile(imported.data)
    return ImportedProfile(name, text, [*notes, *problems, *dropped], _counts(imported.data))


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {key: len(value) for key, value in data.items()
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value)}
