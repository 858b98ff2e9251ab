"""An OpenAlex work (``/works/https://doi.org/{doi}``) -> the fields enrich fills.

OpenAlex is asked last, for DOIs neither Crossref nor DataCite knows (those of mEDRA, JaLC,
KISTI ...): it indexes them all, with ORCID iDs it matched to the authors.
"""

from __future__ import annotations

from typing import Any

from cvkit.importers.enrich import text

KINDS = {"article": "journal", "preprint": "preprint", "book-chapter": "chapter",
         "book": "book", "dissertation": "thesis", "report": "report"}


def _authors(items: Any) -> list[dict[str, Any]]:
    out = []
    for authorship in items or []:
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author") or {}
        name = text.one_line(author.get("display_name") or authorship.get("raw_author_name"))
        if name:
            out.append({"name": name, "orcid": text.orcid(author.get("orcid"))})
    return out


def read(answer: Any) -> dict[str, Any] | None:
    if not isinstance(answer, dict) or not (answer.get("doi") or answer.get("title")):
        return None
    kind = KINDS.get(str(answer.get("type")), "other")
    source = ((answer.get("primary_location") or {}).get("source") or {})
    biblio = answer.get("biblio") or {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    fields: dict[str, Any] = {
        "title": text.title(answer.get("title") or answer.get("display_name")),
        "authors": _authors(answer.get("authorships")),
        "venue": text.one_line(source.get("display_name")) or None,
        "kind": kind,
        "date": text.iso_date(answer.get("publication_date")) or
        (str(answer["publication_year"]) if answer.get("publication_year") else None),
        "volume": text.one_line(biblio.get("volume")) or None,
        "issue": text.one_line(biblio.get("issue")) or None,
        "pages": text.pages(f"{first}-{last}" if first and last and first != last else first),
        "publisher": None if kind == "preprint" else
        text.one_line(source.get("host_organization_name")) or None,
        "issn": text.one_line(source.get("issn_l")) or None,
        "language": text.one_line(answer.get("language")) or None,
    }
    return {k: v for k, v in fields.items() if v not in (None, "", [])}
