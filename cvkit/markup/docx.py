"""Rich text and plain strings to WordprocessingML runs. The only place DOCX text is cleaned.

XML 1.0 cannot hold most control characters, lone surrogates or U+FFFE/U+FFFF; python-docx
would raise on them. ``clean`` drops them and reports what it dropped, so an export never
crashes on text the profile loader let through (e.g. from a JSON import).
"""

from __future__ import annotations

import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..richtext import Bold, Code, Italic, LineBreak, Link, Math, Rich, Text, plain
from .html import safe_url

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Cleaner:
    def __init__(self) -> None:
        self.dropped: set[str] = set()

    def __call__(self, text: str) -> str:
        found = _NOT_XML.findall(text)
        if found:
            self.dropped.update(found)
            text = _NOT_XML.sub("", text)
        return text

    def warnings(self) -> list[str]:
        if not self.dropped:
            return []
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(self.dropped))
        return [f"dropped characters a Word file cannot hold: {codes}"]


def add_text(paragraph: Paragraph, text: str, clean: Cleaner, *, style: str | None = None,
             bold: bool | None = None, italic: bool | None = None) -> Any:
    run = paragraph.add_run(clean(text), style=style)
    # Complex scripts (Arabic, Hebrew, Devanagari, Thai) take their own bold and italic.
    if bold is not None:
        run.bold = run.font.cs_bold = bold
    if italic is not None:
        run.italic = run.font.cs_italic = italic
    return run


def add_link(paragraph: Paragraph, label: str, url: str, clean: Cleaner,
             style: str | None = "CV Link", bold: bool = False) -> None:
    """A real ``w:hyperlink`` whose target lives in the part's relationships."""
    url = safe_url(url)
    if url == "#":
        add_text(paragraph, label, clean)
        return
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(clean(label), style=style)
    if bold:
        run.bold = run.font.cs_bold = True
    run.element.addprevious(link)  # the run's public element: the link takes its place
    link.append(run.element)


def _half_points(paragraph: Paragraph) -> int | None:
    """The size of the paragraph's text, from its style or the styles it is based on."""
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return int(round(style.font.size.pt * 2))
        style = style.base_style
    return None


def add_rich(paragraph: Paragraph, rich: Rich, clean: Cleaner, *, bold: bool = False,
             italic: bool = False) -> None:
    for node in rich:
        if isinstance(node, Math):
            from .math import omml

            equation = omml(node, _half_points(paragraph))
            if equation is None:
                add_text(paragraph, node.source, clean, bold=bold or None, italic=italic or None)
            else:
                paragraph._p.append(equation)  # an inline Word equation the reader can edit
        elif isinstance(node, Text):
            add_text(paragraph, node.text, clean, bold=bold or None, italic=italic or None)
        elif isinstance(node, Code):
            add_text(paragraph, node.text, clean, style="CV Code")
        elif isinstance(node, LineBreak):
            paragraph.add_run().add_break()
        elif isinstance(node, Bold):
            add_rich(paragraph, node.children, clean, bold=True, italic=italic)
        elif isinstance(node, Italic):
            add_rich(paragraph, node.children, clean, bold=bold, italic=True)
        elif isinstance(node, Link):
            add_link(paragraph, plain(node.children), node.url, clean, bold=bold)
