"""BibTeX for a publication: the homepage's "BibTeX" box and ``-f bibtex`` write the same
entry. Values are in LaTeX form (``{\\'e}``, ``\\&``, ``$\\alpha$``), so BibTeX and LaTeX
read them as typed, and ``cvkit import bibtex`` reads them back to the same paper."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cvkit.document.authors import fold, is_et_al, split_marks
from cvkit.document.markup import bibtex as bib
from cvkit.document.richtext import parse_title
from cvkit.profile.model import profile as m

ENTRY_TYPES = {"conference": "inproceedings", "workshop": "inproceedings",
               "journal": "article", "thesis": "phdthesis", "book": "book",
               "chapter": "incollection", "preprint": "unpublished", "patent": "patent",
               "report": "techreport", "other": "misc"}
# Where the venue goes, by entry type.
VENUE_FIELDS = {"inproceedings": "booktitle", "incollection": "booktitle",
                "article": "journal", "phdthesis": "school", "mastersthesis": "school",
                "book": "series", "misc": "howpublished", "unpublished": "howpublished",
                "patent": "howpublished", "techreport": "institution"}
# biblatex's pubstate for a status (its own keys where it has one; else the words).
PUBSTATE = {"in press": "inpress", "to appear": "forthcoming", "submitted": "submitted",
            "in preparation": "inpreparation", "preprint": "prepublished"}


def cite_key(pub: m.Publication) -> str:
    """'cai2026flextrain': first author's family name, year, first word of the title."""
    first = fold(split_marks(pub.author_names[0])[0]).split(" ")[-1] if pub.authors \
        else "anon"
    word = next((w for w in re.split(r"[^a-z0-9]+", fold(pub.title)) if w), "")
    return re.sub(r"[^a-z0-9]", "", first) + (str(pub.date.year) if pub.date else "") + word


def unique_cite_keys(papers: Sequence[tuple[m.Publication, str]]) -> list[str]:
    """A cite key for each (paper, fallback) in order, unique among them: 'cai2025moe', then
    'cai2025moea', 'cai2025moeb' ... The fallback (the paper's anchor) stands in when the
    names and title give no ASCII to make a key of. A paper that brings its own BibTeX keeps
    the key written there ("" here)."""
    seen: set[str] = set()
    keys = []
    for pub, fallback in papers:
        if pub.bibtex:
            keys.append("")
            continue
        base = cite_key(pub) or fallback
        key, n = base, 0
        while key in seen:
            key = f"{base}{chr(ord('a') + n)}"
            n += 1
        seen.add(key)
        keys.append(key)
    return keys


def _names(names: list[str]) -> str:
    return " and ".join("others" if i and is_et_al(a) else bib.value(split_marks(a)[0])
                        for i, a in enumerate(names))


def _entry_type(pub: m.Publication) -> str:
    if pub.kind == "thesis" and pub.thesis_type and re.search(r"master|m\.\s?s|msc",
                                                               pub.thesis_type, re.I):
        return "mastersthesis"
    return ENTRY_TYPES.get(pub.kind, "misc")


def bibtex_entry(pub: m.Publication, key: str = "") -> str:
    entry = _entry_type(pub)
    fields = [("title", "{" + bib.rich(parse_title(pub.title)) + "}")]
    if pub.authors:
        fields.append(("author", _names(pub.author_names)))
    if pub.editors:
        fields.append(("editor", _names(pub.editor_names)))
    venue_field = VENUE_FIELDS[entry]
    if pub.book_title and venue_field == "booktitle":
        fields.append(("booktitle", bib.value(pub.book_title)))
        venue_field = "eventtitle"  # biblatex's; BibTeX passes it by
    elif entry in ("phdthesis", "mastersthesis", "techreport") and pub.institution:
        fields.append((venue_field, bib.value(pub.institution)))
        venue_field = "howpublished" if pub.venue != pub.institution else ""
    if venue_field == "series" and pub.series:  # a book's own series wins its field
        venue_field = "" if pub.venue == pub.series else "howpublished"
    if pub.venue and venue_field:
        fields.append((venue_field, bib.value(pub.venue)))
    if pub.date:
        fields.append(("year", str(pub.date.year)))
        if pub.date.month:
            fields.append(("month", str(pub.date.month)))
    if pub.original_date:
        fields.append(("origdate", str(pub.original_date)))
    # BibTeX's number: an article's (or a proceedings') issue, a report's or patent's number.
    number = pub.number if entry in ("techreport", "patent") else pub.issue or pub.number
    for name, value in (("edition", pub.edition), ("volume", pub.volume), ("number", number),
                        ("pages", pub.pages and pub.pages.replace("–", "--")),
                        ("eid", pub.article_number), ("series", pub.series),
                        ("type", pub.thesis_type if entry.endswith("thesis") else None),
                        ("publisher", pub.publisher), ("address", pub.publisher_place),
                        ("isbn", pub.isbn), ("issn", pub.issn), ("language", pub.language),
                        ("pubstate", PUBSTATE.get(pub.status, pub.status)
                         if pub.status != "published" else None)):
        if value:
            fields.append((name, bib.value(value) if name != "pages" else value))
    if pub.doi:
        fields.append(("doi", pub.doi))
    if pub.arxiv:
        fields += [("eprint", pub.arxiv), ("archiveprefix", "arXiv")]
    if pub.url:
        fields.append(("url", pub.url))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{entry}{{{key or cite_key(pub)},\n{body}\n}}"
