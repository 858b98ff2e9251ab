"""Every publication as a .bib file, in the order every other format lists them.

A paper that carries its own BibTeX (imported from a .bib) keeps it; the rest are written
by ``cvkit.citation``, with keys made unique in the file.
"""

from __future__ import annotations

from ..citation import bibtex_entry, cite_key
from ..document import Document
from ..errors import ExportError
from . import Artifact, RenderContext


class BibtexExporter:
    name = "bibtex"
    suffix = ".bib"
    default_theme = ""

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        if doc.kind == "letter":
            raise ExportError("a cover letter has no BibTeX form")
        entries, seen = [], set()
        for view in doc.publications:
            pub = view.source
            if pub.bibtex:
                entries.append(pub.bibtex.strip())
                continue
            key, n = cite_key(pub) or view.key, 1
            while key in seen:
                n += 1
                key = f"{cite_key(pub)}{chr(ord('a') + n - 2)}"
            seen.add(key)
            entries.append(bibtex_entry(pub, key))
        header = f"% Publications of {doc.name}, written by cvkit.\n\n" if entries else ""
        return Artifact((header + "\n\n".join(entries) + "\n").encode("utf-8"), ".bib",
                        info={"entries": len(entries)})
