"""The altacv design's own knobs (sidebar_side, sidebar_contact, contact_icons, skill_tags),
each read back where a reader meets it: the PDF by pdfplumber, the LaTeX compiled, the DOCX
as LibreOffice lays it out."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.profile import design

from .conftest import require_tool

PROFILE = """\
name: Ada Example
headline: Research Engineer
contact: {email: ada@example.org, location: "Berlin, Germany"}
links: {github: adaexample}
about: I build training systems for large models.
experience:
  - {organization: Example Lab, position: Engineer, start: 2022-01}
skills:
  - {category: Systems, items: [PyTorch, NCCL, Triton]}
languages:
  - {language: German, fluency: Native}
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("altacv")
    path = root / "ada.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    result = export(path, ["pdf", "docx", "latex"], root / "out",
                    options=ExportOptions(theme="altacv"))
    return {w.format: w.path for w in result.written}


def first_page_words(pdf: Path) -> dict[str, Any]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = {w["text"]: w for w in page.extract_words()}
        words["_width"] = page.width
        words["_lines"] = [*page.lines, *(r for r in page.rects if r["height"] < 2)]
    return words


def assert_right_column(words: dict[str, Any]) -> None:
    """The side column's words on the right of the page, the main column's on the left,
    the contact items under the name (not in the side column)."""
    half = words["_width"] / 2
    for side in ("German", "Native", "PyTorch", "NCCL"):
        assert words[side]["x0"] > half, side
    for main in ("Engineer", "Example", "ada@example.org"):
        assert words[main]["x1"] < half, main
    assert words["ada@example.org"]["top"] < words["Engineer"]["top"]


def test_the_altacv_design_takes_the_new_knobs_and_the_others_keep_their_defaults() -> None:
    chosen = design.load("altacv")
    assert (chosen.sidebar_side, chosen.sidebar_contact, chosen.contact_icons,
            chosen.skill_tags) == ("right", False, True, True)
    for name in ("academic", "classic", "compact", "industry", "modern", "sidebar"):
        other = design.load(name)
        assert (other.sidebar_side, other.sidebar_contact, other.contact_icons,
                other.skill_tags) == ("left", True, False, False), name


def test_pdf_sets_the_side_column_on_the_right_with_skills_as_tags(made: dict[str, Path]) -> None:
    from pypdf import PdfReader

    assert_right_column(first_page_words(made["pdf"]))
    text = PdfReader(made["pdf"]).pages[0].extract_text()
    # Each skill its own tag, not a comma list; the icons are drawings, not text.
    assert "PyTorch, NCCL" not in text and "PyTorch" in text
    assert "ada@example.org" in text and "\ufffd" not in text
    # The main column is read before the side column (an applicant tracking system).
    assert text.index("Example Lab") < text.index("Native")


def test_latex_compiles_with_the_side_column_on_the_right(made: dict[str, Path]) -> None:
    from cvkit.build.check import check
    from cvkit.exporters.latex import compile_tex, engine_of
    from cvkit.profile.load import load_profile

    tex = made["latex"]
    source = tex.read_text("utf-8")
    engine = engine_of(source)
    require_tool(shutil.which(engine) is not None and shutil.which("latexmk") is not None,
                 f"{engine} and latexmk (texlive packages)")
    assert "\\setcolumnwidth{\\fill/6mm,50mm}" in source and "\\cviconemail" in source
    pdf, _ = compile_tex(tex)
    assert_right_column(first_page_words(pdf))
    report = check(pdf, load_profile(tex.parent.parent / "ada.yaml"))
    assert report.ok, ([f.value for f in report.missing], report.problems)


def test_docx_frame_sits_right_and_heading_rules_stop_before_it(made: dict[str, Path],
                                                                tmp_path: Path) -> None:
    with zipfile.ZipFile(made["docx"]) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:xAlign="right"' in body and 'w:x="0"' not in body
    assert body.count("<w:bdr ") == 3  # one framed tag per skill
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert soffice
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(made["docx"])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    words = first_page_words(tmp_path / (made["docx"].stem + ".pdf"))
    assert_right_column(words)
    column = min(words[w]["x0"] for w in ("German", "Native", "PyTorch"))
    # The frame reaches a line below its last words (its paragraph spacing).
    frame_bottom = max(words[w]["bottom"] for w in ("German", "Native", "PyTorch")) + 12
    rules = [line for line in words["_lines"] if line["x1"] - line["x0"] > 50]
    beside = [line for line in rules if line["top"] < frame_bottom]
    assert beside and len(beside) < len(rules), "no heading rule beside and below the frame"
    # LibreOffice draws a paragraph's rule through a frame beside it: none beside may reach
    # it; below the frame the rule runs to the dates' right edge.
    assert max(line["x1"] for line in beside) < column
    assert max(line["x1"] for line in rules if line not in beside) >= words["Present"]["x1"] - 2


def test_no_format_sets_an_empty_side_column(tmp_path: Path) -> None:
    """Nothing for the right column (no skills, languages or awards, contact under the
    name): every format keeps the whole width for the main column."""
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.split("skills:")[0], encoding="utf-8")
    result = export(path, ["pdf", "docx", "latex"], tmp_path / "out",
                    options=ExportOptions(theme="altacv"))
    files = {w.format: w.path for w in result.written}
    assert "paracol" not in files["latex"].read_text("utf-8")
    with zipfile.ZipFile(files["docx"]) as z:
        assert "w:framePr" not in z.read("word/document.xml").decode("utf-8")
    words = first_page_words(files["pdf"])
    # The main column's dates stand flush right at the page's margin, not before a column.
    assert words["Present"]["x1"] > words["_width"] * 0.8


def test_a_photo_alone_keeps_no_empty_column_where_the_photo_is_not_set_in_it(
        tmp_path: Path) -> None:
    """A photo alone is nothing to set a side column for: with nothing else for it, the
    LaTeX has no paracol and the DOCX no frame, and the DOCX still carries the photo."""
    from base64 import b64decode

    (tmp_path / "me.png").write_bytes(b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.split("skills:")[0] + "photo: me.png\n", encoding="utf-8")
    result = export(path, ["docx", "latex"], tmp_path / "out",
                    options=ExportOptions(theme="altacv"))
    files = {w.format: w.path for w in result.written}
    assert "paracol" not in files["latex"].read_text("utf-8")
    with zipfile.ZipFile(files["docx"]) as z:
        assert "w:framePr" not in z.read("word/document.xml").decode("utf-8")
        assert any(name.startswith("word/media/") for name in z.namelist())


@pytest.mark.parametrize("theme", ["sidebar", "altacv"])
def test_the_photo_heads_a_side_column_that_holds_more_in_the_docx(
        theme: str, tmp_path: Path) -> None:
    """With skills and languages in the side column, the DOCX still carries the photo: a
    picture in the side column's frame, which LibreOffice draws inside the column, above
    the column's first heading; the main column's date beside the taller frame stands
    before it."""
    import docx
    import pdfplumber
    from docx.oxml.ns import qn
    from PIL import Image

    from .exporters.test_docx import convert_with_libreoffice

    Image.new("RGB", (60, 80), "#2F6F9F").save(tmp_path / "me.png")
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE + "photo: me.png\n", encoding="utf-8")
    result = export(path, ["docx"], tmp_path / "out", options=ExportOptions(theme=theme))
    word = docx.Document(str(result.written[0].path))
    assert len(word.inline_shapes) == 1
    holder = next(p for p in word.paragraphs
                  if p.paragraph_format.element.xpath(".//wp:inline"))
    assert holder.paragraph_format.element.pPr.find(qn("w:framePr")) is not None
    with pdfplumber.open(convert_with_libreoffice(result.written[0].path, tmp_path)) as pdf:
        page = pdf.pages[0]
        images, words, width = page.images, page.extract_words(), float(page.width)
    assert len(images) == 1, "LibreOffice draws the photo"
    heading = next(w for w in words if w["text"].upper() == "SKILLS")
    column = (heading["x0"] - 2, heading["x0"] + design.load(theme).side_column_mm * 72 / 25.4)
    photo = images[0]
    assert column[0] <= photo["x0"] and photo["x1"] <= column[1], (photo["x0"], column)
    assert photo["bottom"] <= heading["top"] and (photo["x0"] > width / 2) == (
        theme == "altacv")
    # The taller frame still has the entry's date beside it stop before it (a right tab).
    date = next(w for w in words if w["text"] == "Present")
    assert date["x1"] < column[0] if theme == "altacv" else date["x0"] > column[1]


@pytest.mark.parametrize("theme", ["sidebar", "altacv"])
def test_a_side_column_compiles_right_to_left(theme: str, tmp_path: Path) -> None:
    """The column ratio is a number, never wrapped as text: an Arabic CV in a design with a
    side column compiles with xelatex."""
    from cvkit.exporters.latex import compile_tex, engine_of

    path = tmp_path / "p.yaml"
    path.write_text(PROFILE + "layout: {locale: ar}\n", encoding="utf-8")
    result = export(path, ["latex"], tmp_path / "out", options=ExportOptions(theme=theme))
    tex = result.written[0].path
    source = tex.read_text("utf-8")
    engine = engine_of(source)
    require_tool(shutil.which(engine) is not None and shutil.which("latexmk") is not None,
                 f"{engine} and latexmk (texlive packages)")
    assert engine == "xelatex"
    # Each design's side column keeps its own place in paracol's order (a flip would put
    # it on the other side of the page).
    columns = {"sidebar": "\\fill/6mm,50mm", "altacv": "50mm/6mm,\\fill"}[theme]
    assert f"\\setcolumnwidth{{{columns}}}" in source
    pdf, _ = compile_tex(tex)
    assert pdf.is_file()


def _icon_before(words: list[dict[str, Any]], shapes: list[dict[str, Any]], text: str) -> bool:
    """Whether an icon (a drawn shape, or one of the DOCX's symbols) stands just left of the
    word starting `text`, on its line."""
    w = next(x for x in words if x["text"].startswith(text))
    icons = [s for s in shapes if s["x1"] - s["x0"] < 14] + \
        [x for x in words if x["text"] in ("✉", "⌂", "✆", "↗")]
    return any(0 <= w["x0"] - i["x1"] < 10 and abs(i["top"] - w["top"]) < 6 for i in icons)


def test_the_side_columns_contact_lines_carry_icons_in_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """contact_icons with the contact lines in the side column (sidebar_contact): the PDF,
    the compiled LaTeX and the DOCX as LibreOffice lays it out draw an icon before each."""
    import pdfplumber

    from cvkit.exporters.latex import compile_tex, engine_of

    from .exporters.test_docx import convert_with_libreoffice

    # A user's theme (on CVKIT_PATH): altacv with the contact lines in its side column.
    theme = tmp_path / "ext" / "themes" / "altacv-side"
    shutil.copytree(design.theme_dirs()["altacv"], theme)
    yaml = (theme / "design.yaml").read_text("utf-8")
    (theme / "design.yaml").write_text(yaml.replace("sidebar_contact: false",
                                                    "sidebar_contact: true"), "utf-8")
    monkeypatch.setenv("CVKIT_PATH", str(tmp_path / "ext"))
    path = tmp_path / "ada.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    result = export(path, ["pdf", "docx", "latex"], tmp_path / "out",
                    options=ExportOptions(theme="altacv-side"))
    files = {w.format: w.path for w in result.written}
    source = files["latex"].read_text("utf-8")
    require_tool(shutil.which(engine_of(source)) is not None and
                 shutil.which("latexmk") is not None, "a LaTeX engine and latexmk")
    pdfs = {"pdf": files["pdf"], "latex": compile_tex(files["latex"])[0],
            "docx": convert_with_libreoffice(files["docx"], tmp_path)}
    for fmt, pdf in pdfs.items():
        with pdfplumber.open(pdf) as document:
            page = document.pages[0]
            words = page.extract_words()
            shapes = [*page.curves, *page.rects, *page.lines]
            half = page.width / 2
        email = next(w for w in words if w["text"] == "ada@example.org")
        assert email["x0"] > half, (fmt, "the contact lines stand in the right column")
        for text in ("ada@example.org", "Berlin,", "GitHub"):
            assert _icon_before(words, shapes, text), (fmt, text)


def test_a_heading_rule_after_the_title_stays_beside_the_frame(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A design whose headings end in a rule (heading_rule: after, a tab's leader) with
    altacv's frame on the right: the headings beside the frame keep their rule, stopped at
    the frame, not a blank tab."""
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    from .exporters.test_columns import user_theme

    theme = user_theme(tmp_path, monkeypatch, "altacv", "ruled", "heading_rule: after\n")
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    result = export(path, ["docx"], tmp_path / "out", options=ExportOptions(theme=theme))
    document = docx.Document(str(result.written[0].path))
    moved = [p for p in document.paragraphs if p.style.name.startswith("Heading")
             and len(p.paragraph_format.tab_stops)]
    assert moved, "no heading beside the frame"
    for paragraph in moved:
        kept = [s for s in paragraph.paragraph_format.tab_stops
                if s.alignment != WD_TAB_ALIGNMENT.CLEAR]
        assert kept and all(s.leader == WD_TAB_LEADER.LINES for s in kept), paragraph.text
