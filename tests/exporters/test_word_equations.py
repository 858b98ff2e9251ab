"""Word equations as Word and LibreOffice read them (issue 27, item 3).

The formulas come from real arXiv abstracts. LibreOffice's DOCX import pastes each math
run's text into its own formula language, so a bare ``|`` or ``>`` there is syntax, not a
character; the tests read LibreOffice's PDF of the DOCX, the way a reader sees it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from cvkit.build.api import ExportOptions, render
from cvkit.document.markup import math as math_markup
from cvkit.document.richtext import Math
from cvkit.profile.load import load_profile

from ..conftest import require_tool
from .test_contract import extract_text
from .test_docx import _soffice, convert_with_libreoffice

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ABOUT = (r"Geometry of $\mathcal{V}^*$ when $|x| > 1$ and "
         r"$\Pr\left[|\eta| > |y|\right] \le 1/|y|^\alpha$ with $O(\sqrt{T})$, "
         r"$\epsilon$-greedy, 10$^{-3}$, $\{x : x > 0\}$, $\mathrm{KL}(p \| q)$ and "
         r"$\arg\min_x f(x)$ for \$5.")


def _equation(tex: str) -> object:
    equation = math_markup.omml(Math(tex))
    assert equation is not None, tex
    return equation


def _runs(equation: object) -> list[tuple[str, bool, str | None]]:
    """(text, literal, style) of each math run."""
    out = []
    for run in equation.iter(f"{M}r"):  # type: ignore[attr-defined]
        style = run.find(f"{M}rPr/{M}sty")
        out.append(("".join(t.text or "" for t in run.iter(f"{M}t")),
                    run.find(f"{M}rPr/{M}lit") is not None,
                    None if style is None else style.get(f"{M}val")))
    return out


def test_a_starred_calligraphic_letter_keeps_its_star() -> None:
    equation = _equation(r"\mathcal{V}^*")
    sup = equation.find(f".//{M}sSup/{M}sup")  # type: ignore[attr-defined]
    assert sup is not None and "".join(sup.itertext()) == "\u2217"
    # The cause: a letter written as a character reference was taken for a function name
    # and given a thin space, which became the superscript. The homepage had it too.
    mathml = math_markup.mathml(Math(r"|\eta| > \mathcal{V}^*"))
    assert mathml is not None and "mspace" not in mathml


def test_syntax_characters_are_literal_runs() -> None:
    for tex in [r"|x| > 1", r"x < y", r"[0, 1)", r"2^{n-1} \% 3"]:
        for text, literal, _ in _runs(_equation(tex)):
            if any(c in text for c in "|<>[]()%,"):
                assert literal, (tex, text)
    # Letters and numbers stay ordinary runs: Word and LibreOffice set the letters italic.
    assert ("x", False, None) in _runs(_equation(r"|x| > 1"))
    assert ("10", False, "p") in _runs(_equation("10^3"))


def test_operator_names_are_upright_and_whole() -> None:
    runs = _runs(_equation(r"\Pr[X] + \arg\min_x f(x) + \log n"))
    for name in ("Pr", "arg", "min", "log"):
        assert (name, True, "p") in runs, (name, runs)
    assert not any("\\" in text for text, _, _ in runs)


def test_left_right_becomes_a_growing_delimiter() -> None:
    equation = _equation(r"\Pr\left[|\eta| > |y|\right]")
    delimiter = equation.find(f".//{M}d")  # type: ignore[attr-defined]
    assert delimiter is not None
    assert delimiter.find(f"{M}dPr/{M}begChr").get(f"{M}val") == "["
    assert delimiter.find(f"{M}dPr/{M}endChr").get(f"{M}val") == "]"
    assert "".join(delimiter.find(f"{M}e").itertext()) == "|η|>|y|"


def test_a_superscript_without_base_has_no_placeholder() -> None:
    base = _equation("^{-3}").find(f".//{M}sSup/{M}e")  # type: ignore[attr-defined]
    assert base is not None and "".join(base.itertext()) == " "


def _about_docx(tmp_path: Path) -> Path:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nabout: '" + ABOUT.replace("'", "''") + "'\n",
                       encoding="utf-8")
    docx = tmp_path / "cv.docx"
    docx.write_bytes(render(load_profile(profile), "docx", ExportOptions(), tmp_path).data)
    return docx


def test_equations_take_the_size_of_their_paragraph(tmp_path: Path) -> None:
    from lxml import etree

    document = etree.fromstring(zipfile.ZipFile(_about_docx(tmp_path))
                                .read("word/document.xml"))
    styles = etree.fromstring(zipfile.ZipFile(tmp_path / "cv.docx").read("word/styles.xml"))
    equations = document.findall(f".//{M}oMath")
    assert len(equations) == 9
    for equation in equations:
        style_id = equation.getparent().find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        while style.find(f"{W}rPr/{W}sz") is None:
            based = style.find(f"{W}basedOn").get(f"{W}val")
            style = styles.find(f"{W}style[@{W}styleId='{based}']")
        size = style.find(f"{W}rPr/{W}sz").get(f"{W}val")
        sizes = {run.find(f"{W}rPr/{W}sz").get(f"{W}val") for run in equation.iter(f"{M}r")}
        assert sizes == {size}, (size, sizes)


def test_libreoffice_draws_every_formula(tmp_path: Path) -> None:
    require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
    pdf = convert_with_libreoffice(_about_docx(tmp_path), tmp_path)
    seen = re.sub(r"\s+", "", extract_text("pdf", pdf.read_bytes()))
    # "¿" is LibreOffice's mark for a formula it could not read; "∨" is how it read "|".
    assert "¿" not in seen and "∨" not in seen and "\\" not in seen, seen
    for expected in ["𝒱∗when", "|x|>1", "Pr[|η|>|y|]≤1/|y|", "O(√T)", "10−3",
                     "{x:x>0}", "KL(p‖q)", "argmin", "for$5."]:
        assert expected in seen, (expected, seen)
