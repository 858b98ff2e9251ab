"""An ORCID record (public API v3.0, JSON) -> profile data.

What ``/v3.0/<iD>/record`` returns with ``Accept: application/json``: the person (names,
biography, emails, websites, keywords, other identifiers) and the activities summary
(educations, employments, distinctions, fundings, peer reviews, works). Each work group may
hold the same work from several sources (Crossref, the person, DataCite); the summary ORCID
shows first (lowest display index, then the newest) is taken, and groups that share a DOI
are one paper. What has no place in a profile is reported with its JSON pointer and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..links import ARXIV_ID, bare_arxiv, bare_doi
from ..source import json_source
from ..wording import counted
from . import Imported

# ORCID work types (v3.0 vocabulary) -> publication kinds.
WORK_KINDS = {
    "journal-article": "journal", "conference-paper": "conference",
    "conference-abstract": "conference", "conference-poster": "conference",
    "conference-output": "conference", "conference-presentation": "conference",
    "conference-proceedings": "conference", "preprint": "preprint", "working-paper": "preprint",
    "dissertation-thesis": "thesis", "dissertation": "thesis", "book": "book",
    "edited-book": "book", "monograph": "book", "book-chapter": "chapter", "patent": "patent",
    "report": "other", "review": "other", "other": "other", "book-review": "other",
    "lecture-speech": "other", "magazine-article": "other", "newspaper-article": "other",
    "encyclopedia-entry": "other", "dictionary-entry": "other", "online-resource": "other",
    "software": "other", "data-set": "other", "website": "other", "manual": "other",
    "research-tool": "other", "standards-and-policy": "other", "technical-standard": "other",
    "translation": "other", "annotation": "other", "artistic-performance": "other",
    "cartographic-material": "other", "physical-object": "other", "registered-copyright":
    "other", "trademark": "other", "license": "other", "invention": "patent",
    "spin-off-company": "other", "supervised-student-publication": "other",
    "test": "other", "disclosure": "other", "research-technique": "other", "data-management-plan":
    "other", "public-speech": "other", "blog-post": "other", "review-article": "journal",
}
# researcher-url names and hosts -> our `links` fields
LINK_HOSTS = {"github.com": "github", "scholar.google": "scholar", "linkedin.com": "linkedin",
              "dblp.org": "dblp", "dblp.uni-trier.de": "dblp", "twitter.com": "twitter",
              "x.com": "twitter", "semanticscholar.org": "semantic_scholar",
              "researchgate.net": "researchgate"}


ORCID_API = "https://pub.orcid.org/v3.0/{orcid}/record"


def checked_orcid(orcid: str) -> str:
    """An ORCID iD (bare or as its URL) with a valid check digit (ISO 7064 11,2)."""
    from ..errors import ExportError

    bare = re.sub(r"^https?://(www\.)?orcid\.org/", "", orcid.strip())
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", bare):
        raise ExportError(f"{orcid!r} is not an ORCID iD (like 0000-0002-1825-0097)")
    total = 0
    for digit in bare.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if bare[-1] != ("X" if check == 10 else str(check)):
        raise ExportError(f"{orcid!r} is not an ORCID iD: its check digit is wrong")
    return bare


def fetch_record(orcid: str, timeout: float = 30) -> dict[str, Any]:
    """The public record of ``orcid``, downloaded (the only import that needs the network)."""
    import json
    import urllib.error
    import urllib.request

    from ..errors import ExportError
    from ..limits import MAX_BYTES, too_big

    url = ORCID_API.format(orcid=checked_orcid(orcid))
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "cvkit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)  # the cap a record's file has
        if len(body) > MAX_BYTES:
            raise too_big(url, "ORCID record", len(body), MAX_BYTES, more=True)
        record: dict[str, Any] = json.loads(body.decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError, RecursionError) as exc:
        raise ExportError(f"could not download {url}: {exc}; save the record with a browser "
                          "and give its file instead") from None
    return record


def import_file(path: Path) -> Imported:
    source = json_source(path, "ORCID record")
    return from_orcid(source.data, source)


def _value(node: Any, *keys: str) -> Any:
    """``record["a"]["b"]["value"]`` where any step may be null (ORCID writes null often)."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    if isinstance(node, dict) and "value" in node:
        node = node["value"]
    return node


def _date(node: Any) -> str | None:
    """ORCID's {year, month, day}, any of them null -> 2020, 2020-05 or 2020-05-17."""
    year = _value(node, "year")
    if not year:
        return None
    parts = [str(year)]
    month = _value(node, "month")
    if month:
        parts.append(f"{int(month):02d}")
        day = _value(node, "day")
        if day:
            parts.append(f"{int(day):02d}")
    return "-".join(parts)


def _place(org: Any) -> str | None:
    address = (org or {}).get("address") or {}
    parts = [address.get("city"), address.get("region"), address.get("country")]
    return ", ".join(str(p) for p in parts if p) or None


class _Reader:
    def __init__(self, source: Any) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def skipped(self, path: tuple[Any, ...], message: str) -> None:
        line, column = self.source.locate(path) if self.source is not None else (None, None)
        pointer = "/" + "/".join(str(p) for p in path)
        self.problems.append(Problem(self.source.file if self.source else None, line, column,
                                     pointer, message))


def from_orcid(record: dict[str, Any], source: Any = None) -> Imported:
    reader = _Reader(source)
    data: dict[str, Any] = {}
    person = record.get("person") or {}
    _person(record, person, data, reader)
    activities = record.get("activities-summary") or {}
    _affiliations(activities, "employments", "employment-summary", data, reader)
    _affiliations(activities, "educations", "education-summary", data, reader)
    _distinctions(activities, data, reader)
    _fundings(activities, data, reader)
    _works(activities, data, reader)
    for kind in ("invited-positions", "memberships", "qualifications", "services",
                 "research-resources", "peer-reviews"):
        groups = (activities.get(kind) or {}).get("affiliation-group") or \
            (activities.get(kind) or {}).get("group") or []
        if groups:
            reader.skipped(("activities-summary", kind),
                           f"{counted(len(groups), kind.rstrip('s').replace('-', ' '))} not "
                           "imported: a profile has no section for them (add them to "
                           "`service` or `experience` by hand)")
    return Imported(data, reader.notes, reader.problems)


def _person(record: dict[str, Any], person: dict[str, Any], data: dict[str, Any],
            reader: _Reader) -> None:
    name = person.get("name") or {}
    credit = _value(name, "credit-name")
    given, family = _value(name, "given-names"), _value(name, "family-name")
    data["name"] = credit or " ".join(str(p) for p in (given, family) if p) or \
        _value(record, "orcid-identifier", "path") or "?"
    aliases = [n["content"] for n in (person.get("other-names") or {}).get("other-name") or []
               if n.get("content")]
    full = " ".join(str(p) for p in (given, family) if p)
    if credit and full and full != credit:
        aliases.insert(0, full)
    if aliases:
        data["aliases"] = aliases
    bio = _value(person, "biography", "content")
    if bio:
        data["about"] = re.sub(r"\s*\n\s*", " ", str(bio)).strip()
    emails = (person.get("emails") or {}).get("email") or []
    if emails:
        primary = next((e for e in emails if e.get("primary")), emails[0])
        data["contact"] = {"email": primary["email"]}
        for i, e in enumerate(emails):
            if e is not primary:
                reader.skipped(("person", "emails", "email", i, "email"),
                               f"another email, {e['email']}, not imported: a profile has one")
    country = [a for a in (person.get("addresses") or {}).get("address") or []
               if _value(a, "country")]
    if country:
        data.setdefault("contact", {})["location"] = _value(country[0], "country")
    links: dict[str, Any] = {}
    orcid = _value(record, "orcid-identifier", "path")
    if orcid:
        links["orcid"] = orcid
    other = []
    urls = sorted((person.get("researcher-urls") or {}).get("researcher-url") or [],
                  key=lambda u: int(u.get("display-index") or 0))
    for u in urls:
        url = _value(u, "url")
        if not url:
            continue
        field = next((f for host, f in LINK_HOSTS.items() if host in url), None)
        if field and field not in links:
            links[field] = url
        else:
            other.append({"label": u.get("url-name") or re.sub(r"^https?://(www\.)?", "", url)
                          .split("/")[0], "url": url})
    for ident in (person.get("external-identifiers") or {}).get("external-identifier") or []:
        url = _value(ident, "external-id-url")
        label = f"{ident.get('external-id-type')}: {ident.get('external-id-value')}"
        if url:
            other.append({"label": label, "url": url})
        else:
            data.setdefault("extra", {}).setdefault("orcid", {}).setdefault(
                "identifiers", []).append(label)
            reader.notes.append(f"kept under extra.orcid: {label} (no address to link to)")
    if other:
        links["other"] = other
    if links:
        data["links"] = links
    keywords = [k["content"] for k in (person.get("keywords") or {}).get("keyword") or []
                if k.get("content")]
    if keywords:
        data["interests"] = keywords


def _summaries(groups: list[Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for i, group in enumerate(groups):
        for summary in group.get("summaries") or []:
            if summary.get(key):
                out.append((i, summary[key]))
                break  # one summary per group: ORCID groups the same affiliation
    return out


def _affiliations(activities: dict[str, Any], kind: str, key: str, data: dict[str, Any],
                  reader: _Reader) -> None:
    groups = (activities.get(kind) or {}).get("affiliation-group") or []
    entries = []
    for i, s in _summaries(groups, key):
        org = _value(s, "organization", "name")
        if not org:
            reader.skipped(("activities-summary", kind, "affiliation-group", i),
                           "an affiliation without an organization name, not imported")
            continue
        start, end = _date(s.get("start-date")), _date(s.get("end-date"))
        if kind == "employments":
            entry: dict[str, Any] = {"organization": org}
            if s.get("role-title"):
                entry["position"] = s["role-title"]
            if s.get("department-name"):
                entry["description"] = s["department-name"]
        else:
            entry = {"institution": org}
            if s.get("role-title"):
                entry["degree"] = s["role-title"]
            if s.get("department-name"):
                entry["field"] = s["department-name"]
        place = _place(s.get("organization"))
        if place:
            entry["location"] = place
        if _value(s, "url"):
            entry["url"] = _value(s, "url")
        if start:
            entry["start"] = start
        if end:
            entry["end"] = end
        elif start is None:
            pass  # no dates at all: an undated entry
        if not start and end:
            entry["date"] = entry.pop("end")  # only the year it ended: one date
        entries.append(entry)
    if entries:
        data["experience" if kind == "employments" else "education"] = entries


def _distinctions(activities: dict[str, Any], data: dict[str, Any], reader: _Reader) -> None:
    groups = (activities.get("distinctions") or {}).get("affiliation-group") or []
    for _, s in _summaries(groups, "distinction-summary"):
        award: dict[str, Any] = {"title": s.get("role-title") or
                                 _value(s, "organization", "name") or "Distinction"}
        if _value(s, "organization", "name") and s.get("role-title"):
            award["awarder"] = _value(s, "organization", "name")
        if _date(s.get("start-date")):
            award["date"] = _date(s.get("start-date"))
        data.setdefault("awards", []).append(award)


def _fundings(activities: dict[str, Any], data: dict[str, Any], reader: _Reader) -> None:
    """A profile has no grants section: a funding is an award (the funder awarded it), with
    its grant number and period in the note."""
    for i, group in enumerate((activities.get("fundings") or {}).get("group") or []):
        summaries = group.get("funding-summary") or []
        if not summaries:
            continue
        s = summaries[0]
        title = _value(s, "title", "title")
        if not title:
            reader.skipped(("activities-summary", "fundings", "group", i),
                           "a funding without a title, not imported")
            continue
        award: dict[str, Any] = {"title": title}
        if _value(s, "organization", "name"):
            award["awarder"] = _value(s, "organization", "name")
        start, end = _date(s.get("start-date")), _date(s.get("end-date"))
        if start:
            award["date"] = start
        numbers = [e.get("external-id-value") for e in
                   (s.get("external-ids") or {}).get("external-id") or []
                   if e.get("external-id-type") == "grant_number"]
        note = ", ".join(filter(None, [
            f"{str(s.get('type') or 'funding').replace('-', ' ').capitalize()}"
            + (f" {numbers[0]}" if numbers else ""),
            f"{start} – {end}" if start and end else None]))
        award["note"] = note
        if _value(s, "url"):
            award["url"] = _value(s, "url")
        data.setdefault("awards", []).append(award)
        reader.notes.append(f"funding '{title}' imported as an award (a profile has no "
                            "grants section)")


def _ids(summary: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for e in (summary.get("external-ids") or {}).get("external-id") or []:
        if e.get("external-id-relationship") not in (None, "self"):
            continue
        kind = str(e.get("external-id-type") or "").lower()
        value = str(e.get("external-id-value") or "").strip()
        if value and kind not in found:
            found[kind] = value
    return found


def _works(activities: dict[str, Any], data: dict[str, Any], reader: _Reader) -> None:
    groups = (activities.get("works") or {}).get("group") or []
    papers: list[dict[str, Any]] = []
    by_doi: dict[str, dict[str, Any]] = {}
    for i, group in enumerate(groups):
        summaries = group.get("work-summary") or []
        if not summaries:
            continue
        # The summary ORCID shows first: the highest display index, then the newest.
        s = min(summaries, key=lambda w: (-int(w.get("display-index") or 0),
                                          -int(_value(w, "last-modified-date") or 0)))
        title = _value(s, "title", "title")
        if not title:
            reader.skipped(("activities-summary", "works", "group", i),
                           "a work without a title, not imported")
            continue
        subtitle = _value(s, "title", "subtitle")
        paper: dict[str, Any] = {"title": f"{title}: {subtitle}" if subtitle else title}
        authors = [c.get("credit-name", {}).get("value") for c in
                   ((s.get("contributors") or {}).get("contributor") or [])
                   if (c.get("credit-name") or {}).get("value")]
        if authors:
            paper["authors"] = authors
        venue = _value(s, "journal-title")
        kind = WORK_KINDS.get(str(s.get("type")), "other")
        if str(s.get("type")) not in WORK_KINDS:
            reader.skipped(("activities-summary", "works", "group", i, "work-summary", 0,
                            "type"), f"work type {s.get('type')!r} is not an ORCID v3.0 type;"
                           " imported as kind: other")
        ids = _ids(s)
        arxiv = bare_arxiv(ids.get("arxiv", ""))
        if venue and not (kind == "preprint" and venue.lower() == "arxiv"):
            paper["venue"] = venue
        paper["kind"] = kind
        if kind == "preprint":
            paper["status"] = "preprint"
        date = _date(s.get("publication-date"))
        if date:
            paper["date"] = date
        doi = bare_doi(ids.get("doi", ""))
        if doi and not doi.lower().startswith("10.48550/arxiv"):
            paper["doi"] = doi
        elif doi and not arxiv:
            arxiv = doi.split("arXiv.", 1)[-1]
        if arxiv and ARXIV_ID.match(arxiv):
            paper["arxiv"] = arxiv
        url = _value(s, "url") or ids.get("uri")
        if url and url.startswith(("http://", "https://")) and "doi.org/" not in url \
                and "arxiv.org/" not in url:
            paper["url"] = url
        key = paper.get("doi", "").lower()
        if key and key in by_doi:
            _fill(by_doi[key], paper)
            reader.notes.append(f"'{title}': the same DOI as another work; merged into one")
            continue
        papers.append(paper)
        if key:
            by_doi[key] = paper
    if papers:
        # Newest first, as a CV lists them; ORCID's own order is by group.
        papers.sort(key=lambda p: str(p.get("date") or ""), reverse=True)
        data["publications"] = papers


def _fill(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Fields one copy of a work has and the other lacks."""
    for key, value in other.items():
        if key not in into:
            into[key] = value
        elif key == "date" and len(str(value)) > len(str(into[key])):
            into[key] = value  # the more precise date
