"""LinkedIn's "Get a copy of your data" archive (Basic_LinkedInDataExport_*.zip, or its
folder unzipped) -> profile.

The archive is a zip of CSV files, UTF-8 with a byte-order mark, descriptions on several
lines inside quoted cells, empty cells for what was never filled in. Each file read here is
optional; its columns are read under every name LinkedIn has given them since 2018
(``HEADERS``), every cell with its HTML entities decoded (``R&amp;D``). A column not read is
named in the notes (LinkedIn adds columns now and then), and so is a file that has no place
in a CV (connections, messages), unread. Every row is imported or named in a note with its
file and row (row 1 is the first after the header). Rows become entries in
``cvkit.importers.linkedin_rows``.
"""

from __future__ import annotations

import csv
import io
import lzma
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cvkit.importers import DROPPED, KEPT, BaseImporter, Imported, Refused, in_table
from cvkit.importers.linkedin_person import to_profile
from cvkit.importers.linkedin_rows import Table, linkedin_date
from cvkit.importers.peek import describe, is_zip, listing, zip_names
from cvkit.importers.prose import decode_entities
from cvkit.support.errors import ExportError
from cvkit.support.limits import (
    MAX_CSV_CELL,
    MAX_UNPACKED_BYTES,
    Budget,
    cell_too_long,
    check_zip_directory,
    csv_cell_limit,
    open_file,
    open_member,
)

# Each file read, with its columns: the name cvkit reads each by, and the other headers
# LinkedIn has written for it (the 2018 exports' Honors had `Issuer` and `Issue Date`, their
# Projects `Start Date` and `End Date`; Education has kept `Start Date` throughout). A column
# found under any of its names is read.
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "Profile.csv": {c: () for c in (
        "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline",
        "Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites",
        "Instant Messengers", "Contact Instructions", "Country")},
    "Profile Summary.csv": {"Profile Summary": ("Summary",)},
    "Positions.csv": {"Company Name": ("Company",), "Title": (), "Description": (),
                      "Location": (), "Started On": ("Start Date",),
                      "Finished On": ("End Date",)},
    "Education.csv": {"School Name": ("School",), "Start Date": ("Started On",),
                      "End Date": ("Finished On",), "Notes": (), "Degree Name": ("Degree",),
                      "Activities": ()},
    "Skills.csv": {"Name": ("Skill",)},
    "Languages.csv": {"Name": ("Language",), "Proficiency": ()},
    "Certifications.csv": {"Name": (), "Url": ("URL",), "Authority": ("Issuer",),
                           "Started On": ("Start Date", "Issue Date", "Issued On"),
                           "Finished On": ("End Date", "Expiration Date"),
                           "License Number": ("Credential ID",)},
    "Projects.csv": {"Title": ("Name",), "Description": (), "Url": ("URL",),
                     "Started On": ("Start Date",), "Finished On": ("End Date",)},
    "Publications.csv": {"Name": ("Title",), "Published On": ("Date",), "Description": (),
                         "Publisher": (), "Url": ("URL",)},
    "Honors.csv": {"Title": (), "Description": (), "Issuer": ("Authority",),
                   "Issued On": ("Issue Date",)},
    "Email Addresses.csv": {"Email Address": (), "Confirmed": (), "Primary": (),
                            "Updated On": ()},
    "Phone Numbers.csv": {"Extension": (), "Number": (), "Type": ()},
    "Organizations.csv": {"Name": (), "Description": (), "Position": (),
                          "Started On": ("Start Date",), "Finished On": ("End Date",)},
    "Courses.csv": {"Name": (), "Number": ()},
}
# Files LinkedIn has named two ways (`Phone Numbers.csv` in 2018, `PhoneNumbers.csv` since).
FILES = {"PhoneNumbers.csv": "Phone Numbers.csv"}
# Every header read, per file (any of its names).
COLUMNS = {name: {col for canonical, others in columns.items() for col in (canonical, *others)}
           for name, columns in HEADERS.items()}
COLUMNS.update({alias: COLUMNS[name] for alias, name in FILES.items()})

# Files only a LinkedIn export has, besides those read (for recognising one).
OTHER_FILES = {"Connections.csv", "Recommendations_Received.csv", "Invitations.csv",
               "messages.csv", "Endorsement_Received_Info.csv", "Registration.csv"}


class LinkedInImporter(BaseImporter):
    """The LinkedIn importer behind the one contract (``cvkit.importers``)."""

    name = "linkedin"
    reads = "a LinkedIn data export (its .zip, or the folder it unzips to)"
    folder = True

    def sniff(self, path: Path) -> float:
        known = set(COLUMNS) | OTHER_FILES
        if _is_dir(path):
            return 0.9 if known & set(listing(path)) else 0.0
        names = zip_names(path)
        if names is None:  # no zip, or one whose table of contents is refused: read says so
            return 0.5 if is_zip(path) else 0.0
        if known & {name.rsplit("/", 1)[-1] for name in names}:
            return 0.95
        return 0.6 if path.name.startswith("Basic_LinkedInDataExport") else 0.1

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        if _is_dir(path):
            if not any(name.lower().endswith(".csv") for name in listing(path)):
                raise Refused(f"{path}: {describe(path)}, not {self.reads}: it holds no CSV "
                              "file")
        elif not is_zip(path):
            raise Refused(f"{path}: {describe(path)}, not {self.reads}")
        return import_file(path)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def import_file(path: Path) -> Imported:
    """The export as LinkedIn sends it (a .zip) or unzipped (its folder). Only the files
    this importer maps are read, each streamed within the limits (``cvkit.support.limits``); the
    others (messages, connections) are named in the notes, unread."""
    reader = _Reader(path)
    budget = Budget(path, MAX_UNPACKED_BYTES, "the files of one export")
    if path.is_dir():
        files = {p.name: p for p in sorted(path.glob("*.csv"), key=lambda p: p.name)}
        tables = {FILES.get(name, name): reader.table(name, open_file(file, "CSV file", budget))
                  for name, file in files.items() if name in COLUMNS}
        return _imported(tables, set(files), reader)
    try:
        check_zip_directory(path)
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"{path}: not a LinkedIn data export (a .zip of CSV files, or its "
                          f"folder): {exc}") from None
    with archive:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = PurePosixPath(info.filename).name
            if info.is_dir() or not name.lower().endswith(".csv"):
                continue
            if name not in members or info.filename.count("/") < \
                    members[name].filename.count("/"):
                members[name] = info  # the one nearest the top, as LinkedIn places it
        tables = {}
        for name, info in members.items():
            if name not in COLUMNS:
                continue
            try:
                tables[FILES.get(name, name)] = reader.table(
                    name, open_member(archive, info, path, budget))
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError,
                    RuntimeError, NotImplementedError) as exc:  # damaged, encrypted
                raise ExportError(f"{path}: {info.filename} cannot be read: {exc}") from None
    return _imported(tables, set(members), reader)


def _imported(tables: dict[str, Table], names: set[str], reader: _Reader) -> Imported:
    for name in sorted(names - set(COLUMNS)):
        reader.note(name, 0, DROPPED, "not imported: it has no place in a CV")
    data = to_profile(tables, reader)
    return Imported(data, reader.notes)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[Any] = []
        self.extra: dict[str, Any] = {}

    def note(self, table: str, row: int, what: str, message: str) -> None:
        self.notes.append(in_table(self.path, table, row, what, message))

    def keep(self, table: str, row: int, column: str, value: str, why: str) -> None:
        """A value with no place in the profile, kept under ``extra.linkedin`` (printed
        nowhere) as ``file/row/column``."""
        self.extra[f"{table}/{row}/{column}"] = value
        self.note(table, row, KEPT, f"{column} {value!r}: {why}; kept under extra.linkedin")

    def table(self, name: str, stream: IO[bytes]) -> Table:
        """The rows of one CSV file, streamed, each keyed by the names cvkit reads its
        columns by, its cells' entities decoded; rows with no cell filled in left out. A cell
        over MAX_CSV_CELL is a LimitError (such a cell is a quote left open that swallowed
        the rest of the file, not a value to drop: LinkedIn's longest field holds 2,600
        characters)."""
        csv_cell_limit()
        canonical = FILES.get(name, name)
        rows: Table = []
        with io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace",
                              newline="") as text:
            lines = csv.reader(text)
            header: list[str] = []
            done = 0  # the last line of the last row read (a cell holds line breaks)
            try:
                for number, cells in enumerate(lines):
                    first, done = done + 1, lines.line_num
                    if any(len(v) > MAX_CSV_CELL for v in cells):
                        raise cell_too_long(self.path, name, first)
                    if number == 0:
                        header = [_header(canonical, h) for h in cells]
                    elif any(c.strip() for c in cells):
                        rows.append((number, {h: decode_entities(c).strip()
                                              for h, c in zip(header, cells, strict=False)
                                              if h}))
            except csv.Error as exc:
                if "field limit" in str(exc):  # on the line after the last row read
                    raise cell_too_long(self.path, name, done + 1) from None
                raise ExportError(f"{self.path}: {name} line {lines.line_num} is not CSV "
                                  f"as LinkedIn writes it: {exc}") from None
        self._unknown(name, canonical, header, rows)
        return rows

    def _unknown(self, name: str, canonical: str, header: list[str], rows: Table) -> None:
        known = set(HEADERS.get(canonical, {}))
        unknown = [h for h in header if h and h not in known]
        filled = [h for h in unknown if any(row.get(h) for _, row in rows)]
        if filled:
            self.note(name, 0, DROPPED, f"column{'s' if len(filled) > 1 else ''} "
                      f"{', '.join(sorted(filled))} not read (cvkit has no place for "
                      f"{'them' if len(filled) > 1 else 'it'})")


def _header(name: str, header: str) -> str:
    """A column's header as cvkit reads it: under the name it has today."""
    header = header.strip().lstrip("\ufeff")
    for canonical, others in HEADERS.get(name, {}).items():
        if header == canonical or header in others:
            return canonical
    return header


__all__ = ["COLUMNS", "HEADERS", "LinkedInImporter", "import_file", "linkedin_date"]
