"""Rich text to plain text (ATS-friendly): no decoration, link targets kept in parentheses."""

from __future__ import annotations

from ..richtext import Bold, Code, Italic, LineBreak, Link, Math, Rich, Text, math_text, plain


def render(rich: Rich, *, targets: bool = True) -> str:
    """The text; a link's address in parentheses after its words unless the words are the
    address, or ``targets`` is false (a reference a citation style wrote prints its DOI
    and URL itself: it is printed as the style wrote it)."""
    out: list[str] = []
    for node in rich:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Math):
            out.append(math_text(node))
        elif isinstance(node, Bold | Italic):
            out.append(render(node.children, targets=targets))
        elif isinstance(node, Link):
            label = render(node.children, targets=targets)
            target = node.url.removeprefix("mailto:")
            out.append(label if label == target or not targets else f"{label} ({target})")
    return "".join(out)


__all__ = ["plain", "render"]
