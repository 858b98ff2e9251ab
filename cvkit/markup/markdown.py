"""Rich text and plain strings to Markdown. The only place Markdown escaping happens."""

from __future__ import annotations

import re

from ..richtext import Bold, Code, Italic, LineBreak, Link, Rich, Text

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape(text: str) -> str:
    """Escape characters Markdown would read as markup (and HTML tags, which it passes)."""
    return _SPECIAL.sub(r"\\\1", text)


def render(rich: Rich) -> str:
    out: list[str] = []
    for node in rich:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Code):
            fence = "``" if "`" in node.text else "`"
            out.append(f"{fence}{node.text}{fence}")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        elif isinstance(node, Bold):
            out.append(f"**{render(node.children)}**")
        elif isinstance(node, Italic):
            out.append(f"*{render(node.children)}*")
        elif isinstance(node, Link):
            url = node.url.replace(")", "%29").replace(" ", "%20")
            out.append(f"[{render(node.children)}]({url})")
    return "".join(out)


def link(label: str, url: str) -> str:
    url = url.replace(")", "%29").replace(" ", "%20")
    return f"[{escape(label)}]({url})"
