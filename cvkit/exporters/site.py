"""The homepage's site around ``index.html``: a page per paper with the ``citation_*`` tags
Google Scholar indexes, a publications page, talks and teaching pages, a CV page, and
``sitemap.xml``, ``robots.txt``, an Atom ``feed.xml`` of the news and ``publications.bib``.

Every link between pages is relative, so the folder works from ``file://``, from a sub-path
and from a domain root; absolute URLs (sitemap, feed, canonical tags) come from
``--base-url`` or the profile's website.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cvkit.document import Document, Publication, date_parts, whole_day
from cvkit.document.richtext import plain
from cvkit.exporters import RenderContext
from cvkit.support.links import is_web_url

# Sections that get a page of their own when the profile has them, by key.
LISTED = ("publications", "talks", "teaching")
CONFERENCE_KINDS = ("conference", "workshop")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site folder: "publications/index.html"
    html: str


def base_url(doc: Document, ctx: RenderContext) -> str:
    """The site's absolute address with a trailing slash, or "" when none is known."""
    url = str(ctx.options.base_url or next(
        (c.url for c in doc.contact if c.kind == "website"), ""))
    return url.rstrip("/") + "/" if url and is_web_url(url) else ""


def page_links(doc: Document) -> list[tuple[str, str]]:
    """(href from the site root, label) of every page the site has besides the home page."""
    links = [(f"{key}/index.html", section.title) for key in LISTED
             for section in [doc.section(key)] if section is not None]
    return links + [("cv/index.html", doc.labels["cv"])]


def citation_tags(p: Publication, base: str) -> dict[str, str]:
    """The values of a paper page's citation_* tags that are not the paper's own fields."""
    pdf = next((link.url for link in p.links if link.kind == "pdf"
                or link.url.lower().endswith(".pdf")), "")
    date = ""
    parts = date_parts(p.iso_date)
    if parts is not None:
        year, month, day = parts
        date = "/".join([f"{year:04d}", *([f"{month:02d}"] if month else []),
                         *([f"{day:02d}"] if month and day else [])])
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
                            citation=citation_tags(p, base),
                            canonical=f"{base}publications/{p.key}/" if base else "")))
    pdf_name = f"{ctx.file_stem or 'cv'}.pdf"
    # Linked when the PDF is exported in the same run or already in the output folder: an
    # HTML-only export (cvkit watch's default) links no PDF that is not there.
    pdf_name = pdf_name if pdf_name in ctx.beside else ""
    out.append(Page("cv/index.html", env.get_template("cv.html.j2").render(
        **common, root="../", page_title=doc.labels["cv"], pdf_name=pdf_name,
        canonical=f"{base}cv/" if base else "")))
    return out


def sitemap(env: Any, base: str, paths: list[str]) -> str:
    return str(env.get_template("sitemap.xml.j2").render(
        urls=[base + path.removesuffix("index.html") for path in paths]))


def robots(base: str) -> str:
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")


def feed(env: Any, doc: Document, base: str) -> str:
    """The news as Atom entries; without a site address the ids are tag: URIs made from the
    person's name, so they stay the same from one export to the next."""
    site_id = base or "tag:cvkit," + hashlib.sha256(doc.name.encode()).hexdigest()[:16] + ":"
    news = doc.section("news")
    items = news.news if news else ()
    entries = [{"id": f"{site_id}#news-{len(items) - i}", "text": plain(item.text),
                "updated": (whole_day(item.iso_date) or doc.as_of.isoformat())
                + "T00:00:00Z"}
               for i, item in enumerate(items)]
    return str(env.get_template("feed.xml.j2").render(
        doc=doc, base=base, site_id=site_id, entries=entries,
        updated=f"{doc.as_of.isoformat()}T00:00:00Z"))
