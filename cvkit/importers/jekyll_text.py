"""Reading the text of a Jekyll page: front matter, and values cleaned of Liquid, HTML
comments, tags and entities; author lists, the authors of a citation (BibTeX, APA, IEEE)
and papers written into an about page. Shared by the academicpages importer's styles."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from cvkit.document.authors import is_et_al
from cvkit.importers import MONTHS
from cvkit.importers.bibtex import import_text
from cvkit.profile.yamlio import load_yaml
from cvkit.support.limits import Budget, read_bytes

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
# A Liquid block's content depends on the site's build: it goes with its tags.
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(if|unless|for|capture|case)\b.*?%\}(?:(?!\{%-?\s*\1\b).)*?"
                           r"\{%-?\s*end\1\s*-?%\}", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def text_of(value: Any) -> str:
    """A front-matter or Markdown value as plain profile text: no Liquid, no HTML comments,
    tags or entities; <b>/<i>/<a> become their Markdown."""
    text = COMMENT.sub("", without_liquid(str(value)))
    text = re.sub(r"<\s*(b|strong)\s*>(.*?)<\s*/\s*\1\s*>", r"**\2**", text, flags=re.S | re.I)
    text = re.sub(r"<\s*(i|em)\s*>(.*?)<\s*/\s*\1\s*>", r"*\2*", text, flags=re.S | re.I)
    text = re.sub(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", r"[\2](\1)", text,
                  flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def without_liquid(text: str) -> str:
    while True:
        stripped = _LIQUID_BLOCK.sub("", text)
        if stripped == text:
            return _LIQUID.sub("", text)
        text = stripped


def plain(value: Any) -> str:
    return re.sub(r"\*\*?|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text_of(value))


def read_page(path: Path, budget: Budget | None = None) -> str:
    """A page of a site as text, within the limits (``cvkit.support.limits``): a file cap, and the
    ``budget`` of a whole site's files."""
    data = read_bytes(path, "page", budget=budget)
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def read_front_matter(path: Path, budget: Budget | None = None) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Jekyll file; a ValueError names the line of a YAML error,
    a LimitError a page or front matter past the limits."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = read_page(path, budget)
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = load_yaml(match.group(1), path, first_line=2) or {}
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = (mark.line + 2) if mark is not None else 1  # +1 for the opening ---
        raise ValueError(f"{line}:front matter is not valid YAML: {exc.problem}") from None
    except YAMLError as exc:
        raise ValueError(f"1:front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("2:front matter is not a mapping of fields")
    return data, text[match.end():]


def partial_date(value: Any) -> str | None:
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


def web_url(value: Any) -> str | None:
    # cvkit's own pages write a URL HTML-escaped (the theme prints it into an attribute).
    text = html.unescape(str(value or "").strip())
    return text if text.startswith(("http://", "https://")) else None


def authors_from(value: str) -> tuple[list[str], list[str]]:
    """(authors, owner spellings) from an `authors:` string: '<b>A. Name</b>, B. Other and C'."""
    value = value.replace("\\*", "\x00")  # an escaped mark (Markdown's \*) is a mark
    owners = [text_of(m) for m in re.findall(r"<\s*(?:b|strong)\s*>(.*?)<", value, re.I)]
    owners += re.findall(r"\*\*(.+?)\*\*", value)
    names = plain(value)
    parts = [p.strip(" .;").replace("\x00", "*")
             for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names)]
    parts = [p for p in parts if p]
    if len(parts) > 1 and is_et_al(parts[-1]):
        parts[-1] = "others"  # "…, et al.": more authors than listed, as BibTeX says it
    return parts, [o.replace("\x00", "").strip() for o in owners
                   if o.replace("\x00", "").strip()]


_APA_NAME = re.compile(r"([^,&]+?),\s*((?:[A-Z]\.\s*-?\s*)+)")


def _apa_flipped(name: str) -> str:
    """APA's "Huang, J." as the name is written elsewhere: "J. Huang"."""
    found = _APA_NAME.fullmatch(name.strip(" ,&"))
    if found is None:
        return name.strip(" .,&")
    return f"{found[2].strip()} {found[1].strip()}".replace(" .", ".")


def authors_from_citation(citation: str) -> tuple[list[str], list[str]]:
    """(authors, owner spellings) of an APA, IEEE or BibTeX citation; the owner is the name
    in bold (``<b>Huang, J.</b>`` in APA is "J. Huang")."""
    bold = [text_of(m).replace("**", "") for m in
            re.findall(r"<\s*(?:b|strong)\s*>(.*?)<\s*/", citation, re.I | re.S)]
    bold += re.findall(r"\*\*(.+?)\*\*", citation)
    text = text_of(citation).replace("**", "")
    authors = _citation_authors(text)
    owners = [name for b in bold for name in [_apa_flipped(b)] if name in authors]
    return authors, owners


def _citation_authors(text: str) -> list[str]:
    if text.lstrip().startswith("@"):
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
        pairs = _APA_NAME.findall(before)
        if pairs:
            return [f"{first.strip()} {last.strip()}".replace(" .", ".") for last, first in
                    pairs]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", before)
    return [p.strip(" .") for p in parts if p.strip(" .")]


_TITLE_LINE = re.compile(r"^\s*(?:<u>)?\s*(?:\*\*|<b>|<strong>)(.+?)(?:\*\*|</b>|</strong>)"
                         r"\s*(?:</u>)?\s*(?:<br\s*/?>)?\s*$", re.I)
_MONTH_YEAR = re.compile(r"(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?"
                         r"((?:19|20)\d{2})")


def inline_publications(body: str) -> list[dict[str, Any]]:
    """Papers written into the about page (seed 000's `**[MLSys '26] Title** <br>` blocks,
    AcadHomepage's `<u><b>Title</b></u>` ones): title line, authors line, venue line, and
    bullets as highlights."""
    lines = _publications_lines(body)
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(lines):
        title = _TITLE_LINE.match(lines[i])
        if not title:
            i += 1
            continue
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
        out.append(_inline_publication(text_of(title.group(1)), block, highlights))
    return out


def _publications_lines(body: str) -> list[str]:
    """The lines under the page's Publications heading, up to the next top heading (none
    when there is no such heading); empty anchor spans left out."""
    match = re.search(r"^(?:#+ .*Publications.*|Publications\s*\n[=-]{3,})\s*$", body,
                      re.M | re.I)
    if not match:
        return []
    rest = body[match.end():]
    end = re.search(r"^(?:# |.+\n={3,}\s*$)", rest, re.M)
    part = rest[:end.start()] if end else rest
    return [line for line in part.splitlines()
            if not re.match(r"\s*<span[^>]*></span>\s*$", line)]


def _inline_publication(raw_title: str, block: list[str], highlights: list[str]
                        ) -> dict[str, Any]:
    """One paper from its title, the lines under it (authors, then venue and date) and its
    bullets."""
    tag = re.match(r"\[([^\]]+)\]\s*(.+)", raw_title)
    joined = " ".join(block)
    # Lines end in <br> (academicpages) or the block is one field per line (AcadHomepage).
    pieces = [p for p in (re.split(r"<br\s*/?>", joined, flags=re.I) if "<br" in joined
                          else block) if p.strip()]
    authors_line = pieces[0] if pieces else ""
    venue_line = plain(pieces[1]) if len(pieces) > 1 else ""
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
        pub["date"] = year + (f"-{MONTHS[month.lower()[:3]]:02d}" if month
                              else "")
        venue_line = venue_line[:date.start()]
    venue = re.sub(r"\s*\([^)]*\)\s*$", "", venue_line.strip(" ,.✅*"))
    if venue:
        pub["venue"] = venue
    if re.search(r"\baccepted\b", joined, re.I):
        pub["status"] = "accepted"
    if highlights:
        pub["highlights"] = highlights
    return pub
