"""`cvkit check cv.pdf`: read a PDF back the way applicant-tracking systems do.

The text is what pypdf extracts, in the order it extracts it; that is what a tracking system
parses. Against a profile, every item it should carry is looked for in that text (name,
email, phone, links, positions, organizations, years, paper titles); without one, only what
any CV needs is checked (a name-like title, an email). Fonts without a Unicode map, text
that extracts as ligature glyphs or replacement characters, pages without text (images),
the document's title and language are reported too. Works on any PDF, cvkit's or not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExportError
from .links import shown_url

# Fonts every PDF reader knows the characters of, with no Unicode map needed.
_STANDARD_14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
                "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier",
                "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol",
                "ZapfDingbats"}
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# How far apart (in extracted characters) a position and its organization may be before
# the reading order is suspect: columns read across mix the two.
NEAR = 400


@dataclass
class Finding:
    what: str  # name, email, phone, link, position, organization, year, publication
    value: str
    found: bool
    # A link whose address is not in the text but behind a clickable label: a person
    # clicks it, a tracking system reading the text never sees it.
    clickable_only: bool = False


@dataclass
class Report:
    pdf: str
    pages: int
    title: str
    language: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what a tracking system stumbles on
    # Files the PDF carries (a cvkit PDF: its profile), and what the PDF says of them.
    attachments: list[str] = field(default_factory=list)
    carries: str = ""

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if not f.found]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok,
                "missing": [asdict(f) for f in self.missing]}


def normalised(text: str, *, hyphens: bool = True) -> str:
    """Text as compared: compatibility forms (ﬁ -> fi), one space for any run of white
    space, case folded. A hyphen at a line's end may be the word's own (Mixture-of-Experts)
    or a break (Dis-tributed): kept with ``hyphens``, dropped without."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2" if hyphens else r"\1\2", text)
    return re.sub(r"\s+", " ", text).casefold().strip()


def read(pdf: Path) -> tuple[Any, list[str]]:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(pdf)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (OSError, PdfReadError, ValueError) as exc:
        raise ExportError(f"{pdf}: not a PDF that can be read ({exc})") from None
    return reader, pages


def check(pdf: Path, profile: Any = None) -> Report:
    reader, pages = read(pdf)
    text = "\n".join(pages)
    flat = normalised(text) + "\n" + normalised(text, hyphens=False)
    targets = _link_targets(reader)
    info = reader.metadata or {}
    root = reader.trailer["/Root"]
    report = Report(str(pdf), len(pages), str(info.get("/Title") or ""),
                    str(root.get("/Lang") or ""))
    _problems(report, reader, pages, text)
    _attachments(report, reader, info)
    if profile is None:
        found = _EMAIL.search(text)
        report.findings.append(Finding("email", found.group(0) if found else "an email address",
                                       found is not None))
        return report
    for what, value in _expected(profile):
        in_text = _present(value, flat)
        if what == "link" and not in_text and shown_url(value).casefold() in targets:
            report.findings.append(Finding(what, value, True, clickable_only=True))
        else:
            report.findings.append(Finding(what, value, in_text))
    _reading_order(report, profile, normalised(text))
    return report


def _present(value: str, flat: str) -> bool:
    wanted = normalised(value)
    if wanted in flat:
        return True
    # A link is printed as its address without the scheme (as shown_url shows it).
    bare = shown_url(wanted)
    return bool(bare) and bare in flat


def _link_targets(reader: Any) -> set[str]:
    """The addresses the PDF's clickable links go to, as shown_url shows them."""
    targets = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            action = action.get_object() if action is not None else {}
            uri = action.get("/URI")
            if uri:
                targets.add(shown_url(str(uri)).casefold())
    return targets


def _years(entry: Any) -> list[str]:
    """The years an entry is dated by, as printed: its start and its end (an ongoing end,
    'present', is words of the locale, not looked for)."""
    years = []
    for name in ("start", "end", "date"):
        value = getattr(entry, name, None)
        year = getattr(value, "year", None)
        if year and not getattr(value, "present", False) and str(year) not in years:
            years.append(str(year))
    return years


def hidden(entry: Any) -> bool:
    return bool(getattr(entry, "hidden", False))


def _expected(profile: Any) -> list[tuple[str, str]]:
    from .richtext import parse_title, plain
    from .view.context import profile_links

    out: list[tuple[str, str]] = [("name", profile.name)]
    contact = profile.contact
    if contact.email:
        out.append(("email", contact.email))
    if contact.phone:
        out.append(("phone", contact.phone))
    if contact.website:
        out.append(("link", contact.website))
    out += [("link", link.url) for link in profile_links(profile.links)]
    for position in profile.experience:
        if hidden(position):
            continue
        out.append(("organization", position.organization))
        titles = [r.title for r in position.roles] or [position.position or ""]
        out += [("position", t) for t in titles if t]
        out += [("year", year) for year in _years(position)]
    for degree in profile.education:
        if hidden(degree):
            continue
        out.append(("organization", degree.institution))
        out += [("year", year) for year in _years(degree)]
    out += [("publication", plain(parse_title(p.title))) for p in profile.publications
            if not hidden(p)]
    return out


def _problems(report: Report, reader: Any, pages: list[str], text: str) -> None:
    if not report.title:
        report.problems.append("the PDF has no title in its metadata (tracking systems and "
                               "screen readers show the file name instead)")
    if not report.language:
        report.problems.append("the PDF names no language (/Lang): screen readers guess")
    for i, page in enumerate(pages, 1):
        if not page.strip():
            report.problems.append(f"page {i} has no text: an image of text, which a "
                                   "tracking system cannot read")
    ligatures = sorted(set(_LIGATURES.findall(text)))
    if ligatures:
        report.problems.append("text extracts as ligature glyphs "
                               f"({' '.join(ligatures)}): words with them are not found by "
                               "a search for the letters")
    if "\ufffd" in text or "(cid:" in text:
        report.problems.append("some text extracts as unknown characters (\ufffd or cid): "
                               "a font without a Unicode map, or a formula drawn as shapes")
    unmapped = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/")
            base = name.split("+", 1)[-1]
            if "/ToUnicode" not in font and base not in _STANDARD_14 and \
                    font.get("/Encoding") not in ("/WinAnsiEncoding", "/MacRomanEncoding"):
                unmapped.add(base)
    if unmapped:
        report.problems.append("fonts without a Unicode map (their text may extract as "
                               f"nonsense): {', '.join(sorted(unmapped))}")


def _attachments(report: Report, reader: Any, info: Any) -> None:
    """Name the files the PDF carries (names only: their contents are never unpacked)."""
    from .embed import ARCHIVE_DESCRIPTION, INFO_KEY, NAME

    try:
        report.attachments = sorted(reader.attachments)
    except (ValueError, KeyError, TypeError):
        report.problems.append("the PDF's list of attached files cannot be read")
        return
    report.carries = str(info.get("/" + INFO_KEY.lower()) or info.get("/" + INFO_KEY) or "")
    archived = report.carries == ARCHIVE_DESCRIPTION or (
        any(a.startswith(NAME + ".") for a in report.attachments) and not report.carries)
    if archived and any(a.startswith(NAME + ".") for a in report.attachments):
        report.problems.append("the PDF carries its profile file as written (comments, "
                               "hidden entries, tags, variants): export it again without "
                               "--embed-archive before you send it")


def _reading_order(report: Report, profile: Any, flat: str) -> None:
    """A position's title and its organization are printed together; read apart, the
    columns were read across (a sidebar read line by line with the main column)."""
    for position in profile.experience:
        if hidden(position):
            continue
        organization = normalised(position.organization)
        title = normalised((position.roles[0].title if position.roles else
                            position.position) or "")
        if not title or organization not in flat or title not in flat:
            continue
        at = [m.start() for m in re.finditer(re.escape(organization), flat)]
        near = any(abs(a - t) <= NEAR for a in at
                   for t in (m.start() for m in re.finditer(re.escape(title), flat)))
        if not near:
            report.problems.append(f"reading order: '{position.position or title}' and "
                                   f"'{position.organization}' are far apart in the text "
                                   "(columns read across?)")


def format_report(report: Report) -> str:
    lines = [f"{report.pdf}: {report.pages} page{'s' if report.pages != 1 else ''}, "
             f"title {report.title!r}, language {report.language or 'none'}"]
    for f in report.findings:
        how = " (only behind a clickable label: not in the text a tracking system reads)" \
            if f.clickable_only else ""
        lines.append(f"  {'found  ' if f.found else 'MISSING'} {f.what}: {f.value}{how}")
    for name in report.attachments:
        what = f": {report.carries}" if report.carries and name.startswith("cvkit-profile.") \
            else ""
        lines.append(f"  ATTACHED {name}{what} (anyone with the PDF can open it; "
                     "cvkit export --no-embed-source leaves it out)")
    for problem in report.problems:
        lines.append(f"  PROBLEM {problem}")
    found = sum(f.found for f in report.findings)
    lines.append(f"{found} of {len(report.findings)} items found; "
                 f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}")
    return "\n".join(lines)
