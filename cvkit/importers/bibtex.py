"""BibTeX -> publications, merged into a profile without touching the rest of its YAML.

Parsing is bibtexparser v2's (a broken entry becomes a failed block with its line; the good
entries around it still import); LaTeX accents and commands become Unicode with pylatexenc.
Entries already in the profile (same DOI, or same normalised title) are updated in place.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from cvkit.document.markup.markdown import latex_to_markdown
from cvkit.document.texmath import latex_to_text
from cvkit.importers import MONTHS, Imported
from cvkit.support.errors import Problem
from cvkit.support.links import bare_doi

KINDS = {"inproceedings": "conference", "conference": "conference", "proceedings": "conference",
         "article": "journal", "phdthesis": "thesis", "mastersthesis": "thesis",
         "thesis": "thesis", "book": "book", "inbook": "chapter", "incollection": "chapter",
         "patent": "patent", "techreport": "report", "misc": "other", "unpublished": "preprint",
         "online": "other", "report": "report"}
# biblatex's pubstate (its keys, or the words) as a status.
PUBSTATES = {"inpress": "in press", "forthcoming": "to appear", "submitted": "submitted",
             "inpreparation": "in preparation", "prepublished": "preprint",
             "in press": "in press", "to appear": "to appear", "accepted": "accepted",
             "under review": "under review", "in preparation": "in preparation"}
# A status said in a note (plain BibTeX has no pubstate), first match wins.
NOTE_STATUSES = ((r"under review|in review", "under review"), (r"\bsubmitted\b", "submitted"),
                 (r"\bin press\b", "in press"), (r"\bto appear\b|forthcoming", "to appear"),
                 (r"\baccepted\b", "accepted"), (r"in preparation", "in preparation"))
# Fields we map; anything else stays in the entry's BibTeX kept on the publication.
ARXIV_JOURNAL = re.compile(r"arxiv|corr", re.I)


def to_text(value: str) -> str:
    """LaTeX source -> Unicode text (accents, {braces}, --, ~), formulas kept as $...$: the
    converter LaTeX text in profiles goes through too (cvkit.document.texmath)."""
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
    journal = to_text(f.get("journal", ""))
    arxiv = _arxiv(f, journal)
    our_kind = KINDS.get(kind, "other")
    if arxiv and (our_kind in ("other", "journal") and (not journal or ARXIV_JOURNAL.search(
            journal))):
        our_kind = "preprint"
    url = f.get("url", "").strip() or None
    if url and not url.startswith(("http://", "https://")):
        url = None
    out: dict[str, Any] = {
        "title": to_text(f["title"]) if f.get("title") else None,
        "authors": split_authors(f.get("author") or ""),  # may be none
        "kind": our_kind,
        "date": _date(f),
        "volume": f.get("volume", "").strip() or None,
        "pages": to_text(f.get("pages", "")).replace("--", "–") or None,
        "article_number": to_text(f.get("eid", "")) or None,
        "editors": split_authors(f.get("editor") or ""),
        "edition": to_text(f.get("edition", "")) or None,
        "publisher": to_text(f.get("publisher", "")) or None,
        "publisher_place": to_text(f.get("address", "") or f.get("location", "")) or None,
        "thesis_type": to_text(f.get("type", "")) or (
            "Master's thesis" if kind == "mastersthesis" else None)
        if our_kind == "thesis" else None,
        "isbn": f.get("isbn", "").strip() or None,
        "issn": f.get("issn", "").strip() or None,
        "language": to_text(f.get("langid", "") or f.get("language", "")) or None,
        "original_date": _original_date(f.get("origdate", "")),
        "doi": bare_doi(f.get("doi", "")) or None,
        "arxiv": arxiv.strip() if arxiv else None,
        "url": url,
        "abstract": latex_to_markdown(f["abstract"]) if f.get("abstract") else None,
        "bibtex": entry.raw.strip() if getattr(entry, "raw", None) else None,
        "status": _status(f),
        **_place(f, our_kind, journal, arxiv),
    }
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def _arxiv(f: dict[str, str], journal: str) -> str | None:
    """The entry's arXiv id: its eprint (arXiv's own), or one named in the journal or URL."""
    if f.get("eprint") and (f.get("archiveprefix", "").lower() == "arxiv"
                            or ARXIV_JOURNAL.search(journal)
                            or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", f["eprint"])):
        return f["eprint"]
    match = re.search(r"arxiv[:\s]*(\d{4}\.\d{4,5})", journal + " " + f.get("url", ""), re.I)
    return match.group(1) if match else None


def _place(f: dict[str, str], kind: str, journal: str, arxiv: str | None) -> dict[str, Any]:
    """Where the entry appeared: venue, the book it is in, its series, the university or
    institution, a report's or patent's number (BibTeX's number is an article's issue)."""
    institution = to_text(f.get("school", "") or f.get("institution", "")) or None
    # A series is the book's; in a proceedings entry it is the conference's short name.
    series = to_text(f.get("series", "")) if kind in ("book", "chapter", "report") else ""
    numbered = kind in ("report", "patent")
    venue = (to_text(f.get("eventtitle", "")) or to_text(f.get("booktitle", "")) or journal
             or ("" if kind in ("thesis", "report") else institution or "")
             or to_text(f.get("howpublished", "")) or (
                 "" if series else to_text(f.get("series", ""))) or None)
    if kind == "preprint" and (not venue or ARXIV_JOURNAL.search(venue)) and arxiv:
        venue = "arXiv preprint"
    return {"venue": venue,
            "book_title": to_text(f.get("booktitle", "")) if f.get("eventtitle") else None,
            "series": series or None,
            "institution": institution if kind in ("thesis", "report") else None,
            "issue": None if numbered else f.get("number", "").strip() or None,
            "number": (to_text(f.get("number", "")) or None) if numbered else None}


def _date(f: dict[str, str]) -> str | None:
    if not f.get("year", "").strip().isdigit():
        return None
    date = f["year"].strip()
    month = f.get("month", "").strip().lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12
                                   else None)
    return f"{date}-{number:02d}" if number else date


def _status(f: dict[str, str]) -> str | None:
    """biblatex's pubstate, else a status said in the note (plain BibTeX has no field)."""
    note = to_text(f.get("note", "")).lower()
    state = to_text(f.get("pubstate", "")).strip().lower()
    return PUBSTATES.get(state) or next(
        (found for pattern, found in NOTE_STATUSES if re.search(pattern, note)), None)


def _original_date(value: str) -> str | None:
    """biblatex's origdate (1923, 1923-05), as the profile writes a date."""
    found = re.fullmatch(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*", value)
    return "-".join(g for g in found.groups() if g) if found else None
