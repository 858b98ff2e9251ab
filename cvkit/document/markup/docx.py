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

from cvkit.document.markup.html import safe_url
from cvkit.document.markup.math import omml
from cvkit.document.richtext import Math, Rich, plain, visit

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


class RunsBackend:
    """Runs added to a paragraph: a backend that builds rather than returns. Bold and italic
    are the state the runs of their children are made with; a link is one run of its words."""

    merges_text = False

    def __init__(self, paragraph: Paragraph, clean: Cleaner, bold: bool, italic: bool) -> None:
        self.paragraph, self.clean = paragraph, clean
        self.strong, self.emphasis = bold, italic

    def join(self, parts: list[None]) -> None:
        return None

    def text(self, text: str) -> None:
        add_text(self.paragraph, text, self.clean, bold=self.strong or None,
                 italic=self.emphasis or None)

    def code(self, text: str) -> None:
        add_text(self.paragraph, text, self.clean, style="CV Code")

    def math(self, node: Math) -> None:
        equation = omml(node, _half_points(self.paragraph))
        if equation is None:
            self.text(node.source)
        else:
            # An inline Word equation the reader can edit, in the place of an empty run (the
            # run's public element) at the paragraph's end.
            run = self.paragraph.add_run().element
            run.getparent().replace(run, equation)

    def line_break(self) -> None:
        self.paragraph.add_run().add_break()

    def bold(self, inner: Rich) -> None:
        was, self.strong = self.strong, True
        visit(inner, self)
        self.strong = was

    def italic(self, inner: Rich) -> None:
        was, self.emphasis = self.emphasis, True
        visit(inner, self)
        self.emphasis = was

    def link(self, target: str, inner: Rich) -> None:
        add_link(self.paragraph, plain(inner), target, self.clean, bold=self.strong)


def add_rich(paragraph: Paragraph, rich: Rich, clean: Cleaner, *, bold: bool = False,
             italic: bool = False) -> None:
    visit(rich, RunsBackend(paragraph, clean, bold, italic))
