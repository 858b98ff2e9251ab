"""BibTeX written for a publication that carries none of its own."""

from __future__ import annotations

import re

from .authors import fold, is_et_al, split_marks
from .model import profile as m


def bibtex_entry(pub: m.Publication, key: str) -> str:
    """A BibTeX entry for a paper that has none of its own (shown on the homepage)."""
    entry = {"journal": "article", "thesis": "phdthesis", "book": "book",
             "chapter": "incollection", "preprint": "misc"}.get(pub.kind, "inproceedings")
    first = fold(split_marks(pub.authors[0])[0]).split(" ")[-1] if pub.authors else "anon"
    cite = re.sub(r"[^a-z0-9]", "", first) + (str(pub.date.year) if pub.date else "") + \
        re.sub(r"[^a-z0-9]", "", fold(pub.title).split(" ")[0])
    venue_field = {"article": "journal", "misc": "howpublished"}.get(entry, "booktitle")
    fields = [("title", "{" + pub.title + "}"),
              ("author", " and ".join("others" if i and is_et_al(a) else split_marks(a)[0]
                                      for i, a in enumerate(pub.authors)))]
    if pub.venue:
        fields.append((venue_field, pub.venue))
    if pub.date:
        fields.append(("year", str(pub.date.year)))
    for name in ("volume", "pages", "publisher", "doi"):
        value = getattr(pub, name)
        if value:
            fields.append((name, value.replace("–", "--")))
    if pub.issue:
        fields.append(("number", pub.issue))
    if pub.arxiv:
        fields += [("eprint", pub.arxiv), ("archivePrefix", "arXiv")]
    if pub.url:
        fields.append(("url", pub.url))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{entry}{{{cite or key},\n{body}\n}}"
