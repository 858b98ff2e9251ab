"""The rows of a LinkedIn export (``cvkit.importers.linkedin`` reads them) as profile data.

LinkedIn's text is plain: it is escaped into the profile's Markdown, so a `*` or a `$` in a
description prints as typed. Descriptions written as lists ("• a • b", lines starting with
"-") become highlights; a list in a text that has no highlights (the summary, an honor's
description) keeps its items on lines of their own. Every row is imported or named in a
note with its file and row.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from cvkit.document.markup.markdown import escape
from cvkit.document.wording import counted
from cvkit.importers import DEGRADED, DROPPED, GUESSED, MONTHS
from cvkit.importers import prose as prose_
from cvkit.importers.jsonresume import kind_from_venue
from cvkit.support.links import ARXIV_ID, bare_arxiv, bare_doi, is_web_url

Row = dict[str, str]
Table = list[tuple[int, Row]]  # (row number, 1 the first after the header; its cells)


class Notes(Protocol):
    """Where rows are noted (the export's reader, ``cvkit.importers.linkedin``)."""

    extra: dict[str, Any]

    def note(self, table: str, row: int, what: str, message: str) -> None: ...

    def keep(self, table: str, row: int, column: str, value: str, why: str) -> None: ...


def linkedin_date(text: str) -> str | None:
    """'Jan 2020' -> 2020-01, 'Oct 12, 2025' -> 2025-10-12, '2019' -> 2019."""
    text = text.strip()
    if not text:
        return None
    found = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})", text)
    if found and found.group(1).lower() in MONTHS:
        return f"{found.group(3)}-{MONTHS[found.group(1).lower()]:02d}-{int(found.group(2)):02d}"
    found = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{4})", text)
    if found and found.group(1).lower() in MONTHS:
        return f"{found.group(2)}-{MONTHS[found.group(1).lower()]:02d}"
    found = re.fullmatch(r"(\d{4})", text)
    return found.group(1) if found else None

_HOST = re.compile(r"^[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}(:\d+)?([/?#]\S*)?$")


class Rows:
    def __init__(self, tables: dict[str, Table], reader: Notes) -> None:
        self.tables = tables
        self.r = reader

    def rows(self, name: str) -> Table:
        return self.tables.get(name, [])

    # -- values ---------------------------------------------------------------------------------

    def date(self, table: str, n: int, row: Row, column: str) -> str | None:
        """A date, or None: no date, or "Present" (ongoing); one that cannot be read is
        left out with a note."""
        text = row.get(column, "")
        read = linkedin_date(text)
        if read is None and text and text.lower() not in ("present", "now", "current"):
            self.r.keep(table, n, column, text, "no date cvkit reads (Jan 2020, 2020)")
        return read

    def url(self, table: str, n: int, row: Row, column: str) -> str | None:
        text = row.get(column, "")
        if not text or re.match(r"https?://", text, re.I):
            return text or None
        if _HOST.match(text):
            self.r.note(table, n, GUESSED, f"{column} {text!r} has no scheme: read as "
                        f"https://{text}")
            return f"https://{text}"
        self.r.keep(table, n, column, text, "no web address (http or https)")
        return None

    def described(self, text: str) -> tuple[str | None, list[str]]:
        """A description's prose and the items of the list written in it, as Markdown."""
        prose, items = prose_.split_items(text, inline=True)
        return (escape(prose) if prose else None), [escape(i) for i in items]

    def paragraph(self, table: str, n: int, text: str, whose: str) -> str | None:
        prose, items = self.described(text)
        if items:
            self.r.note(table, n, DEGRADED, f"a list of {counted(len(items), 'item')} in {whose}: "
                        "kept as lines, each after a bullet")
            return prose_.lines(prose, items)
        return prose

    def needs(self, entry: dict[str, Any], field: str, table: str, n: int, what: str,
              others: tuple[str, ...]) -> bool:
        """Whether a row is imported: it has ``field``, or something else to print (then
        "—" stands for the field, with a note); otherwise it is named in a note."""
        if entry.get(field):
            return True
        if any(entry.get(k) for k in others):
            entry[field] = "—"
            self.r.note(table, n, GUESSED, f"{what}: printed as —; write it in the profile")
            return True
        self.r.note(table, n, DROPPED, f"{what} and nothing else to print: not imported")
        return False

    # -- entries ------------------------------------------------------------------------------

    def positions(self, data: dict[str, Any]) -> None:
        """One entry per company: several titles there in a row are its roles, newest first."""
        entries: list[dict[str, Any]] = []
        for n, row in self.rows("Positions.csv"):
            entry: dict[str, Any] = {"organization": row.get("Company Name", "")}
            for key, column in (("position", "Title"), ("location", "Location")):
                if row.get(column):
                    entry[key] = row[column]
            start = self.date("Positions.csv", n, row, "Started On")
            end = self.date("Positions.csv", n, row, "Finished On")
            if start:
                entry["start"] = start  # no "Finished On": ongoing (a start without an end)
            if end:
                entry["end"] = end
            summary, bullets = self.described(row.get("Description", ""))
            if summary:
                entry["summary"] = summary
            if bullets:
                entry["highlights"] = bullets
            if not self.needs(entry, "organization", "Positions.csv", n, "a position "
                              "without a company", ("position",)):
                continue
            previous = entries[-1] if entries else None
            if previous is not None and previous["organization"] == entry["organization"] \
                    and entry["organization"] != "—":
                self._as_roles(previous, entry, n)  # a promotion: one place, several titles
            else:
                entries.append(entry)
        if entries:
            data["experience"] = entries

    def _as_roles(self, place: dict[str, Any], older: dict[str, Any], n: int) -> None:
        """LinkedIn lists each title at a company as a position, newest first; a profile
        writes one position with its roles. A role has no location of its own: the
        position's names every place its roles were, newest first."""
        if "roles" not in place:
            first = {k: place.pop(k) for k in ("start", "end") if k in place}
            place["roles"] = [{"title": place.pop("position", "—")} | first]
        role = {"title": older.get("position", "—")} | {k: older[k] for k in ("start", "end")
                                                         if k in older}
        place["roles"].append(role)
        places = place["location"].split("; ") if place.get("location") else []
        if older.get("location") and older["location"] not in places:
            places.append(older["location"])
            if len(places) > 1:
                self.r.note("Positions.csv", n, DEGRADED, f"the role {role['title']!r} was in "
                            f"{older['location']!r}: the position's location names each "
                            f"place its roles were ({'; '.join(places)})")
            place["location"] = "; ".join(places)
        if older.get("highlights"):
            place["highlights"] = [*place.get("highlights", []), *older["highlights"]]
        if older.get("summary") and "summary" not in place:
            place["summary"] = older["summary"]
        elif older.get("summary") and older["summary"] != place["summary"]:
            place.setdefault("highlights", []).append(older["summary"])
        starts = [r["start"] for r in place["roles"] if r.get("start")]
        if starts:
            place["start"] = min(starts)
        newest = place["roles"][0]
        if newest.get("end"):
            place["end"] = newest["end"]

    def education(self, data: dict[str, Any]) -> None:
        entries = []
        for n, row in self.rows("Education.csv"):
            entry: dict[str, Any] = {"institution": row.get("School Name", "")}
            if row.get("Degree Name"):
                entry["degree"] = row["Degree Name"]
            start = self.date("Education.csv", n, row, "Start Date")
            end = self.date("Education.csv", n, row, "End Date")
            if start:
                entry["start"] = start
            if end:
                entry["end" if start else "date"] = end
            notes = []
            for column in ("Notes", "Activities"):
                prose, items = self.described(row.get(column, ""))
                notes += [x for x in (prose, *items) if x]
            thesis = [x for x in notes if x.lower().startswith("thesis:")]
            if thesis:
                entry["thesis"] = thesis[0].split(":", 1)[1].strip()
            if [x for x in notes if x not in thesis]:
                entry["notes"] = [x for x in notes if x not in thesis]
            if self.needs(entry, "institution", "Education.csv", n, "a degree without a "
                          "school", ("degree", "notes")):
                entries.append(entry)
        if entries:
            data["education"] = entries

    def skills_and_languages(self, data: dict[str, Any]) -> None:
        skills = []
        for n, row in self.rows("Skills.csv"):
            if row.get("Name"):
                skills.append(row["Name"])
            else:
                self.r.note("Skills.csv", n, DROPPED, "a row without a skill's name: not "
                            "imported")
        if skills:
            data["skills"] = [{"category": "Skills", "items": skills}]
        languages = []
        for n, row in self.rows("Languages.csv"):
            entry = {"language": row.get("Name", "")}
            if row.get("Proficiency"):
                entry["fluency"] = row["Proficiency"]
            if self.needs(entry, "language", "Languages.csv", n, "a proficiency without a "
                          "language", ()):
                languages.append(entry)
        if languages:
            data["languages"] = languages

    def certificates(self, data: dict[str, Any]) -> None:
        entries = []
        for n, row in self.rows("Certifications.csv"):
            entry: dict[str, Any] = {"name": row.get("Name", "")}
            if row.get("Authority"):
                entry["issuer"] = row["Authority"]
            if (date := self.date("Certifications.csv", n, row, "Started On")):
                entry["date"] = date
            if (url := self.url("Certifications.csv", n, row, "Url")):
                entry["url"] = url
            if not self.needs(entry, "name", "Certifications.csv", n, "a certification "
                              "without a name", ("issuer", "url")):
                continue
            if row.get("License Number"):
                self.r.keep("Certifications.csv", n, "License Number", row["License Number"],
                            "a certificate in the profile has no field for its licence "
                            "number")
            if (expires := self.date("Certifications.csv", n, row, "Finished On")):
                self.r.keep("Certifications.csv", n, "Finished On", expires, "a certificate "
                            "in the profile has no field for when it expires")
            entries.append(entry)
        if entries:
            data["certificates"] = entries

    def projects(self, data: dict[str, Any]) -> None:
        entries = []
        for n, row in self.rows("Projects.csv"):
            entry: dict[str, Any] = {"name": row.get("Title", "")}
            summary, items = self.described(row.get("Description", ""))
            if summary:
                entry["summary"] = summary
            if items:
                entry["highlights"] = items
            if (url := self.url("Projects.csv", n, row, "Url")):
                entry["url"] = url
            for key, column in (("start", "Started On"), ("end", "Finished On")):
                if (date := self.date("Projects.csv", n, row, column)):
                    entry[key] = date
            if self.needs(entry, "name", "Projects.csv", n, "a project without a title",
                          ("summary", "highlights", "url")):
                entries.append(entry)
        if entries:
            data["projects"] = entries

    def publications(self, data: dict[str, Any]) -> None:
        papers = []
        for n, row in self.rows("Publications.csv"):
            if not row.get("Name"):
                self.r.note("Publications.csv", n, DROPPED, "a publication without a title: "
                            "not imported")
                continue
            papers.append(self._paper(n, row))
        if papers:
            data["publications"] = papers

    def _paper(self, n: int, row: Row) -> dict[str, Any]:
        paper: dict[str, Any] = {"title": row["Name"]}
        publisher = row.get("Publisher", "")
        url = self.url("Publications.csv", n, row, "Url") or ""
        # A link to arXiv or a DOI resolver is the paper's id; any other is its page.
        arxiv = bare_arxiv(url) if "arxiv.org/" in url else ""
        doi = bare_doi(url) if "doi.org/" in url else ""
        kind = "preprint" if ARXIV_ID.match(arxiv) else kind_from_venue(publisher)
        if publisher and kind != "preprint":
            paper["venue"] = publisher
        paper["kind"] = kind
        if (date := self.date("Publications.csv", n, row, "Published On")):
            paper["date"] = date
        if ARXIV_ID.match(arxiv):
            paper["arxiv"] = arxiv
        elif doi:
            paper["doi"] = doi
        elif is_web_url(url):
            paper["url"] = url
        if row.get("Description"):
            paper["abstract"] = self.paragraph("Publications.csv", n, row["Description"],
                                               "the description")
        return paper

    def honors_and_organizations(self, data: dict[str, Any]) -> None:
        awards = []
        for n, row in self.rows("Honors.csv"):
            entry: dict[str, Any] = {"title": row.get("Title", "")}
            if row.get("Issuer"):
                entry["awarder"] = row["Issuer"]
            if (date := self.date("Honors.csv", n, row, "Issued On")):
                entry["date"] = date
            if row.get("Description"):
                entry["note"] = self.paragraph("Honors.csv", n, row["Description"],
                                               "the description")
            if self.needs(entry, "title", "Honors.csv", n, "an honor without a title",
                          ("awarder", "note")):
                awards.append(entry)
        if awards:
            data["awards"] = awards
        service = []
        for n, row in self.rows("Organizations.csv"):
            entry = {"organization": row.get("Name", ""), "role": row.get("Position", "")}
            if not entry["role"] and entry["organization"]:
                entry["role"] = "Member"
                self.r.note("Organizations.csv", n, GUESSED, "no position: the role is "
                            "written as Member")
            if row.get("Description"):
                entry["note"] = self.paragraph("Organizations.csv", n, row["Description"],
                                               "the description")
            for key, column in (("start", "Started On"), ("end", "Finished On")):
                if (date := self.date("Organizations.csv", n, row, column)):
                    entry[key] = date
            if self.needs(entry, "role", "Organizations.csv", n, "an organization without "
                          "a name", ("note",)):
                service.append({k: v for k, v in entry.items() if v})
        if service:
            data["service"] = service

    def courses(self) -> None:
        for n, row in self.rows("Courses.csv"):
            name = row.get("Name") or "a course without a name"
            number = f" ({row['Number']})" if row.get("Number") else ""
            self.r.note("Courses.csv", n, DROPPED, f"{name!r}{number}: not imported (a "
                        "profile has no list of courses; write it under an education's "
                        "notes)")
