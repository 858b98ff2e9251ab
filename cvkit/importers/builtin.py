"""The built-in importers behind the one contract (``cvkit.importers``): each says what it
reads and how it recognises it, and reads through its module's own entry point
(``orcid.import_file`` ...), imported only when a file is read. Recognising a file reads its
first bytes, its JSON keys or its archive's table of contents (``cvkit.importers.peek``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cvkit.importers import BaseImporter, Imported, Refused
from cvkit.importers.academicpages import import_site
from cvkit.importers.bibtex import import_text
from cvkit.importers.peek import describe, head, listing, text
from cvkit.profile.embed import extract
from cvkit.profile.source import read_text
from cvkit.support.errors import ExportError


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False



# -- academicpages ---------------------------------------------------------------------------

SITE_FOLDERS = {"_publications", "_talks", "_teaching", "_portfolio", "_pages"}


class Academicpages(BaseImporter):
    name = "academicpages"
    reads = "an academicpages or AcadHomepage site (the Jekyll site's folder, with _config.yml)"
    folder = True
    options = ("style",)

    def sniff(self, path: Path) -> float:
        if not _is_dir(path):
            return 0.0
        names = set(listing(path))
        if "_config.yml" not in names:
            return 0.0
        return 0.9 if names & SITE_FOLDERS else 0.6

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        if not _is_dir(path):
            raise Refused(f"{path}: {describe(path)}, not {self.reads}")
        style = str(options.get("style") or "academicpages")
        if style not in ("academicpages", "acad"):
            raise Refused(f"style must be academicpages or acad, not {style!r}")
        imported, _ = import_site(path, style)
        return imported


# -- BibTeX ----------------------------------------------------------------------------------


class Bibtex(BaseImporter):
    name = "bibtex"
    reads = "a BibTeX file (.bib)"
    partial = True
    options = ("enrich",)

    def sniff(self, path: Path) -> float:
        if _is_dir(path):
            return 0.0
        if _suffix(path) in (".bib", ".bibtex"):
            return 0.95

        return 0.8 if re.search(r"(?m)^\s*@\w+\s*[{(]", text(path)) else 0.0

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        stubs: dict[str, int] | None = {} if options.get("enrich") else None
        imported = import_text(read_text(path, "BibTeX file"), path, stubs=stubs)
        return Imported({"publications": imported.data["publications"]}, imported.notes,
                        imported.problems, unfilled=stubs or {})


# -- a PDF cvkit made ------------------------------------------------------------------------


class Pdf(BaseImporter):
    name = "pdf"
    reads = "a PDF cvkit made (it carries its profile)"

    def sniff(self, path: Path) -> float:
        if head(path, 1024).lstrip()[:5] == b"%PDF-":
            return 0.9
        return 0.6 if _suffix(path) == ".pdf" and not _is_dir(path) else 0.0

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        from cvkit.profile.source import parse_source

        self.refuse_folder(path)
        try:
            name, data = extract(path)
        except ExportError as exc:  # another tool's PDF, or no PDF: the wrong kind of file
            raise Refused(str(exc)) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(f"{path}: the profile it carries ({name}) is not UTF-8 text") \
                from None
        source = parse_source(text, path.parent / name)
        profile = source.data if isinstance(source.data, dict) else {}
        return Imported(profile, verbatim=data, suffix=Path(name).suffix)
