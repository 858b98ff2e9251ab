"""An academicpages (or AcadHomepage) Jekyll site in: `_config.yml`, `_pages/about.md` and the
`_publications`, `_talks`, `_teaching` and `_portfolio` collections.

Real sites are messy, and the importer copes: a file whose front matter is not YAML is
reported with its line and skipped (the rest still imports); HTML tags and entities, Liquid
and HTML comments are taken out of every value; `<b>Name</b>` in an author list marks the
owner (and becomes an alias); authors that exist only inside `citation:` are read from its
BibTeX (bibtexparser) or from the names before the year or title of an APA/IEEE citation;
template placeholders ("paper-title-number-1") are noted, not trusted. Front-matter fields
with no place in the profile go under `extra.academicpages` with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvkit.importers import DROPPED, GUESSED, KEPT, Imported, Note
from cvkit.importers.jekyll_text import (
    COMMENT,
    authors_from,
    authors_from_citation,
    inline_publications,
    partial_date,
    plain,
    read_front_matter,
    read_page,
    text_of,
    web_url,
    without_liquid,
)
from cvkit.profile.yamlio import load_yaml
from cvkit.support.errors import Problem
from cvkit.support.limits import MAX_FOLDER_BYTES, Budget, read_bytes

PLACEHOLDER = re.compile(r"(paper|talk|teaching|portfolio)[-_ ]title[-_ ]number|"
                         r"title[-_ ]number[-_ ]\d|your[-_ ]name|academicpages", re.I)
# Front-matter fields each collection maps; the rest go under extra.
PUBLICATION_FIELDS = {"title", "date", "cvkit_date", "venue", "category", "paperurl",
                      "slidesurl",
                      "bibtexurl", "codeurl", "excerpt", "citation", "authors", "collection",
                      "permalink"}
TALK_FIELDS = {"title", "type", "venue", "date", "cvkit_date", "location", "collection",
               "permalink",
               "talk_type"}
TEACHING_FIELDS = {"title", "type", "venue", "date", "cvkit_date", "location", "collection",
                   "permalink"}
PORTFOLIO_FIELDS = {"title", "excerpt", "collection", "permalink", "date", "header"}
# academicpages' publication categories, and ours.
CATEGORIES = {"manuscripts": "journal", "conferences": "conference", "books": "book",
              "journal": "journal", "conference": "conference", "workshops": "workshop",
              "preprints": "preprint", "theses": "thesis", "patents": "patent"}


# A venue that says the paper is not yet published (without a category to say so).
PREPRINT_VENUE = re.compile(r"\barxiv\b|\bpreprint\b|\bbiorxiv\b|\bmedrxiv\b|\bssrn\b|"
                            r"\bopenreview\b|under review|submitted", re.I)


@dataclass
class Summary:
    papers: int = 0
    talks: int = 0
    teaching: int = 0
    projects: int = 0
    news: int = 0
    skipped: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.notes: list[Note] = []
        self.problems: list[Problem] = []
        self.extra: dict[str, Any] = {}
        self.aliases: list[str] = []
        self.summary = Summary()
        self.budget = Budget(site, MAX_FOLDER_BYTES, "the files of one site")

    def files(self, folder: str) -> list[tuple[Path, dict[str, Any], str]]:
        out = []
        for path in sorted((self.site / folder).glob("*.md")) + \
                sorted((self.site / folder).glob("*.markdown")):
            try:
                front, body = read_front_matter(path, self.budget)
            except ValueError as exc:
                line, _, message = str(exc).partition(":")
                self.problems.append(Problem(path, int(line), None, "", message +
                                             "; this file was skipped"))
                self.summary.skipped.append(str(path.relative_to(self.site)))
                continue
            out.append((path, front, body))
        return out

    def keep(self, path: Path, front: dict[str, Any], known: set[str]) -> None:
        rest = {k: v for k, v in front.items() if k not in known and v not in (None, "")}
        if rest:
            name = str(path.relative_to(self.site))
            # Kept as written (true stays a boolean); dates and the like as their text.
            self.extra[name] = {k: v if isinstance(v, str | int | float | bool) else str(v)
                                for k, v in rest.items()}
            self.notes.append(Note(KEPT, f"{', '.join(sorted(rest))}: kept under "
                                   "extra.academicpages (no profile field)", path,
                                   "front matter"))

    def placeholder(self, path: Path, front: dict[str, Any]) -> None:
        for key in ("permalink", "excerpt", "title"):
            if PLACEHOLDER.search(str(front.get(key) or "")):
                self.notes.append(Note(GUESSED, f"{str(front[key])[:60]!r} looks like the "
                                       "template's placeholder; check it", path, key))

    # -- collections ----------------------------------------------------------------------

    def publications(self) -> list[dict[str, Any]]:
        out = []
        for path, front, body in self.files("_publications"):
            if not front.get("title"):
                self.problems.append(Problem(path, 1, None, "title",
                                             "a publication needs a title; skipped"))
                continue
            self.placeholder(path, front)
            authors: list[str] = []
            if front.get("authors"):
                authors, owners = authors_from(str(front["authors"]))
                self.aliases += owners
            elif front.get("citation"):
                authors, owners = authors_from_citation(str(front["citation"]))
                self.aliases += owners
                if authors:
                    self.notes.append(Note(GUESSED, "the authors read from the citation",
                                           path, "citation"))
            links = {name: url for name, key in (("slides", "slidesurl"), ("code", "codeurl"),
                                                 ("bibtex", "bibtexurl"))
                     if (url := web_url(front.get(key)))}
            abstract = text_of(body) or (text_of(front["excerpt"]) if front.get("excerpt")
                                         and not PLACEHOLDER.search(str(front["excerpt"]))
                                         else "")
            pub: dict[str, Any] = {
                "title": plain(front["title"]), "authors": authors,
                "venue": _field(front, "venue"),
                "kind": CATEGORIES.get(str(front.get("category", "")).lower())
                or ("preprint" if PREPRINT_VENUE.search(str(front.get("venue") or ""))
                    else "conference"),
                "date": _when(front), "url": web_url(front.get("paperurl")),
                "links": links, "abstract": abstract or None,
            }
            out.append({k: v for k, v in pub.items() if v not in (None, "", [], {})})
            self.keep(path, front, PUBLICATION_FIELDS)
        self.summary.papers = len(out)
        # A CV lists papers newest first; the collection's files come oldest first (their
        # names start with the date).
        return sorted(out, key=lambda pub: str(pub.get("date") or ""), reverse=True)

    def collection(self, folder: str, known: set[str],
                   entry: Callable[[dict[str, Any], str], dict[str, Any]]
                   ) -> list[dict[str, Any]]:
        """Every titled file of a collection as the profile entry ``entry`` makes of its
        front matter and body; the fields it does not map are kept under extra."""
        out = []
        for path, front, body in self.files(folder):
            if not front.get("title"):
                continue
            self.placeholder(path, front)
            out.append({k: v for k, v in entry(front, body).items() if v})
            self.keep(path, front, known)
        return out

    def talks(self) -> list[dict[str, Any]]:
        def talk(front: dict[str, Any], body: str) -> dict[str, Any]:
            if text_of(body):  # a talk has no field for its text
                front["body"] = text_of(body)
            return {"title": plain(front["title"]), "event": _field(front, "venue"),
                    "location": _field(front, "location"), "date": _when(front)}

        talks = self.collection("_talks", TALK_FIELDS, talk)
        self.summary.talks = len(talks)
        return talks

    def teaching(self) -> list[dict[str, Any]]:
        def course(front: dict[str, Any], body: str) -> dict[str, Any]:
            return {"course": plain(front["title"]), "role": _field(front, "type"),
                    "institution": _field(front, "venue"), "date": _when(front),
                    "note": text_of(body) or None}

        courses = self.collection("_teaching", TEACHING_FIELDS, course)
        self.summary.teaching = len(courses)
        return courses

    def portfolio(self) -> list[dict[str, Any]]:
        def project(front: dict[str, Any], body: str) -> dict[str, Any]:
            return {"name": plain(front["title"]),
                    "summary": text_of(body) or _field(front, "excerpt", text_of) or None}

        projects = self.collection("_portfolio", PORTFOLIO_FIELDS, project)
        self.summary.projects = len(projects)
        return projects


def _field(front: dict[str, Any], key: str,
           clean: Callable[[Any], str] = plain) -> str | None:
    return clean(front[key]) if front.get(key) else None


def _when(front: dict[str, Any]) -> str | None:
    """The file's date; cvkit's own export keeps a partial one under cvkit_date beside the
    full date the theme needs."""
    return partial_date(front.get("cvkit_date") or front.get("date"))


def _config(site: Path, reader: _Reader) -> dict[str, Any]:
    from ruamel.yaml.error import YAMLError

    path = site / "_config.yml"
    if not path.is_file():
        reader.notes.append(Note(GUESSED, "no _config.yml: the name comes from the about "
                                 "page", site))
        return {}
    text = read_bytes(path, "site configuration", budget=reader.budget).decode(
        "utf-8", errors="replace")
    try:
        config = load_yaml(text, path) or {}
    except YAMLError as exc:  # a syntax error, or a character YAML refuses
        mark = getattr(exc, "problem_mark", None)
        reader.problems.append(Problem(path, mark.line + 1 if mark else None, None, "",
                                       f"not valid YAML: {getattr(exc, 'problem', '') or exc}"))
        return {}
    return config if isinstance(config, dict) else {}


def _about_body(site: Path) -> str:
    path = site / "_pages" / "about.md"
    if not path.is_file():
        return ""
    try:
        return COMMENT.sub("", without_liquid(read_front_matter(path)[1]))
    except ValueError:
        return ""


def _about(site: Path, reader: _Reader, style: str) -> tuple[str, list[dict[str, Any]]]:
    """The about text, and the news items of a News list (both styles write one)."""
    path = site / "_pages" / "about.md"
    if not path.is_file():
        return "", []
    try:
        _, body = read_front_matter(path, reader.budget)
    except ValueError:
        body = read_page(path)
    body = COMMENT.sub("", without_liquid(body))
    news: list[dict[str, Any]] = []
    item = re.compile(r"^\s*(?:[-*]|<li>)\s*(?:\*{1,2}|<strong>|<b>)?\s*\(?(\d{4})[.\-/](\d{1,2})"
                      r"\)?\s*(?:\*{1,2}|</strong>|</b>)?\s*[:：-]\s*(.+?)(?:</li>)?\s*$", re.M)
    for match in item.finditer(body):
        year, month, text = match.groups()
        news.append({"date": f"{year}-{int(month):02d}", "text": text_of(text)})
    # The about text: everything before the first heading other than a welcome line.
    first = re.split(r"^(?:#{1,3} |.+\n[=-]{3,}\s*$)", body, maxsplit=1, flags=re.M)
    intro = first[0] if style == "academicpages" else re.split(
        r"^# (?!\**welcome)", body, maxsplit=1, flags=re.M | re.I)[0]
    about = "\n\n".join(p for p in (text_of(x) for x in re.split(r"\n\s*\n", intro))
                        if p and not p.startswith("#") and "welcome" not in p.lower())
    reader.summary.news = len(news)
    return about, news


def import_site(site: Path, style: str = "academicpages") -> tuple[Imported, Summary]:
    reader = _Reader(site)
    config = _config(site, reader)
    raw_author = config.get("author")
    author: dict[str, Any] = raw_author if isinstance(raw_author, dict) else {}
    name = plain(author.get("name") or config.get("name") or config.get("title") or "")
    about, news = _about(site, reader, style)
    data: dict[str, Any] = {"name": name or "Your Name"}
    if not name:
        reader.notes.append(Note(GUESSED, "no author name: set `name` in the profile",
                                 site / "_config.yml", "author.name"))
    if author.get("bio"):
        data["headline"] = plain(author["bio"])
    elif author.get("employer"):
        data["headline"] = plain(author["employer"])
    contact = {k: v for k, v in {
        "email": str(author.get("email") or "").strip() or None,
        "location": plain(author["location"]) if author.get("location") else None,
        "website": web_url(str(config.get("url") or "").rstrip("/") +
                        str(config.get("baseurl") or "")) if config.get("url") else None,
    }.items() if v}
    if contact:
        data["contact"] = contact
    links = {ours: str(author[theirs]).strip() for ours, theirs in (
        ("github", "github"), ("scholar", "googlescholar"), ("orcid", "orcid"),
        ("linkedin", "linkedin"), ("twitter", "twitter"), ("dblp", "dblp"))
        if author.get(theirs)}
    if links:
        data["links"] = links
    if author.get("avatar"):
        reader.notes.append(Note(DROPPED, f"{author['avatar']!r}: copy the image beside the "
                                 "profile and set `photo:` to use it", site / "_config.yml",
                                 "author.avatar"))
    if about:
        data["about"] = about
    if news:
        data["news"] = news
    papers = reader.publications()
    if not papers:  # no collection: the papers are written into the about page
        papers = inline_publications(_about_body(site))
        reader.summary.papers = len(papers)
    for key, items in (("publications", papers), ("talks", reader.talks()),
                       ("teaching", reader.teaching()), ("projects", reader.portfolio())):
        if items:
            data[key] = items
    owners = [a for a in dict.fromkeys(reader.aliases) if a != data["name"]]
    if owners:
        data["aliases"] = owners
    if reader.extra:
        data["extra"] = {"academicpages": reader.extra}
    return Imported(data, reader.notes, reader.problems), reader.summary
