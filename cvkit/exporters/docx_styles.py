"""The named Word styles of a CV (``CV Entry``, ``CV Self Author`` ...), from a theme's design:
the part of the DOCX a user restyles in Word; and the numbering instances of its numbered
lists (each list of a style's numbering starting again at 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cvkit.document import Document
from cvkit.profile.design import Design
from cvkit.support.casing import primary_language

if TYPE_CHECKING:
    from cvkit.profile.fit import Step


def word_language(lang: str) -> str:
    """A BCP 47 tag as Word's spelling and layout settings want it: 'de' -> 'de-DE',
    'en' -> 'en-US', 'zh-Hans' -> 'zh-CN' (CLDR's likely subtags, through Babel)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        loc = Locale.parse(lang.replace("-", "_"))
        if loc.territory is None:
            likely = get_global("likely_subtags").get(str(loc)) or \
                get_global("likely_subtags").get(loc.language)
            loc = Locale.parse(likely) if likely else loc
    except (UnknownLocaleError, ValueError):
        return lang
    return f"{loc.language}-{loc.territory}" if loc.territory else loc.language


def define_styles(word: Any, d: Design, text_width: Any, doc: Document) -> None:
    """Every named style of the CV, in the order Word lists them."""
    styles = word.styles
    sizes = d.docx_sizes or d.sizes
    _normal_style(styles["Normal"], d, sizes, doc)
    _heading_styles(styles, d, sizes, text_width)
    _paragraph_styles(styles, d, sizes, text_width)
    _character_styles(styles, d, sizes)
    if d.sidebar:
        _sidebar_styles(styles, d, sizes)
    if d.dates == "left":
        # Dates in a left column: everything under the name starts after it.
        column = Mm(d.date_column_mm)
        for name in ("Heading 1", "Heading 2", "CV Body", "CV Subtitle", "CV Group",
                     "CV Legend", "CV Letter"):
            styles[name].paragraph_format.left_indent = column
        pub = styles["CV Publication"]
        pub.paragraph_format.left_indent = column + Mm(7)
        pub.paragraph_format.tab_stops.add_tab_stop(column + Mm(7))
    if d.sidebar and d.heading_rule == "under":
        # Below the frame and on later pages the rule runs the whole width; the headings
        # beside the frame stop before it by their own tab (docx_frame).
        _rule_in_line(styles["Heading 1"], text_width)
    if d.header == "centered":  # as in the design's PDF, LaTeX and homepage
        for name in ("Title", "CV Headline"):
            styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if d.header == "band":
        # The name and contact lines white on the accent, one band.
        for name in ("Title", "CV Headline", "CV Contact"):
            _shade(styles[name], d.accent)
            styles[name].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            styles[name].paragraph_format.space_after = Pt(0)
    # Complex scripts (Arabic, Hebrew, Devanagari, Thai) take their own bold and italic, and
    # a style that turns them off (the date in a bold entry line) turns off both.
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            if style.font.bold is not None:
                style.font.cs_bold = style.font.bold
            if style.font.italic is not None:
                style.font.cs_italic = style.font.italic


def _normal_style(normal: Any, d: Design, sizes: Any, doc: Document) -> None:
    """The font, size, languages and direction every other style inherits."""
    font = d.fonts.docx
    normal.font.name = font
    normal.font.size = Pt(sizes.body)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), font)
    # Word takes Arabic and Hebrew ("complex scripts") from w:cs, CJK from w:eastAsia.
    fonts.set(qn("w:cs"), doc.script_fonts[0] if doc.script_fonts else font)
    fonts.set(qn("w:eastAsia"), d.fonts.docx_east_asian)
    tag = word_language(doc.lang)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    east_asian = primary_language(doc.lang) in ("zh", "ja", "ko")
    lang.set(qn("w:eastAsia"), tag if east_asian else "zh-CN")
    if doc.direction == "rtl":
        lang.set(qn("w:bidi"), tag)
        # Every paragraph reads right to left (styles inherit from Normal).
        normal.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(1)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.08
    normal.paragraph_format.widow_control = True  # no single line alone at a page's edge


def _heading_styles(styles: Any, d: Design, sizes: Any, text_width: Any) -> None:
    accent = RGBColor.from_string(d.accent)
    font = d.fonts.docx
    title = styles["Title"]
    title.font.size = Pt(sizes.name)
    title.font.color.rgb = accent
    title.font.name = font
    title.paragraph_format.space_after = Pt(2)
    _no_border(title)
    for name in ("Title", "Heading 1", "Heading 2"):
        _plain_fonts(styles[name])

    h1 = styles["Heading 1"]
    h1.font.size = Pt(sizes.heading)
    h1.font.color.rgb = accent
    h1.font.name = font
    h1.font.all_caps = d.heading_caps
    h1.paragraph_format.space_before = Pt(10)
    h1.paragraph_format.space_after = Pt(3)
    h1.paragraph_format.keep_with_next = True
    if d.heading_rule == "under":
        _bottom_border(h1, d.accent)
    elif d.heading_rule == "after":
        # A tab to the right edge whose leader is the rule filling the rest of the line;
        # the writer ends each heading with that tab.
        h1.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT,
                                                   WD_TAB_LEADER.LINES)
    h2 = styles["Heading 2"]
    h2.font.size = Pt(sizes.body)
    h2.font.color.rgb = RGBColor.from_string(d.muted)
    h2.font.name = font
    h2.font.italic = True
    h2.paragraph_format.space_before = Pt(4)
    h2.paragraph_format.keep_with_next = True


def _paragraph_style(styles: Any, name: str, base: str = "Normal") -> Any:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _character_style(styles: Any, name: str) -> Any:
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    return style


def _paragraph_styles(styles: Any, d: Design, sizes: Any, text_width: Any) -> None:
    muted = RGBColor.from_string(d.muted)
    headline = _paragraph_style(styles, "CV Headline")
    headline.font.size = Pt(sizes.body + 1)
    headline.font.color.rgb = muted
    contact = _paragraph_style(styles, "CV Contact")
    contact.font.size = Pt(sizes.body - 1)
    contact.paragraph_format.space_after = Pt(0)
    entry = _paragraph_style(styles, "CV Entry")
    entry.font.bold = True
    entry.paragraph_format.space_before = Pt(5)
    entry.paragraph_format.keep_with_next = True
    entry.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    sub = _paragraph_style(styles, "CV Subtitle")
    sub.font.italic = True
    sub.paragraph_format.keep_with_next = True
    sub.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    body = _paragraph_style(styles, "CV Body")
    body.paragraph_format.space_after = Pt(1)
    group = _paragraph_style(styles, "CV Group")
    group.font.bold = True
    group.font.color.rgb = muted
    group.paragraph_format.space_before = Pt(4)
    group.paragraph_format.keep_with_next = True
    pub = _paragraph_style(styles, "CV Publication")
    pub.paragraph_format.left_indent = Mm(7)
    pub.paragraph_format.first_line_indent = Mm(-7)
    pub.paragraph_format.space_after = Pt(4)
    pub.paragraph_format.keep_together = True
    pub.paragraph_format.tab_stops.add_tab_stop(Mm(7))
    letter = _paragraph_style(styles, "CV Letter")
    letter.font.size = Pt(sizes.body + 0.5)
    letter.paragraph_format.space_after = Pt(8)
    letter.paragraph_format.line_spacing = 1.2
    legend = _paragraph_style(styles, "CV Legend")
    legend.font.italic = True
    legend.font.size = Pt(sizes.body - 1.5)
    legend.font.color.rgb = muted
    footer = _paragraph_style(styles, "CV Footer")
    footer.font.size = Pt(8)
    footer.font.color.rgb = muted
    footer.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)


def _character_styles(styles: Any, d: Design, sizes: Any) -> None:
    accent = RGBColor.from_string(d.accent)
    date = _character_style(styles, "CV Date")
    date.font.bold = False
    date.font.italic = False
    date.font.color.rgb = RGBColor.from_string(d.muted)
    date.font.size = Pt(sizes.body - 1)
    self_author = _character_style(styles, "CV Self Author")
    self_author.font.bold = True
    tag = _character_style(styles, "CV Venue Tag")
    tag.font.bold = True
    tag.font.color.rgb = accent
    award = _character_style(styles, "CV Award")
    award.font.bold = True
    award.font.color.rgb = RGBColor.from_string(d.award)
    link = _character_style(styles, "CV Link")
    link.font.color.rgb = accent
    code = _character_style(styles, "CV Code")
    code.font.name = "Consolas"
    mark = _character_style(styles, "CV Mark")
    mark.font.superscript = True


def _sidebar_styles(styles: Any, d: Design, sizes: Any) -> None:
    side = _paragraph_style(styles, "CV Side Heading")
    side.font.bold = True
    side.font.all_caps = True
    side.font.size = Pt(sizes.body - 0.5)
    side.font.color.rgb = RGBColor.from_string(d.accent)
    side.paragraph_format.space_before = Pt(8)
    side.paragraph_format.space_after = Pt(2)
    side_title = _paragraph_style(styles, "CV Side Title")
    side_title.font.bold = True
    side_title.font.size = Pt(sizes.body - 1)
    side_title.paragraph_format.space_before = Pt(2)


def end_heading(heading: Any, d: Design) -> None:
    """A section heading's end: with the rule after it, the tab whose leader draws the rule
    to the right edge, in the muted colour (a leader takes its tab's colour)."""
    if d.heading_rule == "after":
        heading.add_run("\t").font.color.rgb = RGBColor.from_string(d.muted)
    elif d.sidebar and heading.style.font.underline:  # the rule is the line's underline
        heading.add_run("\t")


def tighten_styles(word: Any, step: Step) -> None:
    """Every style at a fitting step (cvkit.profile.fit): sizes smaller in proportion (never below
    9 pt for text set at 9 pt or more), space before and after scaled, line spacing
    lowered as the PDF's is."""
    for style in word.styles:
        font = getattr(style, "font", None)
        if font is not None and font.size is not None:
            font.size = Pt(step.size(font.size.pt))
        paragraph = getattr(style, "paragraph_format", None)
        if paragraph is None:
            continue
        for side in ("space_before", "space_after"):
            value = getattr(paragraph, side)
            if value is not None:
                setattr(paragraph, side, Pt(round(value.pt * step.spacing, 2)))
        if isinstance(paragraph.line_spacing, float):
            paragraph.line_spacing = step.line(paragraph.line_spacing)


def _shade(style: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    style.element.get_or_add_pPr().append(shading)


def _bottom_border(style: Any, colour: str) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _rule_in_line(style: Any, text_width: Any) -> None:
    """The heading's rule as the underline of its one line, run out to the column's edge by
    a right tab (end_heading). Beside the sidebar's frame a line starts after the frame, in
    Word and LibreOffice alike, whereas a paragraph border runs from margin to margin,
    through the frame and the text in it."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    style.font.underline = True
    style.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)


def _plain_fonts(style: Any) -> None:
    """Drop theme-font references, which would override the font the theme names."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def _no_border(style: Any) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)


# Symbols most fonts (or their fallbacks) carry, where Word has no icon font of its own.
CONTACT_ICONS = {"email": "\u2709", "phone": "\u2706", "location": "\u2302"}
LINK_ICON = "\u2197"


def contact_icon(paragraph: Any, kind: str, d: Design, *, gap: bool,
                 in_side: bool = False) -> bool:
    """An accent-coloured symbol before a contact item or link when the design wants icons
    (then a gap, not a separator dot, stands between items); whether one was added. In the
    header on the accent band white, as the band's text; in the side column the accent."""
    if not d.contact_icons:
        return False
    if gap:
        paragraph.add_run("\u2003")
    run = paragraph.add_run(CONTACT_ICONS.get(kind, LINK_ICON) + "\u00a0")
    on_band = d.header == "band" and not in_side
    run.font.color.rgb = RGBColor.from_string("FFFFFF" if on_band else d.accent)
    run.font.name = "DejaVu Sans"  # carries every one of them; Word substitutes its own
    return True


def skill_tags(paragraph: Any, items: list[str], d: Design, clean: Any) -> None:
    """Each item a framed tag (a character border); the plain spaces between tags keep
    Word from merging neighbouring borders into one box and let the line wrap there."""
    for i, item in enumerate(items):
        if i:
            paragraph.add_run(" ")
        run = paragraph.add_run("\u00a0" + clean(item).replace(" ", "\u00a0") + "\u00a0")
        border = OxmlElement("w:bdr")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                           ("w:color", d.muted)):
            border.set(qn(key), value)
        run.element.get_or_add_rPr().append(border)


def add_field(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) Word and LibreOffice update when they lay out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    placeholder = paragraph.add_run().element  # python-docx's public handle on the paragraph
    placeholder.getparent().replace(placeholder, field)


def frame(paragraph: Any, d: Design, direction: str) -> None:
    """Put ``paragraph`` in the sidebar frame: page-anchored at the top left (or right) of
    the text area, the main text wrapping around it. Paragraphs with equal frames share one.
    The edge is named, not an offset: LibreOffice measures an offset from the right edge in
    a right-to-left paragraph, but takes a named edge as it is."""
    def twips(emu: int) -> str:  # EMU to twentieths of a point
        return str(int(emu / 635))

    props = OxmlElement("w:framePr")
    for key, value in (("w:w", twips(Mm(d.side_column_mm))), ("w:hSpace", twips(Mm(d.side_gap_mm))),
                       ("w:wrap", "around"), ("w:vAnchor", "margin"), ("w:hAnchor", "margin"),
                       ("w:xAlign", d.sidebar_edge(direction)),
                       ("w:y", "0")):
        props.set(qn(key), value)
    paragraph.paragraph_format.element.get_or_add_pPr().insert(0, props)


# -- numbered lists: instances of the list style's numbering ----------------------------------


def restarted_list(word: Any, style: str) -> int:
    """A new numbering instance of ``style``'s list that starts again at 1 (a ``w:num`` on
    the same abstract numbering with a ``startOverride``); its id."""
    numbering = word.part.numbering_part.element
    style_num = word.styles[style].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    nums = numbering.findall(qn("w:num"))
    abstract = next(n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in nums
                    if n.get(qn("w:numId")) == style_num.get(qn("w:val")))
    num_id = max(int(n.get(qn("w:numId"))) for n in nums) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_ref = OxmlElement("w:abstractNumId")
    abstract_ref.set(qn("w:val"), abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(abstract_ref)
    num.append(override)
    nums[-1].addnext(num)  # after the last w:num, as the schema orders them
    return num_id


def number(paragraph: Any, num_id: int) -> None:
    """Put ``paragraph`` in the numbering instance ``num_id`` at its first level."""
    num_pr = paragraph.paragraph_format.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
