"""Languages: titles, labels and CLDR dates in every format, and right to left where the
language is written so (checked in the HTML, the DOCX XML, the LaTeX source and the PDF)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from cvkit.build.api import ExportOptions, export, render
from cvkit.profile.load import load_profile
from cvkit.profile.locale import available, load

from .conftest import FIXTURES, require_tool
from .exporters.test_contract import extract_text, normalise

TWELVE = ["en", "zh", "ja", "ko", "de", "fr", "es", "pt", "it", "ru", "ar", "he"]
NINE = ["fa", "nl", "pl", "tr", "uk", "sv", "id", "vi", "hi"]
SIX = ["cs", "da", "fi", "nb", "ro", "hu"]  # more languages CLDR and CSL both have

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


def test_twenty_eight_locales_ship() -> None:
    assert set(TWELVE + ["zh-Hant"] + NINE + SIX) == set(available())
    for code in available():
        loc = load(code)
        assert loc.titles["publications"] and loc.labels["present"], code
    assert {code for code in available() if load(code).direction == "rtl"} == {"ar", "fa", "he"}


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


# -- the languages of issue 40 --------------------------------------------------------------

REFERENCES = """\
name: Ada Example
publications:
  - title: A Study of Things
    authors: [Ada Example, Bo Chen, Cy Diaz, Di Evans]
    venue: Workshop on Things
    book_title: Proceedings of the Workshop on Things
    pages: 10-20
    date: 2026-05
education:
  - {institution: Uni, degree: PhD, start: 2023-09}
layout: {locale: LOCALE, max_authors: 2}
"""

class Words(NamedTuple):
    """A language's words as its CV prints them."""

    education: str
    publications: str
    may_2026: str
    present: str
    et_al: str  # the default list's, after the two authors kept
    within: str  # before the proceedings: its CSL locale's "in"
    csl_and: str  # before the last author in a CSL style
    csl_et_al: str  # after the authors a CSL style keeps


WORDS = {
    "fa": Words("تحصیلات", "انتشارات", "مه 2026", "تاکنون", "و همکاران", "در", "و",
                "و همکاران"),
    "nl": Words("Opleiding", "Publicaties", "mei 2026", "heden", "e.a.", "in", "en", "e.a."),
    "pl": Words("Wykształcenie", "Publikacje", "maj 2026", "obecnie", "i in.", "w", "i",
                "et al."),
    "tr": Words("Eğitim", "Yayınlar", "Mayıs 2026", "Halen", "vd.", "içinde", "ve", "vd."),
    "uk": Words("Освіта", "Публікації", "травень 2026 р.", "дотепер", "та ін.", "у", "і",
                "та ін."),
    "sv": Words("Utbildning", "Publikationer", "maj 2026", "nu", "m.fl.", "i", "och", "m.fl."),
    "id": Words("Pendidikan", "Publikasi", "Mei 2026", "sekarang", "dkk.", "dalam", "dan",
                "dkk."),
    "vi": Words("Học vấn", "Công trình khoa học", "tháng 5 năm 2026", "nay", "và c.s.",
                "trong", "và", "và c.s."),
    "hi": Words("शिक्षा", "प्रकाशन", "मई 2026", "वर्तमान", "एवं अन्य", "में", "व", "इत्यादि"),
    "cs": Words("Vzdělání", "Publikace", "květen 2026", "dosud", "a kol.", "in", "a", "et al."),
    "da": Words("Uddannelse", "Publikationer", "maj 2026", "nu", "m.fl.", "i", "og", "m.fl."),
    "fi": Words("Koulutus", "Julkaisut", "toukokuu 2026", "nyt", "ym.", "teoksessa", "ja",
                "ym."),
    "nb": Words("Utdanning", "Publikasjoner", "mai 2026", "nå", "mfl.", "i", "og", "mfl."),
    "ro": Words("Educație", "Publicații", "mai 2026", "prezent", "et al.", "în", "și",
                "et al."),
    "hu": Words("Tanulmányok", "Publikációk", "2026. május", "jelenleg", "és mtsai.", "in",
                "és", "és mtsai."),
}

# Words a PDF shows rightly (the page images were looked at) but pypdf reads back wrongly:
# the glyphs of Devanagari conjuncts (प्र, र्त) map to other letters in the fonts' tables,
# and xelatex's PDF puts the vowel sign of शि before its consonant; pdflatex's Charter builds
# ě and ř, and the capitals Ğ and İ of the Turkish headings, from a letter and an accent,
# which read back apart.
MISREAD = {
    ("hi", "pdf"): {"प्रकाशन", "वर्तमान"},
    ("hi", "latex"): {"शिक्षा", "प्रकाशन", "वर्तमान"},
    ("tr", "latex"): {"Eğitim"},
    ("cs", "latex"): {"Vzdělání", "květen 2026"},
}


def _references_profile(tmp_path: Path, code: str) -> Path:
    path = tmp_path / f"{code}.yaml"
    path.write_text(REFERENCES.replace("LOCALE", code), encoding="utf-8")
    return path


def _phrases(code: str) -> list[str]:
    w = WORDS[code]
    return [w.education, w.publications, w.may_2026, w.present, f"Bo Chen, {w.et_al}",
            f"{w.within} Proceedings of the Workshop on Things"]


def _require_script_fonts(code: str) -> None:
    """Persian and Hindi need their Noto fonts (Debian's fonts-noto-core)."""
    fonts = load(code).fonts
    if fonts:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                                check=False).stdout if shutil.which("fc-list") else ""
        require_tool(fonts[0] in listed, f"the font {fonts[0]} (fonts-noto-core)")


def _fold(text: str) -> str:
    """Letters without case, headings being in capitals or small capitals; Turkish capitals
    pair i with İ and ı with I, which casefold keeps apart from i."""
    return normalise(text).casefold().replace("i\u0307", "i").replace("ı", "i")


def _assert_says(text: str, code: str, fmt: str) -> None:
    text = _fold(text)
    for phrase in _phrases(code):
        if phrase in MISREAD.get((code, fmt), ()):
            continue
        # pypdf reads right-to-left lines in visual order: look for each word.
        rtl_pdf = fmt in ("pdf", "latex") and load(code).direction == "rtl"
        words = phrase.replace(",", " ").split() if rtl_pdf else [phrase]
        assert all(_fold(w) in text for w in words), (code, fmt, phrase, text)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("code", NINE + SIX)
def test_each_new_language_in_pdf_html_and_docx(code: str, tmp_path: Path) -> None:
    _require_script_fonts(code)
    profile = load_profile(_references_profile(tmp_path, code))
    for fmt in ("pdf", "html"):
        _assert_says(extract_text(fmt, render(profile, fmt).data), code, fmt)
    _assert_says(_docx_text(render(profile, "docx").data), code, "docx")


@pytest.mark.parametrize("code", NINE + SIX)
def test_each_new_language_in_compiled_latex(code: str, tmp_path: Path) -> None:
    require_tool(shutil.which("xelatex") is not None and shutil.which("latexmk") is not None,
                 "xelatex and latexmk (texlive packages)")
    _require_script_fonts(code)
    from cvkit.exporters.latex import compile_tex

    result = export(_references_profile(tmp_path, code), ["latex"], tmp_path / "out",
                    options=ExportOptions())
    pdf, warnings = compile_tex(result.written[0].path)
    assert warnings == []  # every character had a glyph
    _assert_says(extract_text("pdf", pdf.read_bytes()), code, "latex")


@pytest.mark.parametrize("code", NINE + SIX)
def test_each_new_language_writes_a_csl_style_in_its_words(code: str, tmp_path: Path) -> None:
    options = ExportOptions(citation_style="chicago")
    path = _references_profile(tmp_path, code)
    cut = normalise(extract_text("html", render(load_profile(path), "html", options).data))
    assert f"Bo Chen, {WORDS[code].csl_et_al}" in cut, cut
    path.write_text(path.read_text("utf-8").replace(", max_authors: 2", ""), encoding="utf-8")
    every = normalise(extract_text("html", render(load_profile(path), "html", options).data))
    assert f"Cy Diaz, {WORDS[code].csl_and} Di Evans" in every, every


def test_persian_is_right_to_left_in_every_format(tmp_path: Path) -> None:
    _require_script_fonts("fa")
    profile = load_profile(_references_profile(tmp_path, "fa"))
    page = render(profile, "html").data.decode("utf-8")
    assert '<html lang="fa" dir="rtl">' in page
    with zipfile.ZipFile(io.BytesIO(render(profile, "docx").data)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert "<w:bidi/>" in styles and 'w:bidi="fa-IR"' in styles
    assert 'w:cs="Noto Naskh Arabic"' in styles
    tex = render(profile, "latex").data.decode("utf-8")
    assert "\\setdefaultlanguage{persian}" in tex and "Script=Arabic," in tex
    assert "\\textenglish{Ada Example}" in tex
    pdf = render(profile, "pdf").data
    assert _heading_x(pdf, WORDS["fa"].education)[0] > 0.6  # headings at the right


def test_hindi_latex_sets_devanagari_in_its_own_font(tmp_path: Path) -> None:
    tex = render(load_profile(_references_profile(tmp_path, "hi")), "latex").data.decode("utf-8")
    assert "\\newfontfamily\\cvscriptfont[Script=Devanagari," in tex
    assert '\\count255="0900' in tex and "% !TEX program = xelatex" in tex
    assert "polyglossia" not in tex  # left to right: no bidi


def test_a_date_in_a_bold_entry_line_is_regular_in_devanagari_too(tmp_path: Path) -> None:
    """Word sets Devanagari, Arabic and Hebrew in its complex-script bold (w:bCs): the date's
    style turns that off as well as the Latin bold."""
    import docx

    data = render(load_profile(_references_profile(tmp_path, "hi")), "docx").data
    styles = docx.Document(io.BytesIO(data)).styles
    assert styles["CV Entry"].font.cs_bold is True
    assert styles["CV Date"].font.bold is False and styles["CV Date"].font.cs_bold is False


@pytest.mark.parametrize("code", ["fa", "en"])
def test_the_homepage_is_one_screen_wide_either_way(code: str, tmp_path: Path,
                                                    browser: Any) -> None:
    """Nothing lies off the page's side: the skip link waits off the side the text starts
    from, which a right-to-left page cannot scroll to; on focus it shows at that side."""
    export(_references_profile(tmp_path, code), ["html"], tmp_path / "site")
    page = browser.new_page(viewport={"width": 900, "height": 700})
    try:
        page.goto((tmp_path / "site" / "index.html").as_uri())
        widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], widths
        page.keyboard.press("Tab")
        box = page.locator("a.skip").bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 900, box
        assert (box["x"] > 450) == (code == "fa"), box  # at the right of a Persian page
    finally:
        page.close()


@pytest.mark.parametrize(("extra", "message"), [
    ({"tex_script": None}, "tex_range needs tex_font and tex_script"),
    ({"tex_font": None}, "tex_range needs tex_font and tex_script"),
    ({"tex_range": "097F-0900"}, "ends before it starts")])
def test_a_script_range_names_its_font(extra: dict[str, Any], message: str) -> None:
    """A locale file that sets a Unicode block in its own font (as hi.yaml does) names the
    font and its script, or it is refused: the LaTeX would otherwise ask for no font."""
    import yaml
    from pydantic import ValidationError

    from cvkit.profile.locale import LocaleFile
    from cvkit.support.resources import resource_dir

    data = yaml.safe_load((resource_dir("locales") / "hi.yaml").read_text("utf-8"))
    LocaleFile.model_validate(data)
    with pytest.raises(ValidationError, match=message):
        LocaleFile.model_validate({**data, **extra})
