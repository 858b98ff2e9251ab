"""Text for BibTeX fields: LaTeX escaping (``cvkit.document.markup.latex``) plus accented Latin
letters as the macros every BibTeX and biber reads. The only place BibTeX escaping happens."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from cvkit.document.markup import latex as tex
from cvkit.document.richtext import Rich

# Latin letters without an accent to strip that BibTeX still writes as macros.
_LATIN_LETTERS = set("łŁøØßæÆœŒđĐıȷ")


def _accents_as_macros(text: str) -> str:
    """Accented Latin letters as BibTeX's macros ({\\'e}, {\\L}), the form every BibTeX
    and biber reads; other scripts and symbols stay Unicode, as xelatex and biber read them."""
    def latin(ch: str) -> bool:
        base = unicodedata.normalize("NFD", ch)[0]
        return ch in _LATIN_LETTERS or (base != ch and base.isascii() and base.isalpha())

    if text.isascii():
        return text  # most titles: nothing to convert, and pylatexenc is not imported
    from pylatexenc.latexencode import unicode_to_latex

    return "".join(str(unicode_to_latex(ch)) if latin(ch) else ch for ch in text)


@lru_cache(maxsize=4096)
def value(text: str) -> str:
    """Plain text in LaTeX form: specials escaped, accented Latin letters as macros."""
    return _accents_as_macros(tex.escape(text))


def rich(text: Rich) -> str:
    """Rich text (a title's formulas and markup) as LaTeX: $x$ stays math, & becomes \\&."""
    return _accents_as_macros(tex.render(text))
