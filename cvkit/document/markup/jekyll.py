"""Text for Jekyll pages: Markdown for kramdown, made inert for Liquid.

Jekyll runs Liquid over a page before kramdown sees it, so profile text must never contain
``{{`` or ``{%``: braces become HTML entities, which kramdown passes through and browsers
show as braces. Everything else is the Markdown escaping of ``cvkit.document.markup.markdown``.
"""

from __future__ import annotations

import json

from markupsafe import escape as html_escape

from cvkit.document.markup import markdown as md
from cvkit.document.richtext import Math, Rich, visit


def _braces(text: str) -> str:
    # Liquid reads braces before kramdown does: entities, in place of the Markdown escape
    # (\\{) cvkit's Markdown escaper writes.
    return text.replace("\\{", "{").replace("\\}", "}").replace("{", "&#123;") \
        .replace("}", "&#125;")


def escape(text: str) -> str:
    return _braces(md.escape(text))


def _math(node: Math) -> str:
    # kramdown's math is $$...$$ (inline within a paragraph); Liquid must not read its braces,
    # and a safe formula holds no '%' that could end the raw block.
    if not node.safe:
        return _braces(md.dollars(node))
    return "{% raw %}$$" + node.tex + "$${% endraw %}"


class JekyllBackend(md.MarkdownBackend):
    """Markdown made inert for Liquid: braces as entities in text, code and link targets;
    formulas in a raw block."""

    def text(self, text: str) -> str:
        return escape(text)

    def code(self, text: str) -> str:
        return _braces(super().code(text))

    def math(self, node: Math) -> str:
        return _math(node)

    def address(self, target: str) -> str:
        return _braces(super().address(target))


def render(rich: Rich) -> str:
    return visit(rich, JekyllBackend())


def link(label: str, url: str) -> str:
    return _braces(md.link(label, url))


def front_matter_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) for the front matter."""
    return json.dumps(value, ensure_ascii=False)


def front_matter_text(value: str) -> str:
    """Text academicpages' layouts print into HTML as it stands (``{{ post.title }}``,
    ``{{ post.venue }}``): escaped for HTML as the homepage escapes it, then quoted."""
    return front_matter_string(str(html_escape(value)))
