"""The publications section: owner in bold, author marks and their legend, grouping by kind
or year, numbering straight through the groups, anchors unique in the document."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from .. import richtext
from ..authors import is_et_al, is_owner, marks_used, split_marks
from ..citation import bibtex_entry, unique_cite_keys
from ..document import Author, NamedLink, Publication, PublicationGroup, Section
from ..errors import CvkitError, ExportError
from ..links import arxiv_url, doi_url
from ..model import profile as m
from ..model.kinds import PUBLICATION_KINDS
from ..slugs import unique_slugs
from .context import Ctx, builds, named_links, rich


def venue_tag(tag: str) -> str:
    """'MLSys '26' -> 'MLSys ’26': an elided year takes an apostrophe, never an open quote."""
    return re.sub(r"['‘`](\d{2})\b", "’\\1", tag)


# What a publication's own link leads to, by kind (a link label in the locale file).
URL_KINDS = ("thesis", "book", "chapter", "patent")


def _publication(pub: m.Publication, key: str, ctx: Ctx) -> Publication:
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
    links.extend(named_links(pub.links, ctx))
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
    from ..csl import locale_for

    return locale_for(ctx.loc.code)


def _sorted_by_style(groups: list[PublicationGroup], ctx: Ctx) -> list[PublicationGroup]:
    from ..csl import Entry, load, sorted_entries

    assert ctx.citation_style is not None
    style = load(ctx.citation_style, _csl_locale(ctx))
    out = []
    for g in groups:
        entries = [Entry(v.origin, v.authors, 0) for v in g.publications]
        order = {id(e.pub): i for i, e in enumerate(sorted_entries(style, entries))}
        out.append(PublicationGroup(g.title, tuple(sorted(
            g.publications, key=lambda v: order[id(v.origin)]))))
    return out


def _styled(groups: list[PublicationGroup], ctx: Ctx) -> list[PublicationGroup]:
    """Each paper's reference as the citation style writes it."""
    from ..csl import Entry, load, render

    assert ctx.citation_style is not None
    style = load(ctx.citation_style, _csl_locale(ctx))
    listed = [v for g in groups for v in g.publications]
    styled = iter(render(style, [Entry(v.origin, v.authors, v.number) for v in listed]))
    out = []
    for g in groups:
        views = []
        for v in g.publications:
            made = next(styled)
            # The style prints the DOI, the arXiv id and the URL itself (and links them):
            # every format shows only the other links (code, slides ...) beside it.
            views.append(dataclasses.replace(
                v, reference=made.parts, reference_label=made.label,
                links=tuple(link for link in v.links if link.kind not in PRINTED_BY_STYLE)))
        out.append(PublicationGroup(g.title, tuple(views)))
    return out


def _numbered(view: Publication, number: int, cite_key: str) -> Publication:
    return dataclasses.replace(view, number=number, cite_key=cite_key,
                               make_bibtex=functools.partial(bibtex_entry, view.origin, cite_key))


def _keys(pubs: list[m.Publication]) -> list[str]:
    """Each paper's key (its page's address and anchor): the slug the profile gives, else
    one made from the title, unique among the papers (a given slug is never renumbered)."""
    given: dict[str, int] = {}
    for i, pub in enumerate(pubs):
        if pub.slug and pub.slug not in given:
            given[pub.slug] = i  # the first paper to claim a slug keeps it
    made = iter(unique_slugs((pub.title for i, pub in enumerate(pubs)
                              if given.get(pub.slug or "") != i), "pub", taken=given))
    return [pub.slug if pub.slug and given[pub.slug] == i else next(made)
            for i, pub in enumerate(pubs)]


@builds("publications")
def _publications(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    pubs = [pub for pub in p.publications]
    if not pubs:
        return None
    mode = p.layout.publication_groups
    if mode == "year":  # newest first; a stable sort keeps the file's order for equal dates
        pubs.sort(key=lambda x: x.date.sort_key if x.date else (0, 0, 0), reverse=True)
    keys = _keys(pubs)
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
