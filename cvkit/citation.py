"""BibTeX for a publication: the homepage's "BibTeX" box and ``-f bibtex`` write the same
entry. Values are in LaTeX form (``{\\'e}``, ``\\&``, ``$\\alpha$``), so BibTeX and LaTeX
read them as typed, and ``cvkit import bibtex`` reads them back to the same paper."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .authors import fold, is_et_al, split_marks
from .markup import bibtex as bib
from .model import profile as m
from .richtext import parse_title

ENTRY_TYPES = {"conference": "inproceedings", "workshop": "inproceedings",
               "journal": "article", "thesis": "phdthesis", "book": "book",
               "chapter": "incollection", "preprint": "unpublished", "patent": "patent",
               "other": "misc"}
# Where the venue goes, by entry type.
VENUE_FIELDS = {"inproceedings": "booktitle", "incollection": "booktitle",
                "article": "journal", "phdthesis": "school", "book": "series",
                "misc": "howpublished", "unpublished": "howpublished",
                "patent": "howpublished"}


def cite_key(pub: m.Publication) -> str:
    """'cai2026flextrain': first author's family name, year, first word of the title."""
    first = fold(split_marks(pub.authors[0])[0]).split(" ")[-1] if pub.authors else "anon"
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


def bibtex_entry(pub: m.Publication, key: str = "") -> str:
    entry = ENTRY_TYPES.get(pub.kind, "misc")
    fields = [("title", "{" + bib.rich(parse_title(pub.title)) + "}")]
    if pub.authors:
        fields.append(("author", " and ".join(
            "others" if i and is_et_al(a) else bib.value(split_marks(a)[0])
            for i, a in enumerate(pub.authors))))
    if pub.venue:
        fields.append((VENUE_FIELDS[entry], bib.value(pub.venue)))
    if pub.date:
        fields.append(("year", str(pub.date.year)))
        if pub.date.month:
            fields.append(("month", str(pub.date.month)))
    for name, value in (("volume", pub.volume), ("number", pub.issue),
                        ("pages", pub.pages and pub.pages.replace("–", "--")),
                        ("publisher", pub.publisher)):
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
