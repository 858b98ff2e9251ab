"""Pages for people who keep their Jekyll site: `_pages/about.md`.

Two styles, as themes: ``academicpages`` (setext headings, a font-size div, the way seed 000
is written) and ``acad`` (AcadHomepage: emoji headings with anchors, a news box, as seed 003).
Text is escaped for kramdown and for Liquid: braces become HTML entities, so profile text
can never become a Liquid tag.
"""

from __future__ import annotations

import json

from ..markup import markdown as md
from ..templating import Safe, environment
from ..view import Document
from . import Artifact, RenderContext


def _braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def escape(text: str) -> str:
    return _braces(md.escape(text))


def _rich(value: object) -> Safe:
    return Safe(_braces(md.render(value)))  # type: ignore[arg-type]


class JekyllExporter:
    name = "jekyll"
    suffix = ".md"
    default_theme = "academicpages"

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        style = ctx.option("jekyll_style") or ctx.theme or self.default_theme
        env = environment("jekyll", style, ctx.templates, escape=escape, filters={
            "rich": _rich, "link": lambda label, url: Safe(_braces(md.link(label, url))),
            "yaml": lambda v: Safe(json.dumps(str(v), ensure_ascii=False)),
        })
        from ..view import KIND_TITLES

        text = env.get_template("about.md.j2").render(
            doc=doc, labels=doc.labels, kind_titles=KIND_TITLES[doc.locale])
        return Artifact(text.encode("utf-8"), ".md", info={"filename": "_pages/about.md"})
