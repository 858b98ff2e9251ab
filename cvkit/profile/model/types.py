"""Field types shared by every profile entry: clean text, inline Markdown, partial dates, URLs."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel as _PydanticBase
from pydantic import BeforeValidator, ConfigDict, GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from cvkit.document import richtext
from cvkit.support.links import ARXIV_ID, ORCID_ID, bare_arxiv, bare_doi, bare_orcid, orcid_checks

# C0/C1 control characters other than tab and newline; XML (DOCX), PDF text and TeX all
# choke on them, so they never get past the model.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def _clean_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # let pydantic reject it as "not a string"
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", strip_control(value)).strip()
    return value


def _check_markdown(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str):
        try:
            richtext.parse(value)
        except richtext.UnsafeLinkError as exc:
            raise PydanticCustomError("unsafe_link", str(exc)) from None
    return value


def _check_title(value: Any) -> Any:
    """A title is literal text except formulas and LaTeX text markup, where ``\\href`` is a
    link: one to anything but http(s) or mailto is refused here, located, not at export."""
    value = _clean_text(value)
    if isinstance(value, str) and "\\" in value:
        try:
            richtext.parse_title(value)
        except richtext.UnsafeLinkError as exc:
            raise PydanticCustomError("unsafe_link", str(exc)) from None
    return value


def _check_url(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str) and not richtext.is_allowed_url(value):
        raise PydanticCustomError(
            "url", "expected an http://, https:// or mailto: URL, found '{found}'", {"found": value}
        )
    return value


Text = Annotated[str, BeforeValidator(_clean_text)]
"""Plain text: NFC-normalised, control characters removed, numbers accepted as text."""

Title = Annotated[str, BeforeValidator(_check_title)]
"""A publication's title: text, formulas and LaTeX text markup; its links checked."""

# The address forms people put on a CV: a dot-atom before the @ (RFC 5322, letters of any
# script allowed as RFC 6531 does) and a host name with a dot after it. Quoted local parts
# and IP-literal domains are legal but never seen on a CV. (email-validator does this too,
# but importing it is a noticeable share of a homepage export.)
_EMAIL_LOCAL = re.compile(r"^[^\s@<>()\[\]\\,;:\"]{1,64}$")
_EMAIL_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")


def _email_problem(address: str) -> str | None:
    if address.count("@") != 1:
        return "an email address has exactly one @"
    local, domain = address.split("@")
    if not _EMAIL_LOCAL.match(local) or local.startswith(".") or local.endswith(".") \
            or ".." in local:
        return "the part before the @ has a space or a character not allowed there"
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_LABEL.match(label) for label in labels) \
            or labels[-1].isdigit():
        return "the part after the @ is not a domain name like example.org"
    return None


def _check_email(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str) and (problem := _email_problem(value)) is not None:
        raise PydanticCustomError(
            "email", "expected an email address like ada@example.org, found '{found}' "
            "({problem})", {"found": value, "problem": problem})
    return value


Email = Annotated[str, BeforeValidator(_check_email),
                  WithJsonSchema({"type": "string", "format": "email",
                                  "examples": ["ada@example.org"]})]

Markdown = Annotated[
    str,
    BeforeValidator(_check_markdown),
    WithJsonSchema({"type": "string", "description": "Inline Markdown: **bold**, *italic*, "
                    "`code`, [link](https://...)"}),
]
Url = Annotated[
    str,
    BeforeValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:)", "format": "uri"}),
]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def _check_local_image(value: Any) -> Any:
    value = _clean_text(value)
    if not isinstance(value, str):
        return value
    path = value.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or "://" in path:
        raise PydanticCustomError(
            "local_path", "expected a path relative to the profile's folder, found '{found}'",
            {"found": value})
    if ".." in path.split("/"):
        raise PydanticCustomError(
            "local_path", "'{found}' leaves the profile's folder; keep images beside the "
            "profile or below it", {"found": value})
    if not path.lower().endswith(IMAGE_SUFFIXES):
        raise PydanticCustomError(
            "local_path", "expected an image ({suffixes}), found '{found}'",
            {"found": value, "suffixes": ", ".join(IMAGE_SUFFIXES)})
    return value


LocalImage = Annotated[
    str,
    BeforeValidator(_check_local_image),
    WithJsonSchema({"type": "string",
                    "pattern": r"^(?!/)(?!.*\.\.)[^:]*\.(png|jpe?g|gif|webp|svg)$",
                    "description": "An image path relative to the profile file."}),
]
"""An image beside the profile: relative, never leaving the profile's folder."""

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _check_doi(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str):
        value = bare_doi(value)
        if not _DOI.match(value):
            raise PydanticCustomError(
                "doi", "expected a DOI like 10.1145/3695053.3731001, found '{found}'",
                {"found": value})
    return value


def _check_arxiv(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str):
        value = bare_arxiv(value)
        if not ARXIV_ID.match(value):
            raise PydanticCustomError(
                "arxiv", "expected an arXiv id like 2508.18376, found '{found}'", {"found": value})
    return value


def _check_orcid(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str):
        value = bare_orcid(value).upper()
        if not ORCID_ID.match(value):
            raise PydanticCustomError(
                "orcid", "expected an ORCID iD like 0000-0002-1825-0097, found '{found}'",
                {"found": value})
        if not orcid_checks(value):
            raise PydanticCustomError(
                "orcid", "'{found}' is not an ORCID iD: its last character (the check digit) "
                "does not fit the others; copy the iD from the person's ORCID page",
                {"found": value})
    return value


Orcid = Annotated[str, BeforeValidator(_check_orcid),
                  WithJsonSchema({"type": "string",
                                  "pattern": r"^(https?://(www\.)?orcid\.org/)?"
                                             r"\d{4}-\d{4}-\d{4}-\d{3}[\dXx]/?$",
                                  "examples": ["0000-0002-1825-0097"]})]
"""An ORCID iD, stored bare (0000-0002-1825-0097) whether written so or as its URL."""


def _check_numbering(value: Any) -> Any:
    """A volume, issue or page range is text as printed. An unquoted ``1.10`` or ``777e23``
    is a number to YAML (1.1, 7.77e+25): refused, with the fix, rather than printed wrong."""
    if isinstance(value, float):
        raise PydanticCustomError(
            "number_as_text", "YAML reads this unquoted value as the number {found}, which "
            "is not what was written (1.10 becomes 1.1, 777e23 becomes 7.77e+25); write it "
            "in quotes", {"found": repr(value)})
    return _clean_text(value)


Numbering = Annotated[str, BeforeValidator(_check_numbering),
                      WithJsonSchema({"type": ["string", "integer"],
                                      "description": "Text as printed (quote 1.10 or 777e23 "
                                      "in YAML); a whole number may stay unquoted."})]
"""A volume, issue, page range or other number as printed: text, a whole number accepted."""

Doi = Annotated[str, BeforeValidator(_check_doi),
                WithJsonSchema({"type": "string", "examples": ["10.1145/3695053.3731001"]})]
ArxivId = Annotated[str, BeforeValidator(_check_arxiv),
                    WithJsonSchema({"type": "string", "examples": ["2508.18376"]})]


# The words that mean "ongoing" in an end date: one list for parsing, messages and schema.
PRESENT_WORDS = ("present", "now", "current", "至今")
_PRESENT_SAID = ", ".join(f"'{w}'" for w in PRESENT_WORDS[:-1]) + f" or '{PRESENT_WORDS[-1]}'"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the user knows it: a year, a month, a day, or "present"."""

    year: int
    month: int | None = None
    day: int | None = None
    present: bool = False

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ValueError("not a date")
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise PydanticCustomError(
                "date_type", "expected a date like 2025, 2025-07 or 2025-07-14, found {kind}",
                {"kind": type(value).__name__})
        text = value.strip()
        if text.lower() in PRESENT_WORDS:
            return cls(9999, 12, 31, present=True)
        m = re.fullmatch(r"(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?", text)
        if not m:
            raise PydanticCustomError(
                "date_format",
                "expected a date like 2025, 2025-07 or 2025-07-14, or {present}; found "
                "'{found}'", {"found": text, "present": _PRESENT_SAID})
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise PydanticCustomError(
                "date_month", "month {month} in '{found}' is not between 1 and 12",
                {"month": month, "found": text})
        if day is not None:
            try:
                _dt.date(year, month or 1, day)
            except ValueError:
                raise PydanticCustomError(
                    "date_day", "'{found}' is not a day of the calendar", {"found": text}
                ) from None
        return cls(year, month, day)

    def __str__(self) -> str:
        if self.present:
            return "present"
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def as_date(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^(\d{4}([-./]\d{1,2}([-./]\d{1,2})?)?|"
                 + "|".join(PRESENT_WORDS) + ")$"},
            ],
            "description": f"2025, 2025-07, 2025-07-14 or {_PRESENT_SAID}",
        }


def _colour(value: str | int) -> str:
    # YAML reads `muted: 444444` as a number: take its digits back (zero-padded).
    bare = f"{value:06d}" if isinstance(value, int) else str(value).removeprefix("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", bare):
        raise PydanticCustomError(
            "colour", "expected a colour as six hex digits like 1F3A68, found '{found}'",
            {"found": str(value)})
    return bare.upper()


Colour = Annotated[str, BeforeValidator(_colour)]
"""An RGB colour: six hex digits, with or without '#'."""


class Model(_PydanticBase):
    """Strict base: unknown keys are errors (the loader adds a "did you mean")."""

    # Validators are built on first use: a profile read from the cache needs none.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True)


def end_before_start(start: PartialDate | None, end: PartialDate | None) -> None:
    if start is not None and end is not None and not end.present:
        # Compare only as precisely as both dates are given: 2025 .. 2025-03 is fine.
        precision = min(_precision(start), _precision(end))
        if end.sort_key[:precision] < start.sort_key[:precision]:
            raise PydanticCustomError(
                "field:end", "end {end} is before start {start}",
                {"end": str(end), "start": str(start)})


def _precision(d: PartialDate) -> int:
    return 3 if d.day else 2 if d.month else 1
