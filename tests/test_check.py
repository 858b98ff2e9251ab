"""`cvkit check` (issue 30, item 3): a PDF read back as tracking systems read it."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf

from cvkit.build.check import NEAR, check, normalised
from cvkit.profile.load import load_profile

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


# -- other tools' extraction faults (issue 37, item 4), reproduced byte by byte -------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_words_run_together_are_reported(tmp_path: Path) -> None:
    """Awesome-CV's tight word gaps: pypdf reads 'B.S.inComputerScienceand...'."""
    from .pdfmaker import pdf, spaced_by_gaps

    lines = [["B.S.", "in", "Computer", "Science", "and", "Engineering"],
             ["Senior", "Software", "Engineer", "at", "Example", "Systems"],
             ["Distributed", "Training", "of", "Large", "Language", "Models"]]
    content = b"\n".join(spaced_by_gaps(words).replace(b"700", str(700 - 20 * i).encode())
                         for i, words in enumerate(lines))
    report = check(_write(tmp_path, "awesome.pdf", pdf(content)))
    problem = next(p for p in report.problems if "run together" in p)
    assert "'B.S.inComputerScienceandEngineering'" in problem
    # The same words with their gaps read as a space are fine.
    spaced = b"\n".join(spaced_by_gaps(words, gap=-300).replace(b"700", str(700 - 20 * i)
                                                                  .encode())
                        for i, words in enumerate(lines))
    assert not check(_write(tmp_path, "spaced.pdf", pdf(spaced))).problems


def test_icon_glyphs_tabs_soft_hyphens_and_default_titles(tmp_path: Path) -> None:
    from .pdfmaker import ascii_map, pdf, text_line

    icons = {**ascii_map(), 0x80: "\uf3c5", 0x81: "\uf0e0"}
    report = check(_write(tmp_path, "icons.pdf", pdf(
        text_line(b"\x80 Rome \x81 ada@example.org"), to_unicode=icons)))
    assert any("2 private-use characters (icon glyphs: U+F0E0 U+F3C5)" in p
               for p in report.problems), report.problems
    soup = "\xa0".join(["Senior", "Engineer", "at", "Example", "Corporation"] * 6)
    report = check(_write(tmp_path, "soup.pdf", pdf(text_line(soup.encode("latin-1")),
                                                    title="Microsoft Word - cv.docx")))
    problems = " ".join(report.problems)
    assert "29 of the text's 29 spaces are tabs or no-break spaces" in problems
    assert "producer's default ('Microsoft Word - cv.docx')" in problems
    report = check(_write(tmp_path, "shy.pdf", pdf(text_line(b"Sep 2019\xad2021 Engineer"))))
    assert any("1 soft hyphens (U+00AD) in the text (inside dates" in p
               for p in report.problems)


def test_a_formula_is_compared_as_a_reader_reads_it(tmp_path: Path) -> None:
    """The PDF sets `$k$-bit` so pypdf reads 'k -bit', TeX's `$O(n^2)$` reads 'O(n2)': both
    are found, not MISSING."""
    from .pdfmaker import pdf, text_line

    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\npublications:\n"
                       "  - {title: 'Fast $k$-bit quantization of $O(n^2)$ attention', "
                       "authors: [Ada Park]}\n", encoding="utf-8")
    made = pdf(text_line(b"Ada Park") + b"\n" +
               text_line(b"Fast k -bit quantization of O(n2) attention", 680))
    report = check(_write(tmp_path, "k.pdf", made), load_profile(profile))
    assert not report.missing, report.missing


def test_exit_codes_say_what_went_wrong(tmp_path: Path) -> None:
    """0: read whole; 1: something missing or a tracking system trips; 2: not readable."""
    from .pdfmaker import pdf, text_line

    clean = _write(tmp_path, "clean.pdf", pdf(text_line(b"Ada Park ada@example.org")))
    result = run_cvkit("check", clean)
    assert result.returncode == 0, result.stdout
    truncated = _write(tmp_path, "cut.pdf", clean.read_bytes()[:300])
    result = run_cvkit("check", truncated)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"error: {truncated}: not a PDF that can be read")
    assert "Traceback" not in result.stderr and "EOF marker" not in result.stderr
    nothing = _write(tmp_path, "none.pdf", b"")
    assert run_cvkit("check", nothing).returncode == 2
    assert run_cvkit("check", tmp_path / "absent.pdf").returncode == 2
    no_email = _write(tmp_path, "noemail.pdf", pdf(text_line(b"Ada Park")))
    assert run_cvkit("check", no_email).returncode == 1


WILD_PDFS = ROOT / "tests" / "fixtures" / "wild" / "pdf"  # provenance: its PROVENANCE.md


def test_other_tools_pdfs_are_read_and_their_faults_named() -> None:
    """CV PDFs made by RenderCV and AltaCV from their own example data."""
    problems = {pdf.stem: " ".join(check(pdf).problems) for pdf in WILD_PDFS.glob("*.pdf")}
    assert len(problems) == 6
    for icon_theme in ("rendercv-classic", "rendercv-moderncv"):
        assert "private-use characters (icon glyphs: U+F08C U+F09B U+F0C1 U+F0E0 U+F3C5)" \
            in problems[icon_theme]
    assert "no title" in problems["altacv-sample"]
    assert "ligature glyphs" in problems["altacv-sample"]
    for clean in ("rendercv-ember", "rendercv-engineeringresumes", "rendercv-harvard"):
        assert problems[clean] == "", (clean, problems[clean])
