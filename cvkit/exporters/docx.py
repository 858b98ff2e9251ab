"""The Word CV: python-docx, built from named styles a user can restyle in Word.

No layout tables (application-portal parsers read them badly): dates sit on a right tab
stop. Theme settings (fonts, sizes, colours, section order) come from
``templates/docx/<theme>/theme.json``.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..assets import local_file
from ..design import Design
from ..document import Document, Entry, Publication, Section
from ..markup.docx import Cleaner, add_link, add_rich, add_text
from ..output import deterministic_zip
from ..templating import design_for, search_path
from . import Artifact, RenderContext

PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(18)


class DocxExporter:
    name = "docx"
    suffix = ".docx"
    default_theme = "academic"
    letters = True
    designs = True

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        theme = ctx.theme or self.default_theme
        search_path("docx", theme, ctx.templates)  # an unknown theme is an error here too
        writer = _Writer(doc, ctx, design_for(theme, self.default_theme))
        data = writer.build()
        return Artifact(data, ".docx", warnings=writer.clean.warnings() + writer.notes)


class _Writer:
    def __init__(self, doc: Document, ctx: RenderContext, design: Design) -> None:
        self.doc, self.ctx, self.design = doc, ctx, design
        self.clean = Cleaner()
        self.notes: list[str] = []
        self.word = new_document()
        paper = doc.paper
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAPER[paper]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        self.text_width = section.page_width - 2 * MARGIN
        self._styles()

    # -- styles -------------------------------------------------------------------------------

    def _styles(self) -> None:
        d, styles = self.design, self.word.styles
        sizes = d.docx_sizes or d.sizes
        accent = RGBColor.from_string(d.accent)
        muted = RGBColor.from_string(d.muted)
        normal = styles["Normal"]
        font = d.fonts.docx
        normal.font.name = font
        normal.font.size = Pt(sizes.body)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), font)
        # Word picks the East Asian font for CJK characters from this attribute.
        fonts.set(qn("w:eastAsia"), d.fonts.docx_east_asian)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        normal.paragraph_format.space_after = Pt(1)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.08

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
        _bottom_border(h1, d.accent)
        h2 = styles["Heading 2"]
        h2.font.size = Pt(sizes.body)
        h2.font.color.rgb = muted
        h2.font.name = font
        h2.font.italic = True
        h2.paragraph_format.space_before = Pt(4)
        h2.paragraph_format.keep_with_next = True

        def paragraph_style(name: str, base: str = "Normal") -> Any:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
            return style

        def character_style(name: str) -> Any:
            style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            style.quick_style = True
            return style

        headline = paragraph_style("CV Headline")
        headline.font.size = Pt(sizes.body + 1)
        headline.font.color.rgb = muted
        contact = paragraph_style("CV Contact")
        contact.font.size = Pt(sizes.body - 1)
        contact.paragraph_format.space_after = Pt(0)
        entry = paragraph_style("CV Entry")
        entry.font.bold = True
        entry.paragraph_format.space_before = Pt(5)
        entry.paragraph_format.keep_with_next = True
        entry.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        sub = paragraph_style("CV Subtitle")
        sub.font.italic = True
        sub.paragraph_format.keep_with_next = True
        sub.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        body = paragraph_style("CV Body")
        body.paragraph_format.space_after = Pt(1)
        group = paragraph_style("CV Group")
        group.font.bold = True
        group.font.color.rgb = muted
        group.paragraph_format.space_before = Pt(4)
        group.paragraph_format.keep_with_next = True
        pub = paragraph_style("CV Publication")
        pub.paragraph_format.left_indent = Mm(7)
        pub.paragraph_format.first_line_indent = Mm(-7)
        pub.paragraph_format.space_after = Pt(4)
        pub.paragraph_format.keep_together = True
        pub.paragraph_format.tab_stops.add_tab_stop(Mm(7))
        letter = paragraph_style("CV Letter")
        letter.font.size = Pt(sizes.body + 0.5)
        letter.paragraph_format.space_after = Pt(8)
        letter.paragraph_format.line_spacing = 1.2
        legend = paragraph_style("CV Legend")
        legend.font.italic = True
        legend.font.size = Pt(sizes.body - 1.5)
        legend.font.color.rgb = muted
        footer = paragraph_style("CV Footer")
        footer.font.size = Pt(8)
        footer.font.color.rgb = muted
        footer.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)

        date = character_style("CV Date")
        date.font.bold = False
        date.font.italic = False
        date.font.color.rgb = muted
        date.font.size = Pt(sizes.body - 1)
        self_author = character_style("CV Self Author")
        self_author.font.bold = True
        tag = character_style("CV Venue Tag")
        tag.font.bold = True
        tag.font.color.rgb = accent
        award = character_style("CV Award")
        award.font.bold = True
        award.font.color.rgb = RGBColor(0x7A, 0x4B, 0x00)
        link = character_style("CV Link")
        link.font.color.rgb = accent
        code = character_style("CV Code")
        code.font.name = "Consolas"
        mark = character_style("CV Mark")
        mark.font.superscript = True

    # -- content ------------------------------------------------------------------------------

    def build(self) -> bytes:
        d, w = self.doc, self.word
        if d.photo:
            self.photo()
        w.add_paragraph(self.clean(d.name), style="Title")
        if d.headline:
            w.add_paragraph(self.clean(d.headline), style="CV Headline")
        for row in (d.contact, d.links):
            if not row:
                continue
            p = w.add_paragraph(style="CV Contact")
            for i, item in enumerate(row):
                if i:
                    add_text(p, "  ·  ", self.clean)
                label = item.text if row is d.contact else item.label
                if item.url:
                    add_link(p, label, item.url, self.clean)
                else:
                    add_text(p, label, self.clean)
        for section in d.sections_for(self.design.order()):
            self.section(section)
        self.footer()
        self.properties()
        buffer = io.BytesIO()
        w.save(buffer)
        return _normalise_zip(buffer.getvalue(), self.ctx.as_of)

    def photo(self) -> None:
        """The photo above the name, right-aligned; formats Word cannot embed are skipped."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        path = local_file(self.ctx.base_dir, self.doc.photo)
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif"):
            self.notes.append(f"photo {self.doc.photo!r} left out: Word files take PNG, JPEG "
                              "or GIF")
            return
        paragraph = self.word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run().add_picture(str(path), width=Mm(24))

    def section(self, s: Section) -> None:
        w, labels = self.word, self.doc.labels
        if s.title:
            w.add_paragraph(self.clean(s.title), style="Heading 1")
        if s.kind == "letter":
            for para in s.paragraphs:
                p = w.add_paragraph(style="CV Letter")
                add_rich(p, para, self.clean)
        elif s.kind == "about":
            if s.about:
                add_rich(w.add_paragraph(style="CV Body"), s.about, self.clean)
            if s.interests:
                p = w.add_paragraph(style="CV Body")
                add_text(p, f"{labels['interests']}: ", self.clean, bold=True)
                add_text(p, ", ".join(s.interests), self.clean)
        elif s.kind == "news":
            for n in s.news:
                p = w.add_paragraph(style="CV Body")
                add_text(p, f"{n.date}  ", self.clean, style="CV Date")
                add_rich(p, n.text, self.clean)
        elif s.kind == "publications":
            if s.legend:
                p = w.add_paragraph(style="CV Legend")
                for i, (mark, meaning) in enumerate(s.legend):
                    if i:
                        add_text(p, "; ", self.clean)
                    add_text(p, mark, self.clean, style="CV Mark")
                    add_text(p, f"{labels['legend_sep']}{meaning}", self.clean)
            for g in s.publication_groups:
                if g.title:
                    w.add_paragraph(self.clean(g.title), style="Heading 2")
                for pub in g.publications:
                    self.publication(pub, pub.number)
        elif s.kind == "skills":
            for e in s.entries:
                p = w.add_paragraph(style="CV Body")
                add_text(p, f"{e.title}: " if e.summary else e.title, self.clean, bold=True)
                add_rich(p, e.summary, self.clean)
        else:
            for e in s.entries:
                self.entry(e)

    def publication(self, p: Publication, number: int) -> None:
        para = self.word.add_paragraph(style="CV Publication")
        add_text(para, f"{number}.\t", self.clean)
        if p.venue_tag:
            add_text(para, f"[{p.venue_tag}] ", self.clean, style="CV Venue Tag")
        add_rich(para, p.title_rich, self.clean, bold=True)
        if p.authors:
            para.add_run().add_break()
        for i, a in enumerate(p.authors):
            if i:
                add_text(para, ", ", self.clean)
            add_text(para, a.name, self.clean, style="CV Self Author" if a.is_owner else None)
            if a.marks:
                add_text(para, a.marks, self.clean, style="CV Mark")
        para.add_run().add_break()
        venue = [x for x in (p.venue, p.details, p.date) if x]
        if venue:
            add_text(para, p.venue, self.clean, italic=True)
            rest = ", ".join(x for x in (p.details, p.date) if x)
            if rest:
                add_text(para, (", " if p.venue else "") + rest, self.clean)
        if p.status_label:
            add_text(para, " · ", self.clean)
            add_text(para, p.status_label, self.clean, bold=True)
        if p.award:
            para.add_run().add_break()
            add_text(para, f"★ {p.award}", self.clean, style="CV Award")
        if p.note:
            para.add_run().add_break()
            add_rich(para, p.note, self.clean)
        for h in p.highlights:
            para.add_run().add_break()
            add_text(para, "• ", self.clean)
            add_rich(para, h, self.clean)
        if p.links:
            para.add_run().add_break()
            for i, link in enumerate(p.links):
                if i:
                    add_text(para, "  ", self.clean)
                add_link(para, f"[{link.label}]", link.url, self.clean)

    def entry(self, e: Entry, depth: int = 0) -> None:
        """One entry's paragraphs; kept on one page as the view says (keep_whole)."""
        before = len(self.word.paragraphs)
        self._entry_paragraphs(e, depth)
        own = self.word.paragraphs[before:]
        for p in own:
            p.paragraph_format.keep_together = True
        if e.keep_whole and own:
            for p in own[:-1]:
                p.paragraph_format.keep_with_next = True
            # Direct formatting: the last paragraph never chains to the next entry, even
            # when its style (an entry heading, a subtitle) keeps with next.
            own[-1].paragraph_format.keep_with_next = False
        for g in e.groups:
            if g.title:
                p = self.word.add_paragraph(self.clean(g.title), style="CV Group")
                p.paragraph_format.left_indent = Mm(5 * (depth + 1))
            for sub_entry in g.entries:
                self.entry(sub_entry, depth + 1)

    def _entry_paragraphs(self, e: Entry, depth: int) -> None:
        w = self.word
        head = w.add_paragraph(style="CV Entry")
        if depth:
            head.paragraph_format.left_indent = Mm(5 * depth)
        if e.url:
            # A linked title looks like every other title in its list (no link blue).
            add_link(head, e.title, e.url, self.clean, style=None, bold=True)
        else:
            add_text(head, e.title, self.clean)
        if e.badge:
            add_text(head, f"  {e.badge}", self.clean, style="CV Award")
        if e.date:
            add_text(head, f"\t{e.date}", self.clean, style="CV Date")
        if e.subtitle or e.location:
            sub = w.add_paragraph(style="CV Subtitle")
            if depth:
                sub.paragraph_format.left_indent = Mm(5 * depth)
            add_text(sub, e.subtitle, self.clean)
            if e.location:
                add_text(sub, f"\t{e.location}", self.clean, style="CV Date")
        for title, date in e.roles:
            p = w.add_paragraph(style="CV Subtitle")
            add_text(p, title, self.clean)
            add_text(p, f"\t{date}", self.clean, style="CV Date")
        if e.summary:
            p = w.add_paragraph(style="CV Body")
            if depth:
                p.paragraph_format.left_indent = Mm(5 * depth)
            add_rich(p, e.summary, self.clean)
        for f in e.fields:
            p = w.add_paragraph(style="CV Body")
            if depth:
                p.paragraph_format.left_indent = Mm(5 * depth)
            if f.label:
                add_text(p, f"{f.label}: ", self.clean, bold=True)
            add_rich(p, f.value, self.clean)
        for lst in e.lists:
            if lst.label:
                p = w.add_paragraph(style="CV Body")
                if depth:
                    p.paragraph_format.left_indent = Mm(5 * depth)
                add_text(p, lst.label, self.clean, bold=True)
            style = "List Number" if lst.ordered else "List Bullet"
            for item in lst.items:
                p = w.add_paragraph(style=style)
                if depth:
                    p.paragraph_format.left_indent = Mm(5 * depth + 6)
                add_rich(p, item.text, self.clean)
                for child in item.children:
                    c = w.add_paragraph(style="List Bullet 2")
                    add_rich(c, child, self.clean)
        if e.links:
            p = w.add_paragraph(style="CV Body")
            for i, link in enumerate(e.links):
                if i:
                    add_text(p, "  ", self.clean)
                if link.url:
                    add_link(p, link.label, link.url, self.clean)
                else:
                    add_text(p, link.text or link.label, self.clean)

    def footer(self) -> None:
        """Name on the left, 'page N / M' on a right tab stop, as PAGE and NUMPAGES fields."""
        footer = self.word.sections[0].footer
        p = footer.paragraphs[0]
        p.style = self.word.styles["CV Footer"]
        add_text(p, self.doc.name, self.clean)
        add_text(p, "\t", self.clean)
        _field(p, "PAGE")
        add_text(p, " / ", self.clean)
        _field(p, "NUMPAGES")

    def properties(self) -> None:
        props = self.word.core_properties
        when = self.ctx.as_of.replace(tzinfo=None)
        props.title = _fit(self.clean(
            f"{self.doc.name} — {'Cover letter' if self.doc.kind == 'letter' else 'CV'}"))
        props.author = _fit(self.clean(self.doc.name))
        props.last_modified_by = _fit(self.clean(self.doc.name))
        props.subject = _fit(self.clean(self.doc.subject))
        props.keywords = _fit(self.clean(", ".join(self.doc.keywords)))
        props.comments = "Written by cvkit"
        props.created = when
        props.modified = when
        props.revision = 1


def _fit(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters; cut at a comma or space before that."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for sep in (", ", " "):
        if sep in cut:
            return cut[: cut.rindex(sep)] + "…"
    return cut + "…"


def _field(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) Word and LibreOffice update when they lay out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bottom_border(style: Any, colour: str) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


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


def _normalise_zip(data: bytes, when: _dt.datetime) -> bytes:
    """The package again with fixed entry times, so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return deterministic_zip(((i.filename, source.read(i.filename)) for i in source.infolist()),
                             when)
