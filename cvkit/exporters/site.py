"""The homepage's site around ``index.html``: a page per paper with the ``citation_*`` tags
Google Scholar indexes, a publications page, talks and teaching pages, a CV page, and
``sitemap.xml``, ``robots.txt``, an Atom ``feed.xml`` of the news and ``publications.bib``.

Every link between pages is relative, so the folder works from ``file://``, from a sub-path
and from a domain root; absolute URLs (sitemap, feed, canonical tags) come from
``--base-url`` or the profile's website.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..document import Document, Publication, Section
from ..links import is_web_url
from . import RenderContext


def xml_escape(text: str) -> str:
    """Text for an XML element (xml.sax.saxutils would import urllib.request: 30 ms)."""
    return escape(text, quote=False)


def quoteattr(text: str) -> str:
    return '"' + escape(text, quote=True) + '"'


# Sections that get a page of their own when the profile has them, by key.
LISTED = ("publications", "talks", "teaching")
CONFERENCE_KINDS = ("conference", "workshop")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site folder: "publications/index.html"
    html: str


def base_url(doc: Document, ctx: RenderContext) -> str:
    """The site's absolute address with a trailing slash, or "" when none is known."""
    url = str(ctx.option("base_url") or next(
        (c.url for c in doc.contact if c.kind == "website"), ""))
    return url.rstrip("/") + "/" if url and is_web_url(url) else ""


def page_links(doc: Document) -> list[tuple[str, str]]:
    """(href from the site root, label) of every page the site has besides the home page."""
    links = [(f"{key}/index.html", section.title) for key in LISTED
             for section in [doc.section(key)] if section is not None]
    return links + [("cv/index.html", doc.labels["cv"])]


def citation(p: Publication, base: str) -> dict[str, str]:
    """The values of a paper page's citation_* tags that are not the paper's own fields."""
    pdf = next((link.url for link in p.links if link.kind == "pdf"
                or link.url.lower().endswith(".pdf")), "")
    source = p.source
    date = ""
    if source is not None and source.date is not None and not source.date.present:
        d = source.date
        date = "/".join([f"{d.year:04d}", *([f"{d.month:02d}"] if d.month else []),
                         *([f"{d.day:02d}"] if d.month and d.day else [])])
    venue_tag = ("citation_conference_title" if p.kind in CONFERENCE_KINDS
                 else "citation_journal_title" if p.kind == "journal"
                 else "citation_dissertation_institution" if p.kind == "thesis"
                 else "citation_publisher")
    return {"pdf": pdf, "date": date, "venue_tag": venue_tag,
            "abstract_url": f"{base}publications/{p.key}/" if base else ""}


def pages(env: Any, doc: Document, ctx: RenderContext, common: dict[str, Any]) -> list[Page]:
    base = base_url(doc, ctx)
    out: list[Page] = []
    for key in LISTED:
        section = doc.section(key)
        if section is None:
            continue
        out.append(Page(f"{key}/index.html", env.get_template("listing.html.j2").render(
            **common, root="../", listed=section, page_title=section.title,
            canonical=f"{base}{key}/" if base else "")))
    for p in doc.publications:
        out.append(Page(f"publications/{p.key}/index.html",
                        env.get_template("paper.html.j2").render(
                            **common, root="../../", p=p, page_title=p.title,
                            citation=citation(p, base),
                            canonical=f"{base}publications/{p.key}/" if base else "")))
    pdf_name = f"{ctx.file_stem or 'cv'}.pdf"
    out.append(Page("cv/index.html", env.get_template("cv.html.j2").render(
        **common, root="../", page_title=doc.labels["cv"], pdf_name=pdf_name,
        canonical=f"{base}cv/" if base else "")))
    return out


def sitemap(base: str, paths: list[str]) -> str:
    """Every page's address; sitemaps take absolute URLs only."""
    urls = "".join(f"  <url><loc>{xml_escape(base + path.removesuffix('index.html'))}</loc>"
                   f"</url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n")


def robots(base: str) -> str:
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")


def feed(doc: Document, base: str, news: Section | None, plain: Any) -> str:
    """An Atom feed of the news, newest first; without a site address its ids are tag: URIs
    made from the person's name (stable across exports)."""
    import hashlib

    site_id = base or "tag:cvkit," + hashlib.sha256(doc.name.encode()).hexdigest()[:16] + ":"
    updated = doc.as_of.isoformat() + "T00:00:00Z"
    entries = []
    for i, item in enumerate(news.news if news else ()):
        text = plain(item.text)
        source = item.source
        when = (f"{source.date.year:04d}-{source.date.month or 1:02d}-"
                f"{source.date.day or 1:02d}T00:00:00Z") if source is not None else updated
        entry_id = f"{site_id}#news-{len(news.news) - i}" if news else site_id
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_escape(entry_id)}</id>\n"
            f"    <title>{xml_escape(text[:120])}</title>\n"
            f"    <updated>{when}</updated>\n"
            f"    <content type=\"text\">{xml_escape(text)}</content>\n"
            + (f"    <link href={quoteattr(base)}/>\n" if base else "")
            + "  </entry>\n")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>{xml_escape(site_id)}</id>\n"
            f"  <title>{xml_escape(doc.name)}</title>\n"
            f"  <author><name>{xml_escape(doc.name)}</name></author>\n"
            f"  <updated>{updated}</updated>\n"
            + (f"  <link href={quoteattr(base)}/>\n  <link rel=\"self\" "
               f"href={quoteattr(base + 'feed.xml')}/>\n" if base else "")
            + "".join(entries) + "</feed>\n")
