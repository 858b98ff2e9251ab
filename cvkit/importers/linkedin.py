"""LinkedIn's "Get a copy of your data" archive (Basic_LinkedInDataExport_*.zip, or its
folder unzipped) -> profile.

The archive is a zip of CSV files, UTF-8 with a byte-order mark, descriptions on several
lines inside quoted cells, empty cells for what was never filled in. Each file read here is
optional; a column not read is named in the notes (LinkedIn adds columns now and then), and
so is a file that has no place in a CV (connections, messages).
"""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ..errors import ExportError, Problem
from ..limits import (
    MAX_CSV_CELL,
    MAX_UNPACKED_BYTES,
    Budget,
    cell_too_long,
    check_zip_directory,
    csv_cell_limit,
    open_file,
    open_member,
)
from ..links import ARXIV_ID, bare_arxiv, bare_doi, is_web_url
from . import MONTHS, Imported
from .jsonresume import kind_from_venue

# What each file gives, by column: the columns cvkit reads.
COLUMNS = {
    "Profile.csv": {"First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                    "Headline", "Summary", "Industry", "Zip Code", "Geo Location",
                    "Twitter Handles", "Websites", "Instant Messengers"},
    "Positions.csv": {"Company Name", "Title", "Description", "Location", "Started On",
                      "Finished On"},
    "Education.csv": {"School Name", "Start Date", "End Date", "Notes", "Degree Name",
                      "Activities"},
    "Skills.csv": {"Name"},
    "Languages.csv": {"Name", "Proficiency"},
    "Certifications.csv": {"Name", "Url", "Authority", "Started On", "Finished On",
                           "License Number"},
    "Projects.csv": {"Title", "Description", "Url", "Started On", "Finished On"},
    "Publications.csv": {"Name", "Published On", "Description", "Publisher", "Url"},
    "Honors.csv": {"Title", "Description", "Issued On"},
    "Email Addresses.csv": {"Email Address", "Confirmed", "Primary", "Updated On"},
}
# Read but deliberately not imported: private, or not part of a CV.
_LEFT_OUT = {"Birth Date": "your birth date", "Address": "your postal address",
             "Zip Code": "your postal code", "Instant Messengers": "instant messenger names",
             "Maiden Name": "a maiden name", "Industry": "the industry"}


def linkedin_date(text: str) -> str | None:
    """'Jan 2020' -> 2020-01, 'Oct 12, 2025' -> 2025-10-12, '2019' -> 2019."""
    text = text.strip()
    if not text:
        return None
    found = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})", text)
    if found and found.group(1).lower() in MONTHS:
        return f"{found.group(3)}-{MONTHS[found.group(1).lower()]:02d}-{int(found.group(2)):02d}"
    found = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{4})", text)
    if found and found.group(1).lower() in MONTHS:
        return f"{found.group(2)}-{MONTHS[found.group(1).lower()]:02d}"
    found = re.fullmatch(r"(\d{4})", text)
    return found.group(1) if found else None


def import_file(path: Path) -> Imported:
    """The export as LinkedIn sends it (a .zip) or unzipped (its folder). Only the files
    this importer maps are read, each streamed within the limits (``cvkit.limits``); the
    others (messages, connections) are named in the notes, unread."""
    reader = _Reader(path)
    budget = Budget(path, MAX_UNPACKED_BYTES, "the files of one export")
    if path.is_dir():
        files = {p.name: p for p in sorted(path.glob("*.csv"), key=lambda p: p.name)}
        tables = {name: reader.table(name, open_file(file, "CSV file", budget))
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
                tables[name] = reader.table(name, open_member(archive, info, path, budget))
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError,
                    RuntimeError, NotImplementedError) as exc:  # damaged, encrypted
                raise ExportError(f"{path}: {info.filename} cannot be read: {exc}") from None
    return _imported(tables, set(members), reader)


def _imported(tables: dict[str, list[dict[str, str]]], names: set[str],
              reader: _Reader) -> Imported:
    for name in sorted(names - set(COLUMNS)):
        reader.notes.append(f"{name} not imported: it has no place in a CV")
    data: dict[str, Any] = {}
    _profile(tables.get("Profile.csv", []), tables.get("Email Addresses.csv", []), data, reader)
    _positions(tables.get("Positions.csv", []), data, reader)
    _education(tables.get("Education.csv", []), data)
    _lists(tables, data)
    if "name" not in data:
        data["name"] = "?"
        reader.problem("Profile.csv", 0, "no name: Profile.csv is missing or empty; write "
                       "your name in the profile")
    return Imported(data, reader.notes, reader.problems)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[str] = []
        self.problems: list[Problem] = []

    def problem(self, name: str, row: int, message: str) -> None:
        self.problems.append(Problem(self.path, row + 1 if row else None, None, name, message))

    def table(self, name: str, stream: IO[bytes]) -> list[dict[str, str]]:
        """The rows of one CSV file, streamed: a cell over MAX_CSV_CELL is a LimitError
        (such a cell is a quote left open that swallowed the rest of the file, not a value
        to drop: LinkedIn's longest field holds 2,600 characters)."""
        csv_cell_limit()
        rows: list[dict[str, str]] = []
        with io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace",
                              newline="") as text:
            table = csv.DictReader(text)
            try:
                for row in table:
                    if any(len(v) > MAX_CSV_CELL for v in _cells(row)):
                        raise cell_too_long(self.path, name, table.line_num)
                    rows.append({k: (v or "").strip() for k, v in row.items()
                                 if isinstance(k, str) and k and isinstance(v, str | None)})
            except csv.Error as exc:
                if "field limit" in str(exc):  # on the line being read, not yet counted
                    raise cell_too_long(self.path, name, table.line_num + 1) from None
                raise ExportError(f"{self.path}: {name} line {table.line_num} is not CSV "
                                  f"as LinkedIn writes it: {exc}") from None
        unknown = sorted(set(table.fieldnames or []) - COLUMNS[name]) if rows else []
        if unknown:
            self.notes.append(f"{name}: column{'s' if len(unknown) > 1 else ''} "
                              f"{', '.join(unknown)} not imported")
        return rows


def _cells(row: dict[Any, Any]) -> list[str]:
    """Every cell of a DictReader row: its values, and the extra ones under None."""
    cells: list[str] = []
    for value in row.values():
        if isinstance(value, list):
            cells += value
        elif isinstance(value, str):
            cells.append(value)
    return cells


def _profile(rows: list[dict[str, str]], emails: list[dict[str, str]], data: dict[str, Any],
             reader: _Reader) -> None:
    if rows:
        row = rows[0]
        name = " ".join(p for p in (row.get("First Name"), row.get("Last Name")) if p)
        if name:
            data["name"] = name
        if row.get("Headline"):
            data["headline"] = row["Headline"]
        if row.get("Summary"):
            data["about"] = row["Summary"]
        left = [what for column, what in _LEFT_OUT.items() if row.get(column)]
        if left:
            reader.notes.append("Profile.csv: not imported, as a CV does not need them: "
                                + ", ".join(left))
        contact: dict[str, Any] = {}
        if row.get("Geo Location"):
            contact["location"] = row["Geo Location"]
        sites = re.findall(r"(?:^|[\[,])\s*([A-Z_]+):(https?://[^,\]]+)", row.get("Websites", ""))
        personal = [url for kind, url in sites if kind in ("PERSONAL", "PORTFOLIO", "BLOG")]
        if personal:
            contact["website"] = personal[0]
        others = [{"label": kind.capitalize(), "url": url} for kind, url in sites
                  if url not in personal[:1]]
        handle = re.sub(r"[\[\]@\s]", "", row.get("Twitter Handles", "")).split(",")[0]
        links: dict[str, Any] = {}
        if handle:
            links["twitter"] = handle
        if others:
            links["other"] = others
        if links:
            data["links"] = links
        if contact:
            data["contact"] = contact
    if emails:
        primary = next((e for e in emails if e.get("Primary", "").lower() == "yes"), emails[0])
        if primary.get("Email Address"):
            data.setdefault("contact", {})["email"] = primary["Email Address"]
        rest = [e["Email Address"] for e in emails if e is not primary and
                e.get("Email Address")]
        if rest:
            reader.notes.append("Email Addresses.csv: only the primary address is imported "
                                f"(not {', '.join(rest)})")


def _description(text: str) -> tuple[str | None, list[str]]:
    """A position's description: its prose, and lines written as bullets (- or •)."""
    prose, bullets = [], []
    for line in text.splitlines():
        line = line.strip()
        found = re.match(r"^[-•*▪●]\s*(.+)", line)
        if found:
            bullets.append(found.group(1))
        elif line:
            prose.append(line)
    return (" ".join(prose) or None), bullets


def _positions(rows: list[dict[str, str]], data: dict[str, Any], reader: _Reader) -> None:
    """One entry per company: several titles there are its roles, newest first."""
    entries: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        company = row.get("Company Name")
        if not company:
            reader.problem("Positions.csv", i + 1, "a position without a company, not imported")
            continue
        start, end = linkedin_date(row.get("Started On", "")), \
            linkedin_date(row.get("Finished On", ""))
        entry: dict[str, Any] = {"organization": company}
        if row.get("Title"):
            entry["position"] = row["Title"]
        if row.get("Location"):
            entry["location"] = row["Location"]
        if start:
            entry["start"] = start  # no "Finished On": ongoing (a start without an end)
        if end:
            entry["end"] = end
        summary, bullets = _description(row.get("Description", ""))
        if summary:
            entry["summary"] = summary
        if bullets:
            entry["highlights"] = bullets
        previous = entries[-1] if entries else None
        if previous is not None and previous["organization"] == company:
            _as_roles(previous, entry)  # a promotion: one place, several titles
        else:
            entries.append(entry)
    if entries:
        data["experience"] = entries


def _as_roles(place: dict[str, Any], older: dict[str, Any]) -> None:
    """LinkedIn lists each title at a company as a position, newest first; a profile
    writes one position with its roles."""
    if "roles" not in place:
        first = {k: place.pop(k) for k in ("start", "end") if k in place}
        place["roles"] = [{"title": place.pop("position", "")} | first]
    role = {"title": older.get("position", "")} | {k: older[k] for k in ("start", "end")
                                                   if k in older}
    place["roles"].append(role)
    starts = [r["start"] for r in place["roles"] if r.get("start")]
    for key in ("summary", "location"):
        if key in older and key not in place:
            place[key] = older[key]
    if older.get("highlights"):
        place["highlights"] = [*place.get("highlights", []), *older["highlights"]]
    if older.get("summary") and older["summary"] != place.get("summary"):
        place.setdefault("highlights", []).append(older["summary"])
    if starts:
        place["start"] = min(starts)
    newest = place["roles"][0]
    if newest.get("end"):
        place["end"] = newest["end"]


def _education(rows: list[dict[str, str]], data: dict[str, Any]) -> None:
    entries = []
    for row in rows:
        if not row.get("School Name"):
            continue
        entry: dict[str, Any] = {"institution": row["School Name"]}
        if row.get("Degree Name"):
            entry["degree"] = row["Degree Name"]
        start, end = linkedin_date(row.get("Start Date", "")), \
            linkedin_date(row.get("End Date", ""))
        if start:
            entry["start"] = start
        if end:
            entry["end" if start else "date"] = end
        notes = [n for n in (row.get("Notes"), row.get("Activities")) if n]
        thesis = [n for n in notes if n.lower().startswith("thesis:")]
        if thesis:
            entry["thesis"] = thesis[0].split(":", 1)[1].strip()
        rest = [n for n in notes if n not in thesis]
        if rest:
            entry["notes"] = rest
        entries.append(entry)
    if entries:
        data["education"] = entries


# Files whose rows map column by column: (file, section, {column: (field, kind)}); the
# first column is the one a row needs.
_SIMPLE = (
    ("Certifications.csv", "certificates", {"Name": ("name", "text"),
                                            "Authority": ("issuer", "text"),
                                            "Started On": ("date", "date"),
                                            "Url": ("url", "url")}),
    ("Projects.csv", "projects", {"Title": ("name", "text"),
                                  "Description": ("summary", "text"), "Url": ("url", "url"),
                                  "Started On": ("start", "date"),
                                  "Finished On": ("end", "date")}),
    ("Honors.csv", "awards", {"Title": ("title", "text"), "Description": ("note", "text"),
                              "Issued On": ("date", "date")}),
)


def _mapped(row: dict[str, str], mapping: dict[str, tuple[str, str]]) -> dict[str, Any]:
    first = next(iter(mapping))
    if not row.get(first):
        return {}
    entry: dict[str, Any] = {}
    for column, (field, kind) in mapping.items():
        value: str | None = row.get(column, "")
        if kind == "date":
            value = linkedin_date(value or "")
        elif kind == "url" and not (value or "").startswith(("http://", "https://")):
            value = None
        if value:
            entry[field] = value
    return entry


def _lists(tables: dict[str, list[dict[str, str]]], data: dict[str, Any]) -> None:
    skills = [r["Name"] for r in tables.get("Skills.csv", []) if r.get("Name")]
    if skills:
        data["skills"] = [{"category": "Skills", "items": skills}]
    languages = [{"language": r["Name"], **({"fluency": r["Proficiency"]}
                                            if r.get("Proficiency") else {})}
                 for r in tables.get("Languages.csv", []) if r.get("Name")]
    if languages:
        data["languages"] = languages
    for name, section, mapping in _SIMPLE:
        entries = [_mapped(row, mapping) for row in tables.get(name, [])]
        entries = [e for e in entries if e]
        if entries:
            data[section] = entries
    papers = []
    for r in tables.get("Publications.csv", []):
        if not r.get("Name"):
            continue
        paper: dict[str, Any] = {"title": r["Name"]}
        publisher = r.get("Publisher", "")
        url = r.get("Url", "")
        # A link to arXiv or a DOI resolver is the paper's id; any other is its page.
        arxiv = bare_arxiv(url) if "arxiv.org/" in url else ""
        doi = bare_doi(url) if "doi.org/" in url else ""
        kind = "preprint" if ARXIV_ID.match(arxiv) else kind_from_venue(publisher)
        if publisher and kind != "preprint":
            paper["venue"] = publisher
        paper["kind"] = kind
        if linkedin_date(r.get("Published On", "")):
            paper["date"] = linkedin_date(r["Published On"])
        if ARXIV_ID.match(arxiv):
            paper["arxiv"] = arxiv
        elif doi:
            paper["doi"] = doi
        elif is_web_url(url):
            paper["url"] = url
        if r.get("Description"):
            paper["abstract"] = r["Description"]
        papers.append(paper)
    if papers:
        data["publications"] = papers
