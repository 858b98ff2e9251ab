"""A paper as CSL-JSON, the input a style formats: the view's authors (every one, or a list
cut around the owner) with cvkit's markers on the names it draws its own way, the fields
references need in the variables styles read, and where the paper stands (a preprint as the
styles expect one, a forthcoming paper's status, an unpublished one as a manuscript)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cvkit.document import Author, richtext
from cvkit.document.richtext import Math
from cvkit.profile.model import profile as m
from cvkit.profile.model.types import PartialDate
from cvkit.support.links import arxiv_url
from cvkit.view.csl.parts import _FORMULA, _NAME, _NAME_END, _PRIVATE


class StyleFacts(Protocol):
    """What the data depends on in a style (``cvkit.view.csl.Style``)."""

    page_range_format: str
    prints_status: bool


KINDS = {"conference": "paper-conference", "workshop": "paper-conference",
         "journal": "article-journal", "preprint": "article", "thesis": "thesis",
         "book": "book", "chapter": "chapter", "patent": "patent", "report": "report",
         "other": "document"}



@dataclass(frozen=True)
class Entry:
    """One paper as the style needs it: the model's fields, the view's authors (every one,
    or a list cut around the owner, with its stand-ins) and where the paper stands."""

    pub: m.Publication
    authors: tuple[Author, ...]
    number: int
    editors: tuple[Author, ...] = ()
    status: str = "published"  # the paper's status, read from its venue too (the view's)
    venue: str = ""  # the venue, without a status written in it ("To appear in X" -> X)
    status_text: str = ""  # the status in the CV's language ("under review")
    genre_text: str = ""  # what an unpublished manuscript is ("Manuscript in preparation")
    # A forthcoming paper's status in place of its date (APA's "(in press)"); False where
    # the style has no such place for the paper's kind (``csl.render`` finds out).
    status_in_date: bool = True

    @property
    def title_text(self) -> str:
        return _title(self.pub)[0]

    @property
    def marked(self) -> tuple[Author, ...]:
        """The people whose names carry cvkit's markers, in marker order: the owner, every
        author or editor with marks, and the last author (a cut list's "et al." and "…"
        follow the style's own)."""
        people = [a for a in self.authors if a.is_person]
        out = [a for i, a in enumerate(people)
               if a.is_owner or a.marks or i == len(people) - 1]
        return (*out, *(a for a in self.editors if a.is_owner or a.marks))

    @property
    def et_al_after(self) -> int | None:
        """How many names the style lists before its "et al.": all given (None) unless the
        list closes with one (the profile's "others", or a list cut short)."""
        if not self.authors or not self.authors[-1].is_et_al:
            return None
        return sum(1 for a in self.authors if not a.is_et_al)


# Where a paper stands, as CSL's data says it (cvkit.view reads the status).
FORTHCOMING = ("in press", "to appear", "accepted")
UNPUBLISHED = ("under review", "submitted", "in preparation")


# -- the profile's paper as CSL-JSON ---------------------------------------------------------


def _name(author: Author, marker: int | None) -> dict[str, str]:
    """A person as CSL's name parts; ``marker`` (its place among the marked people) wraps
    the family name in private characters, so the owner and marks are found in the text."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(_PRIVATE.sub("", author.name), strict=False)
    family = " ".join(parts.last)

    def mark(text: str) -> str:
        return text if marker is None else f"{chr(_NAME + marker)}{text}{_NAME_END}"

    if not family:
        return {"literal": mark(author.name)}
    name = {"family": mark(family)}
    if parts.first:
        name["given"] = " ".join(parts.first)
    if parts.von:
        name["non-dropping-particle"] = " ".join(parts.von)
    if parts.jr:
        name["suffix"] = " ".join(parts.jr)
    return name


def _names(people: Sequence[Author], marked: Sequence[Author],
           with_markers: bool) -> list[dict[str, str]]:
    """CSL names of a list as laid out: a person by name parts, the "…" standing for
    names left out as a literal; a closing "et al." becomes one unnamed name after them,
    which the style's et-al rule (set to the names given: ``Style.processor``) prints as
    its own "et al."."""
    out = []
    for a in people:
        if a.is_et_al:
            out.append({"family": "\u2063"})
        elif a.omitted:
            out.append({"literal": "\u2026"})
        else:
            place = next((j for j, b in enumerate(marked) if b is a), None)
            out.append(_name(a, place if with_markers else None))
    return out


def _title(pub: m.Publication) -> tuple[str, list[Math]]:
    """The title's text, each formula in it standing as one private character."""
    formulas: list[Math] = []
    out = []
    for node in richtext.parse_title(pub.title):
        if isinstance(node, Math):
            out.append(chr(_FORMULA + len(formulas)))
            formulas.append(node)
        else:
            out.append(_PRIVATE.sub("", richtext.plain((node,))))
    return "".join(out), formulas


def _date(date: PartialDate | None) -> dict[str, Any] | None:
    if date is None or not date.year or date.present:
        return None
    return {"date-parts": [[p for p in (date.year, date.month, date.day) if p]]}


def page_range(pages: str, form: str) -> str:
    """A page range as the style's ``page-range-format`` writes it (CSL 1.0.2: expanded,
    minimal, minimal-two, chicago), hyphens made en dashes. citeproc-py shortens 1-10 to
    1–0 (it compares digits of numbers of different lengths): cvkit writes the ranges and
    the style prints them as given."""
    def one(item: str) -> str:
        found = re.fullmatch(r"\s*(\d+)\s*[-\u2013]+\s*(\d+)\s*", item)
        if found is None:
            return item.strip().replace("--", "\u2013")
        first, last = found.groups()
        return f"{first}\u2013{_shortened(first, last, form)}"

    return ", ".join(one(part) for part in pages.split(","))


def _shortened(first: str, last: str, form: str) -> str:
    if len(first) != len(last) or form not in ("minimal", "minimal-two", "chicago",
                                               "chicago-15", "chicago-16"):
        return last
    common = next((i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b),
                  len(first))
    if form.startswith("chicago"):
        number = int(first)
        if number < 100 or number % 100 == 0 or (len(first) >= 4 and common < 2):
            return last
        form = "minimal" if number % 100 < 10 else "minimal-two"
    keep = common if form == "minimal" else min(common, len(first) - 2)
    return last[max(keep, 0):] or last[-1:]


def item(entry: Entry, style: StyleFacts, marked: bool = True) -> tuple[dict[str, Any], list[Math]]:
    """The paper as CSL-JSON; ``marked`` wraps the names cvkit draws its own way (never
    for sorting: the marks would sort those names last)."""
    pub = entry.pub
    title, formulas = _title(pub)
    data: dict[str, Any] = {"id": "p", "type": KINDS.get(pub.kind, "document"), "title": title}
    chosen = entry.marked
    if entry.authors:
        data["author"] = _names(entry.authors, chosen, marked)
    if entry.editors:
        data["editor"] = _names(entry.editors, chosen, marked)
    for key, value in (("volume", pub.volume), ("issue", pub.issue),
                       ("page", pub.pages and page_range(pub.pages, style.page_range_format)),
                       ("edition", pub.edition), ("collection-title", pub.series),
                       ("publisher", pub.publisher), ("publisher-place", pub.publisher_place),
                       ("ISBN", pub.isbn), ("ISSN", pub.issn), ("language", pub.language),
                       ("DOI", pub.doi), ("URL", pub.url)):
        if value:
            data[key] = value
    _place(data, entry)
    for key, date in (("issued", pub.date), ("original-date", pub.original_date)):
        if (found := _date(date)) is not None:
            data[key] = found
    _standing(data, entry, style)
    return data, formulas


def _place(data: dict[str, Any], entry: Entry) -> None:
    """Where the paper appeared, in the variables its kind uses: the journal or proceedings
    (container-title), the university (publisher), the report's or patent's number."""
    pub, venue = entry.pub, entry.venue
    kind = pub.kind
    if kind in ("thesis", "report"):
        if pub.institution or venue:
            data["publisher"] = pub.institution or venue
        if kind == "thesis":
            data["genre"] = pub.thesis_type or "Doctoral dissertation"
    elif kind == "other" and venue and not pub.book_title:
        data.setdefault("publisher", venue)
    elif kind == "book":
        # A book's venue is its publisher, or else the series it is in.
        if venue and not pub.publisher:
            data["publisher"] = venue
        elif venue and not pub.series:
            data["collection-title"] = venue
    elif pub.book_title or venue:
        data["container-title"] = pub.book_title or venue
        if pub.book_title and venue and kind in ("conference", "workshop"):
            data["event"] = venue
    if pub.number and kind in ("report", "patent", "other", "book"):
        data["number"] = pub.number
    elif pub.article_number:
        data["number"] = pub.article_number


def _standing(data: dict[str, Any], entry: Entry, style: StyleFacts) -> None:
    """A preprint as the styles expect one (Zotero's form: the repository as publisher,
    its identifier as number); a forthcoming paper's status where the style prints one (in
    the date's place); an unpublished one as a manuscript of its genre, never in the venue
    it was sent to."""
    pub, status = entry.pub, entry.status
    if status in UNPUBLISHED and not pub.arxiv:
        data["type"] = "manuscript"
        for key in ("container-title", "event", "collection-title"):
            data.pop(key, None)
        if entry.genre_text:
            data["genre"] = entry.genre_text
    elif pub.kind == "preprint" or status == "preprint" or (
            status in UNPUBLISHED and pub.arxiv):
        data["type"] = "article"
        for key in ("container-title", "event"):
            data.pop(key, None)
        if pub.arxiv:
            # A word joiner first: citeproc-py capitalises the first letter of a name CSL
            # leaves alone when it is not all lower case (arXiv); the joiner is taken out after.
            data["publisher"] = "\u2060arXiv"
            data["number"] = f"\u2060arXiv:{pub.arxiv}"
            data.setdefault("URL", arxiv_url(pub.arxiv))
        elif entry.venue:
            data.setdefault("publisher", entry.venue)
        if status in UNPUBLISHED and style.prints_status and entry.status_text:
            data["status"] = entry.status_text
    elif status in FORTHCOMING and style.prints_status and entry.status_text \
            and entry.status_in_date:
        # APA "(in press)", Chicago "Forthcoming.": the status stands where the year would.
        data["status"] = entry.status_text
        data.pop("issued", None)
