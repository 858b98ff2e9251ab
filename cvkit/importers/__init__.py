"""Importers: other formats in, plain data shaped like profile input out. One contract.

An importer is a small object that declares what it is, like an exporter
(``cvkit.exporters``):

- ``name``: ``"orcid"``, also the FORMAT of ``cvkit import FORMAT FILE``;
- ``reads``: what it reads, as a person says it, with its article (``"an ORCID record"``);
- ``sniff(path) -> float``: how sure it is that ``path`` is what it reads, from 0 (certainly
  not) to 1; it reads little (``cvkit.importers.peek``) and never raises;
- ``read(path, options) -> Imported``: ``options`` a mapping of what the command was given
  (``style``, ``enrich``); a file of the wrong kind is ``Refused``, a file past a limit a
  ``LimitError``, an unreadable one a ``ProfileError``: one line, exit 2.

And, where it has them: ``partial = True`` (it brings some sections only, as BibTeX brings
papers: it always merges into a profile), ``folder = True`` (it reads a folder), and
``fetch(ident, options) -> Imported`` (``--fetch``: the record from the network instead).

An importer never writes and never validates against the profile model itself: it is
lenient per value (a value it cannot read becomes a ``Note``, never the end of the import)
and strict per file. The caller (``cvkit.build.api.import_file``) validates once, drops what the
model still refuses as notes, and writes a new profile or merges ``--into`` one
(``cvkit.importers.merge``). Built-ins are imported lazily; third parties add importers with
the ``cvkit.importers`` entry-point group.

May import: support, document, profile, view, exporters.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cvkit.importers.peek import describe, forget
from cvkit.support import packages
from cvkit.support.errors import CvkitError, Problem
from cvkit.support.suggest import unknown_name

# What a note says happened to a value of the input.
DROPPED = "dropped"  # not imported: no place in a profile, or unreadable
DEGRADED = "degraded"  # imported, but less than it was (a day-less date, text for a link)
GUESSED = "guessed"  # imported as cvkit understood it (a paper's kind from its venue)
KEPT = "kept"  # kept as it was: under `extra` (shown nowhere, exported back), or verbatim
WHAT = (DROPPED, DEGRADED, GUESSED, KEPT)


@dataclass(frozen=True)
class Note:
    """One value of the input not taken as it was: where it is in the *input* (a JSON
    pointer, a CSV file and row, a line and column) and what happened to it."""

    what: str  # one of WHAT ("note" for an importer's plain-text notes, not yet classified)
    message: str
    file: Path | None = None
    where: str = ""  # "/person/emails/email/0", "Positions.csv row 3", "_config.yml"
    line: int | None = None  # 1-based
    column: int | None = None

    def format(self) -> str:
        """``record.json:23:9: /person/emails/email/0: dropped: a second email``."""
        place = str(self.file) if self.file is not None else ""
        if self.line is not None:
            place += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return ": ".join(part for part in (place, self.where, self.what, self.message) if part)


def pointer(path: tuple[Any, ...]) -> str:
    """A JSON pointer (RFC 6901) to ``path``: ``/activities-summary/works/group/3``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path) or "/"


def at(source: Any, path: tuple[Any, ...], what: str, message: str) -> Note:
    """A note on the value at ``path`` of a ``cvkit.profile.source.Source`` (JSON or YAML read with
    positions): its JSON pointer, line and column."""
    line, column = source.locate(path) if source is not None else (None, None)
    return Note(what, message, getattr(source, "file", None), pointer(path), line, column)


def in_table(file: Path | None, table: str, row: int, what: str, message: str) -> Note:
    """A note on a row of a CSV file (row 1 is the first after the header; 0 the file)."""
    return Note(what, message, file, f"{table} row {row}" if row else table)


# Words by which an importer's plain-text notes say what happened, until it writes Notes.
_SAID = ((DROPPED, ("not imported", "skipped", "left out", "dropped", "ignored", "not read")),
         (KEPT, ("kept under", "kept as", "kept in")),
         (DEGRADED, ("imported as", "merged into", "as plain text", "shortened")),
         (GUESSED, ("looks like", "guess", "assum", "check it", "taken as", "read as")))


def as_note(item: Note | Problem | str, file: Path | None = None) -> Note:
    """Any note an importer gives, as a ``Note``: a ``Problem`` (skipped input, located) is
    a dropped value; a plain string is classified by what it says."""
    if isinstance(item, Note):
        return item
    if isinstance(item, Problem):
        return Note(DROPPED, item.message + (f" ({item.hint})" if item.hint else ""),
                    item.file, item.path, item.line, item.column)
    text = str(item)
    lowered = text.lower()
    what = next((w for w, words in _SAID if any(word in lowered for word in words)), "note")
    return Note(what, text, file)


@dataclass
class Imported:
    """What an importer read: ``data`` shaped like profile input, and its notes."""

    data: dict[str, Any]
    # Note, or (importers written before Note) a plain string.
    notes: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # skipped input: dropped notes
    # The profile as its file had it, byte for byte (a PDF's attachment): written as it is
    # when it becomes a new profile (``data`` is what it holds, for --into).
    verbatim: bytes | None = None
    suffix: str = ""  # of the verbatim profile (".yaml", ".json")
    # Entries imported without a title, to be filled from their DOI (``--enrich``): the DOI
    # and the entry's line in the input. Only given when the options ask for ``enrich``.
    unfilled: dict[str, int] = field(default_factory=dict)

    def report(self) -> list[Note]:
        """Every note and problem, as ``Note``s, in the order the importer gave them."""
        return [as_note(n) for n in self.notes] + [as_note(p) for p in self.problems]


class Refused(CvkitError):
    """The file is not what the importer reads (or nothing in it could be imported): one
    line saying what it is and what to give instead. ``cvkit import`` exits with 2. The
    ``notes`` say why nothing could be imported, where that is the reason."""

    def __init__(self, message: str, notes: list[Note] | None = None) -> None:
        super().__init__(message)
        self.notes = notes or []


class Importer(Protocol):
    name: str
    reads: str

    def sniff(self, path: Path) -> float: ...

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported: ...


class BaseImporter:
    """Defaults for what an importer declares; subclassing it is optional."""

    name = ""
    reads = ""
    partial = False  # brings some sections only: always merged into a profile
    folder = False  # reads a folder (a site, an unzipped export)
    options: tuple[str, ...] = ()  # the options it reads

    def sniff(self, path: Path) -> float:
        return 0.0

    def refuse_folder(self, path: Path) -> None:
        """A file importer given a folder says so in one line."""
        try:
            folder = path.is_dir()
        except (OSError, ValueError):
            folder = False
        if folder:
            raise Refused(f"{path}: a folder, not {self.reads}")


BUILTIN: dict[str, str] = {
    "jsonresume": "cvkit.importers.jsonresume:JsonResumeImporter",
    "bibtex": "cvkit.importers.builtin:Bibtex",
    "academicpages": "cvkit.importers.builtin:Academicpages",
    "orcid": "cvkit.importers.orcid:OrcidImporter",
    "linkedin": "cvkit.importers.linkedin:LinkedInImporter",
    "pdf": "cvkit.importers.builtin:Pdf",
}


def _entry_points() -> dict[str, str]:
    return packages.entry_points("cvkit.importers")


def available() -> list[str]:
    return sorted({**BUILTIN, **_entry_points()})


_LOADED: dict[str, Importer] = {}


def get(name: str) -> Importer:
    """The importer called ``name``; an unknown name says which one was meant."""
    key = name.strip().lower()
    if key in _LOADED:
        return _LOADED[key]
    target = BUILTIN.get(key) or _entry_points().get(key)
    if target is None:
        raise Refused(unknown_name("format", name, available()))
    module_name, _, attr = target.partition(":")
    importer: Importer = getattr(importlib.import_module(module_name), attr)()
    _LOADED[key] = importer
    return importer


def is_partial(importer: Importer) -> bool:
    return bool(getattr(importer, "partial", False))


def score(importer: Importer, path: Path) -> float:
    """``importer.sniff(path)``; a third party's sniff that fails says "not mine"."""
    try:
        return max(0.0, min(1.0, float(importer.sniff(path))))
    except Exception:  # noqa: BLE001 - someone else's code, asked a yes-or-no question
        return 0.0


SURE = 0.5  # a score from which a file is taken to be of that format


def recognise(path: Path) -> str:
    """The format ``path`` is, from the file itself, or ``Refused`` saying what it is."""
    scores = sorted(((score(get(name), path), name) for name in available()), reverse=True)
    best, name = scores[0] if scores else (0.0, "")
    if best < SURE:
        message = (f"{path}: {describe(path)}, not a file cvkit recognises; give its format: "
                   f"cvkit import FORMAT {path} (FORMAT one of {', '.join(available())})")
        forget()
        raise Refused(message)
    return name


def read(name: str, path: Path, options: Mapping[str, Any] | None = None) -> Imported:
    """Read ``path`` with the importer ``name``. A file another importer claims and this
    one does not is refused before it is read, saying which format it is."""
    importer = get(name)
    try:
        exists = path.exists()
    except (OSError, ValueError):
        exists = False
    if not exists:
        raise Refused(f"{path}: no such file or folder; expected {importer.reads}")
    if score(importer, path) == 0.0:
        other = max(((score(get(n), path), n) for n in available() if n != name),
                    default=(0.0, ""))
        if other[0] >= 0.8:
            raise Refused(f"{path}: not {importer.reads}; it looks like {get(other[1]).reads}"
                          f": cvkit import {other[1]} {path}")
    try:
        return importer.read(path, options or {})
    finally:
        forget()


# English month abbreviations (BibTeX's month macros, LinkedIn's dates, "Sep 2023" in pages).
MONTHS = {name: i + 1 for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
