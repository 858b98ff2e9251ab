"""Pages for people who keep their Jekyll site: `_pages/about.md`.

Two styles, as themes: ``academicpages`` (setext headings, a font-size div, the way seed 000
is written) and ``acad`` (AcadHomepage: emoji headings with anchors, a news box, as seed 003).
Escaping, for kramdown and for Liquid, lives in ``cvkit.markup.jekyll``.
"""

from __future__ import annotations

from ..document import Document
from ..markup import jekyll as jk
from ..templating import Safe, environment
from . import Artifact, RenderContext


class JekyllExporter:
    name = "jekyll"
    suffix = ".md"
    default_theme = "academicpages"
    options = ("jekyll_style",)

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        style = ctx.option("jekyll_style") or ctx.theme or self.default_theme
        env = environment("jekyll", style, ctx.templates, escape=jk.escape, filters={
            "rich": lambda r: Safe(jk.render(r)),
            "link": lambda label, url: Safe(jk.link(label, url)),
            "yaml": lambda v: Safe(jk.front_matter_string(str(v))),
        })
        text = env.get_template("about.md.j2").render(
            doc=doc, labels=doc.labels, kind_titles=doc.kind_titles)
        return Artifact(text.encode("utf-8"), ".md", info={"filename": "_pages/about.md"})
