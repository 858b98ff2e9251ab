"""Reading a JSON Resume one value at a time: whatever shape a value has, it is read, read as
far as it goes, or kept aside, with a note pointing into the input (JSON pointer, line:col);
never an exception. A ``null`` or an empty string is no value, as JSON Resume means it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cvkit.document import richtext
from cvkit.document.markup.markdown import escape as md_escape
from cvkit.document.wording import counted
from cvkit.importers import DEGRADED, DROPPED, GUESSED, KEPT, MONTHS, Note, at, pointer
from cvkit.importers import prose as prose_
from cvkit.importers.prose import decode_entities
from cvkit.profile.model.types import PRESENT_WORDS, Email, PartialDate
from cvkit.profile.source import Source
from cvkit.support.errors import PathKey


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a number"


_DATE_START = re.compile(r"(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})\b")
# Schemes that run code rather than open a page: never kept, not even aside.
_SCRIPT = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}(:\d+)?([/?#]\S*)?$")


@cache
def _email_type() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Email)


class Values:
    def __init__(self, source: Source | None) -> None:
        self.source = source
        self.notes: list[Note] = []
        self.extra: dict[str, Any] = {}

    def note(self, path: PathKey, what: str, message: str) -> None:
        self.notes.append(at(self.source, path, what, message))

    def keep(self, path: PathKey, value: Any, why: str = "cvkit has no field for it") -> None:
        """A value with no place in the profile, kept under ``extra.jsonresume`` by its
        pointer (exporting back to JSON Resume puts it back)."""
        if value not in (None, "", [], {}):
            self.extra[pointer(path)] = value
            self.note(path, KEPT, f"{why}; under extra.jsonresume (printed nowhere, "
                      "exported back to JSON Resume)")

    def rest(self, item: dict[str, Any], used: set[str], path: PathKey) -> None:
        for key, value in item.items():
            if key not in used:
                self.keep((*path, key), value)

    # -- containers ----------------------------------------------------------------------------

    def obj(self, container: dict[str, Any], key: str, path: PathKey) -> dict[str, Any] | None:
        value = container.get(key)
        if value is None or isinstance(value, dict):
            return value
        self.keep((*path, key), value, f"{key} written as {json_kind(value)}, not an object")
        return None

    def entries(self, resume: dict[str, Any], key: str, strings: str | None = None
                ) -> list[tuple[int, dict[str, Any]]]:
        """The entries of a section, each an object; a text entry is ``{strings: text}``
        where the section allows it (a skill, a language, an interest by name alone)."""
        value = resume.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.keep((key,), value, f"{key} written as {json_kind(value)}, not a list")
            return []
        found = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                found.append((i, item))
            elif strings and isinstance(item, str | int | float) and \
                    not isinstance(item, bool) and str(item).strip():
                found.append((i, {strings: item}))
            elif item in (None, "", [], {}):
                self.note((key, i), DROPPED, f"an empty entry ({json_kind(item)}): nothing "
                          "to import")
            else:
                self.keep((key, i), item, f"an entry written as {json_kind(item)}, not an "
                          "object")
        return found

    def needs(self, entry: dict[str, Any], field: str, path: PathKey, why: str,
              others: tuple[str, ...]) -> bool:
        """Whether the entry is imported: it has ``field``, or something else to print (then
        the field is printed as "—", with a note); an entry with neither is kept aside."""
        if entry.get(field):
            return True
        if any(entry.get(k) for k in others):
            entry[field] = "—"
            self.note(path, GUESSED, f"{why}: printed as —; write it in the profile")
            return True
        self.note(path, DROPPED, f"{why} and nothing else to print: not imported")
        return False

    # -- values --------------------------------------------------------------------------------

    def text(self, item: dict[str, Any], keys: str | tuple[str, ...], path: PathKey
             ) -> str | None:
        """The first of ``keys`` (spellings of one field, newest first) with a value; a
        different value under another spelling is kept aside."""
        found: str | None = None
        for key in (keys,) if isinstance(keys, str) else keys:
            if key not in item:
                continue
            value = self._scalar(item[key], (*path, key))
            if value is None:
                continue
            if found is None:
                found = value
            elif value != found:
                self.keep((*path, key), item[key], f"a second spelling of this field, "
                          f"besides the one imported ({found[:40]!r})")
        return found

    def _scalar(self, value: Any, where: PathKey) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, list | dict):
            self.keep(where, value, f"{json_kind(value)} where text was expected")
            return None
        text = decode_entities(str(value)).strip()
        return text or None

    def strings(self, item: dict[str, Any], key: str, path: PathKey
                ) -> list[tuple[PathKey, str]]:
        """A list of text (highlights, keywords, courses), each with its path; one text
        alone is a list of one."""
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            one = self._scalar(value, (*path, key))
            return [((*path, key), one)] if one else []
        found = []
        for i, part in enumerate(value):
            text = self._scalar(part, (*path, key, i))
            if text:
                found.append(((*path, key, i), text))
        return found

    def date(self, item: dict[str, Any], key: str, path: PathKey) -> str | None:
        value = item.get(key)
        where = (*path, key)
        if value is None and key == "endDate" and key in item:
            self.note(where, GUESSED, "null: read as no end date (ongoing), as an endDate "
                      "left out is")
            return None
        if value is None or isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.keep(where, value, f"{json_kind(value)} where a date was expected")
            return None
        text = decode_entities(str(value)).strip()
        if _readable(text):
            return text
        return self._rescued(text, where, value)

    def _rescued(self, text: str, where: PathKey, value: Any) -> str | None:
        """As much of a date as can be read: "至今（9个月）" is ongoing, "2015-03（1年6个月）"
        March 2015, 2015-02-30 February 2015, "June 2014" 2014-06."""
        lowered = text.lower()
        if any(lowered.startswith(word) for word in PRESENT_WORDS):
            self.note(where, GUESSED, f"{text!r} read as present (ongoing)")
            return "present"
        found = _DATE_START.match(text)
        month = _MONTH_YEAR.search(text)
        if found:
            year, mon, day = found.groups()
            candidates = [f"{year}-{mon}-{day}", f"{year}-{mon}", year]
            read = next((c for c in candidates if "None" not in c and _readable(c)), None)
        elif month and month.group(1).lower() in MONTHS:
            read = f"{month.group(2)}-{MONTHS[month.group(1).lower()]:02d}"
            read = read if _readable(read) else None
        else:
            read = None
        if read is None:
            self.keep(where, value, f"{text!r} is no date cvkit reads (2025, 2025-07, "
                      "2025-07-14)")
            return None
        self.note(where, DEGRADED, f"{text!r} read as {read}")
        return read

    def period(self, item: dict[str, Any], path: PathKey) -> dict[str, str | None]:
        start = self.date(item, "startDate", path)
        end = self.date(item, "endDate", path)
        if start and end and _before(end, start):
            self.note((*path, "endDate"), DROPPED, f"ends ({end}) before it starts ({start}): "
                      "the end is left out")
            end = None
        return {"start": start, "end": end}

    def url(self, item: dict[str, Any], keys: tuple[str, ...], path: PathKey) -> str | None:
        """A web address: http(s) or mailto as it is, one without a scheme with https://
        (noted); another scheme (skype:, tel:) is kept aside, a script dropped."""
        key = next((k for k in keys if item.get(k) not in (None, "")), keys[0])
        text = self.text(item, keys, path)
        if text is None or richtext.is_allowed_url(text):
            return text
        where = (*path, key)
        if _SCRIPT.match(text):
            self.note(where, DROPPED, f"{text[:40]!r} runs a script, it is no link: not "
                      "imported")
            return None
        if self.looks_like_host(text):
            self.note(where, GUESSED, f"{text!r} has no scheme: read as https://{text}")
            return f"https://{text}"
        if "@" in text and ":" not in text and _email_ok(text):
            self.note(where, GUESSED, f"{text!r} is an email address: read as mailto:{text}")
            return f"mailto:{text}"
        self.keep(where, item[key], f"{text[:40]!r} is no web address (http, https or "
                  "mailto), which is all a CV links to")
        return None

    @staticmethod
    def looks_like_host(text: str) -> bool:
        return bool(_HOST.match(text)) and "@" not in text

    @staticmethod
    def is_script(text: str) -> bool:
        return bool(_SCRIPT.match(text))

    def email(self, item: dict[str, Any], key: str, path: PathKey) -> str | None:
        text = self.text(item, key, path)
        if text is None or _email_ok(text):
            return text
        self.keep((*path, key), item[key], f"{text[:40]!r} is no email address")
        return None


def _readable(text: str) -> bool:
    """A date the profile reads as it is, with a year a calendar has."""
    try:
        parsed = PartialDate.parse(text)
    except ValueError:
        return False
    return parsed.present or parsed.year >= 1000


def _before(end: str, start: str) -> bool:
    """Whether ``end`` is before ``start``, compared as precisely as both are given."""
    a, b = PartialDate.parse(end), PartialDate.parse(start)
    if a.present or b.present:
        return False
    n = min(len([x for x in (a.month, a.day) if x]), len([x for x in (b.month, b.day) if x])) + 1
    return (a.year, a.month or 0, a.day or 0)[:n] < (b.year, b.month or 0, b.day or 0)[:n]


def _email_ok(text: str) -> bool:
    try:
        _email_type().validate_python(text)
    except ValueError:
        return False
    return True


class Reader(Values):
    """Values read leniently, every change a note located in the input, plus the Markdown
    of text fields."""

    def markdown(self, value: str, path: PathKey) -> str:
        """One piece of resume text as the profile's Markdown: Markdown where it is written
        so, a little HTML as its Markdown, otherwise plain text escaped."""
        if prose_.has_html(value):
            return prose_.html_markdown(value, md_escape, lambda url: self._link(url, path))
        if _MARKDOWN.search(value):
            try:
                richtext.parse(value)
                return value
            except richtext.UnsafeLinkError as exc:
                self.note(path, DEGRADED, f"{exc}: the text is imported without its links")
        return md_escape(value)

    def _link(self, url: str, path: PathKey) -> str | None:
        if richtext.is_allowed_url(url):
            return url
        self.note(path, DEGRADED, f"a link to {url[:60]!r} (not http, https or mailto): "
                  "its text is kept, without the link")
        return None

    def rich(self, item: dict[str, Any], key: str, path: PathKey
             ) -> tuple[str | None, list[str]]:
        """A text field as Markdown prose and the items of a list written in it."""
        text = self.text(item, key, path)
        if text is None:
            return None, []
        if prose_.has_html(text):
            text = prose_.html_breaks(text)
        prose, items = prose_.split_items(text)
        where = (*path, key)
        return (self.markdown(prose, where) if prose else None,
                [self.markdown(i, where) for i in items])

    def paragraph(self, item: dict[str, Any], key: str, path: PathKey, whose: str
                  ) -> str | None:
        """A text field with no entry's highlights to hold a list: its items on lines."""
        prose, items = self.rich(item, key, path)
        if items:
            self.note((*path, key), DEGRADED, f"a list of {counted(len(items), 'item')}: kept as "
                      f"lines of {whose}, each after a bullet ({whose} is one paragraph)")
            return prose_.lines(prose, items)
        return prose

    def summary(self, item: dict[str, Any], key: str, path: PathKey, entry: dict[str, Any],
                field: str, whose: str) -> None:
        """A summary into ``entry[field]``, a list written in it into the entry's
        highlights, ahead of the highlights it has."""
        prose, items = self.rich(item, key, path)
        if prose:
            entry[field] = prose
        if items:
            entry["highlights"] = [*items, *entry.get("highlights", [])]
            self.note((*path, key), DEGRADED, f"a list of {counted(len(items), 'item')}: "
                      f"imported as {whose} highlights (a summary is one paragraph)")

    def highlights(self, item: dict[str, Any], path: PathKey, key: str = "highlights"
                   ) -> list[str]:
        return [self.markdown(prose_.without_bullet(value), where)
                for where, value in self.strings(item, key, path)]


# Markdown as people write it in resume text: bold, a link, code, italic between stars.
_MARKDOWN = re.compile(r"\*\*\S(?:[^\n]*?\S)?\*\*|__\S(?:[^\n]*?\S)?__|"
                       r"\[[^\]\n]+\]\((?:https?:|mailto:)[^)\s]+\)|`[^`\n]+`|"
                       r"(?<![\w*\\])\*[^\s*](?:[^*\n]*[^\s*])?\*(?![\w*])")


