"""Plain text for pasting into application forms: ATS-friendly, no decoration."""

from __future__ import annotations

import textwrap

from cvkit.document import Author, Document, ReferencePart
from cvkit.document.markup import plain
from cvkit.exporters import Artifact, RenderContext
from cvkit.exporters.templating import environment


def _wrap(text: str, indent: str = "", width: int = 90) -> str:
    # A URL or DOI longer than a line stays whole (a pasted address must work). A line
    # break the text has (Markdown's hard break, as an imported list's items) stays.
    return "\n".join(textwrap.fill(line, width=width, initial_indent=indent if i == 0
                                    else " " * len(indent),
                                    subsequent_indent=" " * len(indent),
                                    break_on_hyphens=False, break_long_words=False)
                      for i, line in enumerate(text.split("\n")))


def _author_list(authors: tuple[Author, ...]) -> str:
    return ", ".join(a.name + a.marks for a in authors)


def _reference(parts: tuple[ReferencePart, ...]) -> str:
    """A citation style's reference as the style wrote it: its DOI and URLs are its own
    text, not followed by their addresses again."""
    return "".join(plain.render(part.text, targets=False) for part in parts)


class TextExporter:
    name = "text"
    suffix = ".txt"
    default_theme = "default"
    letters = True

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        env = environment("text", ctx.theme or self.default_theme, ctx.templates,
                          escape=None, filters={"rich": plain.render, "wrap": _wrap,
                                                   "author_list": _author_list,
                                                   "reference": _reference})
        text = env.get_template("cv.txt.j2").render(doc=doc, labels=doc.labels)
        # Application forms choke on stray blank runs; keep at most one empty line.
        lines: list[str] = []
        for line in text.splitlines():
            line = line.rstrip()
            if line or (lines and lines[-1]):
                lines.append(line)
        return Artifact(("\n".join(lines).strip() + "\n").encode("utf-8"), self.suffix)
