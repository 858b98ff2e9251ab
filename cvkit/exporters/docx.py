"""The Word CV: python-docx, built from named styles a user can restyle in Word.

No layout tables (application-portal parsers read them badly): dates sit on a right tab
stop. Fonts, sizes, colours and section order come from the theme's design file
(``cvkit.profile.design``); the named styles are defined in ``docx_styles``.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm

from cvkit.document import Document, Entry, Publication, Section
from cvkit.document.markup.docx import Cleaner, add_link, add_rich, add_text
from cvkit.document.richtext import plain
from cvkit.exporters import Artifact, RenderContext
from cvkit.exporters.docx_frame import shorten_tabs_beside_frame
from cvkit.exporters.docx_styles import (
    add_field,
    contact_icon,
    define_styles,
    end_heading,
    frame,
    number,
    restarted_list,
    skill_tags,
    tighten_styles,
)
from cvkit.exporters.templating import design_for, search_path
from cvkit.profile.design import Design
from cvkit.profile.design import names as design_names
from cvkit.support.assets import local_file
from cvkit.support.output import deterministic_zip

if TYPE_CHECKING:
    from cvkit.profile.fit import Step

PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(18)
LIST_TAB = Mm(6.35)  # the tab after a number or bullet in python-docx's list levels
SIDE_PHOTO_MM = 28  # the photo's width at the top of a side column (altacv's PDF sets 28 mm)


class DocxExporter:
    name = "docx"
    suffix = ".docx"
    default_theme = "academic"
    letters = True
    designs = True
    paged = True

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        theme = ctx.theme or self.default_theme
        search_path("docx", theme, ctx.templates)  # an unknown theme is an error here too
        fit = None
        if doc.fit_pages:
            from cvkit.exporters.pdf import fit_step

            fit = fit_step(doc, ctx, theme if theme in design_names() else self.default_theme)
        writer = _Writer(doc, ctx, design_for(theme, self.default_theme, doc),
                         fit.step if fit else None)
        data = writer.build()
        notes = [fit.note] if fit and fit.note else []
        info = {"fit": f"{fit.summary} (the PDF's; Word lays out its own pages)"} if fit else {}
        return Artifact(data, ".docx", warnings=writer.clean.warnings() + writer.notes + notes,
                        info=info)


class _Writer:
    def __init__(self, doc: Document, ctx: RenderContext, design: Design,
                 fit: Step | None = None) -> None:
        self.doc, self.ctx, self.design = doc, ctx, design
        self.clean = Cleaner()
        self.notes: list[str] = []
        self.wide_labels = False  # a citation style numbers past 9: a wider number column
        self.word = new_document()
        paper = doc.paper
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAPER[paper]
        fit = fit if fit is not None and fit.tightened else None
        m = fit.margins if fit else design.margins
        margins = {side: Mm(getattr(m, side)) if m else MARGIN
                   for side in ("left", "right", "top", "bottom")}
        for side, value in margins.items():
            setattr(section, f"{side}_margin", value)
        self.text_width = PAPER[paper][0] - margins["left"] - margins["right"]
        # The classic design's dates sit in a column on the left of every entry.
        self.column = Mm(design.date_column_mm) if design.dates == "left" else 0
        define_styles(self.word, design, self.text_width, doc)
        if fit:
            tighten_styles(self.word, fit)

    # -- content ------------------------------------------------------------------------------

    def build(self) -> bytes:
        d, w = self.doc, self.word
        main, side = d.columns(self.design.order(), self.design.sidebar)
        if self.design.sidebar:
            self.sidebar(side)
        elif d.photo:
            self.photo()
        w.add_paragraph(self.clean(d.name), style="Title")
        if d.headline:
            w.add_paragraph(self.clean(d.headline), style="CV Headline")
        in_header = not (self.design.sidebar and self.design.sidebar_contact)
        for row in (d.contact, d.links) if in_header else ():
            if not row:
                continue
            p = w.add_paragraph(style="CV Contact")
            if self.design.header == "centered":  # as in the design's PDF, LaTeX, homepage
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, item in enumerate(row):
                if not contact_icon(p, item.kind, self.design, gap=bool(i)) and i:
                    add_text(p, f"  {self.design.separator()}  ", self.clean)
                label = item.text if row is d.contact else item.label
                if item.url:
                    # On the accent band links take the band's white, not link blue.
                    add_link(p, label, item.url, self.clean,
                             style=None if self.design.header == "band" else "CV Link")
                else:
                    add_text(p, label, self.clean)
        for section in main:
            self.section(section)
        shorten_tabs_beside_frame(w, self.design, self.text_width)
        self.footer()
        self.properties()
        buffer = io.BytesIO()
        w.save(buffer)
        return _normalise_zip(buffer.getvalue(), self.ctx.as_of)

    def sidebar(self, sections: tuple[Section, ...]) -> None:
        """Contact lines, links and the design's sidebar sections in a frame at the left of
        the first page; the main text flows around it (a frame, not a layout table)."""
        d = self.doc

        def framed(style: str) -> Any:
            p = self.word.add_paragraph(style=style)
            frame(p, self.design, d.direction)
            return p

        if d.photo:  # as the PDF's: the photo heads the side column, whatever else is there
            self.photo(framed)
        rows = [(c, c.text) for c in d.contact] + [(x, x.label) for x in d.links]
        for item, label in rows if self.design.sidebar_contact else []:
            p = framed("CV Contact")
            contact_icon(p, item.kind, self.design, gap=False, in_side=True)  # as the PDF's
            if item.url:
                add_link(p, label, item.url, self.clean)
            else:
                add_text(p, label, self.clean)
        for s in sections:  # as the PDF's sidebar: title, subtitle, text, date
            add_text(framed("CV Side Heading"), s.title, self.clean)
            for e in s.entries:
                add_text(framed("CV Side Title"), e.title, self.clean)
                for line in (e.subtitle, e.date):
                    if line:
                        add_text(framed("CV Contact"), line, self.clean)
                if self.design.skill_tags and e.tags:
                    skill_tags(framed("CV Contact"), list(e.tags), self.design, self.clean)
                elif e.summary:
                    add_rich(framed("CV Contact"), e.summary, self.clean)

    def photo(self, framed: Any = None) -> None:
        """The photo above the name, right-aligned, or (``framed`` makes a paragraph in the
        side column's frame) heading the side column; formats Word cannot embed are skipped."""
        path = local_file(self.ctx.base_dir, self.doc.photo)
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif"):
            self.notes.append(f"photo {self.doc.photo!r} left out: Word files take PNG, JPEG "
                              "or GIF")
            return
        paragraph = framed("CV Contact") if framed else self.word.add_paragraph()
        if not framed:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run().add_picture(str(path), width=Mm(SIDE_PHOTO_MM if framed else 24))

    def section(self, s: Section) -> None:
        w, labels = self.word, self.doc.labels
        if s.title:
            end_heading(w.add_paragraph(self.clean(s.title), style="Heading 1"), self.design)
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
            # Every styled reference aligns alike once one label is wider than "[9]".
            self.wide_labels = any(len(p.reference_label) > 3 for g in s.publication_groups
                                   for p in g.publications)
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
        if p.reference:
            self.styled_reference(para, p)
        else:
            self.own_reference(para, p, number)
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

    def styled_reference(self, para: Any, p: Publication) -> None:
        """The reference a citation style wrote; the owner and the marks in the design's
        styles, the style's own number where the design puts numbers."""
        if self.wide_labels:  # "[10]" is wider than the design's number column
            style = para.style.paragraph_format
            wider = Mm(3)
            para.paragraph_format.left_indent = (style.left_indent or 0) + wider
            para.paragraph_format.first_line_indent = (style.first_line_indent or 0) - wider
            for stop in style.tab_stops:  # the design's stop would come first
                para.paragraph_format.tab_stops.add_tab_stop(stop.position,
                                                             WD_TAB_ALIGNMENT.CLEAR)
            para.paragraph_format.tab_stops.add_tab_stop(para.paragraph_format.left_indent)
        add_text(para, f"{p.reference_label}\t" if p.reference_label else "\t", self.clean)
        if p.venue_tag:
            add_text(para, f"[{p.venue_tag}] ", self.clean, style="CV Venue Tag")
        for part in p.reference:
            if part.role == "owner":
                start = len(para.runs)
                add_rich(para, part.text, self.clean)
                for run in para.runs[start:]:
                    run.style = self.word.styles["CV Self Author"]
            elif part.role == "mark":
                add_text(para, plain(part.text), self.clean, style="CV Mark")
            else:
                add_rich(para, part.text, self.clean)

    def own_reference(self, para: Any, p: Publication, number: int) -> None:
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
            if venue:
                add_text(para, " · ", self.clean)
            add_text(para, p.status_label, self.clean, bold=True)

    def entry(self, e: Entry, depth: int = 0) -> None:
        """One entry's paragraphs; kept on one page as the view says (keep_whole)."""
        before = len(self.word.paragraphs)
        self._entry_paragraphs(e, depth)
        own = self.word.paragraphs[before:]
        for p in own:
            p.paragraph_format.keep_together = True
        if e.keep_whole(self.design.line_chars) and own:
            for p in own[:-1]:
                p.paragraph_format.keep_with_next = True
            # Direct formatting: the last paragraph never chains to the next entry, even
            # when its style (an entry heading, a subtitle) keeps with next.
            own[-1].paragraph_format.keep_with_next = False
        for g in e.groups:
            if g.title:
                p = self.word.add_paragraph(self.clean(g.title), style="CV Group")
                p.paragraph_format.left_indent = self.column + Mm(5 * (depth + 1))
            for sub_entry in g.entries:
                self.entry(sub_entry, depth + 1)

    def _entry_paragraphs(self, e: Entry, depth: int) -> None:
        self._entry_head(e, depth)
        if e.subtitle or e.location:
            sub = self._indented("CV Subtitle", depth)
            add_text(sub, e.subtitle, self.clean)
            if e.location:
                add_text(sub, f"\t{e.location}", self.clean, style="CV Date")
        for title, date in e.roles:
            p = self.word.add_paragraph(style="CV Subtitle")
            add_text(p, title, self.clean)
            add_text(p, f"\t{date}", self.clean, style="CV Date")
        if e.summary:
            add_rich(self._indented("CV Body", depth), e.summary, self.clean)
        for f in e.fields:
            p = self._indented("CV Body", depth)
            if f.label:
                add_text(p, f"{f.label}: ", self.clean, bold=True)
            add_rich(p, f.value, self.clean)
        for lst in e.lists:
            if lst.label:
                add_text(self._indented("CV Body", depth), lst.label, self.clean, bold=True)
            style = "List Number" if lst.ordered else "List Bullet"
            num_id = restarted_list(self.word, style) if lst.ordered else None  # from 1
            for item in lst.items:
                p = self._list_item(style, depth, 6)
                if num_id is not None:
                    number(p, num_id)
                add_rich(p, item.text, self.clean)
                for child in item.children:
                    add_rich(self._list_item("List Bullet 2", depth, 12), child, self.clean)
        if e.links:
            p = self.word.add_paragraph(style="CV Body")
            for i, link in enumerate(e.links):
                if i:
                    add_text(p, "  ", self.clean)
                if link.url:
                    add_link(p, link.label, link.url, self.clean)
                else:
                    add_text(p, link.text or link.label, self.clean)

    def _indented(self, style: str, depth: int, extra: int = 0) -> Any:
        """A paragraph past the date column and indented for a nested entry's depth."""
        p = self.word.add_paragraph(style=style)
        if depth or self.column:
            p.paragraph_format.left_indent = self.column + Mm(5 * depth + extra)
        return p

    def _list_item(self, style: str, depth: int, indent: int) -> Any:
        """A list item with its text ``indent`` mm in, its bullet or number at the heading's
        edge (the template's 0.25 in list tab, cleared, left no gap after a narrow bullet)."""
        if not (depth or self.column):
            return self.word.add_paragraph(style=style)
        p = self._indented(style, depth, indent)
        p.paragraph_format.first_line_indent = -Mm(6)
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(LIST_TAB, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(p.paragraph_format.left_indent)
        return p

    def _entry_head(self, e: Entry, depth: int) -> None:
        """The entry's title line: its date (in the date column, or on a right tab stop),
        its title (linked where it has an address) and its badge."""
        head = self._indented("CV Entry", depth)
        if self.column and not depth:
            # Date, tab, title: the hanging indent is the date column's tab stop.
            head.paragraph_format.first_line_indent = -self.column
            head.paragraph_format.tab_stops.add_tab_stop(self.column)
            add_text(head, f"{e.date}\t", self.clean, style="CV Date")
        if e.url:
            # A linked title looks like every other title in its list (no link blue).
            add_link(head, e.title, e.url, self.clean, style=None, bold=True)
        else:
            add_text(head, e.title, self.clean)
        if e.badge:
            add_text(head, f"  {e.badge}", self.clean, style="CV Award")
        if e.date and not (self.column and not depth):
            add_text(head, f"\t{e.date}", self.clean, style="CV Date")

    def footer(self) -> None:
        """Name on the left, 'page N / M' on a right tab stop, as PAGE and NUMPAGES fields."""
        footer = self.word.sections[0].footer
        p = footer.paragraphs[0]
        p.style = self.word.styles["CV Footer"]
        add_text(p, self.doc.name, self.clean)
        if self.design.page_numbers:
            add_text(p, "\t", self.clean)
            add_field(p, "PAGE")
            add_text(p, " / ", self.clean)
            add_field(p, "NUMPAGES")

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


def _normalise_zip(data: bytes, when: _dt.datetime) -> bytes:
    """The package again with fixed entry times, so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return deterministic_zip(((i.filename, source.read(i.filename)) for i in source.infolist()),
                             when)
