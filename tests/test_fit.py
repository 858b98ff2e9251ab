"""`--fit-pages N`: the ladder each design allows, what a step does to the print stylesheet,
and real PDFs (read back with pdfplumber) and DOCX files (converted by LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cvkit.profile import design
from cvkit.profile.fit import FLOOR_PT, fewer_entries, ladder, tighten_css, tighten_html

from .conftest import EXAMPLES, ROOT, require_tool, run_cvkit

EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"
SIX_PAPERS = ("--max-entries", "publications=6")


@pytest.mark.parametrize("theme", design.names())
def test_every_design_tightens_spacing_first_then_text_never_below_9pt(theme: str) -> None:
    chosen = design.load(theme)
    steps = ladder(chosen)
    assert not steps[0].tightened and steps[0].body == chosen.sizes.body
    assert steps[-1].spacing == chosen.fit.min_spacing
    assert steps[-1].body == max(chosen.fit.min_body, FLOOR_PT)
    for looser, tighter in zip(steps, steps[1:], strict=False):
        assert tighter.spacing <= looser.spacing and tighter.body <= looser.body
        assert (tighter.spacing, tighter.body) != (looser.spacing, looser.body)
        if tighter.body < chosen.sizes.body:  # the text shrinks only at the least spacing
            assert tighter.spacing == chosen.fit.min_spacing
    for step in steps:
        assert step.line_height >= min(chosen.sizes.line_height, chosen.fit.min_line_height)
        assert min(step.margins.model_dump().values()) >= min(
            chosen.fit.min_margin, *(chosen.margins or step.margins).model_dump().values())


# The bundled examples a six-paper CV fits on one page without leaving anything else out;
# the two long ones need entries left out (tests/test_fit_shorten.py).
ONE_PAGE_EXAMPLES = [p for p in EXAMPLES if p.stem in ("minimal", "weilin-cai")]


@pytest.mark.parametrize("theme", design.names())
def test_every_design_fits_each_short_example_on_one_page(theme: str, tmp_path: Path) -> None:
    """A design's promise to a reader in a hurry (issue 40): `--fit-pages 1` with six papers
    makes one page, for every short example."""
    import pypdf

    for path in ONE_PAGE_EXAMPLES:
        done = run_cvkit("export", path, "-f", "pdf", "-o", tmp_path / path.stem, "--theme",
                         theme, *SIX_PAPERS, "--fit-pages", "1")
        assert done.returncode == 0, done.stderr
        (pdf,) = (tmp_path / path.stem).glob("*.pdf")
        assert len(pypdf.PdfReader(pdf).pages) == 1, (theme, path.stem, done.stdout)


def test_a_step_scales_the_stylesheet_within_the_limits() -> None:
    chosen = design.load("academic")
    step = ladder(chosen)[-1]  # spacing 60 %, text 9 pt (designed 10 pt)
    css = ("@page {\n  size: A4;\n  margin: 16mm 16mm 18mm 16mm;\n  @bottom-left { font-size: "
           "8pt; }\n}\nhtml { font-size: 10pt; line-height: 1.32; }\nh2 { font-size: 11.5pt; "
           "margin: 11pt 0 5pt; padding-bottom: 1pt; letter-spacing: 0.06em; }\n"
           ".contact { font-size: 9pt; }\n.badge { padding: 0 2pt; }\n")
    tight = tighten_css(css, step)
    assert "margin: 11mm 11mm 11mm 11mm;" in tight  # the page: the design's least margin
    assert "@bottom-left { font-size: 8pt; }" in tight  # smaller than 9 pt: left alone
    assert "html { font-size: 9pt; line-height: 1.15; }" in tight
    assert "font-size: 10.35pt; margin: 6.6pt 0 3pt; padding-bottom: 0.6pt;" in tight
    assert "letter-spacing: 0.06em" in tight
    assert ".contact { font-size: 9pt; }" in tight  # at 9 pt: never below
    assert ".badge { padding: 0 1.2pt; }" in tight
    assert tighten_css(css, ladder(chosen)[0]) == css
    page = tighten_html(f"<html><head><style>{css}</style></head><body>x</body></html>", step)
    assert "font-size: 9pt" in page and page.endswith(
        '<div id="cvkit-fit-end"></div></body></html>')


def _sizes(pdf: Path, words: list[str]) -> list[float]:
    """The printed size (points) of each text run holding one of ``words``, read with
    pypdf: the font size times the text and graphics matrices' vertical scale."""
    import pypdf

    runs: list[tuple[str, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            runs.append((text, round(abs(size * tm[3] * cm[3]), 2)))

    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=seen)
    found = [size for word in words for text, size in runs if word in text]
    assert len(found) >= len(words), runs[:20]
    return found


def test_a_two_page_cv_fits_one_page_and_says_how(tmp_path: Path) -> None:
    import pypdf

    plain = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path / "plain", *SIX_PAPERS)
    assert plain.returncode == 0, plain.stderr
    assert "(2 pages)" in plain.stdout
    done = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path / "fit", *SIX_PAPERS,
                     "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    assert "(1 page)" in done.stdout
    assert "fitted: on 1 page with spacing 60% of the design's" in done.stdout
    pdf = tmp_path / "fit" / "Weilin_Cai_CV.pdf"
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for word in ("FlexTrain", "MoC-System", "The 9th", "Dec 2025"):
        assert word in text  # nothing left out: only the spacing changed
    assert min(_sizes(pdf, ["Scalable Hybrid-Parallel", "Microelectronics"])) >= FLOOR_PT
    # Exported again, the step comes from the cache: the same bytes as the search gave.
    dated = {"SOURCE_DATE_EPOCH": "1780000000", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):
        again = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path / "dated",
                          *SIX_PAPERS, "--fit-pages", "1", env=dated)
        assert again.returncode == 0 and "(1 page)" in again.stdout, again.stderr
    assert "(unchanged)" in again.stdout


def test_when_it_cannot_fit_it_says_by_how_much_and_writes_it_as_designed(
        tmp_path: Path) -> None:
    import pypdf

    done = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path, "--fit-pages", "1",
                     "--max-pages", "1", "--no-shorten")
    assert done.returncode == 0, done.stderr
    assert "does not fit on 1 page: at the tightest the design allows" in done.stderr
    assert "page too long" in done.stderr and "--max-entries" in done.stderr
    # Its longest section, cut to fewer entries than the 11 papers it has.
    assert "--max-entries publications=5 (say)" in done.stderr
    assert "--since" in done.stderr
    assert "more than --max-pages 1" in done.stderr  # --max-pages keeps its warning
    assert "fitted: not on 1 page; as designed" in done.stdout
    pdf = tmp_path / "Weilin_Cai_CV.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == 2
    designed = design.load("academic").sizes.body
    assert max(_sizes(pdf, ["Microelectronics Thrust"])) == pytest.approx(designed, abs=0.05)


def test_a_cv_that_fits_is_left_as_designed_and_the_layout_asks_for_it(
        tmp_path: Path) -> None:
    profile = tmp_path / "cv.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    profile.write_text(text.replace("variants:\n", "variants:\n  short: {fit_pages: 1, "
                                    "max_entries: {publications: 6}}\n", 1), encoding="utf-8")
    done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "two", "--fit-pages", "2")
    assert "fitted: on 2 pages as designed" in done.stdout, done.stderr
    done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "one", "--variant",
                     "short")
    assert "(1 page)" in done.stdout and "fitted: on 1 page with" in done.stdout, done.stderr
    layout = tmp_path / "layout.yaml"
    layout.write_text(text.replace("\nlayout:\n", "\nlayout:\n  fit_pages: 1\n", 1),
                      encoding="utf-8")
    done = run_cvkit("export", layout, "-f", "pdf", "-o", tmp_path / "layout", *SIX_PAPERS)
    assert "(1 page)" in done.stdout, done.stderr


def test_the_latex_source_says_it_is_not_fitted(tmp_path: Path) -> None:
    done = run_cvkit("export", EXAMPLE, "-f", "latex", "-o", tmp_path, "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    assert "latex: --fit-pages 1 is not applied to the LaTeX source" in done.stderr


def test_bad_max_entries_are_clear_errors(tmp_path: Path) -> None:
    done = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path, "--max-entries",
                     "publication=6")
    assert done.returncode == 1
    assert "--max-entries publication=6: unknown section 'publication'; did you mean " \
           "'publications'?" in done.stderr
    assert "Traceback" not in done.stderr
    done = run_cvkit("export", EXAMPLE, "-f", "pdf", "-o", tmp_path, "--fit-pages", "0")
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_the_docx_takes_the_pdfs_step(tmp_path: Path) -> None:
    from docx import Document

    plain = run_cvkit("export", EXAMPLE, "-f", "docx", "-o", tmp_path / "plain", *SIX_PAPERS)
    fitted = run_cvkit("export", EXAMPLE, "-f", "docx", "-o", tmp_path / "fit", *SIX_PAPERS,
                       "--fit-pages", "1")
    assert plain.returncode == fitted.returncode == 0, fitted.stderr
    assert "fitted: on 1 page with spacing 60%" in fitted.stdout
    before = Document(str(tmp_path / "plain" / "Weilin_Cai_CV.docx"))
    after = Document(str(tmp_path / "fit" / "Weilin_Cai_CV.docx"))
    assert after.sections[0].top_margin < before.sections[0].top_margin
    heading_before = before.styles["Heading 1"].paragraph_format.space_before.pt
    assert after.styles["Heading 1"].paragraph_format.space_before.pt == pytest.approx(
        heading_before * 0.6, abs=0.05)
    assert after.styles["Normal"].font.size.pt >= FLOOR_PT
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert soffice
    pages = {}
    for name in ("plain", "fit"):
        done = subprocess.run([soffice, "--headless", "--norestore",
                               f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                               "--convert-to", "pdf", "--outdir", str(tmp_path / name / "lo"),
                               str(tmp_path / name / "Weilin_Cai_CV.docx")],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        import pypdf

        reader = pypdf.PdfReader(tmp_path / name / "lo" / "Weilin_Cai_CV.pdf")
        pages[name] = [len(page.extract_text()) for page in reader.pages]
    # Word (here LibreOffice) lays out its own pages: the fitted DOCX runs shorter, though
    # its text does not end on the same line as the PDF's.
    assert len(pages["fit"]) <= len(pages["plain"])
    assert pages["fit"][-1] < pages["plain"][-1]


def test_the_suggested_limit_is_below_what_there_is() -> None:
    """Eight papers never get ``publications=8``: the longest section is cut to the share
    of its entries the pages allow, at least one fewer than it has."""
    assert fewer_entries([("publications", 8), ("experience", 3)], 1, 2) == "publications=4"
    assert fewer_entries([("publications", 8)], 1, 1) == "publications=7"  # one fewer
    assert fewer_entries([("experience", 2)], 2, 9) == "experience=1"
    assert fewer_entries([("about", 0), ("publications", 1)], 1, 2) == ""  # nothing to cut
    assert fewer_entries([], 1, 2) == ""
    for n in range(2, 30):
        for taken in range(2, 6):
            key, _, kept = fewer_entries([("talks", n)], 1, taken).partition("=")
            assert key == "talks" and 1 <= int(kept) < n


def test_the_page_limit_warning_suggests_only_what_the_export_did_not_do(
        tmp_path: Path) -> None:
    four_pages = ROOT / "examples" / "jordan-lin.yaml"
    done = run_cvkit("export", four_pages, "-f", "pdf", "-o", tmp_path / "a", "--max-pages",
                     "1", "--theme", "industry")
    assert done.returncode == 0, done.stderr
    assert "more than --max-pages 1; try --fit-pages, --selected or --since YEAR\n" \
        in done.stderr  # no "the industry theme": it is the theme already
    done = run_cvkit("export", four_pages, "-f", "pdf", "-o", tmp_path / "b", "--max-pages",
                     "1", "--theme", "industry", "--fit-pages", "1", "--selected",
                     "--since", "2000", "--no-shorten")
    assert done.returncode == 0, done.stderr
    assert "more than --max-pages 1; leave entries out with --max-entries SECTION=N" \
        in done.stderr
