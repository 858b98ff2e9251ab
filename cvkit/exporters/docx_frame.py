"""Which section headings and entries of a Word CV stand beside the sidebar's frame on the
first page.

Word and LibreOffice lay out the pages themselves; this estimates from each paragraph's
text, size and spacing (a picture's height) where the frame ends, so the headings beside it
get a heading rule that stops at the frame, and their dates stand before it, and the others
run across the whole text width."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm

from cvkit.document.scripts import text_width
from cvkit.profile.design import Design

LINE_LEADING = 1.27  # a line's height in its font size, at Normal's 1.08 spacing
CHAR_WIDTH = 0.5  # an average character's width in its font size


TABBED = ("Heading 1", "CV Entry", "CV Subtitle")  # right tabs: a rule's end, a date, a place


def shorten_tabs_beside_frame(word: Any, d: Design, text_width: int) -> None:
    """Move the right tab stop of the paragraphs beside a frame where lines end (altacv's:
    on the right, and on the left right to left, where tabs are measured from the right
    margin) to the frame's edge: LibreOffice runs a heading's rule (a tab's underline) under
    the frame and sets a date past it below the frame's lines. A frame where lines start
    pushes the line's start instead, and its tabs stay within the text."""
    if not d.sidebar or d.sidebar_side != "right":
        return
    reserve = Mm(d.side_reserve_mm)
    for paragraph in _beside_frame(word, d, text_width - reserve):
        stops = paragraph.paragraph_format.tab_stops
        stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.CLEAR)
        # The moved stop keeps its leader: a heading's rule (heading_rule: after) is one.
        stops.add_tab_stop(text_width - reserve, WD_TAB_ALIGNMENT.RIGHT,
                           _leader_at(paragraph, text_width))


def _leader_at(paragraph: Any, position: int) -> Any:
    """The leader of the tab stop at ``position`` the paragraph's style sets, if any."""
    style = paragraph.style
    while style is not None:
        for stop in style.paragraph_format.tab_stops:
            if abs(stop.position - position) < Mm(0.5):
                return stop.leader
        style = style.base_style
    return WD_TAB_LEADER.SPACES


def _beside_frame(word: Any, d: Design, main_width: int) -> list[Any]:
    """The paragraphs with a right tab (TABBED) whose line starts above the frame's
    estimated end, with a line's height to spare (a rule through the frame is worse than one
    ending early)."""
    framed: list[Any] = []
    main: list[Any] = []
    for p in word.paragraphs:
        ppr = p.paragraph_format.element.pPr
        (framed if ppr is not None and ppr.find(qn("w:framePr")) is not None else main).append(p)
    frame_end = sum((_height(p, Mm(d.side_column_mm)) for p in framed), 0.0)
    beside: list[Any] = []
    top = 0.0
    for p in main:
        size = _style_value(p.style, "size") or 10.0
        if p.style.name in TABBED and top < frame_end + size * LINE_LEADING:
            beside.append(p)
        top += _height(p, main_width)
        if top > frame_end + size * LINE_LEADING:
            break
    return beside


def _height(p: Any, width: int) -> float:
    """A paragraph's estimated height in points: its lines at its style's size, and the
    space before and after it."""
    size = _style_value(p.style, "size") or 10.0
    indent = p.paragraph_format.left_indent or _style_value(p.style, "left_indent") or 0
    per_line = max(1, int((width - indent) / 12700 / (size * CHAR_WIDTH)))
    lines = sum(-(-text_width(part) // per_line) or 1 for part in p.text.split("\n"))
    space = sum(_style_value(p.style, side) or 0.0 for side in ("space_before", "space_after"))
    # A picture (the photo) is as tall as its drawing: its extent, in EMU.
    pictures = sum(int(e.get("cy")) / 12700 for e in
                   p.paragraph_format.element.xpath(".//wp:inline/wp:extent"))
    return (pictures or lines * size * LINE_LEADING) + space


def _style_value(style: Any, name: str) -> Any:
    """A font size or paragraph spacing in points (an indent in EMU) as a style sets it or
    inherits it."""
    while style is not None:
        if name == "size":
            value = style.font.size
        else:
            value = getattr(style.paragraph_format, name)
        if value is not None:
            return value if name == "left_indent" else value.pt
        style = style.base_style
    return None
