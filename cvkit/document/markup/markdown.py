"""Rich text and plain strings to Markdown. The only place Markdown escaping happens."""

from __future__ import annotations

import re
from collections.abc import Callable

from cvkit.document.richtext import Math, Rich, Strings, latex_rich, visit

# $ opens a formula; braces group in the LaTeX text cvkit reads; a second - makes a dash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~${}])|(?<=-)-")


def escape(text: str) -> str:
    """Escape characters Markdown would read as markup (and HTML tags, which it passes), and
    what cvkit's own reading turns into something else (``--`` a dash, ``{...}`` a group)."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def dollars(node: Math) -> str:
    """A formula for MathJax or KaTeX, as typed; an unsafe one as escaped text."""
    return node.source if node.safe else escape(node.source)


class MarkdownBackend(Strings):
    """Markdown; each formula as ``math`` writes it (by default as typed, for MathJax)."""

    bold_marks = ("**", "**")
    italic_marks = ("*", "*")

    def __init__(self, math: Callable[[Math], str] = dollars) -> None:
        self.formula = math

    def text(self, text: str) -> str:
        return escape(text)

    def code(self, text: str) -> str:
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}"

    def math(self, node: Math) -> str:
        return self.formula(node)

    def line_break(self) -> str:
        return "  \n"

    def link(self, target: str, inner: Rich) -> str:
        return f"[{visit(inner, self)}]({self.address(target)})"

    def address(self, target: str) -> str:
        return _target(target)


def render(rich: Rich, math: Callable[[Math], str] = dollars) -> str:
    return visit(rich, MarkdownBackend(math))


def _target(url: str) -> str:
    return url.replace(")", "%29").replace(" ", "%20")


def link(label: str, url: str) -> str:
    return f"[{escape(label)}]({_target(url)})"


def latex_to_markdown(text: str) -> str:
    """A LaTeX field (a BibTeX abstract) as the profile's Markdown: \\emph{} -> *...*,
    \\url{} -> a link, formulas as $...$; written by the one Markdown renderer."""
    return " ".join(render(tuple(latex_rich(text))).split())
