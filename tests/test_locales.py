"""Languages: titles, labels and CLDR dates in every format, and right to left where the
language is written so (checked in the HTML, the DOCX XML, the LaTeX source and the PDF)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from cvkit.api import ExportOptions, export, render
from cvkit.load import load_profile
from cvkit.locale import available, load

from .conftest import FIXTURES, require_tool
from .exporters.test_contract import extract_text, normalise

TWELVE = ["en", "zh", "ja", "ko", "de", "fr", "es", "pt", "it", "ru", "ar", "he"]

PROFILE = """\
name: Ada Example
publications:
  - {title: A Paper, authors: [Ada Example], venue: Conf, date: 2026-05}
education:
  - {institution: Uni, degree: PhD, start: 2023-09}
layout: {locale: LOCALE}
"""

# What each language's CV must say: its word for Publications, May 2026 and "Present".
EXPECTED = {
    "de": ("Publikationen", "Mai 2026", "heute"),
    "ja": ("研究業績", "2026年5月", "現在"),
    "ar": ("المنشورات", "مايو 2026", "حتى الآن"),
    "fr": ("Publications", "mai 2026", "aujourd’hui"),
    "ko": ("논문", "2026년 5월", "현재"),
    "ru": ("Публикации", "май 2026 г.", "н. в."),
    "he": ("פרסומים", "מאי 2026", "היום"),
    "zh": ("论文发表", "2026年5月", "至今"),
}


def test_twelve_locales_ship() -> None:
    assert set(TWELVE) <= set(available())
    for code in TWELVE:
        loc = load(code)
        assert loc.titles["publications"] and loc.labels["present"], code
    assert {code for code in available() if load(code).direction == "rtl"} == {"ar", "he"}


def _profile(tmp_path: Path, code: str) -> Path:
    path = tmp_path / f"{code}.yaml"
    path.write_text(PROFILE.replace("LOCALE", code), encoding="utf-8")
    return path


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_titles_and_dates_are_localised_in_pdf_and_homepage(code: str, tmp_path: Path) -> None:
    title, month, present = EXPECTED[code]
    profile = load_profile(_profile(tmp_path, code))
    rtl = load(code).direction == "rtl"
    for fmt in ("pdf", "html"):
        text = normalise(extract_text(fmt, render(profile, fmt).data))
        for phrase in (title, month, present):
            # pypdf reads right-to-left lines in visual order: look for each word.
            words = phrase.split() if rtl and fmt == "pdf" else [phrase]
            assert all(normalise(w) in text for w in words), (fmt, phrase, text)


def test_arabic_is_right_to_left_in_html_docx_and_latex() -> None:
    profile = load_profile(FIXTURES / "arabic.yaml")
    page = render(profile, "html", base_dir=FIXTURES).data.decode("utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    docx = render(profile, "docx", base_dir=FIXTURES).data
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert "<w:bidi/>" in styles and 'w:bidi="ar-EG"' in styles
    assert 'w:cs="Noto Naskh Arabic"' in styles
    tex = render(profile, "latex", base_dir=FIXTURES).data.decode("utf-8")
    assert "\\setdefaultlanguage{arabic}" in tex and "% !TEX program = xelatex" in tex
    # Latin names and titles inside the Arabic CV are set left to right.
    assert "\\textenglish{Layla Haddad}" in tex
    assert "\\textenglish{3.9/4.0}" in tex


def _heading_x(pdf: bytes, word: str) -> tuple[float, float]:
    """Where ``word`` starts on page 1, as a share of the page width (x of its first glyph)."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width = float(page.mediabox.width)
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if word in text:
            found.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    assert found, word
    return min(found) / width, width


def test_arabic_pdf_headings_sit_at_the_right() -> None:
    profile = load_profile(FIXTURES / "arabic.yaml")
    pdf = render(profile, "pdf", base_dir=FIXTURES).data
    share, _ = _heading_x(pdf, load("ar").titles["education"])
    assert share > 0.6, share  # right-aligned; an LTR heading starts near 0.08
    english = render(profile.model_copy(update={"layout": profile.layout.model_copy(
        update={"locale": "en"})}), "pdf", base_dir=FIXTURES).data
    assert _heading_x(english, "Education")[0] < 0.2


def test_arabic_latex_compiles_with_every_item(tmp_path: Path) -> None:
    require_tool(shutil.which("xelatex") is not None and shutil.which("latexmk") is not None,
                 "xelatex and latexmk (texlive packages)")
    from cvkit.exporters.latex import compile_tex

    shutil.copy(FIXTURES / "arabic.yaml", tmp_path / "ar.yaml")
    result = export(tmp_path / "ar.yaml", ["latex"], tmp_path / "out",
                    options=ExportOptions())
    pdf, warnings = compile_tex(result.written[0].path)
    assert warnings == []  # no character without a glyph
    text = normalise(extract_text("pdf", pdf.read_bytes()))
    for item in ("FlexTrain", "Layla Haddad", "Jiayi Huang", "American University of Beirut"):
        assert item in text, item
