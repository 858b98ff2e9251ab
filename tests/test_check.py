"""`cvkit check` (issue 30, item 3): a PDF read back as tracking systems read it."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf

from cvkit.check import NEAR, check, normalised
from cvkit.load import load_profile

from .conftest import ROOT, run_cvkit

EXAMPLES = ROOT / "examples"


def test_a_cv_made_from_another_profile_is_missing_items(tmp_path: Path) -> None:
    assert run_cvkit("export", EXAMPLES / "minimal.yaml", "-f", "pdf", "-o",
                     tmp_path).returncode == 0
    pdf = next(tmp_path.glob("*.pdf"))
    result = run_cvkit("check", pdf, "--profile", EXAMPLES / "weilin-cai.yaml")
    assert result.returncode == 1
    assert "MISSING name: Weilin Cai" in result.stdout
    assert "MISSING email: weilin@example.org" in result.stdout
    report = json.loads(run_cvkit("check", pdf, "--profile", EXAMPLES / "weilin-cai.yaml",
                                  "--json").stdout)
    assert report["ok"] is False and {"what": "name", "value": "Weilin Cai",
                                      "found": False, "clickable_only": False} in report["missing"]
    ok = run_cvkit("check", pdf, "--profile", EXAMPLES / "minimal.yaml")
    assert ok.returncode == 0, ok.stdout


def test_a_pdf_of_another_tool_without_title_language_or_text(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    pdf = tmp_path / "scan.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    report = check(pdf)
    assert not report.ok
    problems = " ".join(report.problems)
    assert "no title" in problems and "no language" in problems
    assert "page 1 has no text" in problems
    assert report.missing[0].what == "email"


def test_columns_read_across_are_reported(tmp_path: Path) -> None:
    from weasyprint import HTML

    filler = " ".join(["Lorem ipsum dolor sit amet."] * (NEAR // 20))
    pdf = tmp_path / "cv.pdf"
    HTML(string=f"<html lang='en'><title>Ada Park</title><p>Ada Park ada@example.org</p>"
         f"<p>Research Engineer</p><p>{filler}</p><p>Acme AI</p>").write_pdf(pdf)
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\ncontact: {email: ada@example.org}\nexperience:\n"
                       "  - {organization: Acme AI, position: Research Engineer}\n",
                       encoding="utf-8")
    report = check(pdf, load_profile(profile))
    assert not report.missing
    assert any("reading order" in p and "Acme AI" in p for p in report.problems)


def test_text_is_compared_as_a_reader_sees_it() -> None:
    assert normalised("Ef\ufb01cient  Mixture-\nof-Experts") == "efficient mixture-of-experts"
    assert normalised("Dis-\n tributed", hyphens=False) == "distributed"


def test_links_behind_a_label_and_every_year_are_looked_for(tmp_path: Path) -> None:
    from weasyprint import HTML

    pdf = tmp_path / "cv.pdf"
    HTML(string="<html lang='en'><title>Ada Park</title><p>Ada Park ada@example.org "
         "ada.example.org <a href='https://github.com/adapark'>GitHub</a></p>"
         "<p>Research Engineer, Acme AI, 2021 – present</p><p>PhD, Uni Town, 2015</p>"
         ).write_pdf(pdf)
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Ada Park\ncontact: {email: ada@example.org, website: 'https://ada.example.org'}\n"
        "links: {github: '@adapark', orcid: 0000-0002-1825-0097}\n"
        "experience:\n  - {organization: Acme AI, position: Research Engineer, start: 2021,"
        " end: present}\n"
        "education:\n  - {institution: Uni Town, degree: PhD, start: 2015, end: 2020}\n",
        encoding="utf-8")
    report = check(pdf, load_profile(profile))
    by_value = {f.value: f for f in report.findings}
    assert by_value["https://ada.example.org"].found
    github = by_value["https://github.com/adapark"]
    assert github.found and github.clickable_only
    assert [(f.what, f.value) for f in report.missing] == [
        ("link", "https://orcid.org/0000-0002-1825-0097"), ("year", "2020")]
    shown = run_cvkit("check", pdf, "--profile", profile)
    assert shown.returncode == 1
    assert "found   link: https://github.com/adapark (only behind a clickable label" in shown.stdout
    assert "MISSING year: 2020" in shown.stdout
