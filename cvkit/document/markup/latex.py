"""Rich text and plain strings to LaTeX. The only place LaTeX escaping happens.

Every character that means something to TeX is replaced by a command that prints it, so
profile text such as ``\\input{/etc/passwd}`` or ``\\write18{...}`` is typeset, never run.
Ligatures that would change the text (``--`` to an en dash, ``,,`` to a low quote, ``?‘``
to ``¿``) are broken with an empty group so the PDF reads back as typed.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from cvkit.document.richtext import Math, Rich, Strings, visit

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "\u2011": r"\mbox{-}",  # non-breaking hyphen: few text fonts have the glyph
    "\u00a0": "~",
    "[": "{[}",  # a [ after \\ or an \item would be read as an optional argument
    "]": "{]}",
}

# What pdflatex (T1 + TS1 through inputenc's utf8) prints; anything else needs xelatex.
_PDFLATEX_EXTRA = set("–—‘’‚“”„†‡•…‰‹›€™′″·\u2011")


# Two characters that TeX fonts print as a third: the ligature programs of the T1 and TS1
# fonts pdflatex uses and XeTeX's TeX-text mapping (-- to an en dash, ?‘ to ¿, ,, to „).
# An empty group between them keeps each character as typed. Listed from the fonts
# themselves by tests/texfonts.py; a test fails when TeX Live's fonts disagree.
LIGATURES = frozenset({
    "!`", "!‘", "''", ",,", "--", "<<", ">>", "?`", "?‘", "``", "–-", "‘‘", "’’",
})


def escape(text: str, ltr_wrap: str = "") -> str:
    """``text`` as TeX prints it. In a right-to-left document ``ltr_wrap`` names the command
    (polyglossia's ``\\textenglish``) that sets each left-to-right run, such as a Latin name
    or a title inside Arabic text, in its own direction and font."""
    if ltr_wrap and any(unicodedata.bidirectional(c) in _LTR for c in text):
        return "".join(f"{ltr_wrap}{{{escape(run)}}}" if ltr else escape(run)
                       for ltr, run in direction_runs(text))
    out: list[str] = []
    for i, ch in enumerate(text):
        if i and text[i - 1:i + 1] in LIGATURES:
            out.append("{}")
        out.append(_SPECIAL.get(ch, ch))
    return "".join(out)


# Letters of left-to-right scripts, and digits: "3.9/4.0" and "2023 – 2026" keep their order
# (XeTeX's bidi does not apply the Unicode algorithm to numbers with separators).
_LTR = ("L", "EN")


def direction_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (left_to_right, run): a left-to-right run goes from a Latin letter
    or digit to the last one before the next right-to-left character; spaces and
    punctuation between the two directions stay outside it."""
    runs: list[tuple[bool, str]] = []
    i = 0
    while i < len(text):
        if unicodedata.bidirectional(text[i]) not in _LTR:
            j = i
            while j < len(text) and unicodedata.bidirectional(text[j]) not in _LTR:
                j += 1
            runs.append((False, text[i:j]))
            i = j
            continue
        j, last = i, i
        while j < len(text) and unicodedata.bidirectional(text[j]) not in ("R", "AL"):
            if unicodedata.bidirectional(text[j]) in _LTR:
                last = j
            j += 1
        runs.append((True, text[i:last + 1]))
        i = last + 1
    return runs


def needs_unicode_engine(text: str) -> bool:
    """True when some character is beyond what pdflatex's T1/TS1 fonts print."""
    return any(ord(c) > 0x17F and c not in _PDFLATEX_EXTRA for c in text)


def url(target: str) -> str:
    """A URL as \\href's first argument: unsafe bytes percent-encoded, then # and % escaped."""
    encoded = quote(target, safe=":/?#[]@!$&'()*+,;=%-._~")
    return encoded.replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#")


# Unicode a formula may hold (pasted from a PDF or arXiv) -> the math command TeX knows;
# neither engine's math fonts take the characters themselves.
_MATH_UNICODE = {
    **{chr(0x3B1 + i): "\\" + name for i, name in enumerate(
        "alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho "
        "varsigma sigma tau upsilon varphi chi psi omega".split())},
    **{c: "\\" + name for c, name in zip("ΓΔΘΛΞΠΣΥΦΨΩ", "Gamma Delta Theta Lambda Xi Pi "
                                         "Sigma Upsilon Phi Psi Omega".split(), strict=True)},
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)),
    "ϵ": "\\epsilon", "ϑ": "\\vartheta", "ϕ": "\\phi", "ϖ": "\\varpi", "ϱ": "\\varrho",
    "ℓ": "\\ell", "ℏ": "\\hbar", "∞": "\\infty", "∂": "\\partial", "∇": "\\nabla",
    "∑": "\\sum", "∏": "\\prod", "∫": "\\int", "∮": "\\oint", "√": "\\surd",
    "±": "\\pm", "∓": "\\mp", "×": "\\times", "÷": "\\div", "·": "\\cdot", "⋅": "\\cdot",
    "∘": "\\circ", "≤": "\\leq", "≥": "\\geq", "≠": "\\neq", "≈": "\\approx",
    "≡": "\\equiv", "∼": "\\sim", "≃": "\\simeq", "≅": "\\cong", "∝": "\\propto",
    "≪": "\\ll", "≫": "\\gg", "∈": "\\in", "∉": "\\notin", "∋": "\\ni", "⊂": "\\subset",
    "⊆": "\\subseteq", "⊃": "\\supset", "⊇": "\\supseteq", "∪": "\\cup", "∩": "\\cap",
    "∅": "\\emptyset", "∀": "\\forall", "∃": "\\exists", "¬": "\\neg", "∧": "\\wedge",
    "∨": "\\vee", "⊕": "\\oplus", "⊗": "\\otimes", "⊥": "\\perp", "∥": "\\parallel",
    "→": "\\to", "←": "\\leftarrow", "↔": "\\leftrightarrow", "⇒": "\\Rightarrow",
    "⇐": "\\Leftarrow", "⇔": "\\Leftrightarrow", "↦": "\\mapsto", "⟨": "\\langle",
    "⟩": "\\rangle", "‖": "\\|", "…": "\\ldots", "⋯": "\\cdots", "′": "'", "″": "''",
    "−": "-", "ℝ": "\\mathbb{R}", "ℕ": "\\mathbb{N}", "ℤ": "\\mathbb{Z}",
    "ℚ": "\\mathbb{Q}", "ℂ": "\\mathbb{C}", "\u00a0": "~",
}


def math_text_characters(node: Math) -> str:
    """The characters of a safe formula that reach TeX as text (in \\text{})."""
    return "".join(c for c in node.tex if ord(c) >= 0x80 and c not in _MATH_UNICODE)


def math(node: Math) -> str:
    """A safe formula in math mode; any other prints as typed, as text."""
    if not node.safe:
        return escape(node.source)
    # Each replacement ends in a space (ignored in math) so "αx" is \alpha x, not \alphax.
    tex = "".join(c if ord(c) < 0x80 else _MATH_UNICODE[c] + " " if c in _MATH_UNICODE
                  else rf"\text{{{escape(c)}}}" for c in node.tex)
    return rf"\[{tex}\]" if node.display else f"${tex}$"


class LatexBackend(Strings):
    """LaTeX; ``ltr_wrap`` as for ``escape``. Neighbouring text nodes are escaped as one,
    so no ligature forms between them."""

    bold_marks = (r"\textbf{", "}")
    italic_marks = (r"\emph{", "}")
    merges_text = True

    def __init__(self, ltr_wrap: str = "") -> None:
        self.ltr_wrap = ltr_wrap

    def text(self, text: str) -> str:
        return escape(text, self.ltr_wrap)

    def code(self, text: str) -> str:
        return rf"\texttt{{{escape(text, self.ltr_wrap)}}}"

    def math(self, node: Math) -> str:
        return math(node)

    def line_break(self) -> str:
        return r"\newline{}"

    def link(self, target: str, inner: Rich) -> str:
        return rf"\href{{{url(target)}}}{{{visit(inner, self)}}}"


def render(rich: Rich, ltr_wrap: str = "") -> str:
    return visit(rich, LatexBackend(ltr_wrap))
