"""LinkedIn exports as people have them (issue 37): fifteen exports from 2018 to 2026
(tests/fixtures/wild/linkedin, provenance in PROVENANCE.md), each a folder of CSV files as
LinkedIn wrote their headers. Every row is imported or named in a note with its file and
row; a folder imports as its zip does; entities are decoded once; every vintage's headers
are read; bullets become highlights; roles merged at one company keep their places."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cvkit.importers import DROPPED, GUESSED, KEPT, Note
from cvkit.importers.checked import checked
from cvkit.importers.linkedin import FILES, import_file
from cvkit.profile.load import load_profile

from .conftest import FIXTURES, run_cvkit

WILD = FIXTURES / "wild" / "linkedin"
EXPORTS = sorted(p for p in WILD.iterdir() if p.is_dir())


def test_the_corpus_is_all_here() -> None:
    # The README's heading says 15 exports; its table and the folder hold 14 (64 CSV files).
    assert len(EXPORTS) == 14 and len(list(WILD.glob("*/*.csv"))) == 64


def _rows(path: Path) -> int:
    """Rows with something in them, as a spreadsheet shows them (blank lines left out)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return sum(1 for row in list(csv.reader(file))[1:] if any(c.strip() for c in row))


def _imported(name: str, data: dict[str, Any], total: int) -> int:
    """How many of a file's ``total`` rows the profile holds."""
    contact = data.get("contact") or {}
    skills = data.get("skills") or [{"items": []}]
    return {
        "Positions.csv": sum(len(e.get("roles") or [1]) for e in data.get("experience", [])),
        "Education.csv": len(data.get("education", [])),
        "Skills.csv": len(skills[0]["items"]),
        "Languages.csv": len(data.get("languages", [])),
        "Certifications.csv": len(data.get("certificates", [])),
        "Projects.csv": len(data.get("projects", [])),
        "Publications.csv": len(data.get("publications", [])),
        "Honors.csv": len(data.get("awards", [])),
        "Organizations.csv": len(data.get("service", [])),
        "Profile.csv": int(data.get("name") != "?"),
        "Profile Summary.csv": min(total, int(bool(data.get("about")))),
        "Email Addresses.csv": int(bool(contact.get("email"))),
        "Phone Numbers.csv": int(bool(contact.get("phone"))),
        "Courses.csv": 0,
    }[FILES.get(name, name)]


def _noted(name: str, notes: list[Note]) -> int:
    """Rows of a file a note says were not imported (the whole file, or row by row)."""
    rows = {n.where for n in notes if n.what == DROPPED and "not imported" in n.message}
    if name in rows:
        return -1
    table = FILES.get(name, name)
    return sum(1 for where in rows if where.startswith(f"{table} row "))


def _zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, f"Basic_LinkedInDataExport/{path.name}")
    return target


@pytest.mark.parametrize("export", EXPORTS, ids=[p.name for p in EXPORTS])
def test_every_row_is_imported_or_noted_and_the_zip_reads_the_same(export: Path,
                                                                   tmp_path: Path) -> None:
    imported = import_file(export)
    notes = [n for n in imported.notes if isinstance(n, Note)]
    assert len(notes) == len(imported.notes) and not imported.problems
    for path in sorted(export.glob("*.csv")):
        total, noted = _rows(path), _noted(path.name, notes)
        if noted == -1:  # a file with no place in a CV, named once
            continue
        assert _imported(path.name, imported.data, total) + noted == total, path.name
    for note in notes:
        assert note.file == export and note.where and note.line is None, note
    zipped = import_file(_zipped(export, tmp_path / f"{export.name}.zip"))
    assert zipped.data == imported.data
    assert [(n.what, n.where, n.message) for n in zipped.notes] == \
        [(n.what, n.where, n.message) for n in notes]
    assert "&amp;" not in json.dumps(imported.data)
    data = json.loads(json.dumps(imported.data))
    _, refused = checked(data, export, tmp_path / "p.yaml")
    assert refused == [], [n.format() for n in refused]


def test_every_vintage_of_headers_is_read() -> None:
    """2018: Honors' Issuer and Issue Date, Projects' Start Date and End Date; today:
    Authority, Started On, Finished On, Issued On."""
    old = import_file(WILD / "2018-11-export-a").data
    assert [(a["awarder"], a["date"]) for a in old["awards"]][:2] == [
        ("Gegor Fusozekovavopov", "2018-08"),
        ("Falitenuni of Science and Technology,Bena of Latuk", "2018-04")]
    assert old["projects"][0]["start"] == "2016-08"
    assert old["contact"]["location"] == "Delhi, India"  # Geo Location, and 2018's Country
    assert old["contact"]["phone"] == "0294218481"
    assert old["experience"][0]["organization"] == "Kepap Desokuzutige"  # trailing space
    new = import_file(WILD / "2024-12-export").data
    assert new["certificates"][0]["issuer"] == "The University of Queensland"
    assert new["certificates"][0]["date"] == "2018"
    assert new["awards"] and new["service"][1] == {
        "organization": "MUN", "role": "Stockholm, Sweden.", "start": "2017", "end": "2020"}


def test_entities_are_decoded_once_in_every_format(tmp_path: Path) -> None:
    """`R&amp;D` in LinkedIn's cells: R&D in the profile, in text, PDF and DOCX, and
    `R&amp;D` (once escaped, never `&amp;amp;`) in the homepage's HTML."""
    export = WILD / "2026-03-profile"
    assert "R&amp;D" in (export / "Profile.csv").read_text("utf-8")
    data = import_file(export).data
    assert "R&D in ratogi futodug" in data["about"] and "&amp;" not in data["about"]
    profile = tmp_path / "p.yaml"
    result = run_cvkit("import", "linkedin", export, "-o", profile)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    result = run_cvkit("export", profile, "-f", "text", "-f", "html", "-f", "pdf", "-f",
                       "docx", "-o", out)
    assert result.returncode == 0, result.stderr
    import docx
    from pypdf import PdfReader

    texts = {
        "text": next(out.glob("*.txt")).read_text("utf-8"),
        "pdf": " ".join(p.extract_text() for p in PdfReader(next(out.glob("*.pdf"))).pages),
        "docx": " ".join(p.text for p in docx.Document(
            io.BytesIO(next(out.glob("*.docx")).read_bytes())).paragraphs),
    }
    for fmt, text in texts.items():
        assert "R&D" in text and "&amp;" not in text, fmt
    html = (out / "index.html").read_text("utf-8")
    assert "R&amp;D" in html and "&amp;amp;" not in html
    # The summary's "• a• b" list: its items on lines of their own in the PDF.
    assert "• Bifofetopa and NidADE zilumutoromev\n" in next(
        p.extract_text() for p in PdfReader(next(out.glob("*.pdf"))).pages) + "\n"


def test_a_website_without_a_scheme_is_kept_with_https() -> None:
    imported = import_file(WILD / "2025-11-profile")
    assert imported.data["contact"]["website"] == "https://lonezaze.example"
    assert any(n.what == GUESSED and n.where == "Profile.csv row 1" and
               "'lonezaze.example' has no scheme: read as https://lonezaze.example"
               in n.message for n in imported.notes)


def test_licence_numbers_and_expiry_are_kept_with_a_note() -> None:
    imported = import_file(WILD / "2026-04-export")
    kept = imported.data["extra"]["linkedin"]
    assert kept["Certifications.csv/1/License Number"] == "6424024.52417477"
    assert any(n.what == KEPT and n.where == "Certifications.csv row 1" and
               "License Number '6424024.52417477'" in n.message for n in imported.notes)


def test_roles_merged_at_one_company_keep_their_places() -> None:
    jobs = import_file(WILD / "2023-08-export").data["experience"]
    genorak = jobs[1]
    assert [r["title"] for r in genorak["roles"]] == [
        "Engineering Manager of Data Warehouse", "Lead Analytics Engineer, Analytics"]
    assert genorak["location"] == "New York, New York, United States; New York City"
    assert jobs[3]["location"] == "Darien, CT/New York City; Darien, Connecticut, " \
        "United States"
    assert jobs[0].get("end") is None  # Finished On: Present


def test_bullets_in_a_description_are_highlights() -> None:
    """"• a • b" on one line (LinkedIn flattens line breaks): one highlight per bullet, the
    prose before them the summary, no bullet glyph left."""
    job = import_file(WILD / "2024-02-positions").data["experience"][0]
    assert "summary" not in job and len(job["highlights"]) == 4
    assert job["highlights"][0] == ("Leading the integration of the baniKU rurogomuki and "
                                    "dulus api into Didaf’s backend.")
    assert not any("•" in h for h in job["highlights"])
    senior = import_file(WILD / "2023-08-export").data["experience"][4]
    assert senior["summary"] == "Sodenis Vubupizipo Rokirirom & Falovasarolo Sodenasaz"
    assert senior["highlights"][0].startswith("Project Lead/ Pupal development:")


def test_into_a_profile_with_languages_in_their_short_form(tmp_path: Path) -> None:
    """The README's `languages: [English, Mandarin]`: merged, not an AttributeError; a
    language the export adds a fluency to is written out in full, the others as they were."""
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: Dara Hemmati\nlanguages: [English, Mandarin]\n"
                       "hobbies: [chess]\n", encoding="utf-8")
    result = run_cvkit("import", "linkedin", WILD / "2024-12-export", "-o", profile, "--into")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    languages = load_profile(profile).languages
    assert [(x.language, x.fluency) for x in languages] == [
        ("English", "Native or bilingual proficiency"), ("Mandarin", None),
        ("Swedish", "Native or bilingual proficiency"),
        ("Kurdish", "Native or bilingual proficiency"),
        ("Norwegian", "Full professional proficiency")]
    again = run_cvkit("import", "linkedin", WILD / "2024-12-export", "-o", profile, "--into")
    assert again.returncode == 0 and ": 0 added, 0 updated," in again.stdout, again.stdout
