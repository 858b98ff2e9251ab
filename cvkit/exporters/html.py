"""The homepage: a static folder (``index.html`` + ``assets/``) that needs no build step.

No JavaScript, no web fonts, no request to another host: the stylesheet and photo are
written beside the page and icons are inline SVG. Everything from the profile is escaped
by Jinja's autoescape; links pass through ``cvkit.document.markup.html.safe_url``.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from cvkit.document import Document, NamedLink
from cvkit.document.markup import html as html_markup
from cvkit.exporters import Artifact, RenderContext, get, site
from cvkit.exporters.templating import design_for, environment
from cvkit.support.assets import local_file
from cvkit.support.version import __version__


class HtmlExporter:
    name = "html"
    suffix = ".html"
    default_theme = "academic"
    options = ("obfuscate_email", "base_url")
    designs = True
    letters = True

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        theme = ctx.theme or self.default_theme
        env = environment("html", theme, ctx.templates, escape=None, html=True,
                          filters={"rich": html_markup.render})
        design = design_for(theme, self.default_theme, doc)
        side_files: dict[str, bytes] = {}
        photo_src = ""
        if doc.photo:
            photo = local_file(ctx.base_dir, doc.photo)
            photo_src = f"assets/photo{photo.suffix.lower()}"
            side_files[photo_src] = photo.read_bytes()

        canonical = site.base_url(doc, ctx)
        description = doc.headline or f"Homepage of {doc.name}"
        obfuscate = ctx.options.obfuscate_email
        # A homepage keeps the profile's own order, news included; the design's order is
        # for printed CVs.
        sections = doc.sections
        page = env.get_template("index.html.j2").render(
            doc=doc, labels=doc.labels, sections=sections, version=__version__, root="",
            # Sections on this page are in the menu already, as anchors.
            pages=[(href, label) for href, label in site.page_links(doc)
                   if label not in {s.title for s in sections}],
            contact=[obfuscated(c) if obfuscate else c for c in doc.contact],
            photo_src=photo_src, canonical=canonical, description=description,
            og_image=(canonical.rstrip("/") + "/" + photo_src) if canonical and photo_src else "",
            json_ld=json_ld(doc, canonical, obfuscate),
        )
        style = env.get_template("style.css").render(design=design)
        side_files["assets/style.css"] = style.encode("utf-8")
        if doc.kind != "letter":  # a letter is one page: no site, feed or .bib of its own
            side_files.update(self._site(env, doc, ctx))
        return Artifact(page.encode("utf-8"), ".html", side_files=side_files,
                        info={"filename": "index.html"})

    def _site(self, env: Any, doc: Document, ctx: RenderContext) -> dict[str, bytes]:
        """The pages around index.html, the sitemap, robots.txt, the feed and the .bib."""
        common = {"doc": doc, "labels": doc.labels, "version": __version__,
                  "pages": site.page_links(doc)}
        files = {page.path: page.html.encode("utf-8")
                 for page in site.pages(env, doc, ctx, common)}
        base = site.base_url(doc, ctx)
        if base:
            files["sitemap.xml"] = site.sitemap(env, base, ["index.html", *files]).encode("utf-8")
        files["robots.txt"] = site.robots(base).encode("utf-8")
        files["feed.xml"] = site.feed(env, doc, base).encode("utf-8")
        files["publications.bib"] = get("bibtex").render(doc, ctx).data
        return files


def obfuscated(contact: NamedLink) -> NamedLink:
    """An email address shown as 'ada [at] example [dot] org', with no mailto link."""
    if contact.kind != "email":
        return contact
    text = contact.text.replace("@", " [at] ").replace(".", " [dot] ")
    return NamedLink(contact.label, "", "email", text)


def json_ld(doc: Document, canonical: str, obfuscate: bool) -> Markup:
    """schema.org data: the Person, and a ScholarlyArticle per publication."""
    person: dict[str, Any] = {"@type": "Person", "@id": "#person", "name": doc.name}
    if doc.headline:
        person["jobTitle"] = doc.headline
    if canonical:
        person["url"] = canonical
    email = next((c.text for c in doc.contact if c.kind == "email"), "")
    if email and not obfuscate:
        person["email"] = f"mailto:{email}"
    if doc.links:
        person["sameAs"] = [link.url for link in doc.links]
    if doc.interests:
        person["knowsAbout"] = list(doc.interests)
    graph: list[dict[str, Any]] = [person]
    for p in doc.publications:
        article: dict[str, Any] = {
            "@type": "ScholarlyArticle", "headline": p.title, "name": p.title,
            "author": [{"@id": "#person"} if a.is_owner else {"@type": "Person", "name": a.name}
                       for a in p.all_authors if a.is_person],
        }
        if p.year:
            article["datePublished"] = str(p.year)
        if p.venue:
            article["isPartOf"] = {"@type": "PublicationIssue" if p.kind == "journal"
                                   else "CreativeWork", "name": p.venue}
        urls = [link.url for link in p.links]
        if urls:
            article["url"] = urls[0]
            article["sameAs"] = urls
        if p.doi:
            article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI",
                                     "value": p.doi}
        graph.append(article)
    return html_markup.script_json({"@context": "https://schema.org", "@graph": graph})
