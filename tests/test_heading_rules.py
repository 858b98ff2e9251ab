"""The design knobs of the Awesome-CV and Europass looks, read back from each format: a
section heading's rule that fills the rest of its line (`heading_rule: after`) and bars
between the header's contact items (`contact_separator: bar`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export

from .conftest import ROOT, require_tool

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"


def _rules_after(pdf: Path, heading: str) -> list[tuple[float, float]]:
    """The horizontal rules (x0, x1) drawn on the line of the first word `heading` of page 1,
    right of it."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        word = next(w for w in page.extract_words() if w["text"].lower() == heading.lower())
        shapes: list[dict[str, Any]] = [*page.lines, *page.rects]
        return [(s["x0"], s["x1"]) for s in shapes
                if s["x0"] > word["x1"] and s["top"] > word["top"] and
                s["bottom"] < word["bottom"] and s["x1"] - s["x0"] > 100]


@pytest.mark.parametrize("theme", ["awesome", "europass"])
def test_the_heading_rule_runs_from_the_heading_to_the_margin(theme: str, tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_TAB_LEADER

    from cvkit.exporters.latex import compile_tex

    result = export(EXAMPLE, ["pdf", "docx", "latex"], tmp_path, name="cv",
                    options=ExportOptions(theme=theme))
    files = {w.format: w.path for w in result.written}
    heading = "Education"
    word = Document(str(files["docx"]))
    style = word.styles["Heading 1"]
    (stop,) = style.paragraph_format.tab_stops
    assert stop.leader == WD_TAB_LEADER.LINES
    headings = [p for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(p.text.endswith("\t") for p in headings)
    assert style.element.pPr.find(f"{W}pBdr") is None
    _assert_rule_to_the_margin(files["pdf"], heading, "pdf")
    require_tool(shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None,
                 "latexmk and pdflatex (texlive packages)")
    _assert_rule_to_the_margin(compile_tex(files["latex"])[0], heading, "latex")


def _assert_rule_to_the_margin(pdf: Path, heading: str, fmt: str) -> None:
    import pypdf

    rules = _rules_after(pdf, heading)
    assert rules, (fmt, "no rule beside the heading")
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    assert max(x1 for _, x1 in rules) > width - 60, (fmt, rules)  # to the right margin


def test_a_design_with_the_rule_under_keeps_it_under(tmp_path: Path) -> None:
    """The six older designs draw the rule under the heading, across the column."""
    result = export(EXAMPLE, ["pdf", "docx"], tmp_path, name="cv",
                    options=ExportOptions(theme="academic"))
    files = {w.format: w.path for w in result.written}
    assert not _rules_after(files["pdf"], "Education")
    # Heading 1's own bottom border (python-docx's default styles carry others).
    style = docx.Document(str(files["docx"])).styles["Heading 1"].element
    border = style.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert border is not None and border.get(f"{W}val") not in (None, "nil", "none")


def test_bars_stand_between_the_contact_items_in_every_format(tmp_path: Path) -> None:
    from docx import Document

    from .exporters.test_contract import extract_text

    result = export(EXAMPLE, ["pdf", "docx", "latex"], tmp_path, name="cv",
                    options=ExportOptions(theme="awesome"))
    files = {w.format: w.path for w in result.written}
    pair = "weilin@example.org | weilin.example.org"
    assert pair in " ".join(extract_text("pdf", files["pdf"].read_bytes()).split())
    contact = next(p.text for p in Document(str(files["docx"])).paragraphs
                   if "weilin@example.org" in p.text)
    assert "weilin@example.org  |  " in contact
    require_tool(shutil.which("latexmk") is not None, "latexmk (texlive packages)")
    from cvkit.exporters.latex import compile_tex

    latex_pdf, _ = compile_tex(files["latex"])
    assert pair in " ".join(extract_text("pdf", latex_pdf.read_bytes()).split())
