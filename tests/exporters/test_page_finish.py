"""Every page finished (issue 40): what a user saw on the page images, measured on the pages.

PDFs are read with pdfplumber (word and rule positions); DOCX files are converted by
LibreOffice; LaTeX is compiled; the homepage is drawn in Chromium.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cvkit.build.api import ExportOptions, export
from cvkit.profile import design

from ..conftest import ROOT
from ..longprofile import long_profile
from .test_docx import convert_with_libreoffice
from .test_latex import require_tex

pdfplumber = pytest.importorskip("pdfplumber")
docx = pytest.importorskip("docx")

PROFILE = ROOT / "examples" / "weilin-cai.yaml"


def _first_page_words(pdf: Path) -> tuple[list[dict[str, Any]], float]:
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        return page.extract_words(), float(page.width)


def _name_offset(pdf: Path, first: str, last: str) -> float:
    """How far the middle of the name's line lies from the middle of the page, in points."""
    words, width = _first_page_words(pdf)
    at = next(i for i, w in enumerate(words) if w["text"] == first and
              words[i + 1]["text"] == last)
    return (words[at]["x0"] + words[at + 1]["x1"]) / 2 - width / 2


def _assert_header_placed(offset: float, header: str, where: str) -> None:
    if header == "centered":
        assert abs(offset) < 3, f"{where}: the name is {offset:.1f} pt off the page's middle"
    else:  # flush left (on the band too): the name's middle well left of the page's
        assert offset < -30, f"{where}: the name is not flush left ({offset:.1f} pt)"


@pytest.mark.parametrize("theme", design.names())
def test_the_header_is_aligned_alike_in_pdf_latex_and_docx(theme: str, tmp_path: Path) -> None:
    header = design.load(theme).header
    export(PROFILE, ["pdf", "docx"], tmp_path, options=ExportOptions(theme=theme))
    pdf = next(p for p in tmp_path.glob("*.pdf"))
    _assert_header_placed(_name_offset(pdf, "Weilin", "Cai"), header, f"{theme} PDF")
    title = next(p for p in docx.Document(str(next(tmp_path.glob("*.docx")))).paragraphs
                 if p.style.name == "Title")
    alignment = title.alignment or title.style.paragraph_format.alignment  # own, or style's
    centred = alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert centred == (header == "centered"), f"{theme} DOCX title alignment {alignment}"
    require_tex()
    latex = tmp_path / "latex"
    export(PROFILE, ["latex"], latex, options=ExportOptions(theme=theme,
                                                            extra={"compile": True}))
    _assert_header_placed(_name_offset(next(latex.glob("*-latex.pdf")), "Weilin", "Cai"),
                          header, f"{theme} LaTeX")


def _sidebar_profile(folder: Path) -> Path:
    """The example with skills and languages, so the sidebar frame runs past two headings."""
    data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    data["layout"].pop("sections", None)
    data.pop("variants", None)
    data["skills"] = [{"category": "Systems", "items": ["CUDA", "NCCL", "PyTorch", "Triton"]},
                      {"category": "Languages", "items": ["Python", "C++", "Rust"]},
                      {"category": "Tools", "items": ["Docker", "Kubernetes", "Slurm"]}]
    data["languages"] = [{"language": "Chinese", "fluency": "Native"},
                         {"language": "English", "fluency": "Fluent"},
                         {"language": "Japanese", "fluency": "Basic"}]
    path = folder / "sidebar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_heading_rules_stay_out_of_the_sidebar_in_libreoffice(tmp_path: Path) -> None:
    export(_sidebar_profile(tmp_path), ["docx"], tmp_path, options=ExportOptions(
        theme="sidebar"))
    pdf = convert_with_libreoffice(next(tmp_path.glob("*.docx")), tmp_path)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = page.extract_words()
        rules = [r for r in page.lines + page.rects if r["height"] < 2 and r["width"] > 30]
    side = [w for w in words if w["text"] in ("LANGUAGES", "Japanese", "SKILLS", "Scholar")]
    assert len(side) == 4, [w["text"] for w in words[:40]]
    right = max(w["x1"] for w in side)
    # The sidebar's x-range, from its top to its last line ("Basic", under "Japanese").
    bottom = max(w["bottom"] for w in words if w["x1"] <= right and w["text"] == "Basic")
    inside = [(round(r["x0"]), round(r["top"])) for r in rules
              if r["x0"] < right and r["top"] < bottom + 2]
    assert len(rules) >= 4, "the heading rules are drawn"
    assert inside == [], f"rules cross the sidebar (x < {right:.0f}, top < {bottom:.0f})"


def _luminance(css_colour: str) -> float:
    """WCAG relative luminance of a computed ``rgb(r, g, b)`` colour."""
    channels = [int(c) / 255 for c in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BANDED = [name for name in design.names() if design.load(name).header == "band"]


@pytest.mark.parametrize("theme", BANDED)
def test_icons_on_the_band_are_readable_in_chromium(browser: Any, theme: str,
                                                     tmp_path: Path) -> None:
    export(PROFILE, ["html"], tmp_path, options=ExportOptions(theme=theme))
    page = browser.new_page()
    page.goto((tmp_path / "index.html").as_uri(), wait_until="load")
    band = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    icons = page.eval_on_selector_all(".site-header .contact .icon",
                                      "es => es.map(e => getComputedStyle(e).color)")
    page.close()
    assert len(icons) >= 4, icons
    # The icons draw in currentColor (stroke or fill); graphics need 3:1 (WCAG 1.4.11).
    weak = {c: round(_contrast(c, band), 2) for c in icons if _contrast(c, band) < 3}
    assert weak == {}, f"icons against the band {band}"


def test_academic_sets_its_sections_in_the_order_its_description_says(tmp_path: Path) -> None:
    described = design.load("academic").description
    assert "education and experience before the publications" in described
    export(PROFILE, ["pdf"], tmp_path, options=ExportOptions(theme="academic"))
    with pdfplumber.open(next(tmp_path.glob("*.pdf"))) as document:
        lines = [line.strip() for page in document.pages
                 for line in (page.extract_text() or "").splitlines()]
    headings = [line for line in lines if line in ("Education", "Experience", "Publications")]
    assert headings == ["Education", "Experience", "Publications"]


MM = 72 / 25.4
# A page's foot may stay blank for a section heading with its entry's title block and first
# line, or a short entry kept whole (at most KEEP_WHOLE_LINES under its title): about ten
# body lines. Before entries broke by their length, pages ended up to 28 % blank.
MOST_BLANK = 0.15


def _blank_feet(pdf: Path, margins: tuple[float, float]) -> list[float]:
    """Each page's blank at its foot but the last's, as a share of the text area's height:
    from the lowest word above the bottom margin (the footer sits below it) to the margin."""
    top, bottom = (side * MM for side in margins)
    shares = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages[:-1]:
            foot = float(page.height) - bottom
            lowest = max(w["bottom"] for w in page.extract_words() if w["bottom"] <= foot + 1)
            shares.append(round((foot - lowest) / (foot - top), 3))
    return shares


def _long_profiles(folder: Path) -> list[Path]:
    generated = folder / "long.yaml"
    generated.write_text(long_profile(papers=30, positions=12, schools=4, awards=6)[0], "utf-8")
    return [ROOT / "examples" / f"{name}.yaml" for name in ("jordan-lin", "linxiao-li")] + [
        generated]


@pytest.mark.parametrize("theme", design.names())
def test_no_page_ends_in_a_large_gap_in_the_pdf(theme: str, tmp_path: Path) -> None:
    margins = design.load(theme).margins
    page_margins = (margins.top, margins.bottom) if margins else (16.0, 18.0)
    for profile in _long_profiles(tmp_path):
        out = tmp_path / profile.stem
        export(profile, ["pdf"], out, options=ExportOptions(theme=theme))
        feet = _blank_feet(next(out.glob("*.pdf")), page_margins)
        assert len(feet) >= 1 and max(feet) <= MOST_BLANK, f"{profile.name}: {feet}"


@pytest.mark.parametrize("theme", design.names())
def test_no_page_ends_in_a_large_gap_in_the_docx(theme: str, tmp_path: Path) -> None:
    margins = design.load(theme).margins
    page_margins = (margins.top, margins.bottom) if margins else (18.0, 18.0)
    for profile in _long_profiles(tmp_path)[:2]:
        out = tmp_path / profile.stem
        export(profile, ["docx"], out, options=ExportOptions(theme=theme))
        pdf = convert_with_libreoffice(next(out.glob("*.docx")), out)
        feet = _blank_feet(pdf, page_margins)
        assert len(feet) >= 1 and max(feet) <= MOST_BLANK, f"{profile.name}: {feet}"


ICON_DESIGNS = [name for name in design.names() if design.load(name).contact_icons]


@pytest.mark.parametrize("theme", ICON_DESIGNS)
def test_docx_icons_on_the_band_are_readable(theme: str, tmp_path: Path) -> None:
    profile = tmp_path / "band.yaml"
    profile.write_text("name: Ada Example\ncontact: {email: ada@example.org, location: Berlin}\n"
                       "links: {github: adaexample}\nabout: Training systems.\n"
                       "layout: {design: {header: band}}\n", "utf-8")
    export(profile, ["docx"], tmp_path, options=ExportOptions(theme=theme))
    word = docx.Document(str(next(tmp_path.glob("*.docx"))))
    band = "#" + design.load(theme).accent  # the header's shading (docx_styles, band)
    contact = next(p for p in word.paragraphs if "ada@example.org" in p.text)
    icons = [r for r in contact.runs if r.text.strip() and r.text.strip() in "\u2709\u2302\u2197"]
    assert len(icons) == 2, [r.text for r in contact.runs]
    for run in icons:
        colour = str(run.font.color.rgb)
        assert _contrast(_rgb(colour), _rgb(band)) >= 3, f"icon {colour} on the band {band}"


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return f"rgb({int(value[:2], 16)}, {int(value[2:4], 16)}, {int(value[4:], 16)})"


@pytest.mark.parametrize("theme", design.names())
def test_a_band_asked_for_is_drawn_in_every_designs_pdf(theme: str, tmp_path: Path) -> None:
    """``layout: {design: {header: band}}`` draws the accent band across the first page's
    top in any design, not only in the one whose own stylesheet has it, with the name and
    contact lines white on it (beside a sidebar, the band spans the main column)."""
    profile = tmp_path / "band.yaml"
    profile.write_text("name: Ada Example\ncontact: {email: ada@example.org, location: Berlin}\n"
                       "about: Training systems.\nlayout: {design: {header: band}}\n", "utf-8")
    export(profile, ["pdf"], tmp_path, options=ExportOptions(theme=theme))
    accent = design.load(theme).accent
    with pdfplumber.open(next(tmp_path.glob("*.pdf"))) as document:
        page = document.pages[0]
        bands = [r for r in page.rects if r["top"] < 1 and r["width"] > page.width * 0.6
                 and _hex(r.get("non_stroking_color")) == accent.upper()]
        assert bands, f"no {accent} band across the top of page 1"
        on_band = "".join(c["text"] for c in page.chars if c["top"] < bands[0]["bottom"]
                          and _hex(c["non_stroking_color"]) == "FFFFFF")
        assert "Ada Example" in on_band
        if not design.load(theme).sidebar:
            assert "ada@example.org" in on_band


def _hex(colour: Any) -> str:
    if not colour or len(colour) != 3:
        return ""
    return "".join(f"{round(v * 255):02X}" for v in colour)


@pytest.mark.parametrize(("theme", "kept"), [("academic", True), ("classic", False),
                                             ("altacv", False)])
def test_a_narrower_main_column_keeps_a_shorter_entry_whole(theme: str, kept: bool,
                                                            tmp_path: Path) -> None:
    """An entry of five full-width lines is kept whole where the main column has the
    page's width; beside a column of dates or a side column it wraps to more lines, so
    it only keeps its heading with its first lines (the LaTeX's environment and the
    DOCX's keep-with-next say which)."""
    path = tmp_path / "p.yaml"
    summary = " ".join(["wrapped"] * 50)  # 399 characters: five lines of 95, six of 77
    path.write_text("name: Ada Example\nexperience:\n  - {organization: Lab, position: "
                    f"Engineer, start: 2020-01, summary: {summary}}}\n"
                    "skills:\n  - {category: Systems, items: [PyTorch]}\n", "utf-8")
    result = export(path, ["latex", "docx"], tmp_path / "out", options=ExportOptions(theme=theme))
    files = {w.format: w.path for w in result.written}
    source = files["latex"].read_text("utf-8")
    assert ("\\begin{cvKeep}" in source) == kept and ("\\begin{cvLong}" in source) != kept
    word = docx.Document(str(files["docx"]))
    title = next(p for p in word.paragraphs if "Engineer" in p.text)
    assert bool(title.paragraph_format.keep_with_next) == kept


def _printed_lines(pdf: Path, letters: str) -> int:
    """How many lines of the PDF hold the CJK characters ``letters`` (one entry's text)."""
    with pdfplumber.open(pdf) as document:
        return len({(number, round(c["top"])) for number, page in enumerate(document.pages)
                    for c in page.chars if c["text"] in letters})


def test_a_chinese_entry_is_measured_at_its_printed_width(tmp_path: Path) -> None:
    """A CJK character is about an em wide, twice a Latin letter: a Chinese summary of 330
    characters prints in more lines than an entry kept whole may have (the PDF says how
    many), so the LaTeX and the DOCX keep only its heading with its first lines; one of 140
    prints in three and stays whole on one page."""
    from cvkit.document import KEEP_WHOLE_LINES

    short, long = "模型训练" * 35, "系统优化" * 82 + "系统"
    path = tmp_path / "p.yaml"
    entry = "  - {{organization: Lab, position: {}, start: {}, summary: {}}}\n"
    path.write_text("name: Ada Example\nlayout: {locale: zh}\nexperience:\n"
                    + entry.format("Short", "2021-01", short)
                    + entry.format("Long", "2020-01", long), "utf-8")
    result = export(path, ["pdf", "latex", "docx"], tmp_path / "out",
                    options=ExportOptions(theme="academic"))
    files = {w.format: w.path for w in result.written}
    assert _printed_lines(files["pdf"], "模型训练") <= KEEP_WHOLE_LINES
    assert _printed_lines(files["pdf"], "系统优化") > KEEP_WHOLE_LINES
    source = files["latex"].read_text("utf-8")
    environments = [line for line in source.splitlines()
                    if line.startswith(("\\begin{cvKeep}", "\\begin{cvLong}"))]
    assert environments == ["\\begin{cvKeep}", "\\begin{cvLong}"], environments
    word = docx.Document(str(files["docx"]))
    for title, kept in (("Short", True), ("Long", False)):
        paragraph = next(p for p in word.paragraphs if p.text.startswith(title))
        assert bool(paragraph.paragraph_format.keep_with_next) == kept, title
