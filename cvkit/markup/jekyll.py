"""Text for Jekyll pages: Markdown for kramdown, made inert for Liquid.

Jekyll runs Liquid over a page before kramdown sees it, so profile text must never contain
``{{`` or ``{%``: braces become HTML entities, which kramdown passes through and browsers
show as braces. Everything else is the Markdown escaping of ``cvkit.markup.markdown``.
"""

from __future__ import annotations

import json

from ..richtext import Rich
from . import markdown as md


def _braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def escape(text: str) -> str:
    return _braces(md.escape(text))


def render(rich: Rich) -> str:
    return _braces(md.render(rich))


def link(label: str, url: str) -> str:
    return _braces(md.link(label, url))


def front_matter_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) for the front matter."""
    return json.dumps(value, ensure_ascii=False)
