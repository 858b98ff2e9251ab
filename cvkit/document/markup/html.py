"""Rich text and plain strings to HTML. The only place HTML escaping happens."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup, escape

from cvkit.document.richtext import Math, Rich, Strings, is_allowed_url, math_text, visit

if TYPE_CHECKING:
    from cvkit.document import Author, Publication


class HtmlBackend(Strings):
    """HTML for the homepage (formulas as MathML) or for WeasyPrint (formulas as SVG)."""

    bold_marks = ("<strong>", "</strong>")
    italic_marks = ("<em>", "</em>")

    def __init__(self, drawing: Literal["mathml", "svg"] = "mathml") -> None:
        self.drawing = drawing

    def text(self, text: str) -> str:
        return str(escape(text))

    def code(self, text: str) -> str:
        return f"<code>{escape(text)}</code>"

    def math(self, node: Math) -> str:
        from cvkit.document.markup import math as math_markup

        svg = self.drawing == "svg"
        drawn = math_markup.svg(node) if svg else math_markup.mathml(node)
        if drawn is not None and svg:
            # The drawing has no text: the formula's Unicode form goes on top of it,
            # transparent and out of the flow, for copying, search, screen readers and
            # applicant-tracking systems (PDF text extraction).
            drawn = f'<span class="formula-text">{escape(math_text(node))}</span>{drawn}'
        return drawn if drawn is not None else f'<span class="tex">{escape(node.source)}</span>'

    def line_break(self) -> str:
        return "<br>"

    def link(self, target: str, inner: Rich) -> str:
        return f'<a href="{escape(safe_url(target))}">{visit(inner, self)}</a>'


def render(rich: Rich, math: Literal["mathml", "svg"] = "mathml") -> Markup:
    """HTML for the homepage (formulas as MathML) or for WeasyPrint (formulas as SVG)."""
    return Markup(visit(rich, HtmlBackend(math)))


def author_list(authors: Sequence[Author]) -> str:
    """'<b>Me</b>, A. Other, et al.': the owner in bold, the way academicpages' `authors:`
    reads; a list the profile closes with `others` keeps its "et al." (without it, the last
    author listed reads as the senior author)."""
    return ", ".join(f"<b>{escape(a.name)}</b>" if a.is_owner else str(escape(a.name))
                     for a in authors)


def citation(p: Publication) -> str:
    """An academicpages `citation:` line: authors. (year) "Title." <i>Venue</i>."""
    year = f" ({p.year})" if p.year else ""
    venue = f" <i>{escape(p.venue)}</i>." if p.venue else ""
    names = author_list(p.authors)
    return f"{names}{'' if names.endswith('.') else '.'}{year} &quot;{escape(p.title)}.&quot;" \
        f"{venue}"


def safe_url(url: str) -> str:
    """Only http(s), mailto and tel targets reach an href; anything else becomes inert."""
    return url if is_allowed_url(url) or url.startswith("tel:") else "#"


def script_json(data: object) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as \\u escapes, so no text inside can close the
    element or start a comment.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
