"""Rich text to plain text (ATS-friendly): no decoration, link targets kept in parentheses."""

from __future__ import annotations

from ..richtext import Bold, Code, Italic, LineBreak, Link, Math, Rich, Text, math_text, plain


def render(rich: Rich) -> str:
    out: list[str] = []
    for node in rich:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Math):
            out.append(math_text(node))
        elif isinstance(node, Bold | Italic):
            out.append(render(node.children))
        elif isinstance(node, Link):
            label = render(node.children)
            target = node.url.removeprefix("mailto:")
            out.append(label if label == target else f"{label} ({target})")
    return "".join(out)


__all__ = ["plain", "render"]
