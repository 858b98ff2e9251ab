"""BibTeX -> publications, merged into a profile without touching the rest of its YAML.

Parsing is bibtexparser v2's (a broken entry becomes a failed block with its line; the good
entries around it still import); LaTeX accents and commands become Unicode with pylatexenc.
Entries already in the profile (same DOI, or same normalised title) are updated in place.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..links import bare_doi
from ..markup.markdown import escape as md_escape
from ..markup.markdown import latex_to_markdown
from ..texmath import latex_to_text
from . import MONTHS, Imported

KINDS = {"inproceedings": "conference", "conference": "conference", "proceedings": "conference",
         "article": "journal", "phdthesis": "thesis", "mastersthesis": "thesis",
         "thesis": "thesis", "book": "book", "inbook": "chapter", "incollection": "chapter",
         "patent": "patent", "techreport": "other", "misc": "other", "unpublished": "preprint",
         "online": "other", "report": "other"}
# Fields we map; anything else stays in the entry's BibTeX kept on the publication.
ARXIV_JOURNAL = re.compile(r"arxiv|corr", re.I)


def to_text(value: str) -> str:
    """LaTeX source -> Unicode text (accents, {braces}, --, ~), formulas kept as $...$: the
    converter LaTeX text in profiles goes through too (cvkit.texmath)."""
    return unicodedata.normalize("NFC", latex_to_text(value))


def split_authors(value: str) -> list[str]:
    """BibTeX's own rules, through bibtexparser: `and` splits people except inside braces
    (`{Barnes and Noble Research}` is one author); "Last, First", "Last, Jr, First" and
    "First von Last" all become "First von Last Jr"; a final `others` is "et al."."""
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    names = []
    for raw in split_multiple_persons_names(value.strip()):
        if raw.strip().lower() == "others":
            names.append("et al.")
            continue
        try:
            parts = parse_single_name_into_parts(raw, strict=False)
            ordered = " ".join([*parts.first, *parts.von, *parts.last, *parts.jr])
        except Exception:  # a name bibtexparser cannot split stays whole
            ordered = raw
        name = to_text(ordered).replace("\u00a0", " ")
        if name:
            names.append(name)
    return names


def import_text(text: str, file: Path | None = None,
                stubs: dict[str, int] | None = None) -> Imported:
    """The .bib's entries as publications. With ``stubs`` (``import bibtex --enrich``), an
    entry with a DOI and no title is kept without one, its DOI and line recorded there."""
    import logging

    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    problems = [Problem(file, (block.start_line or 0) + 1, 1, "",
                        "broken BibTeX entry skipped: " + _first_line(block))
                for block in library.failed_blocks]
    pubs: list[dict[str, Any]] = []
    notes: list[str] = []
    for entry in library.entries:
        fields = {k.lower(): f.value for k, f in entry.fields_dict.items()}
        try:
            pubs.append(publication(entry.entry_type.lower(), entry.key, fields, text, entry,
                                    stub=stubs is not None))
            if stubs is not None and "title" not in pubs[-1]:
                stubs[pubs[-1]["doi"]] = (entry.start_line or 0) + 1
                pubs[-1].pop("bibtex", None)  # made again from the filled paper
        except ValueError as exc:
            problems.append(Problem(file, (entry.start_line or 0) + 1, 1, entry.key,
                                    f"entry skipped: {exc}"))
    return Imported({"publications": pubs}, notes, problems)


def _first_line(block: Any) -> str:
    error = getattr(block, "error", None)
    lines = str(getattr(error, "abort_reason", None) or error or "").strip().splitlines()
    message = lines[0] if lines else "could not be parsed (unbalanced braces or quotes?)"
    head = (block.raw or "").strip().splitlines()
    return f"{head[0][:60] if head else '?'!r}: {message}"


def publication(kind: str, key: str, f: dict[str, str], source: str,
                entry: Any, stub: bool = False) -> dict[str, Any]:
    """One entry as a publication; with ``stub``, one with a DOI and no title is kept
    without a title (``--enrich`` fills it from the DOI)."""
    if not f.get("title") and not (stub and bare_doi(f.get("doi", ""))):
        raise ValueError("no title")
    authors = split_authors(f.get("author") or f.get("editor") or "")  # may be none
    journal = to_text(f.get("journal", ""))
    arxiv = f.get("eprint") if (f.get("archiveprefix", "").lower() == "arxiv"
                                or ARXIV_JOURNAL.search(journal)
                                or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", f.get("eprint", "")))\
        else None
    if not arxiv:
        match = re.search(r"arxiv[:\s]*(\d{4}\.\d{4,5})", journal + " " + f.get("url", ""), re.I)
        arxiv = match.group(1) if match else None
    our_kind = KINDS.get(kind, "other")
    if arxiv and (our_kind in ("other", "journal") and (not journal or ARXIV_JOURNAL.search(
            journal))):
        our_kind = "preprint"
    venue = (to_text(f.get("booktitle", "")) or journal
             or to_text(f.get("school", "") or f.get("institution", ""))
             or to_text(f.get("howpublished", "")) or to_text(f.get("series", "")) or None)
    if our_kind == "preprint" and (not venue or ARXIV_JOURNAL.search(venue)) and arxiv:
        venue = "arXiv preprint"
    date = None
    if f.get("year", "").strip().isdigit():
        date = f["year"].strip()
        month = f.get("month", "").strip().lower()[:3]
        number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12
                                       else None)
        if number:
            date += f"-{number:02d}"
    doi = bare_doi(f.get("doi", "")) or None
    url = f.get("url", "").strip() or None
    if url and not url.startswith(("http://", "https://")):
        url = None
    pages = to_text(f.get("pages", "")).replace("--", "–") or None
    out: dict[str, Any] = {
        "title": to_text(f["title"]) if f.get("title") else None,
        "authors": authors,
        "venue": venue,
        "kind": our_kind,
        "date": date,
        "volume": f.get("volume", "").strip() or None,
        "issue": f.get("number", "").strip() or None,
        "pages": pages,
        "publisher": to_text(f.get("publisher", "")) or None,
        "doi": doi,
        "arxiv": arxiv.strip() if arxiv else None,
        "url": url,
        "abstract": latex_to_markdown(f["abstract"]) if f.get("abstract") else None,
        "bibtex": entry.raw.strip() if getattr(entry, "raw", None) else None,
    }
    note = to_text(f.get("note", "")).lower()
    if re.search(r"under review|submitted", note):
        out["status"] = "under review"
    elif re.search(r"\bto appear\b|\baccepted\b", note):
        out["status"] = "accepted"
    if our_kind == "patent" and f.get("number"):
        out["note"] = md_escape(f"Patent {f['number']}")
    return {k: v for k, v in out.items() if v not in (None, "", [])}
