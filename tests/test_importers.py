"""One importer contract (issue 37, item 1): a registry as the exporters have, a format
recognised from the file, one report of notes pointing into the input, one exit-code policy,
one validation, one --into merge, and a third party's importer found by entry point."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cvkit
from cvkit import importers
from cvkit.build.api import import_record
from cvkit.importers import DEGRADED, DROPPED, Imported, Refused, at, in_table
from cvkit.profile.load import load_profile
from cvkit.profile.source import json_source

from .conftest import FIXTURES, run_cvkit

WILD = FIXTURES / "wild"


# -- the registry -----------------------------------------------------------------------------


def test_every_built_in_declares_what_it_reads() -> None:
    assert importers.available() == ["academicpages", "bibtex", "jsonresume", "linkedin",
                                     "orcid", "pdf"]
    for name in importers.available():
        importer = importers.get(name)
        assert importer.name == name and importer.reads.startswith(("a ", "an "))


def test_an_unknown_format_says_which_was_meant() -> None:
    with pytest.raises(Refused, match=r"unknown format 'orcd'; did you mean 'orcid'\? "
                                      r"available: academicpages, bibtex, jsonresume"):
        importers.get("orcd")
    assert importers.get("ORCID").name == "orcid"  # as --format takes PDF for pdf


@pytest.mark.parametrize(("path", "name"), [
    (FIXTURES / "orcid" / "record.json", "orcid"),
    (WILD / "orcid" / "works-3.0-8.json", "orcid"),
    (WILD / "orcid" / "person-3.0-address.json", "orcid"),
    (WILD / "orcid" / "record-2.x-upper-enums.json", "orcid"),
    (FIXTURES / "jsonresume-engineer.json", "jsonresume"),
    (WILD / "jsonresume" / "old-schema-company.json", "jsonresume"),
    (WILD / "jsonresume" / "trailing-comma-real.json", "jsonresume"),  # not valid JSON
    (FIXTURES / "papers.bib", "bibtex"),
    (FIXTURES / "academicpages", "academicpages"),
    (FIXTURES / "linkedin", "linkedin"),
    (WILD / "linkedin" / "2018-11-export-a", "linkedin"),
])
def test_a_file_is_recognised_by_what_it_holds(path: Path, name: str) -> None:
    assert importers.recognise(path) == name


def test_a_zip_and_a_pdf_are_recognised(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Profile.csv", "First Name,Last Name\nAda,Park\n")
    assert importers.recognise(archive) == "linkedin"
    bib = tmp_path / "refs.txt"
    bib.write_text("% my papers\n@article{k, title={T}, year=2020}\n", encoding="utf-8")
    assert importers.recognise(bib) == "bibtex"
    pdf = tmp_path / "cv"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n")
    assert importers.recognise(pdf) == "pdf"


def test_what_nothing_recognises_is_said_in_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Hello there\n", encoding="utf-8")
    with pytest.raises(Refused) as caught:
        importers.recognise(notes)
    message = str(caught.value)
    assert "a text file starting 'Hello there'" in message and "\n" not in message
    assert "cvkit import FORMAT" in message and "linkedin, orcid, pdf" in message
    other = tmp_path / "other.json"
    other.write_text('{"data_lang": "zh", "resume_title": "x"}', encoding="utf-8")
    with pytest.raises(Refused, match="a JSON object with keys data_lang, resume_title"):
        importers.recognise(other)


def test_a_file_of_another_format_is_refused_before_it_is_read() -> None:
    resume = FIXTURES / "jsonresume-engineer.json"
    with pytest.raises(Refused, match=r"not an ORCID record .*; it looks like a JSON Resume "
                                      r".*: cvkit import jsonresume "):
        importers.read("orcid", resume)
    with pytest.raises(Refused, match="it looks like an ORCID record"):
        importers.read("jsonresume", FIXTURES / "orcid" / "record.json")
    with pytest.raises(Refused, match="a folder, not a BibTeX file|not a BibTeX file"):
        importers.read("bibtex", FIXTURES / "linkedin")


# -- notes ------------------------------------------------------------------------------------


def test_a_note_points_into_the_input() -> None:
    source = json_source(FIXTURES / "orcid" / "record.json", "ORCID record")
    note = at(source, ("person", "emails", "email", 0), DROPPED, "another email")
    assert note.format().startswith(f"{FIXTURES / 'orcid' / 'record.json'}:")
    assert note.format().endswith(": /person/emails/email/0: dropped: another email")
    assert note.line is not None and note.column is not None
    row = in_table(Path("export.zip"), "Positions.csv", 3, DEGRADED, "bullets split")
    assert row.format() == "export.zip: Positions.csv row 3: degraded: bullets split"
    assert at(None, ("a/b", "c~d"), DROPPED, "x").where == "/a~1b/c~0d"  # RFC 6901


def test_plain_notes_and_problems_read_as_notes() -> None:
    from cvkit.support.errors import Problem

    imported = Imported({"name": "A"}, ["Connections.csv not imported: no place in a CV",
                                        "featured kept under extra.academicpages",
                                        "title looks like the template's placeholder"],
                        [Problem(Path("r.json"), 3, 4, "/x", "skipped")])
    assert [n.what for n in imported.report()] == ["dropped", "kept", "guessed", "dropped"]
    assert imported.report()[-1].format() == "r.json:3:4: /x: dropped: skipped"


# -- the one validation -----------------------------------------------------------------------


def test_a_value_the_model_refuses_is_dropped_with_a_note(tmp_path: Path) -> None:
    """One odd value never ends an import: the date that is no date goes, with a note; the
    paper that cannot be without its title goes; the rest is written and loads."""
    data = {"name": "Ada Park", "publications": [
        {"title": "Good", "date": "2020-02-30", "kind": "journal"},
        {"title": "Fine", "date": "2021"},
        {"date": "2022", "venue": "No title"}]}
    result = import_record(Imported(data), tmp_path / "p.yaml", source=Path("in.json"))
    profile = load_profile(tmp_path / "p.yaml")
    assert [p.title for p in profile.publications] == ["Good", "Fine"]
    assert profile.publications[0].date is None
    said = [n.format() for n in result.notes]
    assert any(s.startswith("in.json: publications[0].date (as imported): dropped: ")
               and "'2020-02-30'" in s for s in said), said
    assert any("publications[2] (as imported): dropped:" in s for s in said), said


def test_nothing_imported_from_a_bib_is_refused_with_its_notes(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, year = 2020}\n", encoding="utf-8")
    result = run_cvkit("import", bib, "-o", profile)
    assert result.returncode == 2, result.stderr
    assert f"note: {bib}:1:1: a: dropped: entry skipped: no title" in result.stderr
    assert "nothing in it could be imported" in result.stderr
    assert profile.read_text("utf-8") == "name: Ada Park\n"


# -- the command ------------------------------------------------------------------------------


def test_import_file_recognises_the_format_and_reports_one_way(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    result = run_cvkit("import", FIXTURES / "orcid" / "record.json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: 5 papers, 2 positions, 2 degrees")
    assert all(line.startswith("note: ") for line in result.stderr.splitlines())
    again = run_cvkit("import", FIXTURES / "orcid" / "record.json", "-o", out, "--into")
    assert again.returncode == 0 and "0 added, 0 updated, 11 unchanged (file not rewritten)" \
        in again.stdout
    named = run_cvkit("import", "jsonresume", FIXTURES / "jsonresume-engineer.json", "-o",
                      tmp_path / "r.yaml")  # FORMAT FILE, as a command
    assert named.returncode == 0 and "wrote" in named.stdout


def test_options_before_the_file_and_bibtex_with_o(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Weilin Cai\n", encoding="utf-8")
    result = run_cvkit("import", "-o", profile, FIXTURES / "papers.bib")
    assert result.returncode == 0, result.stderr
    assert "50 added, 0 updated, 0 unchanged" in result.stdout
    again = run_cvkit("import", "bibtex", FIXTURES / "papers.bib", "-o", profile)
    assert "0 added, 0 updated, 50 unchanged" in again.stdout


@pytest.mark.parametrize(("args", "code", "said"), [
    (["orcd", "x.json"], 2, "unknown format 'orcd'; did you mean 'orcid'?"),
    (["orcd"], 2, "orcd: no such file or folder; unknown format 'orcd'; did you mean"),
    (["nowhere.json"], 2, "nowhere.json: no such file or folder"),
    (["orcid", FIXTURES / "jsonresume-engineer.json"], 2, "it looks like a JSON Resume"),
    (["linkedin", FIXTURES / "papers.bib"], 2, "not a LinkedIn data export"),
    (["jsonresume", FIXTURES / "jsonresume-engineer.json", "-o", FIXTURES / "papers.bib"],
     1, "exists; use --force"),
])
def test_one_exit_code_policy(args: list[str | Path], code: int, said: str,
                              tmp_path: Path) -> None:
    result = run_cvkit("import", *args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_the_help_says_how_to_import_any_file() -> None:
    shown = " ".join(run_cvkit("import", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "cvkit import FILE recognises the format" in shown.replace("`", "")
    assert "[FORMAT] FILE" in shown and "Exit 0: imported" in shown
    own = run_cvkit("import", FIXTURES / "papers.bib", "--help").stdout
    assert "--into" in own and "--enrich" in own and "[FORMAT] FILE" in own


# -- Python, and a third party's importer -----------------------------------------------------


def test_from_python(tmp_path: Path) -> None:
    imported = cvkit.read_import(FIXTURES / "orcid" / "record.json")
    assert imported.data["name"] == "Josiah S. Carberry"
    result = cvkit.import_file(FIXTURES / "jsonresume-engineer.json", tmp_path / "p.yaml")
    assert result.format == "jsonresume" and result.written
    assert load_profile(tmp_path / "p.yaml").experience


TOY = '''
from pathlib import Path
from cvkit.importers import BaseImporter, GUESSED, Imported, Note


class Toy(BaseImporter):
    name = "toy"
    reads = "a toy card (.toy)"

    def sniff(self, path):
        return 0.9 if path.suffix == ".toy" else 0.0

    def read(self, path, options):
        name, _, year = path.read_text("utf-8").strip().partition(",")
        return Imported({"name": name, "awards": [{"title": "Toy prize", "date": year}]},
                        [Note(GUESSED, "the year taken as the prize's", path, "line 1", 1)])
'''


def test_a_third_party_importer_is_found_by_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "toyimport").mkdir(parents=True)
    (site / "toyimport" / "__init__.py").write_text(TOY, encoding="utf-8")
    info = site / "toyimport-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toyimport\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[cvkit.importers]\ntoy = toyimport:Toy\n",
                                           encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    card = tmp_path / "ada.toy"
    card.write_text("Ada Park,2024\n", encoding="utf-8")
    for args in ([card], ["toy", card]):
        out = tmp_path / f"p{len(args)}.yaml"
        result = run_cvkit("import", *args, "-o", out, env=env)
        assert result.returncode == 0, result.stderr
        assert f"note: {card}:1: line 1: guessed: the year taken as the prize's" \
            in result.stderr
        assert "1 award; 1 guessed" in result.stdout
        assert load_profile(out).awards[0].title == "Toy prize"
    typo = run_cvkit("import", "tyo", card, env=env)
    assert typo.returncode == 2 and "did you mean 'toy'?" in typo.stderr
    assert len(typo.stderr.splitlines()) == 1
