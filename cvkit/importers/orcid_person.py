"""An ORCID person (``/person``, or a record's ``person``) -> name, aliases, about, contact,
links and interests. A profile has one email and one location: the primary email and the
first country arrive, the others are noted; a website goes to its field in ``links``
(GitHub, Scholar ...) or to ``links.other``; an identifier without an address is kept under
``extra.orcid``."""

from __future__ import annotations

import re
from typing import Any

from cvkit.importers.orcid_reader import GUESSED, KEPT, Reader, json_kind, number, step, web_address
from cvkit.support.errors import PathKey

# researcher-url names and hosts -> our `links` fields
LINK_HOSTS = {"github.com": "github", "scholar.google": "scholar", "linkedin.com": "linkedin",
              "dblp.org": "dblp", "dblp.uni-trier.de": "dblp", "twitter.com": "twitter",
              "x.com": "twitter", "semanticscholar.org": "semantic_scholar",
              "researchgate.net": "researchgate"}


def read_person(reader: Reader, person: Any, where: PathKey, data: dict[str, Any]) -> None:
    if person is None:
        return
    if not isinstance(person, dict):
        reader.note(where, f"expected an object, found {json_kind(person)}; the person "
                    "(name, biography, emails, websites) is not imported")
        return
    name = reader.mapping(person, where, "name")
    credit, credit_at = reader.text(name, where + ("name",), "credit-name")
    given = reader.text(name, where + ("name",), "given-names")[0]
    family = reader.text(name, where + ("name",), "family-name")[0]
    full = " ".join(p for p in (given, family) if p)
    reader.put(data, "name", credit or full, credit_at if credit else where + ("name",))
    aliases: list[Any] = []
    if credit and full and full != credit:
        reader.append(aliases, full, where + ("name",))
    node = reader.mapping(person, where, "other-names")
    for at, other in reader.items(node, where + ("other-names",), "other-name"):
        alias = reader.text(other, at, "content")[0]
        if not alias or not re.search(r"\w", alias):
            reader.note(at, f"other name {alias!r} is no name; not imported")
        elif alias in aliases or alias == data.get("name"):
            reader.note(at, f"other name {alias!r} is the name again; not imported")
        else:
            reader.append(aliases, alias, at)
    reader.put(data, "aliases", aliases, where + ("other-names",))
    bio, bio_at = reader.text(person, where, "biography", "content")
    reader.put(data, "about", _paragraphs(bio), bio_at)
    _contact(reader, person, where, data)
    keywords: list[Any] = []
    node = reader.mapping(person, where, "keywords")
    for at, keyword in reader.items(node, where + ("keywords",), "keyword"):
        content = reader.text(keyword, at, "content")[0]
        if content:
            reader.append(keywords, content, at)
        else:
            reader.note(at, "a keyword without text; not imported")
    reader.put(data, "interests", keywords, where + ("keywords",))
    _researcher_urls(reader, person, where, data)
    _identifiers(reader, person, where, data)


def _paragraphs(text: str | None) -> str | None:
    """A biography as written: its paragraphs kept, each on one line (``\\r\\n`` too)."""
    if not text:
        return None
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip())
                       for p in paragraphs if p.strip()) or None


def _contact(reader: Reader, person: dict[str, Any], where: PathKey,
             data: dict[str, Any]) -> None:
    """One email (the primary one) and one location (a country): a profile has one each."""
    contact: dict[str, Any] = reader.entry(where)
    emails = []
    node = reader.mapping(person, where, "emails")
    for at, e in reader.items(node, where + ("emails",), "email"):
        address = reader.text(e, at, "email")[0]
        if address:
            emails.append((at, address, e.get("primary") is True))
        else:
            reader.note(at, "an email without an address; not imported")
    if emails:
        first = next((e for e in emails if e[2]), emails[0])
        reader.put(contact, "email", first[1], first[0])
        for at, address, _ in emails:
            if at != first[0]:
                reader.note(at, f"another email, {address}, not imported: a profile has one")
    node = reader.mapping(person, where, "addresses")
    places = []
    for at, a in reader.items(node, where + ("addresses",), "address"):
        country = reader.text(a, at, "country")[0]
        if country:
            places.append((at, country))
        else:
            reader.note(at, "an address without a country; not imported")
    if places:
        reader.put(contact, "location", places[0][1], places[0][0])
        for at, country in places[1:]:
            reader.note(at, f"another address, {country}, not imported: a profile has one "
                        "location")
    reader.put(data, "contact", contact, where)


def _researcher_urls(reader: Reader, person: dict[str, Any], where: PathKey,
                     data: dict[str, Any]) -> None:
    links = data.setdefault("links", reader.entry(where))
    node = reader.mapping(person, where, "researcher-urls")
    urls = reader.items(node, where + ("researcher-urls",), "researcher-url")
    for at, u in sorted(urls, key=lambda u: number(step(u[1], "display-index"))):
        value = reader.text(u, at, "url")[0]
        url, said = web_address(value)
        if url is None:
            reader.note(at, said or "a website without an address; not imported")
            continue
        if said:
            reader.note(at + ("url",), said, GUESSED)
        field = next((f for host, f in LINK_HOSTS.items() if host in url.lower()), None)
        if field and field not in links:
            reader.put(links, field, url, at)
            continue
        label = reader.text(u, at, "url-name")[0] or \
            re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        other = reader.entry(at)
        reader.put(other, "label", label, at)
        reader.put(other, "url", url, at)
        reader.append(links.setdefault("other", []), other, at)


def _identifiers(reader: Reader, person: dict[str, Any], where: PathKey,
                 data: dict[str, Any]) -> None:
    """Scopus, ResearcherID ... ids: a link where ORCID gives one, else kept under extra."""
    links = data.setdefault("links", reader.entry(where))
    node = reader.mapping(person, where, "external-identifiers")
    for at, ident in reader.items(node, where + ("external-identifiers",),
                                  "external-identifier"):
        kind = reader.text(ident, at, "external-id-type")[0]
        value = reader.text(ident, at, "external-id-value")[0]
        if not value:
            reader.note(at, "an identifier without a value; not imported")
            continue
        label = f"{kind}: {value}" if kind else value
        url = web_address(reader.text(ident, at, "external-id-url")[0])[0]
        if url:
            other = reader.entry(at)
            reader.put(other, "label", label, at)
            reader.put(other, "url", url, at)
            reader.append(links.setdefault("other", []), other, at)
        else:
            kept = data.setdefault("extra", {}).setdefault("orcid", {})
            reader.append(kept.setdefault("identifiers", []), label, at)
            reader.note(at, f"kept under extra.orcid: {label} (no address to link to)", KEPT)

