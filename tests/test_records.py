"""Bring your record (issue 29): an ORCID record and a LinkedIn data export in, a profile
that validates and exports out; merged into an existing profile with --into."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import export, import_record
from cvkit.importers import linkedin, orcid
from cvkit.profile.load import load_profile

from .conftest import FIXTURES, run_cvkit

RECORD = FIXTURES / "orcid" / "record.json"
LINKEDIN = FIXTURES / "linkedin"


def linkedin_zip(tmp_path: Path, change: dict[str, bytes] | None = None) -> Path:
    """The archive as LinkedIn sends it: the CSV files in a zip."""
    path = tmp_path / "Basic_LinkedInDataExport_12-04-2026.zip"
    files = {p.name: p.read_bytes() for p in LINKEDIN.glob("*.csv")}
    files.update(change or {})
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return path


# -- ORCID ------------------------------------------------------------------------------------


def test_orcid_record_maps_every_section() -> None:
    data = orcid.import_file(RECORD).data
    assert data["name"] == "Josiah S. Carberry"
    assert data["aliases"] == ["Josiah Carberry", "J. S. Carberry"]
    assert data["contact"]["email"] == "jcarberry@example.org"  # the primary one
    assert data["links"]["orcid"] == "0000-0002-1825-0097"
    assert data["links"]["github"] == "https://github.com/jcarberry"
    assert data["interests"] == ["psychoceramics", "ionian philology"]
    assert data["experience"][0] == {
        "organization": "Brown University", "position": "Professor",
        "description": "Psychoceramics", "location": "Providence, RI, US",
        "url": "https://www.brown.edu", "start": "1995-07"}  # no end date: ongoing
    assert data["education"][0]["end"] == "1990-05-20"
    assert data["education"][1] == {"institution": "Wesleyan University",
                                    "degree": "BA Classics",
                                    "location": "Middletown, CT, US", "date": "1984"}
    grant = next(a for a in data["awards"] if a["title"] == "The Fracture of Glazes")
    assert grant["awarder"] == "National Science Foundation"
    assert grant["note"] == "Grant NSF-1234, 2015-01 – 2018-12"


def test_orcid_works_become_papers_once() -> None:
    imported = orcid.import_file(RECORD)
    papers = {p["title"]: p for p in imported.data["publications"]}
    # Crossref's copy (display index 1) over the person's own; the day-less date kept.
    silly = papers["Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory"]
    assert silly["venue"] == "Journal of Psychoceramics" and silly["date"] == "2008-08-13"
    assert silly["kind"] == "journal" and silly["doi"] == "10.5555/12345678"
    # Several external ids: arXiv (prefix dropped), arXiv's DOI not taken as a DOI, a URI.
    glaze = papers["Cracks in the Glaze: A Preprint: Fracture at Scale"]
    assert glaze["arxiv"] == "2101.00001" and "doi" not in glaze
    assert glaze["kind"] == "preprint" and glaze["url"] == "https://example.org/glaze"
    # The same DOI in two groups (different case) is one paper, with both copies' fields.
    kintsugi = [p for p in imported.data["publications"] if p.get("doi", "").lower()
                == "10.5555/duplicate"]
    assert len(kintsugi) == 1 and kintsugi[0]["url"] == "https://example.org/kintsugi"
    assert papers["On the Fracture of Teacups"]["kind"] == "thesis"
    assert "date" not in papers["Ceramic Data Set 2010"]  # publication-date: null
    assert [p.get("date", "")[:4] for p in imported.data["publications"]] == \
        ["2021", "2019", "2008", "1990", ""]


def test_orcid_reports_what_it_does_not_map_with_its_place() -> None:
    imported = orcid.import_file(RECORD)
    located = [n.format() for n in imported.report()]
    assert any(":23:7: /person/emails/email/0: dropped:" in p
               and "josiah_carberry@brown.edu" in p for p in located), located
    assert any("/activities-summary/peer-reviews" in p and "1 peer review not imported" in p
               for p in located), located
    assert any("/activities-summary/works/group/3: guessed:" in p and "the same DOI as the work at "
               "/activities-summary/works/group/2" in p for p in located), located


def test_orcid_contributors_become_authors() -> None:
    record = json.loads(RECORD.read_text("utf-8"))
    work = record["activities-summary"]["works"]["group"][4]["work-summary"][0]
    work["contributors"] = {"contributor": [
        {"contributor-orcid": None, "credit-name": {"value": "Josiah S. Carberry"},
         "contributor-email": None, "contributor-attributes": {
             "contributor-sequence": "first", "contributor-role": "author"}},
        {"contributor-orcid": None, "credit-name": {"value": "Ada Park"},
         "contributor-email": None, "contributor-attributes": None}]}
    papers = {p["title"]: p for p in orcid.from_orcid(record).data["publications"]}
    assert papers["On the Fracture of Teacups"]["authors"] == ["Josiah S. Carberry", "Ada Park"]


def test_orcid_import_validates_and_exports_everywhere(tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    result = run_cvkit("import", "orcid", RECORD, "-o", target)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout and "2 items not imported" in result.stdout  # email, review
    assert "note: " in result.stderr and "Traceback" not in result.stderr
    profile = load_profile(target)
    assert profile.publications[0].title.startswith("Cracks in the Glaze")
    written = export(target, ["all"], tmp_path / "out").written
    assert len(written) >= 8


def test_orcid_into_adds_and_updates_keeping_comments(tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    target.write_text("# my CV\nname: Josiah Carberry\npublications:\n"
                      "  # the paper I am proudest of\n"
                      "  - title: Toward a unified theory of high-energy metaphysics\n"
                      "    authors: [Josiah Carberry*]\n    doi: 10.5555/12345678\n"
                      "    kind: conference\n    date: 2008\n", encoding="utf-8")
    result = import_record(orcid.import_file(RECORD), target, into=True)
    text = target.read_text("utf-8")
    assert "# my CV" in text and "# the paper I am proudest of" in text
    assert text.index("Toward a unified theory") < text.index("Cracks in the Glaze")
    assert "name: Josiah Carberry\n" in text  # the profile's own name stays
    # 4 papers, 2 positions, 2 degrees, 2 awards added; the paper already there updated.
    assert (result.added, result.updated) == (10, 1)
    profile = load_profile(target)
    first = profile.publications[0]
    assert first.kind == "conference"  # the user's choice of kind wins
    assert str(first.date) == "2008-08-13" and first.venue == "Journal of Psychoceramics"
    again = import_record(orcid.import_file(RECORD), target, into=True)
    assert (again.added, again.updated, again.written) == (0, 0, False)


def orcid_record_with(works: int) -> dict[str, Any]:
    """The fixture record with ``works`` works, each in two sources (Crossref and the
    person), as a long career's record has them."""
    record = json.loads(RECORD.read_text("utf-8"))
    template = record["activities-summary"]["works"]["group"][0]
    groups = []
    for i in range(works):
        group = copy.deepcopy(template)
        for summary in group["work-summary"]:
            summary["title"]["title"]["value"] = f"Paper {i} on the fracture of glazes"
            for ext in summary["external-ids"]["external-id"]:
                ext["external-id-value"] = f"10.5555/{i}"
        groups.append(group)
    record["activities-summary"]["works"]["group"] = groups
    return record


def test_a_record_of_200_works_imports_every_one(tmp_path: Path) -> None:
    # How long it takes is bench/import_orcid.py's to say, not a test's.
    path = tmp_path / "big.json"
    path.write_text(json.dumps(orcid_record_with(200)), encoding="utf-8")
    result = import_record(orcid.import_file(path), tmp_path / "big.yaml")
    assert len(load_profile(result.path).publications) == 200


def test_orcid_ids_are_checked_before_any_download() -> None:
    # Every form the profile's own links.orcid accepts: no scheme, any case, a final slash.
    for written in ("https://orcid.org/0000-0002-1825-0097", "orcid.org/0000-0002-1825-0097",
                    "HTTPS://ORCID.ORG/0000-0002-1825-0097/", "0000-0002-1825-0097"):
        assert orcid.checked_orcid(written) == "0000-0002-1825-0097"
    result = run_cvkit("import", "orcid", "--fetch", "0000-0002-1825-0098")
    assert result.returncode == 1 and "check digit is wrong" in result.stderr


def test_a_broken_record_is_located(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"person": {"name": }', encoding="utf-8")
    result = run_cvkit("import", "orcid", path, "-o", tmp_path / "p.yaml")
    assert result.returncode != 0 and "r.json:1:" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "p.yaml").exists()


# -- LinkedIn ---------------------------------------------------------------------------------


def test_linkedin_export_maps_every_file(tmp_path: Path) -> None:
    imported = linkedin.import_file(linkedin_zip(tmp_path))
    data = imported.data
    assert data["name"] == "Ada Park"
    assert data["about"].startswith("I build training systems") and "\n\n" in data["about"]
    assert data["contact"] == {"location": "Zurich, Switzerland",
                               "website": "https://ada.example.org", "email": "ada@example.org"}
    acme = data["experience"][0]
    assert [r["title"] for r in acme["roles"]] == ["Research Engineer", "Software Engineer"]
    assert acme["roles"][0] == {"title": "Research Engineer", "start": "2023-03"}  # ongoing
    assert acme["highlights"][:2] == ["Cut MoE training cost by 35%",
                                      "Shipped the expert-parallel scheduler"]
    assert data["experience"][1]["organization"] == "Globex, Inc."  # a comma in quotes
    assert data["education"][0]["thesis"] == "Fast collectives on torus networks"
    assert data["skills"][0]["items"] == ["Python", "PyTorch", "Distributed Systems"]
    papers = {p["title"]: p for p in data["publications"]}
    assert papers["Fast Collectives on Torus Networks"]["doi"] == "10.1145/3725843.3756000"
    assert papers["Fast Collectives on Torus Networks"]["date"] == "2025-10-12"
    assert papers["Scaling Laws for Schedulers"] == {
        "title": "Scaling Laws for Schedulers", "kind": "preprint", "date": "2024",
        "arxiv": "2401.01234"}
    assert data["certificates"][0]["date"] == "2022-04"
    notes = " ".join(n.format() for n in imported.notes)
    assert "Connections.csv: dropped: not imported" in notes and "birth date" in notes
    assert "1990" not in json.dumps(data)  # the birth date is nowhere in the profile


def test_linkedin_missing_files_and_unknown_columns(tmp_path: Path) -> None:
    only = {"Profile.csv": (LINKEDIN / "Profile.csv").read_bytes(),
            "Skills.csv": b"\xef\xbb\xbfName,Endorsements\nRust,12\n"}
    archive = tmp_path / "small.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in only.items():
            z.writestr(name, data)
    imported = linkedin.import_file(archive)
    assert imported.data["skills"] == [{"category": "Skills", "items": ["Rust"]}]
    assert "experience" not in imported.data
    assert any("Skills.csv: dropped: column Endorsements not read" in n.format()
               for n in imported.notes)


@pytest.mark.parametrize("text, expected", [("Jan 2020", "2020-01"), ("2019", "2019"),
                                            ("Oct 12, 2025", "2025-10-12"), ("", None),
                                            ("Sept 2021", "2021-09")])
def test_linkedin_dates(text: str, expected: str | None) -> None:
    assert linkedin.linkedin_date(text) == expected


def test_linkedin_import_validates_exports_and_merges(tmp_path: Path) -> None:
    archive = linkedin_zip(tmp_path)
    target = tmp_path / "profile.yaml"
    result = run_cvkit("import", "linkedin", archive, "-o", target)
    assert result.returncode == 0, result.stderr
    written = export(target, ["all"], tmp_path / "out").written
    assert len(written) >= 8
    before = target.read_text("utf-8")
    again = run_cvkit("import", "linkedin", archive, "-o", target, "--into")
    assert again.returncode == 0 and "0 added, 0 updated" in again.stdout
    assert target.read_text("utf-8") == before
    clash = run_cvkit("import", "linkedin", archive, "-o", target)
    assert clash.returncode == 1 and "exists; use --force" in clash.stderr


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("not a zip", encoding="utf-8")
    result = run_cvkit("import", "linkedin", path, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2 and "not a LinkedIn data export" in result.stderr
