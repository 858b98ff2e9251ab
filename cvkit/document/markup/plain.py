"""Rich text to plain text (ATS-friendly): no decoration, link targets kept in parentheses."""

from __future__ import annotations

from cvkit.document.richtext import PlainText, Rich, plain, visit


def render(rich: Rich, *, targets: bool = True) -> str:
    """The text; a link's address in parentheses after its words unless the words are the
    address, or ``targets`` is false (a reference a citation style wrote prints its DOI
    and URL itself: it is printed as the style wrote it)."""
    return visit(rich, PlainText(targets))


__all__ = ["plain", "render"]
