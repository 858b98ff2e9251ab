"""Pages for people who keep their Jekyll site: `_pages/about.md`, and for academicpages
the collections it reads: `_publications/<date>-<slug>.md` per paper, `_talks/`, `_teaching/`.

Two styles, as themes: ``academicpages`` (setext headings, a font-size div, the way seed 000
is written) and ``acad`` (AcadHomepage: emoji headings with anchors, a news box, as seed 003).
Escaping, for kramdown and for Liquid, lives in ``cvkit.document.markup.jekyll``. Files in the
collections that cvkit did not write are never deleted; the export lists them as stale.
"""

from __future__ import annotations

from typing import Any

from cvkit.document import Document, date_parts, whole_day
from cvkit.document.markup import html
from cvkit.document.markup import jekyll as jk
from cvkit.document.slugs import slug
from cvkit.exporters import Artifact, RenderContext
from cvkit.exporters.templating import Safe, environment


class JekyllExporter:
    name = "jekyll"
    suffix = ".md"
    default_theme = "academicpages"
    options = ("jekyll_style",)
    # Where other formats' files go in a Jekyll site, and the folders this format owns.
    companion_dirs = {"pdf": "files"}
    owned_dirs = ("_publications", "_talks", "_teaching")

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        style = ctx.options.jekyll_style or ctx.theme or self.default_theme
        env = environment("jekyll", style, ctx.templates, escape=jk.escape, filters={
            "rich": lambda r: Safe(jk.render(r)),
            "link": lambda label, url: Safe(jk.link(label, url)),
            "yaml": lambda v: Safe(jk.front_matter_string(str(v))),
            "yaml_text": lambda v: Safe(jk.front_matter_text(str(v))),
        })
        text = env.get_template("about.md.j2").render(
            doc=doc, labels=doc.labels, kind_titles=doc.kind_titles)
        side = collections(env, doc) if style == "academicpages" else {}
        return Artifact(text.encode("utf-8"), ".md", side_files=side,
                        info={"filename": "_pages/about.md"})


# academicpages' publication categories.
CATEGORIES = {"conference": "conferences", "workshop": "conferences", "book": "books",
              "chapter": "books"}


def _day(d: str | None) -> str:
    """A collection file's date (a record's "2025-07"): the theme sorts by it, so a partial
    one is padded (and kept as it was under `cvkit_date`, which the theme ignores and the
    importer reads)."""
    return whole_day(d) or "1900-01-01"


def _partial(d: str | None) -> str:
    """The date as written when the theme's full one pads it; "" when nothing is padded."""
    parts = date_parts(d)
    return d if d is not None and parts is not None and parts[2] is None else ""


def collections(env: Any, doc: Document) -> dict[str, bytes]:
    """Every paper, talk and teaching entry as the file academicpages keeps it in."""
    files: dict[str, bytes] = {}
    paper = env.get_template("publication.md.j2")
    for p in doc.publications:
        date = _day(p.iso_date)
        pdf = next((link.url for link in p.links if link.kind in ("url", "pdf")), "")
        extra_urls = [(f"{kind}url", link.url) for link in p.links
                      for kind in [link.kind] if kind in ("slides", "code")]
        text = paper.render(
            p=p, date=date, partial_date=_partial(p.iso_date),
            category=CATEGORIES.get(p.kind, "manuscripts"),
            permalink=f"/publication/{date}-{p.key}", paperurl=pdf, extra_urls=extra_urls,
            authors=html.author_list(p.all_authors), citation=html.citation(p))
        files[f"_publications/{date}-{p.key}.md"] = text.encode("utf-8")
    entry = env.get_template("entry.md.j2")
    for key, collection in (("talks", "talks"), ("teaching", "teaching")):
        section = doc.section(key)
        for i, e in enumerate(section.entries if section else (), 1):
            record = e.record
            when = record.get("date") or record.get("start")
            date = _day(when)
            slug = f"{date}-{unique_slug(e.title, i)}"
            text = entry.render(
                e=e, collection=collection, date=date, partial_date=_partial(when),
                permalink=f"/{collection}/{slug}",
                kind="Talk" if key == "talks" else (record.get("role") or ""),
                venue=record.get("event" if key == "talks" else "institution") or "",
                location=(record.get("location") or "") if key == "talks" else "")
            files[f"_{collection}/{slug}.md"] = text.encode("utf-8")
    return files


def unique_slug(title: str, index: int) -> str:
    return f"{slug(title, 'item')}-{index}"
