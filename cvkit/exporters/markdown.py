"""A readable Markdown CV."""

from __future__ import annotations

from cvkit.document import Document
from cvkit.document.markup import markdown as md
from cvkit.exporters import Artifact, RenderContext
from cvkit.exporters.templating import Safe, environment


def _rich(value: object) -> Safe:
    return Safe(md.render(value))  # type: ignore[arg-type]


def _link(label: str, url: str) -> Safe:
    return Safe(md.link(label, url))


class MarkdownExporter:
    name = "markdown"
    suffix = ".md"
    default_theme = "default"
    letters = True

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        env = environment("markdown", ctx.theme or self.default_theme, ctx.templates,
                          escape=md.escape, filters={"rich": _rich, "link": _link})
        text = env.get_template("cv.md.j2").render(doc=doc, labels=doc.labels)
        return Artifact(tidy(text).encode("utf-8"), self.suffix)


def tidy(text: str) -> str:
    """At most one blank line in a row; whitespace-only lines emptied. Trailing double
    spaces on lines with text stay: they are Markdown hard line breaks."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            line = ""
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip() + "\n"
