"""The print formats' columns take the design's sizes: the side column's width and gap and
the column of dates (``side_column_mm``, ``side_gap_mm``, ``date_column_mm``), measured on
the PDF and the compiled LaTeX by pdfplumber's word positions, with a design of cvkit's own
and a user's design (on CVKIT_PATH) that widens them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.exporters.latex import compile_tex, engine_of
from cvkit.profile import design

from .test_latex import require_tex

pdfplumber = pytest.importorskip("pdfplumber")

MM = 72 / 25.4  # PDF points in a millimetre

PROFILE = """\
name: Ada Example
headline: Research Engineer
contact: {email: ada@example.org}
about: I build training systems for large models.
experience:
  - {organization: Example Lab, position: Engineer, start: 2019-09, end: 2024-12}
skills:
  - {category: Systems, items: [PyTorch, NCCL, Triton]}
"""


def user_theme(folder: Path, monkeypatch: pytest.MonkeyPatch, base: str, name: str,
               sizes: str) -> str:
    """``base`` copied as a user's theme, its design given ``sizes`` (YAML lines)."""
    theme = folder / "ext" / "themes" / name
    shutil.copytree(design.theme_dirs()[base], theme)
    with (theme / "design.yaml").open("a", encoding="utf-8") as file:
        file.write(sizes)
    monkeypatch.setenv("CVKIT_PATH", os.pathsep.join(  # before any the run was given
        filter(None, [str(folder / "ext"), os.environ.get("CVKIT_PATH")])))
    return name


def pdfs(folder: Path, theme: str, locale: str = "en") -> dict[str, Path]:
    """The PDF and the compiled LaTeX of the profile in ``theme``."""
    path = folder / "p.yaml"
    path.write_text(PROFILE + f"layout: {{locale: {locale}}}\n", "utf-8")
    result = export(path, ["pdf", "latex"], folder / f"{theme}-{locale}",
                    options=ExportOptions(theme=theme))
    files = {w.format: w.path for w in result.written}
    require_tex(engine_of(files["latex"].read_text("utf-8")))
    return {"pdf": files["pdf"], "latex": compile_tex(files["latex"])[0]}


def first_page_words(pdf: Path) -> list[dict[str, Any]]:
    with pdfplumber.open(pdf) as document:
        return list(document.pages[0].extract_words())


def entry_title(words: list[dict[str, Any]]) -> dict[str, Any]:
    """The entry's title, below the headline's "Engineer"."""
    return max((w for w in words if w["text"] == "Engineer"), key=lambda w: w["top"])


@pytest.mark.parametrize("wide", [False, True], ids=["sidebar", "wider"])
def test_the_side_column_has_the_designs_width_in_the_pdf_and_the_latex(
        wide: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theme = user_theme(tmp_path, monkeypatch, "sidebar", "sidebar-wide",
                       "side_column_mm: 72\nside_gap_mm: 9\n") if wide else "sidebar"
    reserve = design.load(theme).side_reserve_mm
    assert reserve == (81 if wide else 56)
    for fmt, pdf in pdfs(tmp_path, theme).items():
        words = first_page_words(pdf)
        side = next(w for w in words if w["text"] == "Systems")  # the side column's start
        main = entry_title(words)  # the main column's
        offset = (main["x0"] - side["x0"]) / MM
        assert abs(offset - reserve) < 1.5, f"{fmt}: main column {offset:.1f} mm in"


def date_and_title(words: list[dict[str, Any]], rtl: bool) -> tuple[list[dict[str, Any]],
                                                                     dict[str, Any]]:
    """The entry's title and the words of its date: beside it, before it in reading order."""
    title = entry_title(words)
    dates = [w for w in words if -2 < w["top"] - title["top"] < 25 and
             (w["x0"] >= title["x1"] if rtl else w["x1"] <= title["x0"])]
    assert dates, "the date stands beside the title"
    return dates, title


@pytest.mark.parametrize(("theme", "locale"), [
    ("classic", "en"), ("classic-wide", "en"), ("classic", "zh"), ("classic", "ar")])
def test_dates_stand_in_their_column_apart_from_the_text(
        theme: str, locale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date stands in the design's column of dates, at least 2 mm from the text beside
    it, on the title's line; a long one (Chinese, Arabic) wraps inside the column instead
    of running into the page's margin."""
    if theme == "classic-wide":
        user_theme(tmp_path, monkeypatch, "classic", theme, "date_column_mm: 45\n")
    column = design.load(theme).date_column_mm
    rtl = locale == "ar"
    for fmt, pdf in pdfs(tmp_path, theme, locale).items():
        words = first_page_words(pdf)
        dates, title = date_and_title(words, rtl)
        if rtl:
            gap = (min(w["x0"] for w in dates) - title["x1"]) / MM
            overrun = (max(w["x1"] for w in dates) - title["x1"]) / MM - column
        else:
            gap = (title["x0"] - max(w["x1"] for w in dates)) / MM
            overrun = (title["x0"] - min(w["x0"] for w in dates)) / MM - column
        assert gap >= 2, f"{fmt}: the date is {gap:.1f} mm from the text"
        assert overrun < 0.5, f"{fmt}: the date runs {overrun:.1f} mm past its column"
        first = min(dates, key=lambda w: w["top"])
        assert abs(first["bottom"] - title["bottom"]) < 1.5, f"{fmt}: not on the title's line"
        if not rtl:  # the title starts the column's width from the page's text (the footer)
            footer = min((w for w in words if w["text"] == "Ada"), key=lambda w: -w["top"])
            start = (title["x0"] - footer["x0"]) / MM
            assert abs(start - column) < 1, f"{fmt}: the text starts {start:.1f} mm in"


LONG_NAMES = """\
name: Ada Example
contact: {email: ada@example.org, website: https://ada.example.org}
skills:
  - {category: Systems, items: [PyTorch, NCCL, Triton]}
education:
  - institution: The Hong Kong University of Science and Technology (Guangzhou)
    location: Guangzhou, China
    degree: Ph.D., Microelectronics
    start: 2023-09
  - institution: The University of Sydney
    degree: Bachelor of Advanced Computing (Honours), Computer Science
    start: 2017-09
    end: 2021-12
"""


@pytest.mark.parametrize("theme", ["sidebar", "academic", "classic"])
def test_a_long_name_never_runs_into_its_date_or_place_in_the_latex(tmp_path: Path,
                                                                    theme: str) -> None:
    """A title or a school too long for the line beside its date or place wraps, and the
    date or place stands whole after it, at the line's end, at least 2 mm from any word
    (in sidebar's narrow column the place ran into the school's name, and a date broke in
    two)."""
    path = tmp_path / "p.yaml"
    path.write_text(LONG_NAMES, "utf-8")
    tex = export(path, ["latex"], tmp_path / theme, options=ExportOptions(theme=theme)
                 ).written[0].path
    require_tex(engine_of(tex.read_text("utf-8")))
    words = first_page_words(compile_tex(tex)[0])
    # pdfplumber joins a TeX line's words: a place run into the school is one word with it.
    placed = [w for w in words if w["text"] in ("Guangzhou,China", "Sep2017–Dec2021")]
    assert len(placed) == 2, [w["text"] for w in words]
    for mark in placed:
        beside = [w for w in words if w is not mark and abs(w["top"] - mark["top"]) < 3]
        assert all(w["x1"] + 2 * MM <= mark["x0"] or mark["x1"] + 2 * MM <= w["x0"]
                   for w in beside), (mark["text"], [w["text"] for w in beside])
