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

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from . import Imported

PLACEHOLDER = re.compile(r"(paper|talk|teaching|portfolio)[-_ ]title[-_ ]number|"
                         r"title[-_ ]number[-_ ]\d|your[-_ ]name|academicpages", re.I)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
# A Liquid block's content depends on the site's build: it goes with its tags.
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(if|unless|for|capture|case)\b.*?%\}(?:(?!\{%-?\s*\1\b).)*?"
                           r"\{%-?\s*end\1\s*-?%\}", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
# Front-matter fields each collection maps; the rest go under extra.
PUBLICATION_FIELDS = {"title", "date", "venue", "category", "paperurl", "slidesurl",
                      "bibtexurl", "codeurl", "excerpt", "citation", "authors", "collection",
                      "permalink"}
TALK_FIELDS = {"title", "type", "venue", "date", "location", "collection", "permalink",
               "talk_type"}
TEACHING_FIELDS = {"title", "type", "venue", "date", "location", "collection", "permalink"}
PORTFOLIO_FIELDS = {"title", "excerpt", "collection", "permalink", "date", "header"}
# academicpages' publication categories, and ours.
CATEGORIES = {"manuscripts": "journal", "conferences": "conference", "books": "book",
              "journal": "journal", "conference": "conference", "workshops": "workshop",
              "preprints": "preprint", "theses": "thesis", "patents": "patent"}


@dataclass
class Summary:
    papers: int = 0
    talks: int = 0
    teaching: int = 0
    projects: int = 0
    news: int = 0
    skipped: list[str] = field(default_factory=list)


def text_of(value: Any) -> str:
    """A front-matter or Markdown value as plain profile text: no Liquid, no HTML comments,
    tags or entities; <b>/<i>/<a> become their Markdown."""
    text = _COMMENT.sub("", _without_liquid(str(value)))
    text = re.sub(r"<\s*(b|strong)\s*>(.*?)<\s*/\s*\1\s*>", r"**\2**", text, flags=re.S | re.I)
    text = re.sub(r"<\s*(i|em)\s*>(.*?)<\s*/\s*\1\s*>", r"*\2*", text, flags=re.S | re.I)
    text = re.sub(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", r"[\2](\1)", text,
                  flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def _without_liquid(text: str) -> str:
    while True:
        stripped = _LIQUID_BLOCK.sub("", text)
        if stripped == text:
            return _LIQUID.sub("", text)
        text = stripped


def _plain(value: Any) -> str:
    return re.sub(r"\*\*?|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text_of(value))


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Jekyll file; a ValueError names the line of a YAML error."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n")
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = YAML(typ="safe").load(match.group(1)) or {}
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = (mark.line + 2) if mark is not None else 1  # +1 for the opening ---
        raise ValueError(f"{line}:front matter is not valid YAML: {exc.problem}") from None
    except YAMLError as exc:
        raise ValueError(f"1:front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("2:front matter is not a mapping of fields")
    return data, text[match.end():]


def _date(value: Any) -> str | None:
    """'2021', 2021, '2009-10-01' or a YAML date, as the profile's partial date."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join([year, *([f"{int(month):02d}"] if month else []),
                     *([f"{int(day):02d}"] if month and day else [])])


def _url(value: Any) -> str | None:
    text = str(value or "").strip()
    return text if text.startswith(("http://", "https://")) else None


def authors_from(value: str) -> tuple[list[str], list[str]]:
    """(authors, owner spellings) from an `authors:` string: '<b>A. Name</b>, B. Other and C'."""
    value = value.replace("\\*", "\x00")  # an escaped mark (Markdown's \*) is a mark
    owners = [text_of(m) for m in re.findall(r"<\s*(?:b|strong)\s*>(.*?)<", value, re.I)]
    owners += re.findall(r"\*\*(.+?)\*\*", value)
    plain = _plain(value)
    parts = [p.strip(" .;").replace("\x00", "*")
             for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", plain)]
    return [p for p in parts if p], [o.replace("\x00", "").strip() for o in owners
                                     if o.replace("\x00", "").strip()]


def authors_from_citation(citation: str) -> list[str]:
    """The authors of an APA, IEEE or BibTeX citation."""
    text = text_of(citation)
    if text.lstrip().startswith("@"):
        from .bibtex import import_text

        parsed = import_text(text)
        pubs = parsed.data.get("publications") or []
        return list(pubs[0].get("authors") or []) if pubs else []
    # APA: names before "(2009)"; IEEE: names before the quoted title.
    cut = re.search(r"\(\s*\d{4}[a-z]?\s*\)|[\"“]", text)
    before = text[:cut.start()] if cut else ""
    before = before.strip().rstrip(", ")
    if not before:
        return []
    # APA starts "Last, F. M., Other, A."; IEEE "F. Last, A. Other, and B. Third".
    if re.match(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)*,\s*(?:[A-Z]\.\s*)+", before):
        pairs = re.findall(r"([^,&]+?),\s*((?:[A-Z]\.\s*-?\s*)+)", before)
        if pairs:
            return [f"{first.strip()} {last.strip()}".replace(" .", ".") for last, first in
                    pairs]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", before)
    return [p.strip(" .") for p in parts if p.strip(" .")]


class _Reader:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.extra: dict[str, Any] = {}
        self.aliases: list[str] = []
        self.summary = Summary()

    def files(self, folder: str) -> list[tuple[Path, dict[str, Any], str]]:
        out = []
        for path in sorted((self.site / folder).glob("*.md")) + \
                sorted((self.site / folder).glob("*.markdown")):
            try:
                front, body = read_front_matter(path)
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
            self.extra[name] = {k: str(v) for k, v in rest.items()}
            self.notes.append(f"{name}: {', '.join(sorted(rest))} kept under "
                              f"extra.academicpages (no profile field)")

    def placeholder(self, path: Path, front: dict[str, Any]) -> None:
        for key in ("permalink", "excerpt", "title"):
            if PLACEHOLDER.search(str(front.get(key) or "")):
                self.notes.append(f"{path.relative_to(self.site)}: {key} "
                                  f"{str(front[key])[:60]!r} looks like the template's "
                                  "placeholder; check it")

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
                authors = authors_from_citation(str(front["citation"]))
                if authors:
                    self.notes.append(f"{path.relative_to(self.site)}: authors read from "
                                      "the citation")
            links = {name: url for name, key in (("slides", "slidesurl"), ("code", "codeurl"),
                                                 ("bibtex", "bibtexurl"))
                     if (url := _url(front.get(key)))}
            abstract = text_of(body) or (text_of(front["excerpt"]) if front.get("excerpt")
                                         and not PLACEHOLDER.search(str(front["excerpt"]))
                                         else "")
            pub: dict[str, Any] = {
                "title": _plain(front["title"]), "authors": authors,
                "venue": _plain(front["venue"]) if front.get("venue") else None,
                "kind": CATEGORIES.get(str(front.get("category", "")).lower(), "conference"),
                "date": _date(front.get("date")), "url": _url(front.get("paperurl")),
                "links": links, "abstract": abstract or None,
            }
            out.append({k: v for k, v in pub.items() if v not in (None, "", [], {})})
            self.keep(path, front, PUBLICATION_FIELDS)
        self.summary.papers = len(out)
        return out

    def talks(self) -> list[dict[str, Any]]:
        out = []
        for path, front, body in self.files("_talks"):
            if not front.get("title"):
                continue
            self.placeholder(path, front)
            out.append({k: v for k, v in {
                "title": _plain(front["title"]),
                "event": _plain(front["venue"]) if front.get("venue") else None,
                "location": _plain(front["location"]) if front.get("location") else None,
                "date": _date(front.get("date")),
            }.items() if v})
            if text_of(body):
                front = {**front, "body": text_of(body)}
            self.keep(path, front, TALK_FIELDS)
        self.summary.talks = len(out)
        return out

    def teaching(self) -> list[dict[str, Any]]:
        out = []
        for path, front, body in self.files("_teaching"):
            if not front.get("title"):
                continue
            self.placeholder(path, front)
            out.append({k: v for k, v in {
                "course": _plain(front["title"]),
                "role": _plain(front["type"]) if front.get("type") else None,
                "institution": _plain(front["venue"]) if front.get("venue") else None,
                "date": _date(front.get("date")),
                "note": text_of(body) or None,
            }.items() if v})
            self.keep(path, front, TEACHING_FIELDS)
        self.summary.teaching = len(out)
        return out

    def portfolio(self) -> list[dict[str, Any]]:
        out = []
        for path, front, body in self.files("_portfolio"):
            if not front.get("title"):
                continue
            self.placeholder(path, front)
            summary = text_of(body) or (text_of(front["excerpt"]) if front.get("excerpt")
                                        else "")
            out.append({k: v for k, v in {"name": _plain(front["title"]),
                                          "summary": summary or None}.items() if v})
            self.keep(path, front, PORTFOLIO_FIELDS)
        self.summary.projects = len(out)
        return out


def _config(site: Path, reader: _Reader) -> dict[str, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    path = site / "_config.yml"
    if not path.is_file():
        reader.notes.append("no _config.yml: the name comes from the about page")
        return {}
    try:
        config = YAML(typ="safe").load(path.read_text("utf-8")) or {}
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        reader.problems.append(Problem(path, mark.line + 1 if mark else None, None, "",
                                       f"not valid YAML: {exc.problem}"))
        return {}
    return config if isinstance(config, dict) else {}


def _about_body(site: Path) -> str:
    path = site / "_pages" / "about.md"
    if not path.is_file():
        return ""
    try:
        return _COMMENT.sub("", _without_liquid(read_front_matter(path)[1]))
    except ValueError:
        return ""


def _about(site: Path, reader: _Reader, style: str) -> tuple[str, list[dict[str, Any]]]:
    """The about text, and the news items of a News list (both styles write one)."""
    path = site / "_pages" / "about.md"
    if not path.is_file():
        return "", []
    try:
        _, body = read_front_matter(path)
    except ValueError:
        body = path.read_text("utf-8")
    body = _COMMENT.sub("", _without_liquid(body))
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


_TITLE_LINE = re.compile(r"^\s*(?:<u>)?\s*(?:\*\*|<b>|<strong>)(.+?)(?:\*\*|</b>|</strong>)"
                         r"\s*(?:</u>)?\s*(?:<br\s*/?>)?\s*$", re.I)
_MONTH_YEAR = re.compile(r"(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?"
                         r"((?:19|20)\d{2})")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def inline_publications(body: str) -> list[dict[str, Any]]:
    """Papers written into the about page (seed 000's `**[MLSys '26] Title** <br>` blocks,
    AcadHomepage's `<u><b>Title</b></u>` ones): title line, authors line, venue line, and
    bullets as highlights."""
    match = re.search(r"^(?:#+ .*Publications.*|Publications\s*\n[=-]{3,})\s*$", body,
                      re.M | re.I)
    if not match:
        return []
    rest = body[match.end():]
    end = re.search(r"^(?:# |.+\n={3,}\s*$)", rest, re.M)
    part = rest[:end.start()] if end else rest
    out: list[dict[str, Any]] = []
    lines = [line for line in part.splitlines() if not re.match(r"\s*<span[^>]*></span>\s*$",
                                                                 line)]
    i = 0
    while i < len(lines):
        title = _TITLE_LINE.match(lines[i])
        if not title:
            i += 1
            continue
        raw_title = text_of(title.group(1))
        tag = re.match(r"\[([^\]]+)\]\s*(.+)", raw_title)
        block = []
        i += 1
        while i < len(lines) and lines[i].strip() and not _TITLE_LINE.match(lines[i]) \
                and not lines[i].lstrip().startswith("- "):
            block.append(lines[i])
            i += 1
        highlights = []
        while i < len(lines) and (lines[i].lstrip().startswith("- ") or not lines[i].strip()):
            if lines[i].strip():
                highlights.append(text_of(lines[i].lstrip()[2:]))
            elif highlights:
                break
            i += 1
        joined = " ".join(block)
        # Lines end in <br> (academicpages) or the block is one field per line (AcadHomepage).
        pieces = [p for p in (re.split(r"<br\s*/?>", joined, flags=re.I) if "<br" in joined
                              else block) if p.strip()]
        authors_line = pieces[0] if pieces else ""
        venue_line = _plain(pieces[1]) if len(pieces) > 1 else ""
        authors, _ = authors_from(re.sub(r"\((?:\\?\*)+:[^)]*\)", "", authors_line))
        pub: dict[str, Any] = {"title": tag.group(2) if tag else raw_title,
                               "authors": authors}
        if tag:
            pub["venue_tag"] = tag.group(1)
        paren_tag = re.search(r"\(([A-Za-z][\w-]*\s*['’]\d{2})\)", venue_line)
        if paren_tag and not tag:
            pub["venue_tag"] = paren_tag.group(1)
        date = _MONTH_YEAR.search(venue_line)
        if date:
            month, year = date.groups()
            pub["date"] = year + (f"-{_MONTHS.index(month.lower()[:3]) + 1:02d}" if month
                                  else "")
            venue_line = venue_line[:date.start()]
        venue = re.sub(r"\s*\([^)]*\)\s*$", "", venue_line.strip(" ,.✅*"))
        if venue:
            pub["venue"] = venue
        if re.search(r"\baccepted\b", joined, re.I):
            pub["status"] = "accepted"
        if highlights:
            pub["highlights"] = highlights
        out.append(pub)
    return out


def import_site(site: Path, style: str = "academicpages") -> tuple[Imported, Summary]:
    reader = _Reader(site)
    config = _config(site, reader)
    raw_author = config.get("author")
    author: dict[str, Any] = raw_author if isinstance(raw_author, dict) else {}
    name = _plain(author.get("name") or config.get("name") or config.get("title") or "")
    about, news = _about(site, reader, style)
    data: dict[str, Any] = {"name": name or "Your Name"}
    if not name:
        reader.notes.append("no author name in _config.yml: set `name` in the profile")
    if author.get("bio"):
        data["headline"] = _plain(author["bio"])
    elif author.get("employer"):
        data["headline"] = _plain(author["employer"])
    contact = {k: v for k, v in {
        "email": str(author.get("email") or "").strip() or None,
        "location": _plain(author["location"]) if author.get("location") else None,
        "website": _url(str(config.get("url") or "").rstrip("/") +
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
        reader.notes.append(f"avatar {author['avatar']!r}: copy the image beside the profile "
                            "and set `photo:` to use it")
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
