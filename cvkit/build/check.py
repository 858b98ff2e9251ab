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

from pydantic import ValidationError

from cvkit.document.richtext import parse_title, plain
from cvkit.profile.embed import ARCHIVE_DESCRIPTION, INFO_KEY, LIMITS_KEY, NAME
from cvkit.profile.model.layout import Variant
from cvkit.profile.tailor import tailor
from cvkit.support.errors import ExportError, logged_warnings
from cvkit.support.links import shown_url
from cvkit.view.context import profile_links

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
    # The limits the export left entries out by (--max-entries, or --fit-pages shortening),
    # as the PDF records them: the entries past them are not looked for.
    limits: str = ""

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if not f.found]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok,
                "missing": [asdict(f) for f in self.missing]}


# Hyphens a font or an engine prints as "-" (TeX sets a non-breaking hyphen as one).
_HYPHENS = str.maketrans({**{c: "-" for c in "\u2010\u2011\u2012\u2212"}, "\u00ad": None})


def normalised(text: str, *, hyphens: bool = True) -> str:
    """Text as compared: compatibility forms (ﬁ -> fi), one space for any run of white
    space, case folded. A hyphen at a line's end may be the word's own (Mixture-of-Experts)
    or a break (Dis-tributed): kept with ``hyphens``, dropped without."""
    text = unicodedata.normalize("NFKC", text).translate(_HYPHENS)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2" if hyphens else r"\1\2", text)
    return re.sub(r"\s+", " ", text).casefold().strip()


class UnreadablePdf(ExportError):
    """The file itself cannot be read as a PDF (exit 2), as opposed to a PDF read whole
    that lacks something (exit 1)."""


def read(pdf: Path) -> tuple[Any, list[str], list[str]]:
    """The reader, each page's text, and what pypdf had to repair on the way."""
    import pypdf
    from pypdf.errors import PdfReadError, PyPdfError

    # pypdf's repairs (a cross-reference table rebuilt, a damaged stream) are said once, in
    # the report.
    with logged_warnings("pypdf", quiet=True) as repaired:
        try:
            reader = pypdf.PdfReader(pdf)
            pages = [page.extract_text() or "" for page in reader.pages]
        except (OSError, PdfReadError, PyPdfError, ValueError, KeyError, TypeError,
                RecursionError) as exc:
            raise UnreadablePdf(f"{pdf}: not a PDF that can be read ({exc})") from None
    if not pages:
        raise UnreadablePdf(f"{pdf}: a PDF with no pages")
    return reader, pages, list(dict.fromkeys(repaired))


def check(pdf: Path, profile: Any = None) -> Report:
    reader, pages, repaired = read(pdf)
    text = "\n".join(pages)
    flat = normalised(text) + "\n" + normalised(text, hyphens=False) + "\n" + squashed(text)
    targets = _link_targets(reader)
    info = reader.metadata or {}
    root = reader.trailer["/Root"]
    report = Report(str(pdf), len(pages), str(info.get("/Title") or ""),
                    str(root.get("/Lang") or ""))
    if repaired:
        report.problems.append("the file is damaged (pypdf: " + "; ".join(repaired[:3]) +
                               "): some tracking systems refuse it")
    _problems(report, reader, pages, text)
    _extraction(report, text)
    _attachments(report, reader, info)
    if profile is None:
        found = _EMAIL.search(text)
        report.findings.append(Finding("email", found.group(0) if found else "an email address",
                                       found is not None))
        return report
    report.limits = str(info.get("/" + LIMITS_KEY.lower()) or info.get("/" + LIMITS_KEY) or "")
    if report.limits:
        profile = limited(profile, report.limits)
    for what, value in _expected(profile):
        in_text = _present(value, flat)
        if what == "link" and not in_text and shown_url(value).casefold() in targets:
            report.findings.append(Finding(what, value, True, clickable_only=True))
        else:
            report.findings.append(Finding(what, value, in_text))
    _reading_order(report, profile, normalised(text))
    return report


def limited(profile: Any, limits: str) -> Any:
    """The profile with the entries past ``limits`` (section=N ..., as the PDF records
    them) left out, as the export left them out; limits it cannot read are ignored."""
    pairs = (item.partition("=") for item in limits.split())
    try:
        variant = Variant.model_validate({"max_entries": {key: int(n) for key, _, n in pairs
                                                          if n.isdigit()}})
    except ValidationError:
        return profile
    return tailor(profile, variant)


def squashed(text: str) -> str:
    """Text as a reader reads a formula in it: no white space (``k -bit`` is ``k-bit``),
    no marks of a superscript or subscript (``O(n^2)`` is typeset, and extracts, as
    ``O(n2)``)."""
    return re.sub(r"[\s^_{}]+", "", normalised(text, hyphens=False))


def _present(value: str, flat: str) -> bool:
    wanted = normalised(value)
    if wanted in flat:
        return True
    if len(wanted) >= 12 and squashed(value) in flat:
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


# Titles a producer writes when its user sets none: the file's name.
_DEFAULT_TITLE = re.compile(r"^(Microsoft (Word|PowerPoint)|Untitled|Document\d*)\b"
                            r"|\.(docx?|odt|rtf|pages|tex|pdf|html?)$", re.I)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# White space other than a space and a line break: tabs and no-break spaces in place of
# spaces make a tracking system's tokens (and its searches) fail.
_ODD_SPACE = re.compile("[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_SOFT_HYPHEN = "\u00ad"
# Scripts written without spaces between words: their runs are never "run together".
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u9fff"
                       "\uac00-\ud7af\uf900-\ufaff]")
_ADDRESS = re.compile(r"(https?://|www\.|@|\.(com|org|net|edu|io)\b|doi\.org|/)", re.I)
# A token this long, with a lower-case letter running into a capital or a digit, is words
# that lost their spaces (``ComputerScienceandEngineering``); plain long words are fine.
_JOINED = re.compile(r"[a-z][A-Z]|[a-z]{2}\d|\d[A-Za-z]{3}")
RUN_TOGETHER_LENGTH = 20


def run_together(text: str) -> list[str]:
    """Tokens that are several words whose spaces the extraction lost."""
    found = []
    for token in text.split():
        word = token.strip(".,;:()[]{}'\"“”‘’")
        if len(word) < RUN_TOGETHER_LENGTH or _UNSPACED.search(word) or _ADDRESS.search(word):
            continue
        if len(_JOINED.findall(word)) >= 2 or len(word) >= 40:
            found.append(word)
    return found


def _extraction(report: Report, text: str) -> None:
    """What the extracted text does to a tracking system's reading of it."""
    if report.title and _DEFAULT_TITLE.search(report.title.strip()):
        report.problems.append(f"the PDF's title is the producer's default "
                               f"({report.title!r}): tracking systems show it as your CV's "
                               "name; set the document's title")
    words = [t for t in text.split() if not _UNSPACED.search(t)]
    joined = run_together(text)
    if joined and (len(joined) >= 3 or len(joined) * 50 >= len(words)):
        shown = ", ".join(repr(w[:40]) for w in joined[:3])
        report.problems.append(f"words run together in the extracted text ({len(joined)} "
                               f"tokens, e.g. {shown}): a tracking system finds none of "
                               "those words")
    private = _PRIVATE_USE.findall(text)
    if private:
        codes = " ".join(f"U+{ord(c):04X}" for c in sorted(set(private))[:6])
        report.problems.append(f"{len(private)} private-use characters (icon glyphs: {codes}) "
                               "in the text: a tracking system reads them as unknown "
                               "characters; say it in words (Email, Phone)")
    odd = _ODD_SPACE.findall(text)
    spaces = text.count(" ") + len(odd)
    if len(odd) >= 20 and len(odd) * 10 >= spaces:
        report.problems.append(f"{len(odd)} of the text's {spaces} spaces are tabs or "
                               "no-break spaces: words split by them are not found by a "
                               "search")
    if _SOFT_HYPHEN in text:
        dates = re.findall(r"\d{4}\s*\u00ad|\u00ad\s*\d{4}", text)
        where = " (inside dates: a search for the year range fails)" if dates else ""
        report.problems.append(f"{text.count(_SOFT_HYPHEN)} soft hyphens (U+00AD) in the "
                               f"text{where}")


def _attachments(report: Report, reader: Any, info: Any) -> None:
    """Name the files the PDF carries (names only: their contents are never unpacked)."""
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
    if report.limits:
        flags = " ".join(f"--max-entries {limit}" for limit in report.limits.split())
        lines.append(f"  LIMITED {flags}: the entries past these limits "
                     "were left out on purpose and are not looked for")
    for problem in report.problems:
        lines.append(f"  PROBLEM {problem}")
    found = sum(f.found for f in report.findings)
    lines.append(f"{found} of {len(report.findings)} items found; "
                 f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}")
    return "\n".join(lines)
