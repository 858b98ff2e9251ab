"""ORCID works -> publications.

A ``/works`` list (or a record's ``works``) holds groups, each the same work from one or
more sources (Crossref, the person, DataCite): the copy ORCID shows first is read (the
highest display index, then the newest), fields it lacks are taken from the others, and
groups that share a DOI are one paper. A single ``/work`` (and what a member writes) also
has contributors and a citation: its authors come from there.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from cvkit.importers.bibtex import import_text
from cvkit.importers.orcid_reader import GUESSED, Reader, enum, number, pointer, step
from cvkit.profile.model.kinds import PUBLICATION_KINDS
from cvkit.support.errors import PathKey
from cvkit.support.links import orcid_checks

T = TypeVar("T")

# ORCID work types (v3 vocabulary; v2's upper-case names read alike) -> publication kinds.
_REPORT = "report" if "report" in PUBLICATION_KINDS else "other"
WORK_KINDS = {
    "journal-article": "journal", "review-article": "journal", "journal-issue": "journal",
    "conference-paper": "conference", "conference-abstract": "conference",
    "conference-poster": "conference", "conference-output": "conference",
    "conference-presentation": "conference", "conference-proceedings": "conference",
    "preprint": "preprint", "working-paper": "preprint",
    "dissertation-thesis": "thesis", "dissertation": "thesis",
    "book": "book", "edited-book": "book", "monograph": "book", "book-chapter": "chapter",
    "patent": "patent", "invention": "patent", "report": _REPORT,
}
OTHER_WORKS = (
    "review", "other", "book-review", "lecture-speech", "magazine-article",
    "newspaper-article", "newsletter-article", "encyclopedia-entry", "dictionary-entry",
    "online-resource", "software", "data-set", "website", "manual", "research-tool",
    "standards-and-policy", "technical-standard", "translation", "annotation",
    "artistic-performance", "cartographic-material", "physical-object",
    "registered-copyright", "trademark", "license", "spin-off-company",
    "supervised-student-publication", "test", "disclosure", "research-technique",
    "data-management-plan", "public-speech", "blog-post", "undefined", "learning-object",
    "transcription", "sound", "image", "moving-image", "design", "musical-composition",
    "clinical-study", "digital-resource",
)
# Relationships whose ids name this work (v3 lower case, v2 upper case, or none given).
SELF = ("self", "")


def preferred(copies: list[tuple[PathKey, T]]) -> tuple[PathKey, T]:
    """The copy ORCID shows first: the highest display index, then the newest."""
    return max(copies, key=lambda c: (number(step(c[1], "display-index")),
                                      number(step(c[1], "last-modified-date"))))


def works(reader: Reader, section: dict[str, Any], where: PathKey) -> list[dict[str, Any]]:
    """A works list's groups as papers, newest first (as a CV lists them)."""
    papers: list[dict[str, Any]] = []
    by_doi: dict[str, tuple[dict[str, Any], PathKey]] = {}
    for group_at, group in reader.items(section, where, "group"):
        copies = reader.items(group, group_at, "work-summary")
        if not copies:
            reader.note(group_at, "a work group without a work summary; not imported")
            continue
        titled = [c for c in copies if _titled(c[1])]
        at, first = preferred(titled or copies)
        paper = work(reader, first, at, group_at)
        reader.muted += 1  # the other copies only fill in what the first lacks
        try:
            for other_at, other in copies:
                if other is not first and paper is not None:
                    more = work(reader, other, other_at, group_at)
                    if more is not None:
                        fill(reader, paper, more)
        finally:
            reader.muted -= 1
        if paper is None:
            continue
        key = str(paper.get("doi", "")).lower()
        if key and key in by_doi:
            into, into_at = by_doi[key]
            fill(reader, into, paper)
            reader.note(group_at, f"the same DOI as the work at {pointer(into_at)}"
                        f" ({paper['title']!r}); merged into that one", GUESSED)
            continue
        papers.append(paper)
        if key:
            by_doi[key] = (paper, group_at)
    papers.sort(key=lambda p: str(p.get("date") or ""), reverse=True)
    return papers


def work(reader: Reader, s: dict[str, Any], at: PathKey, item_at: PathKey
         ) -> dict[str, Any] | None:
    """One work (a summary, or a whole work with contributors and citation) as a paper;
    None, with a note at ``item_at``, where it has no title."""
    title, title_at = reader.text(s, at, "title", "title")
    if not title:
        title, title_at = reader.text(s, at, "title", "translated-title")
    if not title:
        reader.note(item_at, "a work without a title; not imported")
        return None
    paper = reader.entry(item_at)
    subtitle = reader.text(s, at, "title", "subtitle")[0]
    reader.put(paper, "title", f"{title}: {subtitle}" if subtitle else title, title_at)
    _authors(reader, paper, s, at)
    kind = _kind(reader, s, at)
    ids = _ids(reader, s, at)
    venue, venue_at = reader.text(s, at, "journal-title")
    if venue and not (kind == "preprint" and venue.lower() in ("arxiv", "arxiv.org")):
        reader.put(paper, "venue", venue, venue_at)
    reader.put(paper, "kind", kind, at + ("type",))
    if kind == "preprint":
        reader.put(paper, "status", "preprint", at + ("type",))
    reader.put(paper, "date", reader.date(s, at, "publication-date"), at + ("publication-date",))
    for key in ("doi", "arxiv", "isbn", "issn"):
        if key in ids:
            reader.put(paper, key, *ids[key])
    url, url_at = reader.url(s, at, "url")
    if url is None and "uri" in ids:
        url, url_at = ids["uri"]
    if url and "doi.org/" not in url and "arxiv.org/" not in url:
        reader.put(paper, "url", url, url_at)
    abstract, abstract_at = reader.text(s, at, "short-description")
    reader.put(paper, "abstract", abstract, abstract_at)
    _citation(reader, paper, s, at)
    return paper


def _kind(reader: Reader, s: dict[str, Any], at: PathKey) -> str:
    raw = step(s, "type")
    name = enum(raw)
    if name in WORK_KINDS:
        return WORK_KINDS[name]
    if name not in OTHER_WORKS and raw is not None:
        reader.note(at + ("type",), f"work type {raw!r} is not an ORCID work type; imported "
                    "as kind: other", GUESSED)
    return "other"


def _ids(reader: Reader, s: dict[str, Any], at: PathKey) -> dict[str, tuple[str, PathKey]]:
    """The work's own identifiers (relationship self, in either spelling; the ISSN and
    ISBN it is part of), each with its place; one that is not what its type says is noted."""
    found: dict[str, tuple[str, PathKey]] = {}
    node = reader.mapping(s, at, "external-ids")
    for e_at, e in reader.items(node, at + ("external-ids",), "external-id"):
        kind = enum(step(e, "external-id-type"))
        relation = enum(step(e, "external-id-relationship"))
        if relation not in SELF and not (relation == "part-of" and kind in ("issn", "isbn")):
            continue
        value: str | None
        if kind == "doi":
            value = reader.doi(e, e_at)
            if value and value.lower().startswith("10.48550/arxiv."):
                kind, value = "arxiv", value[len("10.48550/arxiv."):]
        elif kind == "arxiv":
            value = reader.arxiv(e, e_at)
        elif kind == "uri":
            value = reader.url(e, e_at, "external-id-value")[0]
        elif kind in ("isbn", "issn"):
            value = reader.text(e, e_at, "external-id-value")[0]
        else:
            continue
        if value and kind not in found:
            found[kind] = (value, e_at + ("external-id-value",))
    return found


def _authors(reader: Reader, paper: dict[str, Any], s: dict[str, Any], at: PathKey) -> None:
    """A whole work's contributors (a summary has none): each a name, with the ORCID iD
    where ORCID gives one that checks."""
    node = reader.mapping(s, at, "contributors")
    authors: list[Any] = []
    for c_at, c in reader.items(node, at + ("contributors",), "contributor"):
        name = reader.text(c, c_at, "credit-name")[0]
        if not name:
            continue
        orcid = reader.text(c, c_at, "contributor-orcid", "path")[0]
        if orcid and orcid_checks_safely(orcid):
            authors.append({"name": name, "orcid": orcid})
        else:
            authors.append(name)
    reader.put(paper, "authors", authors, at + ("contributors",))


def _titled(s: dict[str, Any]) -> bool:
    for key in ("title", "translated-title"):
        title = step(s, "title", key)
        title = step(title, "value") if isinstance(title, dict) else title
        if isinstance(title, (int, float)) and not isinstance(title, bool) or \
                isinstance(title, str) and title.strip():
            return True
    return False


def orcid_checks_safely(orcid: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid)) and orcid_checks(orcid)


def _citation(reader: Reader, paper: dict[str, Any], s: dict[str, Any], at: PathKey) -> None:
    """A whole work's BibTeX citation: the authors (where no contributors were given),
    volume, issue, pages and publisher it has and the work lacks."""
    kind = enum(step(s, "citation", "citation-type"))
    text, text_at = reader.text(s, at, "citation", "citation-value")
    if kind != "bibtex" or not text:
        return

    try:
        entries = import_text(text).data.get("publications") or []
    except Exception:  # noqa: BLE001 - a citation bibtexparser cannot read is only noted
        entries = []
    if not entries:
        reader.note(text_at, "a BibTeX citation that could not be read; not used")
        return
    for key in ("authors", "volume", "issue", "pages", "publisher"):
        if entries[0].get(key) and key not in paper:
            reader.put(paper, key, entries[0][key], text_at)


def fill(reader: Reader, into: dict[str, Any], other: dict[str, Any]) -> None:
    """Fields one copy of a work has and the other lacks (and the more precise date)."""
    for key, value in other.items():
        where = reader.origin(other, key)
        if key not in into or (key == "date" and len(str(value)) > len(str(into[key]))):
            into[key] = value
            if where is not None:
                reader.origins.setdefault(id(into), {})[key] = where
