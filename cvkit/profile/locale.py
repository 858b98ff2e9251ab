"""Locales: one data file each (``locales/<code>.yaml``), dates from CLDR through Babel.

A locale file holds section titles, labels, publication-group headings, link labels and the
default author-mark legend; any key it leaves out falls back to English. Folders named
``locales`` inside the folders on ``CVKIT_PATH`` are searched first, so a new language needs
no change to cvkit itself. Month names and date patterns are CLDR's, by the file's ``babel``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from cvkit.profile.model.types import Model, PartialDate
from cvkit.profile.source import load_data_file, load_source
from cvkit.support import cache
from cvkit.support.errors import ExportError, Problem, ProfileError
from cvkit.support.resources import extension_dirs
from cvkit.support.suggest import unknown_name

DateStyle = Literal["month-year", "dotted", "slash", "year"]


class _Dates(Model):
    month: str | None = Field(None, description="CLDR skeleton for a month and year: yMMM.")
    month_long: str | None = Field(None, description="The same, for publication dates.")
    year_alone: str | None = Field(None, description="A year alone in the month-year style.")


class LocaleFile(Model):
    """What a locale file may say; every table is merged over English."""

    # Separators such as legend_sep ": " keep their spaces.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    name: str
    lang: str = Field(description="BCP 47 tag for lang attributes and document metadata.")
    babel: str = Field(description="CLDR locale for month names and date patterns.")
    direction: Literal["ltr", "rtl"] = "ltr"
    fonts: list[str] = Field(default_factory=list, description="Fonts for this script, tried "
                             "before a design's own (Arabic, Hebrew and Devanagari need "
                             "their own).")
    tex_language: str | None = Field(None, description="polyglossia's name for it (arabic, "
                                     "hebrew): xelatex then sets the text right to left.")
    tex_font: str | None = Field(None, description="xelatex's font for the script: one that "
                                 "also has the punctuation around it (XeTeX has no fallback).")
    tex_script: str | None = Field(None, description="fontspec's Script of tex_font where it "
                                   "is not tex_language's name: Arabic for Persian.")
    tex_range: str | None = Field(None, pattern=r"^[0-9A-F]{4,5}-[0-9A-F]{4,5}$",
                                  description="For a left-to-right script the main font "
                                  "lacks, its Unicode block (0900-097F for Devanagari): "
                                  "xelatex sets each run of these characters in tex_font.")
    small_caps: bool = Field(True, description="False where the fonts' small capitals lack "
                             "the language's letters (Turkish İ, Vietnamese stacked accents): "
                             "headings a design sets in small capitals are set in capitals "
                             "at a smaller size instead.")
    dates: _Dates = Field(default_factory=_Dates)
    titles: dict[str, str] = Field(default_factory=dict)
    kinds: dict[str, str] = Field(default_factory=dict)
    marks: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    links: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _range_has_its_font(self) -> LocaleFile:
        # xelatex sets a tex_range in tex_font by its fontspec script: without both, the
        # LaTeX would name an empty font.
        if self.tex_range:
            if not (self.tex_font and self.tex_script):
                raise ValueError("tex_range needs tex_font and tex_script")
            start, end = (int(part, 16) for part in self.tex_range.split("-"))
            if start > end:
                raise ValueError(f"tex_range {self.tex_range} ends before it starts")
        return self


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    lang: str
    babel: str
    direction: str
    fonts: tuple[str, ...]
    tex_language: str | None
    tex_font: str | None
    tex_script: str | None
    tex_range: str | None
    dates: dict[str, str]
    titles: dict[str, str]
    kinds: dict[str, str]
    marks: dict[str, str]
    labels: dict[str, str]
    links: dict[str, str]
    small_caps: bool = True

    def with_overrides(self, *, titles: dict[str, str] | None = None,
                       labels: dict[str, str] | None = None,
                       kinds: dict[str, str] | None = None) -> Locale:
        """This locale with a profile's own titles and labels laid over it."""
        return dataclasses.replace(self, titles={**self.titles, **(titles or {})},
                                   labels={**self.labels, **(labels or {})},
                                   kinds={**self.kinds, **(kinds or {})})

    # -- dates --------------------------------------------------------------------------------

    def date(self, d: PartialDate | None, style: str, *, long: bool = False) -> str:
        if d is None:
            return ""
        if d.present:
            return self.labels["present"]
        if style == "year" or (d.month is None and style != "month-year"):
            return str(d.year)
        if d.month is None:
            return _cldr(self.dates["year_alone"], d.year, 1, self.babel)
        if style == "dotted":
            return f"{d.year}.{d.month:02d}"
        if style == "slash":
            return f"{d.month:02d}/{d.year}"
        return _cldr(self.dates["month_long" if long else "month"], d.year, d.month, self.babel)

    def day(self, d: _dt.date) -> str:
        """A whole date as a letter is dated: CLDR's long form ("7 December 2026")."""
        from babel.dates import format_date

        return str(format_date(d, "long", locale=self.babel))

    def period(self, start: PartialDate | None, end: PartialDate | None, style: str) -> str:
        a, b = self.date(start, style), self.date(end, style)
        if a and b and a != b:
            return f"{a} – {b}"
        return a or b


@lru_cache(maxsize=512)
def _cldr(skeleton: str, year: int, month: int, babel_locale: str) -> str:
    """CLDR's form of a month and year. The twelve months of a (skeleton, locale) are kept in
    the user's cache with the year as a placeholder: Babel's first call is slow."""
    pattern = _month_patterns(skeleton, babel_locale)[month - 1]
    if "{year}" in pattern:
        return pattern.replace("{year}", str(year))
    return _babel_format(skeleton, year, month, babel_locale)


def _babel_format(skeleton: str, year: int, month: int, babel_locale: str) -> str:
    from babel.dates import format_skeleton

    return str(format_skeleton(skeleton, _dt.date(year, month, 1), locale=babel_locale))


@lru_cache(maxsize=1)
def _cldr_stamp() -> str | None:
    """What names the cache of Babel's month patterns: Babel's version, from the name of
    the metadata folder installed beside it (``babel-2.17.0.dist-info``), and the size and
    time of the CLDR data it installs (``babel/global.dat``; a Babel installed anew writes
    it anew, and some installers give every file the same time). Read without importing
    Babel, which a cached pattern does not need, or importlib.metadata (it loads email and
    zipfile). None where there is no such data file: nothing is cached."""
    spec = importlib.util.find_spec("babel")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    try:
        data = (package / "global.dat").stat()
    except OSError:
        return None
    versions = sorted(p.name.removesuffix(".dist-info").split("-", 1)[1]
                      for p in package.parent.glob("[Bb]abel-*.dist-info"))
    return "-".join([*versions, str(data.st_size), str(data.st_mtime_ns)])


@lru_cache(maxsize=64)
def _month_patterns(skeleton: str, babel_locale: str) -> list[str]:
    stamp = _cldr_stamp()
    kind, name = f"cldr-{stamp}", f"{babel_locale}-{skeleton}.json"
    stored = cache.read(kind, name) if stamp else None
    if stored is not None:
        try:
            patterns: list[str] = json.loads(stored)
            if len(patterns) == 12:
                return patterns
        except ValueError:
            pass
    # A year whose digits appear nowhere else in a date (no day is printed).
    patterns = [_babel_format(skeleton, 2999, m, babel_locale).replace("2999", "{year}")
                for m in range(1, 13)]
    if stamp:
        cache.write(kind, name, json.dumps(patterns, ensure_ascii=False).encode("utf-8"))
    return patterns


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(extension_dirs("locales")):  # earlier folders win
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found


def available() -> list[str]:
    return sorted(_files())


@lru_cache(maxsize=32)
def _read(path: Path) -> LocaleFile:
    return load_data_file(path, LocaleFile, "locale file")


def load(code: str) -> Locale:
    files = _files()
    if code not in files:
        raise ExportError(unknown_name("locale", code, available()))
    english = _read(files["en"]) if "en" in files else None
    own = _read(files[code])
    if english is not None and own is not english:
        _check_keys(own, english, files[code])

    def table(name: str) -> dict[str, Any]:
        base: dict[str, Any] = dict(getattr(english, name)) if english else {}
        if name == "marks" and own.marks:
            return dict(own.marks)  # a legend is replaced whole, never merged
        return {**base, **getattr(own, name)}

    # Plain reads, not model_dump(): dumping would build the model's serializer.
    fields = list(_Dates.model_fields)
    base_dates = {k: getattr(english.dates, k) for k in fields} if english else {}
    own_dates = {k: getattr(own.dates, k) for k in fields}
    dates = {k: v for k, v in {**base_dates, **{k: v for k, v in own_dates.items()
                                               if v is not None}}.items() if v}
    return Locale(code, own.name, own.lang, own.babel, own.direction, tuple(own.fonts),
                  own.tex_language, own.tex_font,
                  own.tex_script or (own.tex_language or "").capitalize() or None, own.tex_range,
                  dates,
                  table("titles"), table("kinds"), table("marks"), table("labels"),
                  table("links"), own.small_caps)


def _check_keys(own: LocaleFile, english: LocaleFile, path: Path) -> None:
    """A key English does not have is a typo: say which, and where."""
    source = None
    problems = []
    for table in ("titles", "kinds", "labels", "links"):
        known = list(getattr(english, table))
        for key in getattr(own, table):
            if key not in known:
                source = source or load_source(path, "locale file")
                line, column = source.locate((table, key), key=True)
                problems.append(Problem(path, line, column, f"{table}.{key}",
                                        unknown_name(f"{table[:-1]} key", key, known)))
    if problems:
        raise ProfileError(problems)
