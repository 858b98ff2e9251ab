"""The publications section: owner in bold, author marks and their legend, grouping by kind
or year, numbering straight through the groups, anchors unique in the document."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from cvkit.document import Author, NamedLink, Publication, PublicationGroup, Section, richtext
from cvkit.document.authors import find_owner, is_et_al, marks_used, split_marks
from cvkit.profile.entries import paper_keys
from cvkit.profile.model import profile as m
from cvkit.profile.model.kinds import PUBLICATION_KINDS
from cvkit.support.errors import CvkitError, ExportError
from cvkit.support.links import arxiv_url, doi_url
from cvkit.view.citation import bibtex_entry, unique_cite_keys
from cvkit.view.context import Ctx, builds, named_links, rich
from cvkit.view.csl import load, locale_for, render, sorted_entries
from cvkit.view.csl.locales import terms as csl_terms

if TYPE_CHECKING:
    from cvkit.view.csl import Entry


def venue_tag(tag: str) -> str:
    """'MLSys '26' -> 'MLSys ’26': an elided year takes an apostrophe, never an open quote."""
    return re.sub(r"['‘`](\d{2})\b", "’\\1", tag)


# What a publication's own link leads to, by kind (a link label in the locale file).
URL_KINDS = ("thesis", "book", "chapter", "patent")


def people(names: list[m.Named], ctx: Ctx) -> list[Author]:
    """An author or editor list as the view shows it: marks split off, the owner found (by
    ORCID iD, else by name: ``authors.find_owner``), a closing "others" as "et al."."""
    closing = len(names) > 1 and is_et_al(m.name_of(names[-1]))
    listed = names[:-1] if closing else names
    pairs = [(m.name_of(p), (p.orcid or "") if isinstance(p, m.Person) else "") for p in listed]
    found = find_owner(pairs, ctx.owner)
    out = []
    for i, (written, orcid) in enumerate(pairs):
        name, marks = split_marks(written)
        out.append(Author(name, i in found.places, marks, orcid=orcid))
    if closing:
        out.append(Author(ctx.loc.labels["et_al"], False, is_et_al=True))
    return out


def cut_around_owner(authors: list[Author], limit: int | None, et_al: str
                     ) -> tuple[list[Author], int]:
    """At most ``limit`` names, the owner always among them: the first names, then "…"
    for those skipped, the owner, and "et al." for those after ("A. Lee, B. Chen, …,
    W. Cai*, et al."). Returns the list and how many names it leaves out."""
    persons = [a for a in authors if a.is_person]
    closing = [a for a in authors if not a.is_person]
    if limit is None or len(persons) <= limit:
        return authors, 0
    place = next((i for i, a in enumerate(persons) if a.is_owner), None)
    if place is None or place < limit:
        shown, skipped, after = persons[:limit], 0, len(persons) - limit
    else:
        shown, skipped = persons[:limit - 1], place - (limit - 1)
        after = len(persons) - place - 1
    out = list(shown)
    if skipped:
        out += [Author("\u2026", False, omitted=skipped), persons[place or 0]]
    if after or closing:
        out.append(Author(et_al, False, is_et_al=True, omitted=after))
    return out, skipped + after


def details(pub: m.Publication, ctx: Ctx) -> str:
    """What the default list prints after the venue: the book or proceedings it is in,
    thesis type, editors, edition, volume(issue):pages or the article number, series, report
    number, place: publisher (the words in, pp., ed., Article ... from the CSL locale the
    profile's language maps to)."""
    words = csl_terms(ctx.loc.lang)
    out = []
    if pub.book_title and pub.venue and pub.book_title != pub.venue:
        out.append(f"{words.within} {pub.book_title}")
    if pub.kind == "thesis" and pub.thesis_type:
        out.append(pub.thesis_type)
    editors = [a.name for a in people(pub.editors, ctx) if a.is_person]
    if editors and pub.authors:
        out.append(f"{words.edited_by} {', '.join(editors)}")
    if pub.edition:
        out.append(f"{words.ordinal(int(pub.edition))} {words.edition}"
                   if pub.edition.isdigit() else pub.edition)
    numbers = pub.volume + (f"({pub.issue})" if pub.issue else "") if pub.volume else ""
    if pub.pages:
        numbers = f"{numbers}:{pub.pages}" if numbers else f"{words.pages} {pub.pages}"
    out.append(numbers)
    if pub.article_number:
        out.append(f"{words.article} {pub.article_number}")
    out.append(pub.series or "")
    if pub.number:
        out.append(pub.number if pub.kind == "patent" else f"{words.number} {pub.number}")
    if pub.publisher:
        out.append(f"{pub.publisher_place}: {pub.publisher}" if pub.publisher_place
                   else pub.publisher)
    return ", ".join(part for part in out if part)


def _publication(pub: m.Publication, key: str, ctx: Ctx) -> Publication:
    # An edited volume without authors lists its editors in the authors' place (a
    # citation style does too, with its "(Ed.)"; details() then leaves them out).
    every = people(pub.authors, ctx) or people(pub.editors, ctx)
    authors, omitted = cut_around_owner(every, ctx.max_authors, ctx.loc.labels["et_al"])
    detail = details(pub, ctx)
    links: list[NamedLink] = []
    if pub.doi:
        links.append(NamedLink("DOI", doi_url(pub.doi), "doi", pub.doi))
    if pub.arxiv:
        links.append(NamedLink("arXiv", arxiv_url(pub.arxiv), "arxiv", f"arXiv:{pub.arxiv}"))
    if pub.url:
        label = ctx.loc.links[pub.kind if pub.kind in URL_KINDS else "paper"]
        links.append(NamedLink(label, pub.url, "url"))
    links.extend(named_links(pub.links, ctx))
    year = pub.date.year if pub.date else None
    title = richtext.parse_title(pub.title)
    return Publication(
        title=richtext.plain(title),
        title_rich=title,
        authors=tuple(authors),
        all_authors=tuple(every),
        authors_omitted=omitted,
        editors=tuple(people(pub.editors, ctx)),
        venue=pub.venue or pub.book_title or (
            pub.institution or "" if pub.kind in ("thesis", "report") else ""),
        venue_tag=venue_tag(pub.venue_tag or ""),
        kind=pub.kind,
        status=pub.status,
        # "Preprint" under the heading "Preprints" says it twice.
        status_label="" if pub.status == pub.kind == "preprint" and ctx.grouped_by_kind
        else ctx.loc.labels[pub.status],
        date=ctx.loc.date(pub.date, ctx.style, long=True),
        iso_date=str(pub.date or ""),
        year=year,
        details=detail,
        award=pub.award or "",
        note=rich(pub.note),
        highlights=tuple(rich(h) for h in pub.highlights),
        abstract=rich(pub.abstract),
        links=tuple(links),
        selected=pub.selected,
        doi=pub.doi or "",
        arxiv=pub.arxiv or "",
        own_bibtex=pub.bibtex or "",
        key=key,
        origin=pub,
    )


PRINTED_BY_STYLE = ("doi", "arxiv", "url")


def _with_style(step: Callable[[list[PublicationGroup], Ctx], list[PublicationGroup]],
                groups: list[PublicationGroup], ctx: Ctx) -> list[PublicationGroup]:
    """A style file citeproc-py cannot read, or cannot apply, is the user's error to fix
    (another style, or the file): said in one line, never a traceback."""
    try:
        return step(groups, ctx)
    except CvkitError:
        raise
    except Exception as exc:  # noqa: BLE001 - citeproc-py and lxml raise many kinds
        name = ctx.citation_style.name if ctx.citation_style else "?"
        raise ExportError(f"citation style {name}: citeproc-py could not format the "
                          f"publications ({type(exc).__name__}: {exc}); try another style"
                          ) from None


def _csl_locale(ctx: Ctx) -> str:
    return locale_for(ctx.loc.lang)


# A status written as the venue ("In preparation", "To appear in ICML"): the venue it
# names, if any, in group 2.
_STATUS_IN_VENUE = (
    ("to appear", r"(?:to appear|forthcoming)(?:\s+in\b[:\s]*(.*))?"),
    ("in press", r"in press(?:\s+(?:in|at)\b[:\s]*(.*))?"),
    ("accepted", r"accepted(?:\s+(?:at|to|in|by|for publication in)\b[:\s]*(.*))?"),
    ("under review", r"(?:under|in) review(?:\s+(?:at|for|in|by)\b[:\s]*(.*))?"),
    ("submitted", r"submitted(?:\s+(?:to|at|for publication(?: in)?)\b[:\s]*(.*))?"),
    ("in preparation", r"in prep(?:aration|\.)?"),
)


def standing(pub: m.Publication, ctx: Ctx) -> tuple[str, str]:
    """(status, venue) as a citation style needs them: a status written as the venue (in
    English or in the CV's language) is the status, and the venue is what it names; a
    status the profile states wins."""
    venue = (pub.venue or "").strip()
    status: str = pub.status
    said = {label.casefold(): key for key, label in ctx.loc.labels.items()
            if key in ("to appear", "in press", "accepted", "under review", "submitted",
                       "in preparation") and label}
    if venue.casefold() in said:
        return (said[venue.casefold()] if status == "published" else status), ""
    for key, pattern in _STATUS_IN_VENUE:
        found = re.fullmatch(pattern, venue, re.I)
        if found is not None:
            rest = (found.group(1) or "").strip() if found.groups() else ""
            return (key if status == "published" else status), rest
    return status, venue


def _entry(v: Publication, ctx: Ctx, number: int) -> Entry:
    from cvkit.view.csl import FORTHCOMING, UNPUBLISHED, Entry

    status, venue = standing(v.origin, ctx)
    label = ctx.loc.labels.get(status, "")
    genre = "manuscript in preparation" if status == "in preparation" else \
        "manuscript submitted" if status in UNPUBLISHED else ""
    return Entry(v.origin, v.authors if v.origin.authors else (), number, editors=v.editors,
                 status=status, venue=venue,
                 status_text=label[:1].lower() + label[1:]
                 if status in (*FORTHCOMING, *UNPUBLISHED) else label,
                 genre_text=ctx.loc.labels.get(genre, "") if genre else "")


def _sorted_by_style(groups: list[PublicationGroup], ctx: Ctx) -> list[PublicationGroup]:
    assert ctx.citation_style is not None
    style = load(ctx.citation_style, _csl_locale(ctx))
    out = []
    for g in groups:
        entries = [_entry(v, ctx, 0) for v in g.publications]
        order = {id(e.pub): i for i, e in enumerate(
            sorted_entries(style, entries))}
        out.append(PublicationGroup(g.title, tuple(sorted(
            g.publications, key=lambda v: order[id(v.origin)]))))
    return out


def _styled(groups: list[PublicationGroup], ctx: Ctx) -> list[PublicationGroup]:
    """Each paper's reference as the citation style writes it."""
    assert ctx.citation_style is not None
    style = load(ctx.citation_style, _csl_locale(ctx))
    listed = [v for g in groups for v in g.publications]
    styled = iter(render(style, [_entry(v, ctx, v.number) for v in listed]))
    out = []
    for g in groups:
        views = []
        for v in g.publications:
            made = next(styled)
            # The style prints the DOI, the arXiv id or the URL itself (and links them):
            # every format shows the other links (code, slides ...) beside it, and those
            # of the three this style left out.
            printed = richtext.plain(tuple(n for part in made.parts for n in part.text))
            views.append(dataclasses.replace(
                v, reference=made.parts, reference_label=made.label,
                links=tuple(link for link in v.links if link.kind not in PRINTED_BY_STYLE
                            or _unprinted(link, printed))))
        out.append(PublicationGroup(g.title, tuple(views)))
    return out


def _unprinted(link: NamedLink, printed: str) -> bool:
    """A DOI, arXiv id or URL the style's text does not show."""
    bare = link.text.removeprefix("arXiv:") if link.kind == "arxiv" else link.text
    return not any(s and s in printed for s in (link.url, bare))


def _numbered(view: Publication, number: int, cite_key: str) -> Publication:
    return dataclasses.replace(view, number=number, cite_key=cite_key,
                               make_bibtex=functools.partial(bibtex_entry, view.origin, cite_key))


@builds("publications")
def _publications(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    pubs = [pub for pub in p.publications]
    if not pubs:
        return None
    mode = p.layout.publication_groups
    if mode == "year":  # newest first; a stable sort keeps the file's order for equal dates
        pubs.sort(key=lambda x: x.date.sort_key if x.date else (0, 0, 0), reverse=True)
    keys = paper_keys(pubs)  # the ids cvkit.profile.entries gives papers
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
    if ctx.citation_style is not None and ctx.citation_order == "style":
        groups = _with_style(_sorted_by_style, groups, ctx)
    # Numbers and cite keys follow the order every format lists the papers in.
    listed = [v for g in groups for v in g.publications]
    numbered = iter(range(1, len(listed) + 1))
    cite_keys = iter(unique_cite_keys([(v.origin, v.key) for v in listed]))
    groups = [PublicationGroup(g.title, tuple(
        _numbered(v, next(numbered), next(cite_keys)) for v in g.publications))
        for g in groups]
    if ctx.citation_style is not None:
        groups = _with_style(_styled, groups, ctx)
    used: list[str] = []
    for v in views:
        for a in v.authors:
            for mark in marks_used(a.marks, ctx.legend):
                if mark not in used:
                    used.append(mark)
    legend = tuple((mk, ctx.legend[mk]) for mk in ctx.legend if mk in used)
    return Section(key, title, "publications", publication_groups=tuple(groups), legend=legend)
