"""Profile -> Document: the sections as they will be laid out, shared by every exporter.

Every rule that is not about a file format lives here or in the small modules it calls:
selection (``tailor``: hidden entries, tags, limits), words and dates (``locale``), owner and
author marks (``authors``), URLs (``links``), anchors (``slugs``).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import richtext
from .authors import is_et_al, is_owner, marks_used, owner_keys, split_marks
from .citation import bibtex_entry
from .clock import source_date
from .document import (
    KEEP_WHOLE_BLOCKS,
    Author,
    Document,
    Entry,
    EntryGroup,
    Field,
    Item,
    ItemList,
    NamedLink,
    NewsItem,
    Publication,
    PublicationGroup,
    Section,
)
from .links import SITE_NAMES, arxiv_url, doi_url, profile_link, shown_url
from .locale import Locale
from .locale import load as load_locale
from .model import profile as m
from .model.profile import PUBLICATION_KINDS, Variant
from .model.types import PartialDate
from .richtext import Italic, LineBreak, Rich
from .slugs import unique_slugs
from .tailor import tailor

__all__ = ["KEEP_WHOLE_BLOCKS", "Document", "ViewOptions", "build_document", "build_letter"]


@dataclass
class ViewOptions:
    as_of: _dt.date | None = None
    include_photo: bool = True
    variant: Variant | None = None  # what to select; hidden entries are always left out


def build_document(profile: m.Profile, options: ViewOptions | None = None) -> Document:
    opts = options or ViewOptions()
    profile = tailor(profile, opts.variant or Variant())
    lay = profile.layout
    loc = load_locale(lay.locale).with_overrides(
        titles={str(k): v for k, v in lay.titles.items()}, labels=dict(lay.labels),
        kinds={str(k): v for k, v in lay.kind_titles.items()})
    marks = dict(lay.author_marks) if "author_marks" in lay.model_fields_set else loc.marks
    ctx = _Ctx(lay.date_style, loc, owner_keys(profile.name, profile.aliases), marks,
               grouped_by_kind=lay.publication_groups == "kind")
    sections: list[Section] = []
    for key in lay.sections:
        sec = _SECTION_BUILDERS[key](profile, ctx, key, loc.titles[key])
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
    links = [profile_link(k, getattr(profile.links, k)) for k in SITE_NAMES
             if getattr(profile.links, k)]
    links += [NamedLink(o.label, o.url, "other", shown_url(o.url)) for o in profile.links.other]
    return Document(
        name=profile.name,
        headline=profile.headline or "",
        locale=loc.code,
        paper=lay.paper,
        photo=(profile.photo or "") if opts.include_photo else "",
        contact=tuple(contact),
        links=tuple(links),
        interests=tuple(profile.interests),
        sections=tuple(sections),
        keywords=tuple(profile.interests),
        as_of=opts.as_of or source_date().date(),
        labels=labels,
        kind_titles=loc.kinds,
        lang=loc.lang,
        direction=loc.direction,
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
    loc: Locale
    owner: frozenset[str]
    legend: dict[str, str]
    grouped_by_kind: bool = True

    def date(self, d: PartialDate | None) -> str:
        return self.loc.date(d, self.style)

    def when(self, entry: m.Dated) -> str:
        """One date, a period, or an ongoing period: a start with no end runs to Present."""
        if entry.date is not None:
            return self.date(entry.date)
        end = entry.end
        if entry.start is not None and end is None:
            end = PartialDate.parse("present")
        return self.loc.period(entry.start, end, self.style)


def _rich(text: str | None) -> Rich:
    return richtext.parse(text) if text else ()


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


def _named_links(links: dict[str, str], ctx: _Ctx) -> tuple[NamedLink, ...]:
    return tuple(NamedLink(ctx.loc.links.get(k.lower(), k), v, k.lower()) for k, v in
                 links.items())


def _about(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    if not p.about and not p.interests:
        return None
    return Section(key, title, "about", about=_rich(p.about), interests=tuple(p.interests))


def _news(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    items = sorted(p.news, key=lambda n: n.date.sort_key, reverse=True)
    if not items:
        return None
    return Section(key, title, "news", news=tuple(
        NewsItem(ctx.date(n.date), _rich(n.text), n) for n in items))


def venue_tag(tag: str) -> str:
    """'MLSys '26' -> 'MLSys ’26': an elided year takes an apostrophe, never an open quote."""
    return re.sub(r"['‘`](\d{2})\b", "’\\1", tag)


# What a publication's own link leads to, by kind (a link label in the locale file).
URL_KINDS = ("thesis", "book", "chapter", "patent")


def _publication(pub: m.Publication, key: str, ctx: _Ctx) -> Publication:
    authors = []
    for i, a in enumerate(pub.authors):
        if i == len(pub.authors) - 1 and i and is_et_al(a):
            authors.append(Author(ctx.loc.labels["et_al"], False, is_et_al=True))
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
        links.append(NamedLink("DOI", doi_url(pub.doi), "doi", pub.doi))
    if pub.arxiv:
        links.append(NamedLink("arXiv", arxiv_url(pub.arxiv), "arxiv", f"arXiv:{pub.arxiv}"))
    if pub.url:
        label = ctx.loc.links[pub.kind if pub.kind in URL_KINDS else "paper"]
        links.append(NamedLink(label, pub.url, "url"))
    links.extend(_named_links(pub.links, ctx))
    year = pub.date.year if pub.date else None
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
        else ctx.loc.labels[pub.status],
        date=ctx.loc.date(pub.date, ctx.style, long=True),
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
        bibtex=pub.bibtex or bibtex_entry(pub, key),
        key=key,
        source=pub,
    )


def _publications(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    pubs = [pub for pub in p.publications]
    if not pubs:
        return None
    mode = p.layout.publication_groups
    if mode == "year":  # newest first; a stable sort keeps the file's order for equal dates
        pubs.sort(key=lambda x: x.date.sort_key if x.date else (0, 0, 0), reverse=True)
    keys = unique_slugs((pub.title for pub in pubs), "pub")
    views = [_publication(pub, key, ctx) for pub, key in zip(pubs, keys, strict=True)]
    groups: list[PublicationGroup]
    if mode == "kind":
        order: list[str] = list(PUBLICATION_KINDS)
        kinds = sorted({v.kind for v in views}, key=order.index)
        if len(kinds) == 1:
            groups = [PublicationGroup("", tuple(views))]
        else:
            groups = [PublicationGroup(ctx.loc.kinds[k],
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
            for mark in marks_used(a.marks, ctx.legend):
                if mark not in used:
                    used.append(mark)
    legend = tuple((mk, ctx.legend[mk]) for mk in ctx.legend if mk in used)
    return Section(key, title, "publications", publication_groups=tuple(groups), legend=legend)


def _experience(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for e in p.experience:
        roles = tuple((r.title, ctx.when(r)) for r in e.roles)
        groups: dict[str, list[Entry]] = {}
        for sp in e.projects:
            fields = (Field(ctx.loc.labels["motivation"], _rich(sp.motivation)),) \
                if sp.motivation else ()
            lists = _bullets(sp.contributions, ctx.loc.labels["contributions"], True) + \
                _bullets(sp.highlights)
            groups.setdefault(sp.group or "", []).append(Entry(
                title=sp.name, date=ctx.when(sp), url=sp.url or "",
                summary=_rich(sp.summary), fields=fields, lists=lists,
                links=_named_links(sp.links, ctx), source=sp))
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
            source=e,
        ))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _described(description: Rich, summary: Rich) -> Rich:
    """What an organisation does (JSON Resume's `description`), in italics above the
    summary of what the person did there."""
    if not description:
        return summary
    return (Italic(description),) + ((LineBreak(),) + summary if summary else ())


def _education(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    lab = ctx.loc.labels
    out = []
    for e in p.education:
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
                         url=e.url or "", fields=tuple(fields), lists=_bullets(e.notes),
                         source=e))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _awards(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=a.title, subtitle=a.awarder or "", badge=a.rank or "",
                 date=ctx.date(a.date), url=a.url or "", summary=_rich(a.note), source=a)
           for a in p.awards]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _patents(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for x in p.patents:
        sub = ", ".join(filter(None, [x.office, x.number]))
        fields = (Field("", tuple(_author_rich(x.inventors, ctx))),) if x.inventors else ()
        out.append(Entry(title=x.title, subtitle=sub, badge=x.status or "",
                         date=ctx.date(x.date), url=x.url or "", summary=_rich(x.note),
                         fields=fields, source=x))
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
    for x in p.projects:
        fields = (Field("", richtext.literal(", ".join(x.keywords))),) if x.keywords else ()
        out.append(Entry(title=x.name, subtitle=", ".join(filter(None, [x.role, x.organization])),
                         date=ctx.when(x), location=x.location or "",
                         url=x.url or "", summary=_rich(x.summary), fields=fields,
                         lists=_bullets(x.highlights), links=_named_links(x.links, ctx),
                         source=x))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _talks(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.title, subtitle=", ".join(filter(None, [t.event, t.location])),
                 date=ctx.date(t.date), url=t.url or "", source=t)
           for t in p.talks]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _teaching(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.course, subtitle=", ".join(filter(None, [t.role, t.institution])),
                 date=ctx.when(t), summary=_rich(t.note), source=t)
           for t in p.teaching]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _service(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=s.role, subtitle=s.organization or "", date=ctx.when(s),
                 summary=_rich(s.note), source=s)
           for s in p.service]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _skills(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=s.category, summary=richtext.literal(", ".join(s.items)), source=s)
           for s in p.skills]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _languages(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=lang.language, summary=richtext.literal(lang.fluency or ""),
                 source=lang)
           for lang in p.languages]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _hobbies(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=h.name, summary=richtext.literal(", ".join(h.keywords)), source=h)
           for h in p.hobbies]
    return Section(key, title, "skills", entries=tuple(out)) if out else None


def _certificates(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=c.name, subtitle=c.issuer or "", date=ctx.date(c.date), url=c.url or "",
                 source=c)
           for c in p.certificates]
    return Section(key, title, "entries", entries=tuple(out)) if out else None


def _references(p: m.Profile, ctx: _Ctx, key: str, title: str) -> Section | None:
    out = []
    for r in p.references:
        links = []
        if r.email:
            links.append(NamedLink(ctx.loc.labels["email"], f"mailto:{r.email}", "email",
                                   r.email))
        if r.phone:
            links.append(NamedLink(ctx.loc.labels["phone"], "", "phone", r.phone))
        out.append(Entry(title=r.name, subtitle=r.relation or "", summary=_rich(r.text),
                         links=tuple(links), source=r))
    return Section(key, title, "entries", entries=tuple(out)) if out else None


_SECTION_BUILDERS = {
    "about": _about, "news": _news, "publications": _publications,
    "experience": _experience, "education": _education, "awards": _awards,
    "patents": _patents, "projects": _projects, "talks": _talks, "teaching": _teaching,
    "service": _service, "skills": _skills, "languages": _languages, "hobbies": _hobbies,
    "certificates": _certificates, "references": _references,
}

Renderable = Entry | Publication | NewsItem
