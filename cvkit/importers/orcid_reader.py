"""Reading ORCID JSON one value at a time: whatever shape a value has, it is read, degraded
or dropped with a note pointing into the input (JSON pointer, line:col), never an exception.

ORCID has written its enums in two spellings (API v2 ``SELF``, ``JOURNAL_ARTICLE``; v3
``self``, ``journal-article``); ``enum`` reads both alike. Dates are ``{year, month, day}``
of strings, any of them null, and real records hold month ``"00"`` and days no calendar has.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from cvkit.importers import DEGRADED, DROPPED, GUESSED, KEPT, Note, at, pointer
from cvkit.profile.source import Source
from cvkit.support.errors import PathKey
from cvkit.support.links import ARXIV_ID, bare_arxiv, bare_doi

__all__ = ["DEGRADED", "DROPPED", "GUESSED", "KEPT", "Reader", "enum", "json_kind", "number",
           "pointer", "step", "web_address"]

DOI = re.compile(r"^10\.\d{4,9}/\S+$")  # as the model checks it


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"an array of {len(value)}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("..." if len(value) > 40 else "")
    return f"the number {value!r}"


def enum(value: Any) -> str:
    """An ORCID enum in either spelling, as v3 writes it: 'JOURNAL_ARTICLE' -> 'journal-
    article'; '' for a value that is not text."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def step(node: Any, *keys: str | int) -> Any:
    """``node[k1][k2]...``, None where a step is missing or of another shape."""
    for key in keys:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and -len(node) <= key < len(node) \
                else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
    return node


def number(value: Any) -> int:
    """A display index or a timestamp, written as a number or as text; 0 when it is neither."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,30}\s*", value):
        return int(value)
    return 0


def web_address(value: str | None) -> tuple[str | None, str | None]:
    """``value`` as a web address, and what was made of it: one written without its scheme
    (``www.example.org``) gets https://; anything else (``javascript:``, ``ftp:``) is none."""
    if value is None:
        return None, None
    if re.match(r"(?i)^https?://\S+$", value):
        return value, None
    if re.match(r"(?i)^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", value):
        return f"https://{value}", f"{value!r} has no scheme; read as https://{value}"
    return None, f"{value!r} is not a web address (http or https); not imported"


class Reader:
    """Reads values out of one ORCID file, collecting notes on what it drops or degrades.

    ``origins`` maps each output dict (by id) to where its values came from, so a value the
    profile refuses later is still noted at its place in the input.
    """

    def __init__(self, source: Source | None) -> None:
        self.source = source
        self.notes: list[Note] = []
        self.origins: dict[int, dict[str, PathKey]] = {}
        self.muted = 0  # > 0 while reading a copy whose notes would only repeat
        self._said: set[tuple[str, str]] = set()

    # -- notes --------------------------------------------------------------------------

    def note(self, path: PathKey, message: str, what: str = DROPPED) -> None:
        """A note at ``path`` in the input: what happened to the value there (``what``). A
        note at exactly an item's place (a work group, an employment) means that item did
        not arrive as an entry of its own (dropped, or merged into another)."""
        message = " ".join(message.split())  # one line, whatever the input's text holds
        if self.muted or (pointer(path), message) in self._said:
            return
        self._said.add((pointer(path), message))
        self.notes.append(at(self.source, path, what, message))

    def said(self, message: str, what: str = "note") -> None:
        """A note on the whole file."""
        self.notes.append(Note(what, message, self.source.file if self.source else None))

    # -- output with its origins ----------------------------------------------------------

    def entry(self, where: PathKey) -> dict[str, Any]:
        """A new output entry (a paper, a position) made from the item at ``where``."""
        made: dict[str, Any] = {}
        self.origins[id(made)] = {"": where}
        return made

    def put(self, entry: dict[str, Any], key: str, value: Any, where: PathKey) -> None:
        """``entry[key] = value`` unless the value is empty, remembering where it came from."""
        if value is None or value == "" or value == [] or value == {}:
            return
        entry[key] = value
        self.origins.setdefault(id(entry), {})[key] = where

    def append(self, items: list[Any], value: Any, where: PathKey) -> None:
        """``items.append(value)``, remembering where it came from."""
        self.origins.setdefault(id(items), {})[str(len(items))] = where
        items.append(value)

    def origin(self, entry: Any, key: str | int | None = None) -> PathKey | None:
        places = self.origins.get(id(entry))
        if places is None:
            return None
        if key is not None and str(key) in places:
            return places[str(key)]
        return places.get("")

    # -- values ---------------------------------------------------------------------------

    def text(self, node: Any, where: PathKey, *keys: str) -> tuple[str | None, PathKey]:
        """The text at ``node[keys]`` (ORCID's ``{"value": ...}`` unwrapped), stripped; a
        number read as its digits; any other shape noted and None. Returns it with its place."""
        here = where + keys
        value = step(node, *keys)
        if isinstance(value, dict) and "value" in value:
            value, here = value["value"], here + ("value",)
        if value is None:
            return None, here
        if isinstance(value, str):
            return value.strip() or None, here
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value), here
        self.note(here, f"expected text, found {json_kind(value)}; not read")
        return None, here

    def items(self, node: Any, where: PathKey, key: str) -> list[tuple[PathKey, dict[str, Any]]]:
        """The objects in the array ``node[key]``, each with its place; a missing or null array
        is empty, anything else in its place or among its items is noted."""
        value = step(node, key)
        here = where + (key,)
        if value is None:
            return []
        if not isinstance(value, list):
            self.note(here, f"expected an array, found {json_kind(value)}; not read")
            return []
        found = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                found.append((here + (i,), item))
            elif item is not None:
                self.note(here + (i,), f"expected an object, found {json_kind(item)}; "
                          "not imported")
        return found

    def mapping(self, node: Any, where: PathKey, key: str) -> dict[str, Any]:
        """The object ``node[key]``; {} where it is missing, null or (noted) of another shape."""
        value = step(node, key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.note(where + (key,), f"expected an object, found {json_kind(value)}; "
                      "not read")
            return {}
        return value

    def date(self, node: Any, where: PathKey, key: str) -> str | None:
        """ORCID's ``{year, month, day}`` -> 2020, 2020-05 or 2020-05-17. A month or day
        that is no month or day of the calendar (``"00"``, 29 February 1930) is noted and the
        date kept as precisely as it can be; a year that is not one drops the date."""
        value = step(node, key)
        here = where + (key,)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.note(here, f"expected a date {{year, month, day}}, found {json_kind(value)};"
                      " not imported")
            return None
        year, year_at = self.text(value, here, "year")
        month, month_at = self.text(value, here, "month")
        day, day_at = self.text(value, here, "day")
        if year is None:
            if month or day:
                self.note(here, "a date without a year; not imported")
            return None
        if not re.fullmatch(r"\d{4}", year) or year == "0000":
            self.note(year_at, f"year {year!r} is not a year of four digits; the date is not "
                      "imported")
            return None
        if month is None:
            if day:
                self.note(day_at, f"a day without a month; kept as {year}", DEGRADED)
            return year
        if not re.fullmatch(r"\d{1,2}", month) or not 1 <= int(month) <= 12:
            self.note(month_at, f"month {month!r} is not a month; kept as {year}", DEGRADED)
            return year
        kept = f"{year}-{int(month):02d}"
        if day is None:
            return kept
        try:
            if not re.fullmatch(r"\d{1,2}", day):
                raise ValueError
            _dt.date(int(year), int(month), int(day))
        except ValueError:
            self.note(day_at, f"{year}-{int(month):02d}-{day} is not a day of the calendar; "
                      f"kept as {kept}", DEGRADED)
            return kept
        return f"{kept}-{int(day):02d}"

    def url(self, node: Any, where: PathKey, *keys: str) -> tuple[str | None, PathKey]:
        """A web address (``web_address``); one that is not is noted and dropped."""
        value, here = self.text(node, where, *keys)
        url, said = web_address(value)
        if said:
            self.note(here, said, GUESSED if url else DROPPED)
        return url, here

    def doi(self, ident: dict[str, Any], where: PathKey) -> str | None:
        """The DOI an external id names, or its normalised form; a value ORCID itself could
        not normalise ("work:doi") is noted and dropped."""
        value, here = self.text(ident, where, "external-id-value")
        for candidate in (value, self.text(ident, where, "external-id-normalized")[0]):
            if candidate and DOI.match(bare_doi(candidate)):
                return bare_doi(candidate)
        if value:
            error = step(ident, "external-id-normalized-error")
            said = " (ORCID could not normalise it either)" if error else ""
            self.note(here, f"{value!r} is not a DOI{said}; not imported")
        return None

    def arxiv(self, ident: dict[str, Any], where: PathKey) -> str | None:
        value, here = self.text(ident, where, "external-id-value")
        for candidate in (value, self.text(ident, where, "external-id-normalized")[0]):
            if candidate and ARXIV_ID.match(bare_arxiv(candidate)):
                return bare_arxiv(candidate)
        if value:
            self.note(here, f"{value!r} is not an arXiv id; not imported")
        return None
