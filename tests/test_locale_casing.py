"""Headings in capitals and small capitals in Turkish and Vietnamese, read back from each
format's real output: Turkish capitals pair i with İ (EĞİTİM, never EĞITIM), and where the
fonts' small capitals lack the language's letters (Turkish İ, Vietnamese ọ, ấ) a design's
small-capital headings are set in capitals instead, so no heading mixes small capitals
with lowercase letters (HọC VấN)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.profile.design import load as load_design
from cvkit.profile.design import theme_dirs as design_dirs
from cvkit.profile.locale import available, load
from cvkit.support.casing import has_own_capitals, own_capitals, upper

from .conftest import require_tool

THEMES = ["academic", "altacv", "awesome", "classic", "compact", "europass", "industry",
          "modern", "sidebar"]
# The designs whose PDF headings are capitals: by text-transform, or (academic) in place of
# small capitals the fonts cannot set in these languages.
PDF_CAPITALS = {"academic", "altacv", "compact", "europass", "industry"}
# The LaTeX follows the design as the PDF does (heading_small_caps, heading_caps).
LATEX_CAPITALS = PDF_CAPITALS
HEADINGS = {
    "tr": {"education": ("Eğitim", "EĞİTİM"), "experience": ("İş Deneyimi", "İŞ DENEYİMİ"),
           "skills": ("Beceriler", "BECERİLER")},
    "vi": {"education": ("Học vấn", "HỌC VẤN"),
           "experience": ("Kinh nghiệm làm việc", "KINH NGHIỆM LÀM VIỆC"),
           "skills": ("Kỹ năng", "KỸ NĂNG")},
}
WRONG = ["EĞITIM", "İŞ DENEYIMI", "BECERILER", "HọC", "VấN"]

PROFILE = """\
name: Ayşe Nguyễn
contact: {{email: ayse@example.org}}
experience:
  - {{organization: Example Corp, position: Engineer, start: 2022-03, end: present}}
education:
  - {{institution: Ankara Üniversitesi, degree: B.Sc., start: 2017, end: 2021}}
skills:
  - {{category: Programming, items: [Python, C++]}}
layout: {{locale: {locale}, sections: [experience, education, skills]}}
"""


def _profile(tmp_path: Path, locale: str) -> Path:
    path = tmp_path / f"cv-{locale}.yaml"
    path.write_text(PROFILE.format(locale=locale), encoding="utf-8")
    return path


def _pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    return unicodedata.normalize("NFC", text)  # pdflatex's accents come back combining


def _assert_headings(text: str, locale: str, capitals: bool, where: str,
                     side_capitals: bool = False) -> None:
    """``side_capitals``: the skills sit in a side column whose headings are capitals."""
    for key, (written, in_capitals) in HEADINGS[locale].items():
        in_side = side_capitals and key == "skills"
        expected = in_capitals if capitals or in_side else written
        assert expected in text, (where, key, expected, text[:400])
    wrong = [w for w in WRONG if w in text]
    assert not wrong, (where, wrong)


def test_turkish_and_azerbaijani_capitals_pair_i_with_dotted_capital_i() -> None:
    assert upper("Eğitim", "tr") == "EĞİTİM"
    assert upper("İş Deneyimi", "tr-TR") == "İŞ DENEYİMİ"
    assert upper("Yayınlar", "az") == "YAYINLAR"
    assert upper("Học vấn", "vi") == "HỌC VẤN"
    assert "Education".upper() == upper("Education", "en")
    assert own_capitals("Eğitim", "tr") == "EĞİTİM"
    assert own_capitals("Education", "en") == "Education"  # left to the consumer, as before
    assert has_own_capitals("az-Latn-AZ") and not has_own_capitals("vi")


def test_only_turkish_and_vietnamese_give_up_small_capitals() -> None:
    codes = available()
    assert "az" not in codes and "el" not in codes  # when added, decide their casing here
    assert {code for code in codes if not load(code).small_caps} == {"tr", "vi"}


@pytest.mark.parametrize("locale", ["tr", "vi"])
def test_pdf_headings_in_every_design(locale: str, tmp_path: Path) -> None:
    profile = _profile(tmp_path, locale)
    for theme in THEMES:
        out = tmp_path / theme
        export(profile, ["pdf"], out, name="cv", options=ExportOptions(theme=theme))
        _assert_headings(_pdf_text(out / "cv.pdf"), locale, theme in PDF_CAPITALS,
                         f"pdf {theme}", side_capitals=theme == "sidebar")


@pytest.mark.parametrize(("locale", "themes"), [
    ("tr", ["academic", "awesome", "industry", "sidebar"]),
    ("vi", ["academic", "europass"]),
])
def test_compiled_latex_headings(locale: str, themes: list[str], tmp_path: Path) -> None:
    from cvkit.exporters.latex import compile_tex

    require_tool(shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None
                 and shutil.which("xelatex") is not None,
                 "latexmk and xelatex (texlive packages)")
    profile = _profile(tmp_path, locale)
    for theme in themes:
        out = tmp_path / theme
        export(profile, ["latex"], out, name="cv", options=ExportOptions(theme=theme))
        pdf, _ = compile_tex(out / "cv.tex")
        _assert_headings(_pdf_text(pdf), locale, theme in LATEX_CAPITALS, f"latex {theme}",
                         side_capitals=theme == "sidebar")


def _heading_case(pdf: Path, word: str) -> str:
    """How the first page sets the heading ``word``: "small capitals" (a small-capital
    font, or a capital narrower than the word's first, the same letter: a small capital),
    "capitals" or "as written"."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    at = text.lower().find(word.lower())
    assert at >= 0, (pdf.name, word, text[:200])
    letters = chars[at:at + len(word)]
    first = letters[0]
    width = first["x1"] - first["x0"]
    narrower = [c for c in letters[1:] if c["text"] == first["text"].upper()
                and c["x1"] - c["x0"] < 0.9 * width]
    if narrower or "caps" in first["fontname"].lower():
        return "small capitals"
    return "capitals" if text[at:at + len(word)].isupper() else "as written"


@pytest.mark.parametrize("theme", THEMES)
def test_latex_sets_headings_in_small_capitals_where_the_pdf_does(theme: str,
                                                                 tmp_path: Path) -> None:
    from cvkit.exporters.latex import compile_tex

    require_tool(shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None,
                 "latexmk and pdflatex (texlive packages)")
    profile = tmp_path / "en.yaml"
    profile.write_text(PROFILE.format(locale="en"), encoding="utf-8")
    export(profile, ["pdf", "latex"], tmp_path, name="cv", options=ExportOptions(theme=theme))
    pdf, latex = _heading_case(tmp_path / "cv.pdf", "Experience"), \
        _heading_case(compile_tex(tmp_path / "cv.tex")[0], "Experience")
    design = load_design(theme)
    expected = "capitals" if design.heading_caps else \
        "small capitals" if design.heading_small_caps else "as written"
    assert pdf == expected, (theme, pdf)
    assert latex == pdf, (theme, "latex", latex, "pdf", pdf)


def test_a_users_design_in_small_capitals_gets_the_locales_capitals(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's design (on CVKIT_PATH) with small-capital headings and a stylesheet of its
    own: in Turkish its headings are capitals (EĞİTİM) in the PDF and the LaTeX, as in
    cvkit's designs; in English, small capitals."""
    from cvkit.exporters.latex import compile_tex

    theme = tmp_path / "ext" / "themes" / "mine"
    (theme / "pdf").mkdir(parents=True)
    shutil.copy(design_dirs()["academic"] / "design.yaml", theme / "design.yaml")
    (theme / "pdf" / "style.css").write_text(
        '{% include "base.css" %}\nh1.name { letter-spacing: 0.02em; }\n', "utf-8")
    monkeypatch.setenv("CVKIT_PATH", str(tmp_path / "ext"))
    assert load_design("mine").heading_small_caps
    require_tool(shutil.which("latexmk") is not None and shutil.which("xelatex") is not None,
                 "latexmk, pdflatex and xelatex (texlive packages)")
    for locale in ("en", "tr"):
        out = tmp_path / locale
        export(_profile(tmp_path, locale), ["pdf", "latex"], out, name="cv",
               options=ExportOptions(theme="mine"))
        pdfs = {"pdf": out / "cv.pdf", "latex": compile_tex(out / "cv.tex")[0]}
        for fmt, pdf in pdfs.items():
            if locale == "tr":
                _assert_headings(_pdf_text(pdf), locale, True, f"{fmt} mine")
            else:
                assert _heading_case(pdf, "Experience") == "small capitals", fmt


def test_docx_headings_in_libreoffice(tmp_path: Path) -> None:
    """Word's caps property capitalises by the run's language: the DOCX says tr-TR, and
    LibreOffice (as Word) then writes EĞİTİM. No design sets DOCX small capitals."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert soffice
    cases = [("tr", "industry"), ("tr", "academic"), ("vi", "europass")]
    docs = []
    for locale, theme in cases:
        out = tmp_path / f"{locale}-{theme}"
        export(_profile(tmp_path, locale), ["docx"], out, name=f"{locale}-{theme}",
               options=ExportOptions(theme=theme))
        docs.append(out / f"{locale}-{theme}.docx")
    with zipfile.ZipFile(docs[0]) as z:
        assert 'w:lang w:val="tr-TR"' in z.read("word/styles.xml").decode("utf-8")
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path),
                           *map(str, docs)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for (locale, theme), doc in zip(cases, docs, strict=True):
        text = _pdf_text(tmp_path / f"{doc.stem}.pdf")
        _assert_headings(text, locale, theme != "academic", f"docx {theme}")


def test_homepage_headings_keep_their_case_and_name_the_language(browser: object,
                                                                 tmp_path: Path) -> None:
    for locale in ("tr", "vi"):
        out = tmp_path / locale
        export(_profile(tmp_path, locale), ["html"], out)
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto((out / "index.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == locale
        # innerText is the text as laid out, after any text-transform.
        shown = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.innerText)")
        page.close()
        for written, _ in HEADINGS[locale].values():
            assert written in shown, (locale, shown)
