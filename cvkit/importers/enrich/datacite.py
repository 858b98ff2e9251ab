"""A DataCite DOI (``/dois/{doi}``, JSON:API) -> the fields enrich fills.

arXiv's DOIs (``10.48550/arXiv.*``) are DataCite's: the record names the creators (with
their ORCID iDs where arXiv has them), the title, the dates of each version and the arXiv
identifier. The date taken is the first version's (a CV dates a preprint by its first
posting); later versions' dates are left aside.
"""

from __future__ import annotations

from typing import Any

from cvkit.importers.enrich import text

KINDS = {
    "Preprint": "preprint", "JournalArticle": "journal", "ConferencePaper": "conference",
    "ConferenceProceeding": "book", "Dissertation": "thesis", "Book": "book",
    "BookChapter": "chapter", "Report": "report",
}


def _creators(items: Any) -> list[dict[str, Any]]:
    out = []
    for creator in items or []:
        if not isinstance(creator, dict):
            continue
        if creator.get("nameType") != "Organizational" and creator.get("familyName"):
            name = text.person(creator.get("givenName"), creator.get("familyName"))
        elif creator.get("nameType") == "Organizational":
            name = text.one_line(creator.get("name"))
        else:
            name = text.inverted(str(creator.get("name") or ""))
        orcid = next((text.orcid(i.get("nameIdentifier"))
                      for i in creator.get("nameIdentifiers") or []
                      if isinstance(i, dict) and str(i.get("nameIdentifierScheme")).upper()
                      == "ORCID"), None)
        if name:
            out.append({"name": name, "orcid": orcid})
    return out


def _title(titles: Any) -> str | None:
    titles = [t for t in titles or [] if isinstance(t, dict)]
    main = next((t.get("title") for t in titles if not t.get("titleType")), None)
    sub = next((t.get("title") for t in titles if t.get("titleType") == "Subtitle"), None)
    return text.title(main, sub) if main else None


def _date(attributes: dict[str, Any]) -> str | None:
    dates = [d for d in attributes.get("dates") or [] if isinstance(d, dict)]
    for kind in ("Submitted", "Available", "Issued"):
        found = sorted(text.iso_date(d.get("date")) or "" for d in dates
                       if d.get("dateType") == kind)
        if found and found[0]:
            return found[0]
    year = str(attributes.get("publicationYear") or "")
    return year if year.isdigit() else None


def _publisher(value: Any) -> str | None:
    if isinstance(value, dict):  # the API's newer form, with ?publisher=true
        value = value.get("name")
    return text.one_line(value) or None


def read(answer: Any) -> dict[str, Any] | None:
    data = answer.get("data") if isinstance(answer, dict) else None
    attributes = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attributes, dict) or not (attributes.get("doi") or
                                                attributes.get("titles")):
        return None
    kind = KINDS.get(str((attributes.get("types") or {}).get("resourceTypeGeneral")), "other")
    container = attributes.get("container") or {}
    first, last = container.get("firstPage"), container.get("lastPage")
    arxiv = next((i.get("identifier") for i in attributes.get("identifiers") or []
                  if isinstance(i, dict) and i.get("identifierType") == "arXiv"), None)
    title = _title(attributes.get("titles"))
    if title and arxiv:  # arXiv titles are TeX source: -- and --- are dashes there
        title = title.replace("---", "\u2014").replace("--", "\u2013")
    fields: dict[str, Any] = {
        "title": title,
        "authors": _creators(attributes.get("creators")),
        "venue": text.one_line(container.get("title")) or None,
        "kind": kind,
        "date": _date(attributes),
        "volume": text.one_line(container.get("volume")) or None,
        "issue": text.one_line(container.get("issue")) or None,
        "pages": text.pages(f"{first}-{last}" if first and last else first),
        "publisher": None if kind == "preprint" else _publisher(attributes.get("publisher")),
        "language": text.one_line(attributes.get("language")) or None,
        "arxiv": text.one_line(arxiv) or None,
    }
    return {k: v for k, v in fields.items() if v not in (None, "", [])}
