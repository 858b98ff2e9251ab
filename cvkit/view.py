"""Profile -> Document: the sections as they will be laid out, shared by every exporter.

Every rule that is not about a file format lives here: section order and titles, date
formatting per locale, finding the owner in author lists, resolving author marks against the
layout's legend, naming links, typographic apostrophes in venue tags.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import richtext
from .clock import source_date
from .model import profile as m
from .model.types import PartialDate
from .richtext import Italic, LineBreak, Rich

# -- the Document ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Publication:
    title: str  # plain text (formulas in Unicode): metadata, anchors, matching
    title_rich: Rich  # what a reader sees: formulas and LaTeX markup rendered
    authors: tuple[Author, ...]
    venue: str
    venue_tag: str
    kind: str
    status: str
    status_label: str
    date: str
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
    bibtex: str
    key: str  # stable id for anchors
    number: int = 0  # its number in the list: straight through the groups, in every format


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


# Entries with at most this many blocks under the heading never break across pages.
KEEP_WHOLE_BLOCKS = 6


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

    @property
    def blocks(self) -> int:
        """How many lines-or-paragraphs follow the heading: what a page break may split."""
        return (len(self.roles) + bool(self.summary) + len(self.fields) + bool(self.links)
                + sum(bool(lst.label) + len(lst.items) + sum(len(i.children) for i in lst.items)
                      for lst in self.lists))

    @property
    def keep_whole(self) -> bool:
        """Every format keeps a short entry on one page; a long one keeps only its heading
        with its first lines, so a page does not end in a gap the size of the entry."""
        return not self.groups and self.blocks <= KEEP_WHOLE_BLOCKS


@dataclass(frozen=True)
class EntryGroup:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class NewsItem:
    date: str
    text: Rich


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
    custom_order: bool = False  # the profile chose its sections; themes keep that order
    kind: Literal["cv", "letter"] = "cv"
    # The (tailored) profile this view was built from, for formats that map data 1:1
    # (JSON Resume) rather than lay it out.
    source: m.Profile | None = None

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
    def lang(self) -> str:
        """The BCP 47 tag for the `lang` attribute and document metadata."""
        return {"zh": "zh-Hans"}.get(self.locale, self.locale)

    @property
    def subject(self) -> str:
        """What the document is, for PDF and Word metadata."""
        if self.locale == "zh":
            return f"{self.name} {'求职信' if self.kind == 'letter' else '简历'}"
        what = "Cover letter from" if self.kind == "letter" else "Curriculum vitae of"
        return f"{what} {self.name}"


def name_parts(name: str) -> tuple[str, str]:
    """(first, last) as file names and letters use them; a one-word name is both."""
    parts = name.split()
    return (parts[0], parts[-1]) if len(parts) > 1 else (name, name)


# -- locale -----------------------------------------------------------------------------------

TITLES = {
    "en": {
        "about": "About", "news": "News", "education": "Education",
        "experience": "Experience", "publications": "Publications", "patents": "Patents",
        "projects": "Projects", "awards": "Honors & Awards", "talks": "Talks",
        "teaching": "Teaching", "service": "Service", "skills": "Skills",
        "languages": "Languages", "certificates": "Certificates", "references": "References",
        "hobbies": "Interests",
    },
    "zh": {
        "about": "个人简介", "news": "最新动态", "education": "教育经历",
        "experience": "工作经历", "publications": "论文发表", "patents": "专利",
        "projects": "项目经历", "awards": "荣誉奖项", "talks": "学术报告",
        "teaching": "教学经历", "service": "学术服务", "skills": "技能",
        "languages": "语言", "certificates": "证书", "references": "推荐人",
        "hobbies": "兴趣爱好",
    },
}
KIND_TITLES = {
    "en": {"conference": "Conference Papers", "journal": "Journal Articles",
           "workshop": "Workshop Papers", "preprint": "Preprints", "thesis": "Theses",
           "book": "Books", "chapter": "Book Chapters", "patent": "Patents",
           "other": "Other Publications"},
    "zh": {"conference": "会议论文", "journal": "期刊论文", "workshop": "研讨会论文",
           "preprint": "预印本", "thesis": "学位论文", "book": "专著", "chapter": "书籍章节",
           "patent": "专利", "other": "其他"},
}
LABELS = {
    "en": {"present": "Present", "gpa": "GPA", "supervisor": "Supervisor",
           "supervisors": "Supervisors", "honors": "Honors", "thesis": "Thesis",
           "motivation": "Motivation", "contributions": "Contributions", "page": "Page",
           "accepted": "Accepted", "under review": "Under review", "preprint": "Preprint",
           "in press": "In press", "published": "", "interests": "Research interests",
           "selected": "Selected", "legend_sep": ": ", "abstract": "Abstract",
           "bibtex": "BibTeX", "updated": "Last updated", "et_al": "et al."},
    "zh": {"present": "至今", "gpa": "GPA", "supervisor": "导师", "supervisors": "导师",
           "honors": "荣誉", "thesis": "论文", "motivation": "动机", "contributions": "贡献",
           "page": "页", "accepted": "已录用", "under review": "审稿中", "preprint": "预印本",
           "in press": "印刷中", "published": "", "interests": "研究兴趣",
           "selected": "代表作", "legend_sep": "：", "abstract": "摘要", "bibtex": "BibTeX",
           "updated": "最后更新", "et_al": "等"},
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def format_date(d: PartialDate | None, style: str, locale: str, *, long: bool = False) -> str:
    if d is None:
        return ""
    if d.present:
        return LABELS[locale]["present"]
    if style == "year" or d.month is None:
        return f"{d.year}年" if locale == "zh" and style == "month-year" else str(d.year)
    if style == "dotted":
        return f"{d.year}.{d.month:02d}"
    if style == "slash":
        return f"{d.month:02d}/{d.year}"
    if locale == "zh":
        return f"{d.year}年{d.month}月"
    month = (MONTHS_LONG if long else MONTHS)[d.month - 1]
    return f"{month} {d.year}"


def format_range(start: PartialDate | None, end: PartialDate | None, style: str,
                 locale: str) -> str:
    a, b = format_date(start, style, locale), format_date(end, style, locale)
    if a and b and a != b:
        return f"{a} – {b}"
    return a or b


# -- owner and marks --------------------------------------------------------------------------

_MARK_CHARS = "*†‡§¶#^"


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    return re.sub(r"[\s.\-‐‑]+", " ", bare.casefold()).strip()


def owner_keys(name: str, aliases: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for n in (name, *aliases):
        folded = _fold(split_marks(n)[0])
        keys.add(folded)
        keys.add(_first_last(folded))
        keys.add(folded.replace(" ", ""))  # CJK names and "WeilinCai"
    return frozenset(keys)


def split_marks(author: str) -> tuple[str, str]:
    """'Weilin Cai*†' -> ('Weilin Cai', '*†'); also handles escaped '\\*' from Markdown."""
    text = author.replace("\\*", "*").rstrip()
    name = text.rstrip(_MARK_CHARS + " ")
    return name, text[len(name):].replace(" ", "")


def _first_last(folded: str) -> str:
    """'cai, weilin' -> 'weilin cai'; names without a comma are returned as they are."""
    if "," not in folded:
        return folded
    last, _, first = folded.partition(",")
    return f"{first.strip()} {last.strip()}"


def is_owner(author: str, keys: frozenset[str]) -> bool:
    folded = _first_last(_fold(split_marks(author)[0]))
    return folded in keys or folded.replace(" ", "") in keys


def _marks_used(marks: str, legend: dict[str, str]) -> list[str]:
    """Split a run of marks ('**†') into legend keys, longest first."""
    found: list[str] = []
    keys = sorted(legend, key=len, reverse=True)
    rest = marks
    while rest:
        match = next((k for k in keys if rest.startswith(k)), None)
        if match is None:
            found.append(rest[0])
            rest = rest[1:]
        else:
            found.append(match)
            rest = rest[len(match):]
    return found


# -- links ------------------------------------------------------------------------------------

LINK_LABELS = {
    "github": "GitHub", "scholar": "Google Scholar", "orcid": "ORCID", "linkedin": "LinkedIn",
    "dblp": "DBLP", "twitter": "X", "semantic_scholar": "Semantic Scholar",
    "researchgate": "ResearchGate",
}
PUB_LINK_LABELS = {"pdf": "PDF", "code": "Code", "slides": "Slides", "video": "Video",
                   "project": "Project", "poster": "Poster", "blog": "Blog", "data": "Data"}


def profile_link(kind: str, value: str) -> NamedLink:
    if value.startswith(("http://", "https://")):
        url = value
        text = re.sub(r"^https?://(www\.)?", "", value).rstrip("/")
    else:
        handle = value.lstrip("@")
        url = {
            "github": f"https://github.com/{handle}",
            "scholar": f"https://scholar.google.com/citations?user={handle}",
            "orcid": f"https://orcid.org/{handle}",
            "linkedin": f"https://www.linkedin.com/in/{handle}",
            "dblp": f"https://dblp.org/pid/{handle}",
            "twitter": f"https://x.com/{handle}",
        }.get(kind, value)
        text = handle
    return NamedLink(LINK_LABELS.get(kind, kind.title()), url, kind, text)


# -- building ---------------------------------------------------------------------------------


@dataclass
class ViewOptions:
    selected_only: bool = False
    since: int | None = None
    as_of: _dt.date | None = None
    include_photo: bool = True


def build_document(profile: m.Profile, options: ViewOptions | None = None) -> Document:
    opts = options or ViewOptions()
    lay = profile.layout
    loc = lay.locale
    marks = dict(lay.author_marks)
    if loc == "zh" and "author_marks" not in lay.model_fields_set:
        marks = {"*": "同等贡献", "†": "通讯作者"}  # the default legend, in the profile's language
    ctx = _Ctx(lay.date_style, loc, owner_keys(profile.name, profile.aliases), marks, opts,
               grouped_by_kind=lay.publication_groups == "kind")
    titles: dict[str, str] = dict(TITLES[loc])
    titles.update((str(k), v) for k, v in lay.titles.items())
    sections: list[Section] = []
    for key in lay.sections:
        sec = _SECTION_BUILDERS[key](profile, ctx, key, titles[key])
        if sec is not None:
            sections.append(sec)
    contact: list[NamedLink] = []
    c = profile.contact
    if c.email:
        contact.append(NamedLink("Email", f"mailto:{c.email}", "email", c.email))
    if c.phone:
        contact.append(NamedLink("Phone", "tel:" + re.sub(r"[^\d+]", "", c.phone), "phone",
                                 c.phone))
    if c.website:
        contact.append(NamedLink("Website", c.website, "website",
                                 re.sub(r"^https?://(www\.)?", "", c.website).rstrip("/")))
    if c.location:
        contact.append(NamedLink("Location", "", "location", c.location))
    links = [profile_link(k, getattr(profile.links, k)) for k in LINK_LABELS
             if getattr(profile.links, k)]
    links += [NamedLink(o.label, o.url, "other", re.sub(r"^https?://(www\.)?", "", o.url))
              for o in profile.links.other]
    return Document(
        name=profile.name,
        headline=profile.headline or "",
        locale=loc,
        paper=lay.paper,
        photo=(profile.photo or "") if opts.include_photo else "",
        contact=tuple(contact),
        links=tuple(links),
        interests=tuple(profile.interests),
        sections=tuple(sections),
        keywords=tuple(profile.interests),
        as_of=opts.as_of or source_date().date(),
        labels=LABELS[loc],
        custom_order="sections" in lay.model_fields_set,
        source=profile,
    )


def build_letter(profile: m.Profile, body: str, as_of: _dt.date | None = None) -> Document:
    """A cover letter with the CV's header: ``body`` is Markdown, paragraphs split on blank
    lines. As in CommonMark, a line break inside a paragraph is a space (the template's own
    wrapping); end a line with a backslash or two spaces to keep the break (a signature)."""
    cv = build_document(profile, ViewOptions(as_of=as_of, include_photo=False))
    paragraphs = tuple(richtext.parse(p.strip())
                       for p in re.split(r"\n\s*\n", body.strip()) if p.strip())
    letter = Section(key="letter", title="", kind="letter", paragraphs=paragraphs)
    return dataclasses.replace(cv, sections=(letter,), custom_order=True, kind="letter")


@dataclass
class _Ctx:
    style: str
    locale: str
    owner: frozenset[str]
    legend: dict[str, str]
    opts: ViewOptions
    grouped_by_kind: bool = True

    def date(self, d: PartialDate | None) -> str:
        return format_date(d, self.style, self.locale)

    def when(self, entry: m.Dated) -> str:
        """One date, a period, or an ongoing period: a start with no end runs to Present."""
        if entry.date is not None:
            return self.date(entry.date)
        end = entry.end
        if entry.start is not None and end is None:
            end = PartialDate.parse("present")
        return format_range(entry.start, end, self.style, self.locale)


def _rich(text: str | None) -> Rich:
    return richtext.parse(text) if text else ()


def _visible(entries: Sequence[m.Entry]) -> list[m.Entry]:
    return [e for e in entries if not e.hidden]


def _items(highlights: Sequence[str | m.Bullet]) -> tuple[Item, ...]:
    out = []
    for h in highlights:
        if isinstance(h, m.Bullet):
            out.append(Item(_rich(h.text), tuple(_rich(i) for i in h.items)))
        else:
            out.append(Item(_rich(h)))
    return tuple(out)


def _bullets(highlights: Sequence[str | m.Bullet], label: str = "",
             ordered: bool = False) -> tuple[ItemList, ...]:
    return (ItemList(label, ordered, _items(highlights)),) if highlights else ()


def _named_links(links: dict[str, str]) -> tuple[NamedLink, ...]:
    return tuple(NamedLink(PUB_LINK_LABELS.get(k.lower(), k), v, k.lower()) for k, v in
                 links.items())


def _about(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    if not p.about and not p.interests:
        return None
    return Section(key, title, "about", about=_rich(p.about), interests=tuple(p.interests))


def _news(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    items = sorted(_visible(p.news), key=lambda n: n.date.sort_key, reverse=True)  # type: ignore[attr-defined]
    if not items:
        return None
    return Section(key, title, "news", news=tuple(
        NewsItem(ctx.date(n.date), _rich(n.text)) for n in items))  # type: ignore[attr-defined]


def venue_tag(tag: str) -> str:
    """'MLSys '26' -> 'MLSys ’26': an elided year takes an apostrophe, never an open quote."""
    return re.sub(r"['‘`](\d{2})\b", "’\\1", tag)


# What a publication's own link leads to, by kind.
URL_LABELS = {"thesis": "Thesis", "book": "Book", "chapter": "Chapter", "patent": "Patent"}


def _publication(pub: m.Publication, index: int, ctx: _Ctx) -> Publication:
    authors = []
    for i, a in enumerate(pub.authors):
        if i == len(pub.authors) - 1 and i and is_et_al(a):
            authors.append(Author(LABELS[ctx.locale]["et_al"], False, is_et_al=True))
            continue
        name, marks = split_marks(a)
        authors.append(Author(name, is_owner(a, ctx.owner), marks))
    details = []
    if pub.volume:
        details.append(pub.volume + (f"({pub.issue})" if pub.issue else ""))
    if pub.pages:
        details.append(("pp. " if not details else "") + pub.pages)
    detail = ":".join(details) if pub.volume and pub.pages else ", ".join(details)
    if pub.publisher:
        detail = ", ".join(filter(None, [detail, pub.publisher]))
    links: list[NamedLink] = []
    if pub.doi:
        links.append(NamedLink("DOI", f"https://doi.org/{pub.doi}", "doi", pub.doi))
    if pub.arxiv:
        links.append(NamedLink("arXiv", f"https://arxiv.org/abs/{pub.arxiv}", "arxiv",
                               f"arXiv:{pub.arxiv}"))
    if pub.url:
        links.append(NamedLink(URL_LABELS.get(pub.kind, "Paper"), pub.url, "url"))
    links.extend(_named_links(pub.links))
    year = pub.date.year if pub.date else None
    key = re.sub(r"[^a-z0-9]+", "-", _fold(pub.title))[:48].strip("-") or f"pub-{index}"
    title = richtext.parse_title(pub.title)
    return Publication(
        title=richtext.plain(title),
        title_rich=title,
        authors=tuple(authors),
        venue=pub.venue or "",
        venue_tag=venue_tag(pub.venue_tag or ""),
        kind=pub.kind,
        status=pub.status,
        # "Preprint" under the heading "Preprints" says it twice.
        status_label="" if pub.status == pub.kind == "preprint" and ctx.grouped_by_kind
        else LABELS[ctx.locale][pub.status],
        date=format_date(pub.date, ctx.style, ctx.locale, long=True),
        year=year,
        details=detail,
        award=pub.award or "",
        note=_rich(pub.note),
        highlights=tuple(_rich(h) for h in pub.highlights),
        abstract=_rich(pub.abstract),
        links=tuple(links),
        selected=pub.selected,
        doi=pub.doi or "",
        arxiv=pub.arxiv or "",
        bibtex=pub.bibtex or _bibtex(pub, key),
        key=key,
    )


_ET_AL = re.compile(r"(and\s+)?(others|et\.?\s*al\.?)", re.I)


def is_et_al(author: str) -> bool:
    """``others`` (BibTeX's word), ``et al.`` or ``et al`` closing an author list."""
    return _ET_AL.fullmatch(author.strip()) is not None


def _bibtex(pub: m.Publication, key: str) -> str:
    entry = {"journal": "article", "thesis": "phdthesis", "book": "book",
             "chapter": "incollection", "preprint": "misc"}.get(pub.kind, "inproceedings")
    first = _fold(split_marks(pub.authors[0])[0]).split(" ")[-1] if pub.authors else "anon"
    cite = re.sub(r"[^a-z0-9]", "", first) + (str(pub.date.year) if pub.date else "") + \
        re.sub(r"[^a-z0-9]", "", _fold(pub.title).split(" ")[0])
    venue_field = {"article": "journal", "misc": "howpublished"}.get(entry, "booktitle")
    fields = [("title", "{" + pub.title + "}"),
              ("author", " and ".join("others" if i and is_et_al(a) else split_marks(a)[0]
                                      for i, a in enumerate(pub.authors)))]
    if pub.venue:
        fields.append((venue_field, pub.venue))
    if pub.date:
        fields.append(("year", str(pub.date.year)))
    for name in ("volume", "pages", "publisher", "doi"):
        value = getattr(pub, name)
        if name == "issue":
            name = "number"
        if value:
            fields.append((name, value.replace("–", "--")))
    if pub.issue:
        fields.append(("number", pub.issue))
    if pub.arxiv:
        fields += [("eprint", pub.arxiv), ("archivePrefix", "arXiv")]
    if pub.url:
        fields.append(("url", pub.url))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{entry}{{{cite or key},\n{body}\n}}"


def _publications(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    pubs = [pub for pub in _visible(p.publications) if isinstance(pub, m.Publication)]
    if ctx.opts.selected_only:
        pubs = [x for x in pubs if x.selected]
    if ctx.opts.since is not None:
        pubs = [x for x in pubs if x.date is None or x.date.year >= ctx.opts.since]
    if not pubs:
        return None
    mode = p.layout.publication_groups
    if mode == "year":  # newest first; a stable sort keeps the file's order for equal dates
        pubs.sort(key=lambda x: x.date.sort_key if x.date else (0, 0, 0), reverse=True)
    views = [_publication(pub, i, ctx) for i, pub in enumerate(pubs)]
    groups: list[PublicationGroup]
    if mode == "kind":
        order = list(KIND_TITLES["en"])
        kinds = sorted({v.kind for v in views}, key=order.index)
        if len(kinds) == 1:
            groups = [PublicationGroup("", tuple(views))]
        else:
            groups = [PublicationGroup(KIND_TITLES[ctx.locale][k],
                                       tuple(v for v in views if v.kind == k)) for k in kinds]
    elif mode == "year":
        years = sorted({v.year or 0 for v in views}, reverse=True)
        groups = [PublicationGroup(str(y) if y else "—",
                                   tuple(v for v in views if (v.year or 0) == y)) for y in years]
    else:
        groups = [PublicationGroup("", tuple(views))]
    numbered = iter(range(1, len(views) + 1))
    groups = [PublicationGroup(g.title, tuple(dataclasses.replace(v, number=next(numbered))
                                              for v in g.publications)) for g in groups]
    used: list[str] = []
    for v in views:
        for a in v.authors:
            for mark in _marks_used(a.marks, ctx.legend):
                if mark not in used:
                    used.append(mark)
    legend = tuple((mk, ctx.legend[mk]) for mk in ctx.legend if mk in used)
    return Section(key, title, "publications", publication_groups=tuple(groups), legend=legend)


def _experience(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for e in _visible(p.experience):
        assert isinstance(e, m.Position)
        roles = tuple((r.title, ctx.when(r)) for r in e.roles if not r.hidden)
        groups: dict[str, list[Entry]] = {}
        for sp in e.projects:
            if sp.hidden:
                continue
            fields = (Field(LABELS[ctx.locale]["motivation"], _rich(sp.motivation)),) \
                if sp.motivation else ()
            lists = _bullets(sp.contributions, LABELS[ctx.locale]["contributions"], True) + \
                _bullets(sp.highlights)
            groups.setdefault(sp.group or "", []).append(Entry(
                title=sp.name, date=ctx.when(sp), url=sp.url or "",
                summary=_rich(sp.summary), fields=fields, lists=lists,
                links=_named_links(sp.links)))
        out.append(Entry(
            title=e.position or (roles[0][0] if roles else ""),
            subtitle=e.organization,
            date=ctx.when(e),
            location=e.location or "",
            url=e.url or "",
            summary=_described(_rich(e.description), _rich(e.summary)),
            lists=_bullets(e.highlights),
            roles=roles,
            groups=tuple(EntryGroup(g, tuple(es)) for g, es in groups.items()),
        ))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _described(description: Rich, summary: Rich) -> Rich:
    """What an organisation does (JSON Resume's `description`), in italics above the
    summary of what the person did there."""
    if not description:
        return summary
    return (Italic(description),) + ((LineBreak(),) + summary if summary else ())


def _education(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    lab = LABELS[ctx.locale]
    out = []
    for e in _visible(p.education):
        assert isinstance(e, m.Education)
        degree = ", ".join(filter(None, [e.degree, e.field]))
        fields = []
        if e.gpa:
            fields.append(Field(lab["gpa"], richtext.literal(e.gpa)))
        if e.honors:
            fields.append(Field(lab["honors"], richtext.literal(e.honors)))
        if e.thesis:
            fields.append(Field(lab["thesis"], richtext.literal(e.thesis)))
        if e.supervisors:
            joined: list[richtext.Node] = []
            for i, s in enumerate(e.supervisors):
                if i:
                    joined.append(richtext.Text(", "))
                joined.extend(_rich(s))
            fields.append(Field(lab["supervisors" if len(e.supervisors) > 1 else "supervisor"],
                                tuple(joined)))
        out.append(Entry(title=degree or e.institution, subtitle=e.institution if degree else "",
                         date=ctx.when(e), location=e.location or "",
                         url=e.url or "", fields=tuple(fields), lists=_bullets(e.notes)))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _awards(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=a.title, subtitle=a.awarder or "", badge=a.rank or "",
                 date=ctx.date(a.date), url=a.url or "", summary=_rich(a.note))
           for a in _visible(p.awards) if isinstance(a, m.Award)]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _patents(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for x in _visible(p.patents):
        assert isinstance(x, m.Patent)
        sub = ", ".join(filter(None, [x.office, x.number]))
        fields = (Field("", tuple(_author_rich(x.inventors, ctx))),) if x.inventors else ()
        out.append(Entry(title=x.title, subtitle=sub, badge=x.status or "",
                         date=ctx.date(x.date), url=x.url or "", summary=_rich(x.note),
                         fields=fields))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _author_rich(names: Sequence[str], ctx: _Ctx) -> list[richtext.Node]:
    nodes: list[richtext.Node] = []
    for i, n in enumerate(names):
        if i:
            nodes.append(richtext.Text(", "))
        nodes.append(richtext.Bold((richtext.Text(n),)) if is_owner(n, ctx.owner)
                     else richtext.Text(n))
    return nodes


def _projects(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for x in _visible(p.projects):
        assert isinstance(x, m.Project)
        fields = (Field("", richtext.literal(", ".join(x.keywords))),) if x.keywords else ()
        out.append(Entry(title=x.name, subtitle=", ".join(filter(None, [x.role, x.organization])),
                         date=ctx.when(x), location=x.location or "",
                         url=x.url or "", summary=_rich(x.summary), fields=fields,
                         lists=_bullets(x.highlights), links=_named_links(x.links)))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _talks(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.title, subtitle=", ".join(filter(None, [t.event, t.location])),
                 date=ctx.date(t.date), url=t.url or "")
           for t in _visible(p.talks) if isinstance(t, m.Talk)]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _teaching(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.course, subtitle=", ".join(filter(None, [t.role, t.institution])),
                 date=ctx.when(t), summary=_rich(t.note))
           for t in _visible(p.teaching) if isinstance(t, m.Teaching)]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _service(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=s.role, subtitle=s.organization or "", date=ctx.when(s),
                 summary=_rich(s.note))
           for s in _visible(p.service) if isinstance(s, m.Service)]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _skills(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=s.category, summary=richtext.literal(", ".join(s.items)))
           for s in _visible(p.skills) if isinstance(s, m.SkillGroup)]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _languages(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=lang.language, summary=richtext.literal(lang.fluency or ""))
           for lang in _visible(p.languages) if isinstance(lang, m.Language)]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _hobbies(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=h.name, summary=richtext.literal(", ".join(h.keywords)))
           for h in _visible(p.hobbies) if isinstance(h, m.Interest)]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _certificates(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=c.name, subtitle=c.issuer or "", date=ctx.date(c.date), url=c.url or "")
           for c in _visible(p.certificates) if isinstance(c, m.Certificate)]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _references(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for r in _visible(p.references):
        assert isinstance(r, m.Reference)
        links = []
        if r.email:
            links.append(NamedLink("Email", f"mailto:{r.email}", "email", r.email))
        if r.phone:
            links.append(NamedLink("Phone", "", "phone", r.phone))
        out.append(Entry(title=r.name, subtitle=r.relation or "", summary=_rich(r.text),
                         links=tuple(links)))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


_SECTION_BUILDERS = {
    "about": _about, "news": _news, "publications": _publications,
    "experience": _experience, "education": _education, "awards": _awards,
    "patents": _patents, "projects": _projects, "talks": _talks, "teaching": _teaching,
    "service": _service, "skills": _skills, "languages": _languages, "hobbies": _hobbies,
    "certificates": _certificates, "references": _references,
}

Renderable = Entry | Publication | NewsItem
