"""A Crossref work (``/works/{doi}``, REST API JSON) -> the fields enrich fills.

The names are the enrich vocabulary (``cvkit.importers.enrich.fill`` maps them onto the
profile's fields): title, authors (each a name and maybe an ORCID iD), editors, venue, kind,
date, volume, issue, pages, article_number, publisher, publisher_place, isbn, issn, language.
"""

from __future__ import annotations

from typing import Any

from cvkit.importers.enrich import text

KINDS = {
    "journal-article": "journal", "proceedings-article": "conference",
    "posted-content": "preprint", "book-chapter": "chapter", "book-section": "chapter",
    "book-part": "chapter", "reference-entry": "chapter", "book": "book", "monograph": "book",
    "edited-book": "book", "reference-book": "book", "book-set": "book",
    "dissertation": "thesis", "report": "report", "report-component": "report",
    "proceedings": "book",
}


def people(items: Any) -> list[dict[str, Any]]:
    out = []
    for person in items or []:
        if not isinstance(person, dict):
            continue
        name = text.person(person.get("given"), person.get("family"), person.get("suffix")) \
            if person.get("family") else text.one_line(person.get("name"))
        if name:
            out.append({"name": name, "orcid": text.orcid(person.get("ORCID"))})
    return out


def _date(work: dict[str, Any]) -> str | None:
    for key in ("issued", "published-print", "published-online", "posted"):
        date = text.date_from_parts(work.get(key))
        if date:
            return date
    return None


def _institution(work: dict[str, Any]) -> str | None:
    """A preprint's server (bioRxiv, Research Square ...) or a thesis's university."""
    institution = (work.get("institution") or [{}])[0]
    return text.one_line(institution.get("name")) or None if isinstance(institution, dict) \
        else None


def _containers(work: dict[str, Any], kind: str) -> tuple[str | None, str | None]:
    """(venue, series). A chapter or a proceedings paper in a book series lists the series
    first and the book after it (Lecture Notes in Computer Science, Computer Vision - ECCV
    2020): the book is the venue."""
    titles = [t for t in (text.one_line(t) for t in work.get("container-title") or []
                          if isinstance(t, str)) if t]
    if kind == "preprint":
        return _institution(work), None
    if len(titles) > 1 and kind in ("chapter", "conference"):
        return titles[-1], titles[0]
    return (titles[0] if titles else None), None


def read(answer: Any) -> dict[str, Any] | None:
    work = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(work, dict) or not (work.get("DOI") or work.get("title")):
        return None
    kind = KINDS.get(str(work.get("type")), "other")
    if kind == "preprint" and work.get("subtype") not in (None, "preprint"):
        kind = "other"  # posted-content that is a blog post, a working paper ...
    venue, series = _containers(work, kind)
    pages = text.pages(work.get("page"))
    number = text.one_line(work.get("article-number")) or None
    if number and pages and number.lstrip("e") == pages.lstrip("e"):
        pages = None  # an article number Crossref also gives as the page
    fields: dict[str, Any] = {
        "title": text.title(text.first(work.get("title")), text.first(work.get("subtitle"))),
        "authors": people(work.get("author")),
        "editors": people(work.get("editor")),
        "venue": venue,
        "series": series,
        "edition": text.one_line(work.get("edition-number")) or None,
        "kind": kind,
        "date": _date(work),
        "volume": text.one_line(work.get("volume")) or None,
        "issue": text.one_line(work.get("issue")) or None,
        "pages": pages,
        "article_number": number,
        # A preprint server is no publisher (a reference style would print it as one).
        "publisher": None if kind == "preprint" else text.one_line(work.get("publisher")) or None,
        "publisher_place": text.one_line(work.get("publisher-location")) or None,
        "institution": _institution(work) if kind in ("thesis", "report") else None,
        "thesis_type": text.first(work.get("degree")) if kind == "thesis" else None,
        "isbn": text.first(work.get("ISBN")),
        "issn": text.first(work.get("ISSN")),
        "language": text.one_line(work.get("language")) or None,
    }
    return {k: v for k, v in fields.items() if v not in (None, "", [])}
