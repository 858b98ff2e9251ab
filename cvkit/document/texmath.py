"""TeX as researchers paste it: inline math and LaTeX text markup, independent of any format.

Two things live here, both pure functions of a string:

- **Math.** Which formulas may reach a TeX engine (an allow-list of math commands; anything
  else — ``\\input``, ``\\write18``, ``\\def``, ``\\catcode`` … — makes the formula plain text
  in every format) and the readable Unicode form of a formula (pylatexenc) for plain text,
  JSON Resume and metadata.
- **LaTeX text markup** outside math (``\\emph{}``, ``\\textbf{}``, ``\\url{}``, ``--``,
  ``\\'e`` …), as abstracts copied from arXiv or BibTeX carry it, turned into the same rich
  text nodes Markdown gives. Unknown commands stay literal and are reported.
  The BibTeX importer uses the same converter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Control sequences a formula may use. Everything else (file access, definitions, catcodes,
# \csname, \makeatletter, \input, \write, \openout, \read, \immediate ...) is refused.
_GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa "
          "varkappa lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi "
          "varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega "
          "digamma")
_SYMBOLS = ("infty partial nabla forall exists nexists emptyset varnothing neg lnot in notin "
            "ni subset subseteq subsetneq supset supseteq cup cap setminus wedge vee land lor "
            "oplus ominus otimes oslash odot bigoplus bigotimes bigcup bigcap bigvee bigwedge "
            "sqcup sqcap uplus pm mp times div cdot cdots ldots dots ddots vdots circ bullet "
            "star ast dagger ddagger le leq ge geq neq ne approx sim simeq cong equiv propto "
            "ll gg prec succ preceq succeq mid nmid parallel perp models vdash dashv top bot "
            "leftarrow rightarrow to gets leftrightarrow Leftarrow Rightarrow Leftrightarrow "
            "implies iff mapsto longrightarrow longleftarrow longmapsto uparrow downarrow "
            "hookrightarrow hookleftarrow rightharpoonup leftharpoonup "
            "langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert vert Vert "
            "aleph hbar ell wp Re Im imath jmath prime backslash angle triangle square "
            "sum prod coprod int iint iiint oint lim limsup liminf sup inf max min argmax "
            "argmin log ln exp sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh det "
            "dim ker deg gcd lcm Pr hom arg mod bmod pmod operatorname top intercal")
_STRUCTURE = ("frac dfrac tfrac cfrac binom dbinom tbinom sqrt overline underline overbrace "
              "underbrace widehat widetilde hat tilde bar vec dot ddot acute grave breve check "
              "mathring overrightarrow overleftarrow stackrel overset underset "
              "mathcal mathbb mathbf mathrm mathit mathsf mathtt mathfrak mathscr boldsymbol bm "
              "text textrm textit textbf mbox operatorname "
              "big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr left right middle "
              "displaystyle textstyle scriptstyle limits nolimits "
              "quad qquad enspace thinspace negthinspace ensuremath boxed phantom hphantom "
              "vphantom "
              "begin end hline cr")
MATH_COMMANDS = frozenset((_GREEK + " " + _SYMBOLS + " " + _STRUCTURE).split())
# Environments a formula may open (\begin{...}); matrices and cases only.
MATH_ENVIRONMENTS = frozenset("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix "
                              "cases aligned array".split())
# One-character control sequences: spacing and escaped specials.
_MATH_SYMBOL_ESCAPES = frozenset(",;:!| {}_%&#$\\")

_CONTROL = re.compile(r"\\([A-Za-z]+|.)", re.S)


@lru_cache(maxsize=2048)  # every format asks of every formula
def unsafe_reason(tex: str) -> str | None:
    """Why ``tex`` may not reach a TeX engine as math, or None when it may."""
    if "^^" in tex:
        return "'^^' character codes are not allowed in a formula"
    depth = 0
    for ch in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return "a '}' closes a group that was never opened"
    if depth:
        return "a '{' is never closed"
    if re.search(r"(?<!\\)[%#]", tex):
        return "'%' and '#' must be written \\% and \\# in a formula"
    for match in _CONTROL.finditer(tex):
        name = match.group(1)
        if len(name) == 1 and not name.isalpha():
            if name not in _MATH_SYMBOL_ESCAPES:
                return f"'\\{name}' is not a math command"
            continue
        if name not in MATH_COMMANDS:
            return f"'\\{name}' is not a math command cvkit passes to TeX"
        if name in ("begin", "end"):
            env = re.match(r"\s*\{([A-Za-z*]+)\}", tex[match.end():])
            if not env or env.group(1) not in MATH_ENVIRONMENTS:
                return f"'\\{name}' may only open or close a matrix or cases environment"
    if "&" in tex.replace("\\&", "") and "\\begin" not in tex:
        return "'&' only separates the columns of a matrix"
    return None


@lru_cache(maxsize=2048)
def to_unicode(tex: str) -> str:
    """A readable plain-text form of a formula: ``\\tilde{O}(d\\sqrt{T})`` -> ``Õ(d√(T))``.

    Grouping survives: ``T^{\\frac{1-ε}{2(1+ε)}}`` -> ``T^((1-ε)/(2(1+ε)))`` and
    ``\\sum_{t=1}^T`` -> ``∑_(t=1)^T``, where a flat reading would change the meaning."""
    flat = _grouped(_OPERATOR.sub(_operator, tex.replace("\\|", "‖").replace("\\Vert", "‖")))
    text = _latex_to_text().latex_to_text(flat)
    return re.sub(r"\s+", " ", text).strip()


_FRACTIONS = ("\\frac", "\\dfrac", "\\tfrac")
# Operators printed upright as their names (pylatexenc drops some and runs others into the
# next letter: "\\log n" read "logn").
_OPERATOR = re.compile(r"\\(?:operatorname\*?\{(\w+)\}|(arg ?max|arg ?min|arg|cos|cosh|cot|"
                       r"csc|deg|det|dim|exp|gcd|hom|inf|ker|lg|lim|liminf|limsup|ln|log|max|"
                       r"min|Pr|sec|sin|sinh|sup|tan|tanh)(?![A-Za-z]))\s*")


def _operator(found: re.Match[str]) -> str:
    name = (found.group(1) or found.group(2)).replace(" ", "")
    rest = found.string[found.end():]
    touching = not rest or rest[0] in "([{|_^,.;)]}" or rest.startswith(("\\left", "\\big",
                                                                         "\\Big"))
    return name if touching else name + " "



def _simple(text: str) -> bool:
    """One word, one sign, or one bracketed group: no brackets needed around it."""
    if len(text) <= 1 or re.fullmatch(r"\w+", text):
        return True
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _argument(tex: str, at: int) -> tuple[str, int] | None:
    """The argument starting at ``at`` (spaces skipped): a braced group's inside, or one
    character; and where it ends. None at the end of the text or before a command."""
    while at < len(tex) and tex[at] == " ":
        at += 1
    if at >= len(tex) or tex[at] == "\\":
        return None
    if tex[at] != "{":
        return tex[at], at + 1
    depth = 0
    for end in range(at, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[end], 0)
        if depth == 0:
            return tex[at + 1:end], end + 1
    return None


def _wrapped(tex: str) -> str:
    text = to_unicode(tex)
    return text if _simple(text) else f"({text})"


def _grouped(tex: str) -> str:
    """``tex`` with every braced super- and subscript and every fraction written out in
    plain text, bracketed where it has more than one term."""
    out: list[str] = []
    i = 0
    while i < len(tex):
        if tex[i] in "^_" and (arg := _argument(tex, i + 1)) is not None and \
                tex[i + 1:].lstrip().startswith("{"):
            out.append(tex[i] + _wrapped(arg[0]))
            i = arg[1]
            continue
        name = next((f for f in _FRACTIONS if tex.startswith(f, i)
                     and not tex[i + len(f):i + len(f) + 1].isalpha()), None)
        if name is not None:
            top = _argument(tex, i + len(name))
            bottom = _argument(tex, top[1]) if top is not None else None
            if top is not None and bottom is not None:
                out.append(f" {_wrapped(top[0])}/{_wrapped(bottom[0])} ")
                i = bottom[1]
                continue
        out.append(tex[i])
        i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _latex_to_text() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces="macros")


# --- LaTeX text markup outside math ---------------------------------------------------------

# Commands that mark a text as LaTeX (pasted from arXiv or BibTeX); only then are `--`, `~`
# and TeX quotes read the LaTeX way, so a Markdown field that happens to hold "--" keeps it.
STYLE_COMMANDS = {"emph": "italic", "textit": "italic", "textsl": "italic", "textbf": "bold",
                  "texttt": "code", "url": "url", "href": "href", "textrm": "plain",
                  "textsc": "plain", "textsf": "plain", "mbox": "plain", "text": "plain"}
_ACCENTS = set("`'^\"~=.uvHcdbrkt") | {"ss", "o", "O", "l", "L", "ae", "AE", "oe", "OE",
                                        "aa", "AA", "i", "j"}
_ESCAPED = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " ",
            ",": "\u2009", "\\": "\n",
            # The text symbols cvkit's own LaTeX escaping writes (markup/latex.py), read back.
            "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
            "textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"',
            "textquotesingle": "'", "textasciigrave": "`"}
# A word command, or a letter accent with braces (\\c{c}, \\v{s}), after an even run of
# backslashes. Accents written with punctuation (\\"o, \\'e) and \\% are Markdown escapes
# too, so alone they do not make a field LaTeX.
_FLAVOUR = re.compile(r"(?<!\\)(?:\\\\)*\\(?:(?:emph|textit|textsl|textbf|texttt|textrm|textsc"
                      r"|textsf|url|href)\s*\{|[uvHcdbrk]\{)")
_TEX_QUOTES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
               ("~", "\u00a0"))


# Also LaTeX, though a Markdown escape alone: an umlaut or acute accent on a vowel, as names
# are written (G\\"odel, Garc\\'ia; the accents cvkit's own Markdown escaping writes, \\` and
# \\~, are not read so), and a brace group holding an escaped sign or a formula
# ({0.2\\%}, {1.85$\\times$}), as arXiv abstracts write them.
_ACCENTED = re.compile(r"(?<!\\)(?:\\\\)*\\[\"'][aeiouyAEIOUY]"
                       r"|(?<![\\\w])\{[^{}]*(?:\\[%&#_]|\$)[^{}]*\}")


def is_latex_text(text: str) -> bool:
    """Does ``text`` carry LaTeX text markup (as pasted from arXiv or BibTeX)?"""
    return "\\" in text and (_FLAVOUR.search(text) is not None
                              or _ACCENTED.search(text) is not None)


_MATH_GROUP = re.compile(r"(?<![\\\w])\{([^{}]*\$[^{}]*)\}")


def without_math_groups(text: str) -> str:
    """LaTeX text with the braces around a group holding a formula taken away (``{1.85$\\times$}``
    -> ``1.85$\\times$``): they group nothing a reader sees, and the formula splits them."""
    return _MATH_GROUP.sub(r"\1", text)


def tex_quotes(text: str) -> str:
    """TeX's typing conventions in a LaTeX-flavoured text: --, ---, ``...'' and ~."""
    for typed, meant in _TEX_QUOTES:
        text = text.replace(typed, meant)
    return text


def latex_text_nodes(text: str, unknown: list[str] | None = None) -> list[tuple[str, Any]]:
    """LaTeX text (no math) as a flat list of (kind, value) pieces.

    kinds: ``text`` (str), ``italic`` / ``bold`` / ``plain`` (a nested list of pieces),
    ``code`` (str), ``link`` ((url, nested pieces)), ``math`` ((tex, display)). Unknown
    commands come back as literal text and are appended to ``unknown``.
    """
    from pylatexenc.latexwalker import LatexWalker

    walker = LatexWalker(text, tolerant_parsing=True, latex_context=_text_context())
    nodes, _, _ = walker.get_latex_nodes()
    return _TextPieces(unknown if unknown is not None else []).walk(nodes)


class _TextPieces:
    """pylatexenc's nodes of LaTeX text as the pieces ``latex_text_nodes`` returns."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown

    def walk(self, nodes: list[Any] | None) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for node in nodes or []:
            if node is not None:
                out.extend(self.node(node))
        return out

    def node(self, node: Any) -> list[tuple[str, Any]]:
        from pylatexenc import latexwalker as lw

        if isinstance(node, lw.LatexCharsNode):
            return [("text", tex_quotes(node.chars))]
        if isinstance(node, lw.LatexSpecialsNode):
            return [("text", tex_quotes(node.specials_chars))]
        if isinstance(node, lw.LatexMathNode):
            tex = "".join(_verbatim(n) for n in node.nodelist or [] if n is not None)
            return [("math", (tex.strip(), node.displaytype == "display"))]
        if isinstance(node, lw.LatexGroupNode):
            return self.walk(node.nodelist)
        if isinstance(node, lw.LatexMacroNode):
            return self.macro(node)
        return [("text", _verbatim(node))]  # a comment too: "50% off" is text

    def macro(self, node: Any) -> list[tuple[str, Any]]:
        from pylatexenc.latexwalker import LatexGroupNode

        name = node.macroname
        args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        style = STYLE_COMMANDS.get(name)
        if style and args:
            inner = self.walk(args[-1].nodelist if isinstance(args[-1], LatexGroupNode)
                              else [args[-1]])
            if style == "code":
                return [("code", _flat(inner))]
            if style == "url":
                url = _flat(inner)
                return [("link", (url, [("text", url)]))]
            if style == "href" and len(args) >= 2:
                return [("link", (_verbatim(args[0]).strip("{}"), inner))]
            return [(style, inner)]
        if name in _ESCAPED:
            return [("text", _ESCAPED[name])]
        if name in _ACCENTS:
            return [("text", _latex_to_text().nodelist_to_text([node]))]
        self.unknown.append("\\" + name)
        return [("text", _verbatim(node))]


def _verbatim(node: Any) -> str:
    return str(node.latex_verbatim())


@lru_cache(maxsize=1)
def _text_context() -> Any:
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    db = get_default_latex_context_db()
    db.add_context_category("cvkit-links", prepend=True, macros=[
        MacroSpec("url", "{"), MacroSpec("href", "{{"), MacroSpec("texttt", "{")])
    return db


def _flat(pieces: list[tuple[str, Any]]) -> str:
    out = []
    for kind, value in pieces:
        if kind in ("text", "code"):
            out.append(value)
        elif kind == "math":
            out.append(f"$${value[0]}$$" if value[1] else f"${value[0]}$")
        elif kind == "link":
            out.append(_flat(value[1]))
        else:
            out.append(_flat(value))
    return "".join(out)


_PLAIN = re.compile(r"[\\{}~`']|--")


def latex_to_text(text: str) -> str:
    """A LaTeX field (BibTeX) as plain Unicode, formulas kept as typed (``$...$``) for the
    profile to typeset: ``Schr\\"odinger {BERT} \\emph{et al.}`` -> ``Schrödinger BERT
    et al.``."""
    if not _PLAIN.search(text):
        return " ".join(text.split())
    return " ".join(_flat(latex_text_nodes(text)).split())
