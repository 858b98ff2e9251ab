"""The Document: the sections as they will be laid out, shared by every exporter.

Built from a profile by ``cvkit.view``; exporters read nothing else. For formats that map
data one to one rather than lay it out (JSON Resume, Jekyll's front matter), each entry also
gives its ``record``: its fields as the profile has them, in JSON form (the profile's schema,
``schemas/profile.schema.json``), made on first read from the model object it came from. The
Document imports nothing of the model: it is the contract between the two sides.

May import: support.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from cvkit.document.richtext import Rich, plain
from cvkit.document.scripts import text_width


@dataclass(frozen=True)
class NamedLink:
    label: str
    url: str
    kind: str = ""  # machine name: email, website, github, doi, arxiv, pdf, code, ...
    text: str = ""  # what to print where the URL itself is shown (handle, DOI, address)


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    marks: str = ""
    is_et_al: bool = False  # "et al." closing a list: not a person, never in metadata
    # A list cut short (layout.max_authors) stands the authors it leaves out in one entry:
    # "…" between the names shown, or the closing "et al."; this many of them.
    omitted: int = 0
    orcid: str = ""  # the person's ORCID iD where the profile gives it

    @property
    def is_person(self) -> bool:
        """A name, not a stand-in ("…", "et al.") for names left out."""
        return not self.is_et_al and not self.omitted


@dataclass(frozen=True)
class ReferencePart:
    """A piece of a reference a citation style wrote. ``role`` says what the design draws
    its own way: "owner" (the profile's person, bold), "mark" (* † after a name), or ""."""

    text: Rich
    role: str = ""


@dataclass(frozen=True)
class Publication:
    title: str  # plain text (formulas in Unicode): metadata, anchors, matching
    title_rich: Rich  # what a reader sees: formulas and LaTeX markup rendered
    # The authors as laid out: every one, or a list cut around the owner to
    # layout.max_authors ("A. Lee, B. Chen, …, W. Cai*, et al.": stand-ins say what is left
    # out). Metadata (a page's citation_author, BibTeX) reads ``all_authors``.
    authors: tuple[Author, ...]
    venue: str
    venue_tag: str
    kind: str
    status: str
    status_label: str
    date: str  # as a reader sees it, in the profile's language
    year: int | None
    details: str  # volume(issue):pages, publisher
    award: str
    note: Rich
    highlights: tuple[Rich, ...]
    abstract: Rich
    links: tuple[NamedLink, ...]
    selected: bool
    doi: str
    arxiv: str
    own_bibtex: str  # the entry the profile gives, if any
    key: str  # stable id for anchors, unique in the document
    number: int = 0  # its number in the list: straight through the groups, in every format
    # With a citation style: the whole reference as the style writes it (authors, title,
    # venue, year, pages, DOI), and the style's own number ("[3]") if it numbers.
    reference: tuple[ReferencePart, ...] = ()
    reference_label: str = ""
    cite_key: str = ""  # unique in the document; "" when the paper brings its own BibTeX
    all_authors: tuple[Author, ...] = ()  # every author the profile lists, in order
    authors_omitted: int = 0  # how many of them ``authors`` leaves out
    editors: tuple[Author, ...] = ()
    iso_date: str = ""  # as the profile gives it (2025, 2025-07, 2025-07-14): for metadata
    origin: Any = field(default=None, compare=False, repr=False)  # see ``record``
    # Writes the paper's BibTeX from its fields (set by the view, which knows how).
    make_bibtex: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def bibtex(self) -> str:
        """The paper's BibTeX: the profile's own, else one made from its fields. Made on
        first use: only the site and the .bib print it, and
        making it for hundreds of papers shows."""
        if self.own_bibtex or self.make_bibtex is None:
            return self.own_bibtex
        return self.make_bibtex()

    @cached_property
    def record(self) -> dict[str, Any]:
        return _record(self.origin)


@dataclass(frozen=True)
class Item:
    text: Rich
    children: tuple[Rich, ...] = ()


@dataclass(frozen=True)
class ItemList:
    label: str
    ordered: bool
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Field:
    label: str
    value: Rich


# Entries with at most this many printed lines under the heading never break across pages;
# a taller one would leave a page's foot blank.
KEEP_WHOLE_LINES = 5
LINE_CHARS = 95  # about what one full-width line of body text holds in the print formats


@dataclass(frozen=True)
class Entry:
    """A generic CV entry: experience, education, awards, projects, talks, ..."""

    title: str
    subtitle: str = ""
    date: str = ""
    location: str = ""
    url: str = ""
    badge: str = ""
    summary: Rich = ()
    fields: tuple[Field, ...] = ()
    lists: tuple[ItemList, ...] = ()
    links: tuple[NamedLink, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (title, date) when one place had several
    groups: tuple[EntryGroup, ...] = ()  # sub-projects, grouped under headings
    tags: tuple[str, ...] = ()  # words a design may draw as tags (a skill group's items)
    origin: Any = field(default=None, compare=False, repr=False)  # see ``record``

    @cached_property
    def record(self) -> dict[str, Any]:
        return _record(self.origin)

    def lines(self, line_chars: int = LINE_CHARS) -> int:
        """About how many printed lines follow the heading (a block wraps by its width: a
        CJK character takes two Latin letters' room) in a column holding ``line_chars``
        Latin characters a line."""
        texts = [plain(self.summary)] if self.summary else []
        texts += [f"{f.label}: {plain(f.value)}" for f in self.fields]
        texts += [t for lst in self.lists for t in ([lst.label] if lst.label else [])]
        texts += [plain(t) for lst in self.lists for i in lst.items for t in (i.text, *i.children)]
        return len(self.roles) + bool(self.links) + sum(
            -(-text_width(t) // line_chars) or 1 for t in texts)

    def keep_whole(self, line_chars: int = LINE_CHARS) -> bool:
        """Every format keeps a short entry on one page (a design's narrower column,
        ``Design.line_chars``, makes its lines more); a long one keeps only its heading with
        its first lines, so a page does not end in a gap the size of the entry."""
        return not self.groups and self.lines(line_chars) <= KEEP_WHOLE_LINES


@dataclass(frozen=True)
class EntryGroup:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class NewsItem:
    date: str
    text: Rich
    iso_date: str = ""  # as the profile gives it (2025-07-14): for the feed
    origin: Any = field(default=None, compare=False, repr=False)  # see ``record``

    @cached_property
    def record(self) -> dict[str, Any]:
        return _record(self.origin)


@dataclass(frozen=True)
class PublicationGroup:
    title: str
    publications: tuple[Publication, ...]


SectionKind = Literal["about", "news", "publications", "entries", "skills", "letter"]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: SectionKind
    entries: tuple[Entry, ...] = ()
    news: tuple[NewsItem, ...] = ()
    publication_groups: tuple[PublicationGroup, ...] = ()
    about: Rich = ()
    interests: tuple[str, ...] = ()
    legend: tuple[tuple[str, str], ...] = ()  # (mark, meaning) used in this section
    paragraphs: tuple[Rich, ...] = ()  # a letter's body

    @property
    def publications(self) -> tuple[Publication, ...]:
        return tuple(p for g in self.publication_groups for p in g.publications)


@dataclass(frozen=True)
class Document:
    name: str
    headline: str
    locale: str
    paper: str
    photo: str  # path relative to the profile folder, or ""
    contact: tuple[NamedLink, ...]  # email, phone, website, location (url may be "")
    links: tuple[NamedLink, ...]
    interests: tuple[str, ...]
    sections: tuple[Section, ...]
    keywords: tuple[str, ...]
    as_of: _dt.date
    labels: dict[str, str] = field(default_factory=dict)
    kind_titles: dict[str, str] = field(default_factory=dict)  # publication-group headings
    lang: str = "en"  # BCP 47, for lang attributes and metadata
    direction: str = "ltr"
    script_fonts: tuple[str, ...] = ()  # the locale's fonts, before a design's own
    tex_language: str = ""  # polyglossia's name of a right-to-left language
    tex_font: str = ""  # xelatex's font for that script
    tex_script: str = ""  # fontspec's Script of tex_font (Arabic, Devanagari)
    tex_range: str = ""  # hex first-last: a left-to-right script's block set in tex_font
    small_caps: bool = True  # False: small-capital headings are set as smaller capitals
    design_options: Any = None  # the profile's layout.design, laid over the theme's design
    fit_pages: int | None = None  # the PDF and the DOCX are fitted on this many pages
    fit_left_out: str = ""  # what fitting left out, when it did (cvkit.build.shorten)
    custom_order: bool = False  # the profile chose its sections; themes keep that order
    kind: Literal["cv", "letter"] = "cv"
    origin: Any = field(default=None, compare=False, repr=False)  # see ``record``

    def record(self, *, defaults: bool = True) -> dict[str, Any]:
        """The (tailored) profile this document shows, as JSON data in the profile's own
        shape; without ``defaults``, only what differs from them (as a profile file is
        written)."""
        return _record(self.origin, defaults=defaults)

    def sections_for(self, theme_order: Sequence[str] | None) -> tuple[Section, ...]:
        """The sections in a theme's preferred order, unless the profile chose its own.

        A theme's order also leaves sections out (print themes omit news); a theme without
        one (``None``) keeps the profile's.
        """
        if self.custom_order or theme_order is None:
            return self.sections
        rank = {key: i for i, key in enumerate(theme_order)}
        return tuple(sorted((s for s in self.sections if s.key in rank),
                            key=lambda s: rank[s.key]))

    def columns(self, order: Sequence[str] | None, aside: Sequence[str]
                ) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
        """The main column's sections in a design's order, and the sections the design sets
        in a sidebar, in the sidebar's order (every format splits them the same way)."""
        main = tuple(s for s in self.sections_for(order) if s.key not in aside)
        side = tuple(s for key in aside for s in [self.section(key)] if s is not None)
        return main, side

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def publications(self) -> tuple[Publication, ...]:
        sec = self.section("publications")
        return sec.publications if sec else ()

    @property
    def first_name(self) -> str:
        return name_parts(self.name)[0]

    @property
    def last_name(self) -> str:
        return name_parts(self.name)[1]

    @property
    def subject(self) -> str:
        """What the document is, for PDF and Word metadata."""
        pattern = self.labels["letter_from" if self.kind == "letter" else "cv_of"]
        return pattern.replace("{name}", self.name)


def _record(origin: Any, *, defaults: bool = True) -> dict[str, Any]:
    if origin is None:
        return {}
    dumped: dict[str, Any] = origin.model_dump(mode="json", exclude_defaults=not defaults)
    return dumped


def date_parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    """A record's date ("2025", "2025-07", "2025-07-14") as (year, month, day); None for
    none or "present"."""
    if not value or not value[:4].isdigit():
        return None
    numbers = [int(part) for part in value.split("-")[:3]]
    return (numbers[0], numbers[1] if len(numbers) > 1 else None,
            numbers[2] if len(numbers) > 2 else None)


def whole_day(value: str | None) -> str | None:
    """A record's date as a whole day, padded with the first month and day where only a
    year or month is known ("2025-07" -> "2025-07-01"); None for none or "present"."""
    parts = date_parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return f"{year:04d}-{month or 1:02d}-{day or 1:02d}"


def name_parts(name: str) -> tuple[str, str]:
    """(first, last) as file names and letters use them; a one-word name is both."""
    parts = name.split()
    return (parts[0], parts[-1]) if len(parts) > 1 else (name, name)
