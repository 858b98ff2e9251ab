"""Every design in every format it styles, for every example: read back by the real
consumers (pypdf, TeX, LibreOffice, Chromium) and checked item by item."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.profile import design

from .conftest import EXAMPLES, profile_items, require_tool, run_cvkit
from .exporters.test_contract import assert_carries, extract_text, normalise
from .exporters.test_html import open_page

DESIGNS = design.names()
FORMATS = ["pdf", "docx", "latex", "html"]


def test_six_designs_or_more_are_listed() -> None:
    assert {"academic", "industry", "classic", "compact", "sidebar", "modern"} <= set(DESIGNS)
    listed = run_cvkit("themes")
    assert listed.returncode == 0
    for name in DESIGNS:
        assert f"\n{name} " in "\n" + listed.stdout, name
    assert listed.stdout.count("formats: docx, html, latex, pdf") == len(DESIGNS)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Path]]:
    """Every design × example exported once, in the four formats."""
    root = tmp_path_factory.mktemp("designs")
    found = {}
    for theme in DESIGNS:
        for path in EXAMPLES:
            out = root / theme / path.stem
            result = export(path, FORMATS, out, options=ExportOptions(theme=theme))
            found[theme, path.stem] = {w.format: w.path for w in result.written}
    return found


@pytest.mark.parametrize("theme", DESIGNS)
def test_pdf_carries_every_item(theme: str, outputs: dict[Any, Any]) -> None:
    for path in EXAMPLES:
        pdf = outputs[theme, path.stem]["pdf"]
        assert_carries(f"pdf/{theme}", extract_text("pdf", pdf.read_bytes()), path)


@pytest.mark.parametrize("theme", DESIGNS)
def test_latex_compiles_and_carries_every_item(theme: str, outputs: dict[Any, Any]) -> None:
    from cvkit.exporters.latex import compile_tex, engine_of

    for path in EXAMPLES:
        tex = outputs[theme, path.stem]["latex"]
        engine = engine_of(tex.read_text("utf-8"))
        require_tool(shutil.which(engine) is not None and shutil.which("latexmk") is not None,
                     f"{engine} and latexmk (texlive packages)")
        pdf, _ = compile_tex(tex)
        assert_carries(f"latex/{theme}", extract_text("pdf", pdf.read_bytes()), path)
        # TeX's PDF is read as a tracking system reads it, title and language included.
        from cvkit.build.check import check
        from cvkit.profile.load import load_profile

        report = check(pdf, load_profile(path))
        assert report.ok, (theme, path.stem, [f.value for f in report.missing],
                           report.problems)
        assert report.title and report.language


@pytest.mark.parametrize("theme", DESIGNS)
def test_docx_converts_in_libreoffice_with_every_item(theme: str, outputs: dict[Any, Any],
                                                     tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert soffice
    sources = []
    for path in EXAMPLES:
        source = tmp_path / f"{path.stem}.docx"
        shutil.copyfile(outputs[theme, path.stem]["docx"], source)
        sources.append(source)
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path),
                           *map(str, sources)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for path in EXAMPLES:
        pdf = tmp_path / f"{path.stem}.pdf"
        assert_carries(f"docx/{theme}", extract_text("pdf", pdf.read_bytes()), path)


@pytest.mark.parametrize("theme", DESIGNS)
def test_homepage_in_chromium(theme: str, outputs: dict[Any, Any], browser: Any) -> None:
    for path in EXAMPLES:
        index = outputs[theme, path.stem]["html"]
        for width in (375, 1280):
            page, seen = open_page(browser, index, width)
            assert not seen["console"] and not seen["errors"], seen
            assert all(u.startswith(index.parent.as_uri()) for u in seen["requests"])
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, (theme, path.stem, width)
            text = normalise(page.inner_text("body"))
            for items in profile_items(path).values():
                for item in items:
                    assert normalise(item) in text, (theme, item)
            page.context.close()


def test_sidebar_main_column_reads_first(outputs: dict[Any, Any]) -> None:
    """The sidebar sits beside page 1, but text extraction (an applicant tracking system)
    reads the whole main column before it."""
    from pypdf import PdfReader

    pdf = outputs["sidebar", "weilin-cai"]["pdf"]
    first = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert first.index("About") < first.index("weilin@example.org")
    assert first.index("Publications") < first.index("Google Scholar")


def test_design_options_mean_the_same_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Ada Example\ncontact: {email: ada@example.org}\n"
        "education:\n  - {institution: Uni, degree: PhD, start: 2023-09}\n"
        "layout:\n  design: {accent: '#8A1538', size: 11, dates: left, page_numbers: false,\n"
        "           margins: {top: 20, bottom: 20, left: 25, right: 25}}\n", encoding="utf-8")
    out = tmp_path / "out"
    export(path, FORMATS, out)
    tex = next(out.glob("*.tex")).read_text("utf-8")
    assert "{HTML}{8A1538}" in tex and "left=25mm,right=25mm" in tex
    assert "\\pageref*{LastPage}" not in tex and "\\fontsize{11}" in tex
    import zipfile

    with zipfile.ZipFile(next(out.glob("*.docx"))) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
        footer = "".join(z.read(n).decode("utf-8") for n in z.namelist() if "footer" in n)
    assert 'w:val="8A1538"' in styles and 'w:sz w:val="22"' in styles  # 11 pt
    assert 'w:left="1417"' in body  # 25 mm in twentieths of a point
    assert "NUMPAGES" not in footer
    css = (out / "assets" / "style.css").read_text("utf-8")
    assert "--accent: #8a1538;" in css
    from pypdf import PdfReader

    reader = PdfReader(next(out.glob("*.pdf")))
    assert "1 / 1" not in reader.pages[0].extract_text()


@pytest.mark.parametrize("theme", ["academic", "modern", "compact", "classic"])
def test_dates_left_makes_a_column_in_every_designs_pdf(theme: str, tmp_path: Path) -> None:
    """``dates: left`` sets the dates in a column before the text in any design's PDF, not
    only in those whose own stylesheet had one (classic, europass)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada Example\neducation:\n  - {institution: Uni, degree: Doctorate, "
                    "start: 2023-09}\nlayout: {design: {dates: left}}\n", encoding="utf-8")
    export(path, ["pdf"], tmp_path / "out", options=ExportOptions(theme=theme))
    with pdfplumber.open(next((tmp_path / "out").glob("*.pdf"))) as pdf:
        words = {w["text"]: w for w in pdf.pages[0].extract_words()}
    # The date in its column, and every line of the entry beside it, not under it.
    assert words["Present"]["x1"] < words["Doctorate"]["x0"]
    assert words["Present"]["x1"] < words["Uni"]["x0"]
    assert abs(words["Uni"]["x0"] - words["Doctorate"]["x0"]) < 2


@pytest.mark.parametrize("theme", ["academic", "compact"])
def test_one_page_profile_stays_on_one_page(theme: str, tmp_path: Path) -> None:
    minimal = next(p for p in EXAMPLES if p.stem == "minimal")
    result = export(minimal, ["pdf"], tmp_path, options=ExportOptions(theme=theme))
    assert result.written[0].info["pages"] == 1


SIDEBAR_PROFILE = """\
name: Ada Example
contact: {email: ada@example.org}
experience:
  - {organization: Example Lab, position: Engineer, start: 2022-01}
skills:
  - {category: Systems, items: [PyTorch, NCCL]}
languages:
  - {language: German, fluency: Native}
certificates:
  - {name: AWS Solutions Architect, issuer: Amazon, date: 2023}
"""


def test_sidebar_sections_carry_the_same_items_in_every_format(tmp_path: Path) -> None:
    """The sidebar's sections (absent from the bundled examples) say the same everywhere:
    title, subtitle, text and date of each item."""
    import re
    import zipfile

    path = tmp_path / "p.yaml"
    path.write_text(SIDEBAR_PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    export(path, ["pdf", "docx", "latex"], out, options=ExportOptions(theme="sidebar"))
    with zipfile.ZipFile(next(out.glob("*.docx"))) as z:
        docx = re.sub(r"<[^>]+>", " ", z.read("word/document.xml").decode("utf-8"))
    texts = {"pdf": extract_text("pdf", next(out.glob("*.pdf")).read_bytes()), "docx": docx,
             "latex": next(out.glob("*.tex")).read_text("utf-8")}
    for fmt, text in texts.items():
        for item in ("Systems", "PyTorch, NCCL", "German", "Native",
                     "AWS Solutions Architect", "Amazon", "2023", "ada@example.org"):
            assert item in text, (fmt, item)


@pytest.mark.parametrize("theme", DESIGNS)
def test_every_design_passes_cvkit_check(theme: str, outputs: dict[Any, Any]) -> None:
    from cvkit.build.check import check
    from cvkit.profile.load import load_profile

    for path in EXAMPLES:
        report = check(outputs[theme, path.stem]["pdf"], load_profile(path))
        assert report.ok, (theme, path.stem, [f.value for f in report.missing],
                           report.problems)
        assert report.title and report.language


@pytest.mark.parametrize("theme", DESIGNS)
def test_a_numbering_style_is_numbered_once(theme: str, tmp_path: Path) -> None:
    """IEEE numbers its references itself ([1]); no design's list adds its own "1." (the
    industry design did: "2. [2] [ICLR '26] ...")."""
    import re

    import pypdf

    profile = next(p for p in EXAMPLES if p.stem == "weilin-cai")
    export(profile, ["pdf"], tmp_path, options=ExportOptions(theme=theme,
                                                            citation_style="ieee"))
    text = "".join(page.extract_text() for page in
                   pypdf.PdfReader(next(tmp_path.glob("*.pdf"))).pages)
    assert "[2]" in text
    # pypdf reads a list's markers apart, at the page's end, each on a line of its own.
    assert not re.search(r"(?m)^\d{1,3}\.\s*$", text), theme
