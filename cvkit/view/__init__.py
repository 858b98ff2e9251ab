"""Profile -> Document: the sections as they will be laid out, shared by every exporter.

Every rule that is not about a file format lives here or in the small modules it calls:
selection (``tailor``: hidden entries, tags, limits), words and dates (``locale``), owner and
author marks (``authors``), URLs (``links``), anchors (``slugs``). Each section kind has one
builder, registered by its key (``context.builds``): ``publications`` and ``entries``.

May import: support, document, profile.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from cvkit.document import Document, NamedLink, Section, richtext
from cvkit.document.authors import owner_of
from cvkit.profile.locale import load as load_locale
from cvkit.profile.model import profile as m
from cvkit.profile.model.layout import Variant
from cvkit.profile.options import ExportOptions
from cvkit.profile.tailor import tailor
from cvkit.support.clock import source_date
from cvkit.support.links import bare_orcid, shown_url
from cvkit.view import entries as entries
from cvkit.view import publications as publications
from cvkit.view.context import BUILDERS, Ctx, profile_links
from cvkit.view.publications import venue_tag

__all__ = ["Document", "ViewOptions", "build_document", "build_letter",
           "venue_tag"]


@dataclass
class ViewOptions:
    """What the view is given beside the export's options: the day "today" means, the
    selection (``ExportOptions.selection``) and the citation style's file."""

    as_of: _dt.date | None = None
    variant: Variant | None = None  # what to select; hidden entries are always left out
    citation_style: Path | None = None  # a CSL style file: it writes each reference
    export: ExportOptions | None = None  # the options the export was given, whole


def build_document(profile: m.Profile, options: ViewOptions | None = None) -> Document:
    opts = options or ViewOptions()
    profile = tailor(profile, opts.variant or Variant())
    lay = profile.layout
    # Paper, photo, page fitting and author lists as the export asks, over the layout's.
    export = (opts.export or ExportOptions(variant=opts.variant)).with_layout(profile)
    assert export.paper is not None  # with_layout takes the layout's where none is given
    loc = load_locale(lay.locale).with_overrides(
        titles={str(k): v for k, v in lay.titles.items()}, labels=dict(lay.labels),
        kinds={str(k): v for k, v in lay.kind_titles.items()})
    marks = dict(lay.author_marks) if "author_marks" in lay.model_fields_set else loc.marks
    owner = owner_of(profile.name, profile.aliases,
                     bare_orcid(profile.links.orcid).upper() if profile.links.orcid else "")
    ctx = Ctx(lay.date_style, loc, owner, marks,
              grouped_by_kind=lay.publication_groups == "kind",
              citation_style=opts.citation_style, citation_order=lay.citation_order,
              max_authors=export.max_authors)
    sections: list[Section] = []
    for key in lay.sections:
        sec = BUILDERS[key](profile, ctx, key, loc.titles[key])
        if sec is not None:
            sections.append(sec)
    labels = loc.labels
    contact: list[NamedLink] = []
    c = profile.contact
    if c.email:
        contact.append(NamedLink(labels["email"], f"mailto:{c.email}", "email", c.email))
    if c.phone:
        contact.append(NamedLink(labels["phone"], "tel:" + re.sub(r"[^\d+]", "", c.phone),
                                 "phone", c.phone))
    if c.website:
        contact.append(NamedLink(labels["website"], c.website, "website",
                                 shown_url(c.website)))
    if c.location:
        contact.append(NamedLink(labels["location"], "", "location", c.location))
    return Document(
        name=profile.name,
        headline=profile.headline or "",
        locale=loc.code,
        paper=export.paper,
        fit_pages=export.fit_pages,
        photo=(profile.photo or "") if export.include_photo else "",
        contact=tuple(contact),
        links=profile_links(profile.links),
        interests=tuple(profile.interests),
        sections=tuple(sections),
        keywords=tuple(profile.interests),
        as_of=opts.as_of or source_date().date(),
        labels=labels,
        kind_titles=loc.kinds,
        lang=loc.lang,
        direction=loc.direction,
        script_fonts=loc.fonts,
        tex_language=loc.tex_language or "", tex_font=loc.tex_font or "",
        tex_script=loc.tex_script or "", tex_range=loc.tex_range or "",
        small_caps=loc.small_caps,
        design_options=lay.design if lay.design.model_fields_set else None,
        custom_order="sections" in lay.model_fields_set,
        origin=profile,
    )


def build_letter(profile: m.Profile, body: str, as_of: _dt.date | None = None,
                 recipient: tuple[str, ...] = ()) -> Document:
    """A cover letter with the CV's header, laid out as a business letter: the date (``as_of``
    in the locale's long form), the recipient block (``recipient``: its lines, such as the
    person, the organisation and its address), then ``body``. The body is Markdown, paragraphs
    split on blank lines. As in CommonMark, a line break inside a paragraph is a space (the
    template's own wrapping); end a line with a backslash or two spaces to keep the break (a
    signature)."""
    cv = build_document(profile, ViewOptions(as_of=as_of,
                                             export=ExportOptions(include_photo=False)))
    dated = load_locale(profile.layout.locale).day(cv.as_of)
    lines = [line.strip() for line in recipient if line.strip()]
    block: list[richtext.Node] = []
    for line in lines:
        block += [richtext.LineBreak(), richtext.Text(line)] if block else [richtext.Text(line)]
    heading = ((richtext.Text(dated),),) + ((tuple(block),) if block else ())
    paragraphs = tuple(richtext.parse(p.strip())
                       for p in re.split(r"\n\s*\n", body.strip()) if p.strip())
    letter = Section(key="letter", title="", kind="letter", paragraphs=heading + paragraphs)
    return dataclasses.replace(cv, sections=(letter,), custom_order=True, kind="letter")
