"""Formulas, LaTeX text markup, "et al." and papers without authors, in every format.

tests/fixtures/math.yaml holds what real researchers' pages hold (formulas in a title, an
abstract, about, a highlight and news; money amounts; \\emph; `others`; a paper without
authors; hostile formulas). tests/fixtures/formulas.txt is a corpus of formulas as they
appear in real abstracts; each converts in every renderer.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export, render
from cvkit.document import richtext
from cvkit.document.markup import math as math_markup
from cvkit.document.markup.latex import math as latex_math
from cvkit.document.richtext import Math
from cvkit.document.texmath import unsafe_reason
from cvkit.exporters.latex import compile_tex, engine_of
from cvkit.profile.load import load_profile

from ..conftest import FIXTURES, require_tool, run_cvkit
from .test_contract import extract_text
from .test_docx import _soffice, convert_with_libreoffice
from .test_html import open_page
from .test_latex import require_tex

PROFILE = FIXTURES / "math.yaml"
FORMULAS = [line for line in (FIXTURES / "formulas.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
RAW_TEX = ["\\frac", "\\tilde", "\\emph", "$\\", "\\sqrt", "\\mathcal"]
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def assert_no_raw_tex(fmt: str, text: str) -> None:
    # The hostile formulas print as typed on purpose; everything else must be typeset.
    safe = re.sub(r"\$\\(input|write18|def|csname)[^$]*\$", "", text)
    for raw in RAW_TEX:
        assert raw not in safe, f"{fmt}: raw {raw!r} in {safe[:400]!r}"


def assert_story(fmt: str, text: str) -> None:
    assert "et al." in text, fmt
    assert "others" not in text, fmt
    assert "$2M" in text and "$300k" in text, fmt
    assert "Lecture notes on convex optimisation" in text, fmt
    assert "root:" not in text, fmt


def test_money_is_not_math() -> None:
    for text in ["raised $2M and cut $300k", "costs $5 and $10", "$ 2 + 2 $"]:
        assert not richtext.has_math(richtext.parse(text)), text
    assert richtext.parse("a $x^2$ b")[1] == Math("x^2")
    assert richtext.parse(r"a \(x^2\) b")[1] == Math("x^2")
    assert richtext.parse("$$\\sum_i x_i$$")[0] == Math("\\sum_i x_i", display=True)


def test_latex_text_markup_reads_like_markdown() -> None:
    rich = richtext.parse(r"\emph{instance-dependent} and \textbf{bold} -- 50\% of "
                          r"\url{https://x.org}, Schr\"odinger ``quoted''")
    assert rich == richtext.parse("*instance-dependent* and **bold** – 50% of "
                                  "[https://x.org](https://x.org), Schrödinger “quoted”")
    # With or without other LaTeX, "--" is an en dash (as pandoc's Markdown reads it too);
    # code keeps what was typed.
    assert richtext.plain(richtext.parse("pages 3--5")) == "pages 3–5"
    assert richtext.plain(richtext.parse("`--flag` -- see")) == "--flag – see"


@pytest.mark.parametrize("written, plain", [
    (r"G\"odel numbering", "Gödel numbering"),
    (r"Garc\'ia and Fran\c{c}ois", "García and François"),
    (r"a {0.2\%} average improvement", "a 0.2% average improvement"),
    (r"a {1.85$\times$} inference speedup", "a 1.85× inference speedup"),
    (r"$O(\sqrt{T})$ regret for \textsc{Heavy-OFUL}", "O(√(T)) regret for Heavy-OFUL"),
    (r"Bob\'s car", "Bob's car"),  # an apostrophe before a consonant is no accent
])
def test_latex_text_markup_alone_reads_as_text(written: str, plain: str) -> None:
    """LaTeX text markup pasted from arXiv reads as text whether or not the field has other
    LaTeX: accents in names, braces around a number or a formula, \\textsc after a formula."""
    assert richtext.plain(richtext.parse(written)) == plain


def test_hostile_formulas_are_refused() -> None:
    for tex in [r"\input{/etc/passwd}", r"\write18{touch x}", r"\def\x{1}\x",
                r"\csname @@end\endcsname", r"\immediate\openout", r"^^5cinput{x}",
                r"x % comment", r"\catcode`\@=11", r"\makeatletter", r"\begin{document}",
                r"a}\input{x}{"]:
        assert unsafe_reason(tex), tex
        assert latex_math(Math(tex)).startswith("\\$"), tex
    for tex in FORMULAS:
        assert unsafe_reason(tex) is None, tex


@pytest.mark.parametrize("tex", FORMULAS)
def test_corpus_converts_in_every_renderer(tex: str) -> None:
    node = Math(tex)
    mathml = math_markup.mathml(node)
    assert mathml and mathml.startswith("<math") and "application/x-tex" in mathml
    svg = math_markup.svg(node)
    assert svg and svg.startswith('<svg class="math"') and "<path" in svg
    omml = math_markup.omml(node)
    assert omml is not None and omml.tag == f"{M}oMath" and len(omml)
    assert latex_math(node).startswith("$")


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_corpus_compiles(engine: str, tmp_path: Path) -> None:
    require_tex(engine)
    name = "Ada Park" + (" (Άδα)" if engine == "xelatex" else "")
    lines = [f"name: {name}", "publications:", "  - title: Formulas", "    highlights:"]
    lines += ["      - '$" + f.replace("'", "''") + "$'" for f in FORMULAS]
    (tmp_path / "p.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    export(tmp_path / "p.yaml", ["latex"], tmp_path / "out")
    tex = next((tmp_path / "out").glob("*.tex"))
    assert engine_of(tex.read_text("utf-8")) == engine
    pdf, warnings = compile_tex(tex)
    assert warnings == []
    text = extract_text("pdf", pdf.read_bytes())
    assert "\\frac" not in text and "\\sqrt" not in text


# One TeX sample per MathML element latex2mathml emits, and the OMML element it becomes.
ELEMENTS = {
    "mi": ("x", "r"), "mn": ("42", "r"), "mo": ("+", "r"), "mtext": (r"\text{if}", "r"),
    "mspace": (r"a\quad b", "r"), "mrow": ("(a+b)", "r"), "mstyle": (r"\displaystyle x", "r"),
    "msub": ("x_i", "sSub"), "msup": ("x^2", "sSup"), "msubsup": ("x_i^2", "sSubSup"),
    "mfrac": (r"\frac{a}{b}", "f"), "msqrt": (r"\sqrt{x}", "rad"),
    "mroot": (r"\sqrt[3]{x}", "rad"), "mover": (r"\hat{x}", "acc"),
    "munder": (r"\underset{n}{x}", "limLow"), "munderover": (r"\sum\limits_{i=1}^{n}", "nary"),
    "mtable": (r"\begin{pmatrix}a & b\\c & d\end{pmatrix}", "m"),
    "menclose": (r"\boxed{x}", "borderBox"), "mphantom": (r"\phantom{x}", "phant"),
    "mpadded": (r"\hphantom{x}", "r"),
}


@pytest.mark.parametrize("element", sorted(ELEMENTS))
def test_every_mathml_element_becomes_omml(element: str) -> None:
    from cvkit.document.markup.omml import HANDLED, from_mathml

    tex, omml_tag = ELEMENTS[element]
    mathml = math_markup.mathml_element(tex, False)
    assert mathml is not None, tex
    tags = {e.tag.rsplit("}", 1)[-1] for e in mathml.iter()}
    assert element in tags, f"{tex!r} gives {tags}, not <{element}>"
    assert tags <= HANDLED, f"unmapped MathML elements: {tags - HANDLED}"
    omml = from_mathml(mathml)
    assert omml.find(f".//{M}{omml_tag}") is not None, (element, omml_tag)


def test_latex2mathml_emits_nothing_unmapped() -> None:
    from latex2mathml.converter import convert_to_element

    from cvkit.document.markup.omml import HANDLED

    for tex in FORMULAS:
        tags = {e.tag.rsplit("}", 1)[-1] for e in convert_to_element(tex).iter()}
        assert tags <= HANDLED, (tex, tags - HANDLED)


class _MathCheck(HTMLParser):
    """Counts <math> elements and <em> inside them; keeps the text a reader sees outside
    formulas (BibTeX blocks and JSON-LD hold TeX on purpose)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.depth = 0
        self.maths = 0
        self.em_in_math = 0
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("pre", "script", "style", "title"):
            self.skip += 1
        if tag == "math":
            self.depth += 1
            self.maths += 1
        elif tag == "em" and self.depth:
            self.em_in_math += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "script", "style", "title"):
            self.skip -= 1
        if tag == "math":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and not self.skip:
            self.visible.append(data)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("math")
    result = run_cvkit("export", PROFILE, "-f", "all", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "math.yaml:26:12: publications[2].title: formula '$\\input{/etc/passwd}$' is " \
           "printed as typed" in result.stderr
    return out


def test_homepage_holds_mathml(exported: Path) -> None:
    html = (exported / "index.html").read_text("utf-8")
    check = _MathCheck()
    check.feed(html)
    # about 2, news 1, title 1, abstract 1, highlight 2 (the hostile ones stay text)
    assert check.maths == 7 and check.em_in_math == 0
    visible = "".join(check.visible)
    head = html.split("</head>")[0]
    assert_no_raw_tex("html", visible)
    assert_no_raw_tex("html head", re.sub(r"<script type=\"application/ld\+json\">.*?</script>",
                                          "", head, flags=re.S))
    assert "Õ(d√(T))" in head  # <title>, meta and JSON-LD get the plain form
    assert_story("html", visible)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld and "et al" not in ld.group(1) and "others" not in ld.group(1)


def test_homepage_draws_formulas_in_chromium(browser, exported: Path) -> None:  # noqa: F811
    page, seen = open_page(browser, exported / "index.html", 1280)
    sizes = page.eval_on_selector_all(
        "math", "ms => ms.map(m => [m.getBoundingClientRect().width, "
        "m.getBoundingClientRect().height])")
    assert len(sizes) == 7 and all(w > 5 and h > 5 for w, h in sizes), sizes
    assert not seen["errors"] and all(r.startswith("file://") for r in seen["requests"]), seen
    page.context.close()


def test_pdf_draws_formulas(exported: Path) -> None:
    pdf = next(p for p in exported.glob("*.pdf") if not p.stem.endswith("-latex"))
    text = extract_text("pdf", pdf.read_bytes())
    assert_no_raw_tex("pdf", text)
    assert_story("pdf", text)
    import pypdf

    page = pypdf.PdfReader(pdf).pages[0]
    assert len(page.get_contents().get_data()) > 5000  # the formulas' outlines


def test_docx_holds_word_equations(exported: Path, tmp_path: Path) -> None:
    docx = next(exported.glob("*.docx"))
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert xml.count("<m:oMath>") + xml.count("<m:oMath ") == 5  # title, about 2, highlight 2
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.read_bytes()))
                     .paragraphs)
    assert_no_raw_tex("docx", text)
    assert_story("docx", text)
    require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
    converted = convert_with_libreoffice(docx, tmp_path)
    seen = extract_text("pdf", converted.read_bytes())
    assert_no_raw_tex("docx→pdf", seen)
    # LibreOffice drew the equations (libreoffice-math): their glyphs are in its PDF, and
    # no "¿", which is how it marks a formula it could not read.
    assert "√" in seen and "𝒰" in seen and "¿" not in seen, seen


def test_text_and_jsonresume_are_readable(exported: Path) -> None:
    text = next(exported.glob("*.txt")).read_text("utf-8")
    assert_no_raw_tex("text", text)
    assert_story("text", text)
    assert "Õ(d√(T))" in text
    import json

    resume = json.loads(next(exported.glob("*.json")).read_text("utf-8"))
    resume.pop("x-cvkit")  # cvkit's own copy of the profile keeps the TeX
    fields = json.dumps(resume, ensure_ascii=False)
    assert "Õ(d√(T))" in fields and "\\\\tilde" not in fields


def test_markdown_and_jekyll_keep_dollars(exported: Path, tmp_path: Path) -> None:
    md = next(exported.glob("*.md")).read_text("utf-8")
    assert "$\\tilde{O}(d\\sqrt{T})$" in md and "$2M" in md and "et al." in md
    # A refused formula is text: escaped once, so Markdown shows exactly what was typed.
    from cvkit.document.richtext import parse, plain

    hostile = next(line for line in md.splitlines() if "Hostile" in line)
    assert "Hostile $\\input{/etc/passwd}$ formulas" in plain(parse(hostile))
    export(PROFILE, ["jekyll"], tmp_path, options=ExportOptions(extra={
        "jekyll_style": "academicpages"}))
    page = (tmp_path / "_pages" / "about.md").read_text("utf-8")
    assert "{% raw %}$$\\tilde{O}(d\\sqrt{T})$${% endraw %}" in page
    assert "{{" not in page.replace("{% raw %}", "")


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_latex_compiles_and_runs_nothing(engine: str, tmp_path: Path) -> None:
    require_tex(engine)
    profile = tmp_path / "p.yaml"
    text = PROFILE.read_text("utf-8")
    if engine == "xelatex":
        text = text.replace("name: Ada Park", "name: Ada Park (Άδα)")
    profile.write_text(text, encoding="utf-8")
    export(profile, ["latex"], tmp_path / "out")
    tex = next((tmp_path / "out").glob("*.tex"))
    assert engine_of(tex.read_text("utf-8")) == engine
    pdf, _ = compile_tex(tex)
    seen = extract_text("pdf", pdf.read_bytes())
    assert_no_raw_tex("latex", seen)
    assert_story("latex", seen)
    assert not list(tmp_path.rglob("pwned")) and not Path("pwned").exists()


def test_et_al_is_localised_and_kept_for_bibtex(tmp_path: Path) -> None:
    from cvkit.view import build_document

    profile = load_profile(PROFILE)
    doc = build_document(profile)
    first = doc.publications[0]
    assert [a.name for a in first.authors][-1] == "et al." and first.authors[-1].is_et_al
    assert not first.authors[-1].is_owner
    assert "author = {Ada Park and Bo Chen and others}" in first.bibtex
    zh = tmp_path / "zh.yaml"
    zh.write_text(PROFILE.read_text("utf-8") + "layout: {locale: zh}\n", encoding="utf-8")
    html = render(load_profile(zh), "html", ExportOptions(), tmp_path).data.decode("utf-8")
    assert "Bo Chen, 等" in html


def test_papers_without_authors_print_no_author_line(exported: Path) -> None:
    text = next(exported.glob("*.txt")).read_text("utf-8")
    block = text.split("Lecture notes on convex optimisation", 1)[1].splitlines()
    assert block[1].strip() == "Course notes, 2024"


def test_drawn_formulas_are_kept_for_the_next_export(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    outputs = []
    for run in ("first", "second"):
        result = run_cvkit("export", PROFILE, "-f", "pdf", "-o", tmp_path / run, env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(next((tmp_path / run).glob("*.pdf")).read_bytes())
    assert outputs[0] == outputs[1]  # the kept drawing is the drawing
    kept = list((tmp_path / "cache" / "cvkit").glob("math-v1-*/*.svg"))
    assert len(kept) == 5  # each formula the PDF prints (title, about 2, highlight 2), once


def test_every_formula_in_the_pdf_has_text_in_reading_order() -> None:
    """A formula is drawn as shapes; its Unicode form lies on it, invisible, so the PDF's
    text (copying, search, screen readers, applicant-tracking systems) reads the sentence
    whole: no "regret , and" with the formula missing."""
    from pypdf import PdfReader

    from cvkit.build.api import render
    from cvkit.profile.load import load_profile

    data = render(load_profile(PROFILE), "pdf", base_dir=PROFILE.parent).data
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "online learning with regret O(√(T log K)) and the geometry of 𝒰^*, 𝒱^*." in text
    assert "Near-optimal Õ(d√(T)) regret for linear bandits" in text
    assert "First bound with ∑_(t=1)^T σ_t^2 in place of T" in text
