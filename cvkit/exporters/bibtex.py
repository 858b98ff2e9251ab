"""Every publication as a .bib file, in the order every other format lists them.

A paper that carries its own BibTeX (imported from a .bib) keeps it; the rest are written
by ``cvkit.view.citation`` under the keys the view made unique (the site's paper pages show the
same entries).
"""

from __future__ import annotations

from cvkit.document import Document
from cvkit.exporters import Artifact, RenderContext
from cvkit.support.errors import ExportError


class BibtexExporter:
    name = "bibtex"
    suffix = ".bib"
    default_theme = ""

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        if doc.kind == "letter":
            raise ExportError("a cover letter has no BibTeX form")
        entries = [p.bibtex.strip() for p in doc.publications]
        header = f"% Publications of {doc.name}, written by cvkit.\n\n" if entries else ""
        return Artifact((header + "\n\n".join(entries) + "\n").encode("utf-8"), ".bib",
                        info={"entries": len(entries)})
