"""Text as other tools write it, made into what a profile holds: HTML entities decoded once,
a list written inside a paragraph ("- a\\n- b", "• a • b") split into its items, and the
little HTML some resumes carry (``<br>``, ``<a href>``, ``<b>``, ``<i>``) read as Markdown.

A profile's rich text is inline (``cvkit.document.richtext``): a paragraph with no blocks. A list
found in a summary therefore becomes the entry's highlights, which every format prints as a
list; where an entry has no highlights (the profile's ``about``, an award's note) its items
stay on lines of their own, each after a bullet (``lines``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

# A line that starts with one of these is a list item: Markdown's markers (followed by a
# space), and the glyphs people type or paste (•, ·, ▪, the full-width hyphen of CJK text).
_LINE_ITEM = re.compile(r"^(?:[-*+–](?=\s)|[•·▪●◦‣∙－])\s*(.*)$")
# Items run together on one line, as LinkedIn flattens line breaks: a bullet glyph anywhere
# (not the middle dot, a separator in "Python · Go"), a dash after two spaces or before a tab.
_INLINE_ITEM = re.compile(r"[ \t]*[•▪●◦‣∙][ \t]*|[ \t]{2,}[-–*][ \t]+|[ \t]*[-–][ \t]*\t[ \t]*")
_GLYPH_START = re.compile(r"^\s*[•▪●◦‣∙]")
BULLET = "•"


def split_items(text: str, *, inline: bool = False) -> tuple[str | None, list[str]]:
    """The prose of ``text`` and the items of the list it holds: ``("Led:", ["a", "b"])`` for
    "Led:\\n- a\\n- b". Without a list, ``(text, [])`` as it was. A line after an item
    continues it (Markdown's lazy continuation) unless a blank line came between; prose after
    the list joins the prose before it. ``inline``: items may run together on one line
    ("• a • b", "a  - b"), as in LinkedIn's exports; otherwise only a line that starts with
    a bullet glyph is split so."""
    lines = []
    for line in text.splitlines():
        if inline or _GLYPH_START.match(line):
            line = _INLINE_ITEM.sub(f"\n{BULLET} ", line)
        lines.extend(line.splitlines())
    prose: list[str] = []
    items: list[str] = []
    after_blank = False
    for raw in lines:
        line = raw.strip()
        found = _LINE_ITEM.match(line)
        if found:
            if found.group(1).strip():
                items.append(found.group(1).strip())
            after_blank = False
        elif not line:
            after_blank = bool(items)
            if not items and prose and prose[-1]:
                prose.append("")
        elif items and (not after_blank or raw[:1].isspace()):
            items[-1] += " " + line
        else:
            prose.append(line)
    if not items:
        return text, []
    while prose and not prose[-1]:
        prose.pop()
    return ("\n".join(prose).strip() or None), items


def without_bullet(text: str) -> str:
    """A highlight written with its own bullet ("• Led …", "- Led …") without it."""
    found = _LINE_ITEM.match(text.strip())
    return found.group(1).strip() if found and found.group(1).strip() else text


def lines(prose: str | None, items: list[str]) -> str:
    """Markdown (already escaped pieces) of a paragraph followed by its items, each on a
    line of its own after a bullet: hard line breaks, which every format prints."""
    return "\\\n".join([*([prose] if prose else []), *(f"{BULLET} {item}" for item in items)])


# -- HTML entities and tags ---------------------------------------------------------------------

# An entity with its semicolon: "R&amp;D", "&#8217;", "&#x2019;". Without one ("R&D",
# "&parameters") it is text: html.unescape alone would read "&para" in it as ¶.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """``R&amp;D`` -> ``R&D``, once (``&amp;amp;`` -> ``&amp;``); unknown names stay."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text) if "&" in text else text


_TAG = re.compile(r"<\s*(/?)\s*(br|p|div|li|ul|ol|a|b|strong|i|em|span)\b((?:[^>\"']|\"[^\"]*\""
                  r"|'[^']*')*)/?\s*>", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def has_html(text: str) -> bool:
    return "<" in text and _TAG.search(text) is not None


def html_breaks(text: str) -> str:
    """Line breaks where HTML has them (``<br>``, paragraphs, list items); other tags kept."""
    def brk(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if name == "li":
            return "" if m.group(1) else f"\n{BULLET} "
        return "\n" if name in ("br", "p", "div", "ul", "ol") else m.group()

    return _TAG.sub(brk, text)


def html_markdown(text: str, escape: Callable[[str], str],
                  link: Callable[[str], str | None]) -> str:
    """Inline HTML as Markdown: text between tags escaped with ``escape``, ``<a href>`` a
    link where ``link(href)`` gives a URL (its label alone otherwise), ``<b>``/``<strong>``
    bold, ``<i>``/``<em>`` italic; other tags of that list left out, anything else text."""
    out: list[str] = []
    href: list[str | None] = []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(escape(decode_entities(text[pos:m.start()])))
        pos = m.end()
        closing, name = bool(m.group(1)), m.group(2).lower()
        if name in ("b", "strong"):
            out.append("**")
        elif name in ("i", "em"):
            out.append("*")
        elif name == "a" and not closing:
            found = _HREF.search(m.group(3) or "")
            url = link(html.unescape(next(g for g in found.groups() if g is not None))) \
                if found else None
            href.append(url)
            out.append("[" if url else "")
        elif name == "a" and href:
            url = href.pop()
            out.append(f"]({_target(url)})" if url else "")
        elif name in ("br", "p", "div", "li", "ul", "ol"):
            out.append(" ")
    out.append(escape(decode_entities(text[pos:])))
    for url in href:  # an <a> never closed: its label is text
        if url:
            out.append(f"]({_target(url)})")
    return "".join(out).strip()


def _target(url: str) -> str:
    """A URL as a Markdown link's target: what would end it early percent-encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
