"""Right to left in the designs' own geometry: a column of dates, contact icons and a side
column's heading rules mirror in Arabic, read back by pdfplumber (the PDF) and from
LibreOffice's PDF of the DOCX."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export

PROFILE = """\
name: Ada Example
headline: Research Engineer
contact: {email: ada@example.org, location: "Berlin, Germany", phone: "+49 30 1234"}
links: {github: adaexample}
about: I build training systems for large models.
experience:
  - {organization: Example Lab, position: Engineer, start: 2022-01, end: 2024-03}
skills:
  - {category: Systems, items: [PyTorch, NCCL, Triton]}
"""


def made(tmp_path: Path, theme: str, formats: list[str], *, arabic: bool,
         extra: str = "") -> dict[str, Path]:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE + extra + ("layout: {locale: ar}\n" if arabic else ""), "utf-8")
    result = export(path, formats, tmp_path / "out", options=ExportOptions(theme=theme))
    return {w.format: w.path for w in result.written}


def page_words(pdf: Path, page: int = 0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The words and the drawn shapes (icons, rules) of one page."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        p = document.pages[page]
        return p.extract_words(), [*p.curves, *p.lines, *p.rects]


def word(words: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(w for w in words if w["text"] == text)


@pytest.mark.parametrize("theme", ["classic", "europass"])
@pytest.mark.parametrize("arabic", [False, True], ids=["en", "ar"])
def test_the_column_of_dates_stands_on_the_side_text_starts(theme: str, arabic: bool,
                                                            tmp_path: Path) -> None:
    words, _ = page_words(made(tmp_path, theme, ["pdf"], arabic=arabic)["pdf"])
    # The entry's title, below the headline's "Engineer"
    date, title = word(words, "2022"), max((w for w in words if w["text"] == "Engineer"),
                                           key=lambda w: w["top"])
    if arabic:  # as the DOCX sets it: the dates right of the text
        assert date["x0"] > title["x1"]
    else:
        assert date["x1"] < title["x0"]


def _icon_right_of(shapes: list[dict[str, Any]], w: dict[str, Any]) -> dict[str, Any]:
    near = [s for s in shapes if s["x0"] >= w["x1"] - 1 and s["x0"] - w["x1"] < 12
            and abs(s["top"] - w["top"]) < 4 and s["x1"] - s["x0"] < 12]
    assert near, f"no icon right of {w['text']}"
    return min(near, key=lambda s: s["x0"])


def test_contact_icons_keep_their_gaps_in_arabic(tmp_path: Path) -> None:
    """In right-to-left text an icon stands right of its item with a small gap, and the
    wide gap stands between one item and the next item's icon."""
    words, shapes = page_words(made(tmp_path, "altacv", ["pdf"], arabic=True)["pdf"])
    email, germany = word(words, "ada@example.org"), word(words, "Germany")
    for item in (email, germany):
        gap = _icon_right_of(shapes, item)["x0"] - item["x1"]
        assert 1.5 < gap < 6, (item["text"], gap)
    phone_number = word(words, "49+")
    phone_icon = _icon_right_of(shapes, phone_number)
    assert email["x0"] - phone_icon["x1"] > 6  # the gap between items, before the icon


def side_and_main(words: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A word of the side column (its skill's category) and the main column's entry title."""
    side = next(w for w in words if w["text"].strip(":") == "Systems")
    return side, max((w for w in words if w["text"] == "Engineer"), key=lambda w: w["top"])


@pytest.mark.parametrize("theme", ["sidebar", "altacv"])
@pytest.mark.parametrize("arabic", [False, True], ids=["en", "ar"])
def test_the_side_column_stands_on_the_same_side_in_every_format(
        theme: str, arabic: bool, tmp_path: Path) -> None:
    """sidebar_side names where lines start (sidebar: left) or end (altacv: right), so in
    Arabic the side column stands on the other edge, in the PDF, the compiled LaTeX and
    the DOCX's frame alike."""
    from cvkit.exporters.latex import compile_tex, engine_of

    from .conftest import require_tool

    start = {False: "left", True: "right"}[arabic]
    edge = start if theme == "sidebar" else {"left": "right", "right": "left"}[start]
    files = made(tmp_path, theme, ["pdf", "docx", "latex"], arabic=arabic)
    with zipfile.ZipFile(files["docx"]) as z:
        frames = re.findall(r"<w:framePr [^>]*>", z.read("word/document.xml").decode("utf-8"))
    assert frames and all(f'w:xAlign="{edge}"' in f for f in frames), frames[:1]
    engine = engine_of(files["latex"].read_text("utf-8"))
    require_tool(shutil.which(engine) is not None and shutil.which("latexmk") is not None,
                 f"{engine} and latexmk (texlive packages)")
    for fmt, pdf in (("pdf", files["pdf"]), ("latex", compile_tex(files["latex"])[0])):
        side, main = side_and_main(page_words(pdf)[0])
        assert (side["x0"] > main["x1"]) == (edge == "right"), (fmt, side["x0"], main["x0"])
        assert (side["x1"] < main["x0"]) == (edge == "left"), (fmt, side["x1"], main["x0"])


def _long_profile() -> str:
    """Enough entries that Education's heading and dates fall on page 2 of the DOCX."""
    jobs = "".join(f"  - {{organization: Lab {i}, position: Engineer {i}, start: {2000 + i}-01, "
                   f"end: {2001 + i}-01, summary: {'Trained and served large models. ' * 4}}}\n"
                   for i in range(14))
    schools = "".join(f"  - {{institution: School {i}, degree: MSc, start: {1990 + i}-09, "
                      f"end: {1991 + i}-06}}\n" for i in range(4))
    return ("skills:\n  - {category: Systems, items: [PyTorch, NCCL, Triton]}\n"
            "languages:\n  - {language: German, fluency: Native}\n"
            "  - {language: French, fluency: Fluent}\nexperience:\n" + jobs
            + "education:\n" + schools
            + "layout: {sections: [about, experience, education, skills, languages]}\n")


def _rules(shapes: list[dict[str, Any]]) -> list[dict[str, float]]:
    """The long horizontal lines, an underline's pieces (the heading's text, its tab) joined."""
    pieces = sorted((s for s in shapes if s["height"] < 2 and s["x1"] - s["x0"] > 2),
                    key=lambda s: (round(s["top"]), s["x0"]))
    joined: list[dict[str, float]] = []
    for s in pieces:
        last = joined[-1] if joined else None
        if last and abs(last["top"] - s["top"]) < 1 and abs(last["x1"] - s["x0"]) < 1:
            last["x1"] = s["x1"]
        else:
            joined.append({"x0": s["x0"], "x1": s["x1"], "top": s["top"]})
    return [r for r in joined if r["x1"] - r["x0"] > 100]


@pytest.mark.parametrize("arabic", [False, True], ids=["en", "ar"])
def test_docx_heading_rules_stop_at_the_frame_and_run_full_width_below(
        arabic: bool, tmp_path: Path) -> None:
    """altacv's DOCX as LibreOffice lays it out: the rule of a heading beside the frame
    stops before the frame and reaches near it (the frame stands where lines end: on the
    right, and on the left in Arabic); on page 2 every rule reaches the dates' outer edge."""
    from .exporters.test_docx import convert_with_libreoffice

    text = PROFILE.split("experience:")[0] + _long_profile()
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("layout: {", "layout: {locale: ar, ") if arabic else text,
                    "utf-8")
    result = export(path, ["docx"], tmp_path / "out", options=ExportOptions(theme="altacv"))
    pdf = convert_with_libreoffice(result.written[0].path, tmp_path)
    words, shapes = page_words(pdf, 0)
    side = [word(words, w) for w in ("Systems", "PyTorch", "Native", "French", "Fluent")]
    beside = [r for r in _rules(shapes) if r["top"] < max(w["bottom"] for w in side)]
    assert beside, "no heading beside the frame"
    for rule in beside:
        if arabic:
            assert 0 < rule["x0"] - max(w["x1"] for w in side) < 60, rule["x0"]
        else:
            assert 0 < min(w["x0"] for w in side) - rule["x1"] < 60, rule["x1"]
    words, shapes = page_words(pdf, 1)
    years = [w for w in words if w["text"].isdigit() and len(w["text"]) == 4]
    below = _rules(shapes)
    assert years and below, "page 2 has no heading with dates"
    for rule in below:
        if arabic:
            assert rule["x0"] <= min(w["x0"] for w in years) + 2
        else:
            assert rule["x1"] >= max(w["x1"] for w in years) - 2
