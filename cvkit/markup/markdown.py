"""Rich text and plain strings to Markdown. The only place Markdown escaping happens."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..richtext import Bold, Code, Italic, LineBreak, Link, Math, Rich, Text

# $ opens a formula; braces group in the LaTeX text cvkit reads; a second - makes a dash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~${}])|(?<=-)-")


def escape(text: str) -> str:
    """Escape characters Markdown would read as markup (and HTML tags, which it passes), and
    what cvkit's own reading turns into something else (``--`` a dash, ``{...}`` a group)."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def dollars(node: Math) -> str:
    """A formula for MathJax or KaTeX, as typed; an unsafe one as escaped text."""
    return node.source if node.safe else escape(node.source)


def render(rich: Rich, math: Callable[[Math], str] = dollars) -> str:
    out: list[str] = []
    for node in rich:
        if isinstance(node, Math):
            out.append(math(node))
        elif isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Code):
            fence = "``" if "`" in node.text else "`"
            out.append(f"{fence}{node.text}{fence}")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        elif isinstance(node, Bold):
            out.append(f"**{render(node.children, math)}**")
        elif isinstance(node, Italic):
            out.append(f"*{render(node.children, math)}*")
        elif isinstance(node, Link):
            url = node.url.replace(")", "%29").replace(" ", "%20")
            out.append(f"[{render(node.children, math)}]({url})")
    return "".join(out)


def link(label: str, url: str) -> str:
    url = url.replace(")", "%29").replace(" ", "%20")
    return f"[{escape(label)}]({url})"


def latex_to_markdown(text: str) -> str:
    """A LaTeX field (a BibTeX abstract) as the profile's Markdown: \\emph{} -> *...*,
    \\url{} -> a link, formulas as $...$; written by the one Markdown renderer."""
    from ..richtext import latex_rich

    return " ".join(render(tuple(latex_rich(text))).split())
