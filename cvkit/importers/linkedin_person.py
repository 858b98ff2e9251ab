"""The person in a LinkedIn export (Profile.csv, Profile Summary.csv, Email Addresses.csv,
Phone Numbers.csv) and the export's rows put together as profile data."""

from __future__ import annotations

import re
from typing import Any

from cvkit.importers import DROPPED, GUESSED
from cvkit.importers.linkedin_rows import Notes, Row, Rows, Table

# Read but deliberately not imported: private, or not part of a CV.
_LEFT_OUT = {"Birth Date": "your birth date", "Address": "your postal address",
             "Zip Code": "your postal code", "Instant Messengers": "instant messenger names",
             "Maiden Name": "a maiden name", "Industry": "the industry",
             "Contact Instructions": "contact instructions"}

def to_profile(tables: dict[str, Table], reader: Notes) -> dict[str, Any]:
    rows = Person(tables, reader)
    data: dict[str, Any] = {}
    rows.profile(data)
    rows.positions(data)
    rows.education(data)
    rows.skills_and_languages(data)
    rows.certificates(data)
    rows.projects(data)
    rows.publications(data)
    rows.honors_and_organizations(data)
    rows.courses()
    if "name" not in data:
        data["name"] = "?"
        reader.note("Profile.csv", 0, GUESSED, "no name: Profile.csv is missing or empty; "
                    "write your name in the profile")
    if reader.extra:
        data["extra"] = {"linkedin": reader.extra}
    return data



class Person(Rows):
    # -- the person -------------------------------------------------------------------------------

    def profile(self, data: dict[str, Any]) -> None:
        rows = self.rows("Profile.csv")
        summary = self._summary()
        if rows:
            n, row = rows[0]
            name = " ".join(p for p in (row.get("First Name"), row.get("Last Name")) if p)
            if name:
                data["name"] = name
            if row.get("Headline"):
                data["headline"] = row["Headline"]
            text = row.get("Summary") or summary
            if summary and text != summary:
                self.r.note("Profile Summary.csv", 1, DROPPED, "not imported: it differs "
                            "from Profile.csv's Summary, which is imported")
            if text:
                data["about"] = self.paragraph("Profile.csv", n, text, "the summary")
            left = [what for column, what in _LEFT_OUT.items() if row.get(column)]
            if left:
                self.r.note("Profile.csv", n, DROPPED, "left out, as a CV does not need "
                            "them: " + ", ".join(left))
            self._contact(n, row, data)
            for m, _ in rows[1:]:
                self.r.note("Profile.csv", m, DROPPED, "a second profile row: not imported")
        elif summary:
            data["about"] = self.paragraph("Profile Summary.csv", 1, summary, "the summary")
        self._emails(data)
        self._phones(data)

    def _summary(self) -> str:
        """Profile Summary.csv's text (since 2024, beside Profile.csv's Summary)."""
        rows = self.rows("Profile Summary.csv")
        for n, _ in rows[1:]:
            self.r.note("Profile Summary.csv", n, DROPPED, "a second summary: not imported")
        return rows[0][1].get("Profile Summary", "") if rows else ""

    def _contact(self, n: int, row: Row, data: dict[str, Any]) -> None:
        contact: dict[str, Any] = {}
        place = row.get("Geo Location", "")
        country = row.get("Country", "")
        if country and country.lower() not in place.lower():
            place = f"{place}, {country}" if place else country
        if place:
            contact["location"] = place
        sites = self._websites(n, row.get("Websites", ""))
        personal = [url for kind, url in sites if kind in ("PERSONAL", "PORTFOLIO", "BLOG")]
        if personal:
            contact["website"] = personal[0]
        others = [{"label": kind.replace("_", " ").capitalize(), "url": url}
                  for kind, url in sites if url not in personal[:1]]
        handle = re.sub(r"[\[\]@\s]", "", row.get("Twitter Handles", "")).split(",")[0]
        links: dict[str, Any] = {}
        if handle:
            links["twitter"] = handle
        if others:
            links["other"] = others
        if links:
            data["links"] = links
        if contact:
            data["contact"] = contact

    def _websites(self, n: int, text: str) -> list[tuple[str, str]]:
        """``[PERSONAL:https://a.example, COMPANY:b.example]`` (brackets since 2019):
        (kind, URL) pairs; an address without a scheme gets https://, with a note."""
        found = []
        inner = text.strip().removeprefix("[").removesuffix("]")
        for kind, value in re.findall(r"(?:^|,)\s*([A-Z_]+):(.*?)(?=,\s*[A-Z_]+:|$)", inner):
            url = self.url("Profile.csv", n, {"Websites": value.strip()}, "Websites")
            if url:
                found.append((kind, url))
        if inner and not found:
            self.r.keep("Profile.csv", n, "Websites", text, "no web address read in it")
        return found

    def _emails(self, data: dict[str, Any]) -> None:
        emails = [(n, e) for n, e in self.rows("Email Addresses.csv") if e.get("Email Address")]
        if not emails:
            return
        primary = next((e for e in emails if e[1].get("Primary", "").lower() == "yes"),
                       emails[0])
        data.setdefault("contact", {})["email"] = primary[1]["Email Address"]
        for n, e in emails:
            if e is not primary[1]:
                self.r.note("Email Addresses.csv", n, DROPPED, f"{e['Email Address']}: not "
                            "imported (only the primary address is)")

    def _phones(self, data: dict[str, Any]) -> None:
        phones = [(n, p) for n, p in self.rows("Phone Numbers.csv") if p.get("Number")]
        if not phones:
            return
        first = next((p for p in phones if p[1].get("Type", "").lower() == "mobile"), phones[0])
        number = first[1]["Number"] + (f" ext. {first[1]['Extension']}"
                                       if first[1].get("Extension") else "")
        data.setdefault("contact", {})["phone"] = number
        for n, p in phones:
            if p is not first[1]:
                self.r.note("Phone Numbers.csv", n, DROPPED, f"{p['Number']}: not imported "
                            "(one phone number is)")

