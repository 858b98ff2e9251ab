"""Which CSL locale file a cvkit locale's references are written in, by one rule over what
citeproc-py ships (its ``data/locales``: ``locales-<tag>.xml`` and the CSL project's
``locales.json``), so a new cvkit locale needs no table kept in step; and the words of a
CSL locale the default publication list borrows (pp., ed., Article ...).

The rule, for the locale's BCP 47 tag (``lang`` in its file: de, zh-Hans, pt-BR ...):

1. the tag's own file, with its region (sr-Latn-RS, pt-BR, de-CH);
2. for a tag with a script (zh-Hant, zh-Hans), the region CLDR's likely subtags give that
   script (through Babel, which cvkit's dates already use): zh-Hant → zh-TW;
3. the language's own file (ar, eu, la);
4. the language's primary dialect as the CSL project names it in ``locales.json``
   (de → de-DE, pt → pt-PT, cs → cs-CZ);
5. else en-US, CSL's default (``fallback`` says so).
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

_CS = "{http://purl.org/net/xbiblio/csl}"
DEFAULT = "en-US"


@lru_cache(maxsize=1)
def _folder() -> Path:
    """citeproc-py's locales, found without importing citeproc-py (a slow import): the default
    publication list reads its words from there too."""
    spec = importlib.util.find_spec("citeproc")
    if spec is None or not spec.submodule_search_locations:
        from citeproc import LOCALES_PATH  # the error says what is missing

        return Path(LOCALES_PATH)
    return Path(next(iter(spec.submodule_search_locations)), "data", "locales")


@lru_cache(maxsize=1)
def shipped() -> frozenset[str]:
    """The CSL locales citeproc-py has a file for: en-US, de-DE, zh-TW, ar ..."""
    return frozenset(p.name[len("locales-"):-len(".xml")]
                     for p in _folder().glob("locales-*.xml"))


@lru_cache(maxsize=1)
def _primary_dialects() -> dict[str, str]:
    try:
        data = json.loads((_folder() / "locales.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("primary-dialects", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _parts(tag: str) -> tuple[str, str, str]:
    """(language, Script, REGION) of a BCP 47 tag (or a CLDR name with underscores)."""
    pieces = [p for p in re.split(r"[-_]", tag.strip()) if p]
    language = pieces[0].lower() if pieces else ""
    script = next((p.title() for p in pieces[1:] if re.fullmatch(r"[A-Za-z]{4}", p)), "")
    region = next((p.upper() for p in pieces[1:] if re.fullmatch(r"[A-Za-z]{2}|\d{3}", p)), "")
    return language, script, region


def _likely_region(language: str, script: str) -> str:
    """The region CLDR expects for a language written in ``script`` (zh Hant → TW)."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    for key in (f"{language}_{script}", language):
        full = likely.get(key)
        if full:
            _, found_script, region = _parts(full)
            if found_script == script:
                return region
    return ""


@dataclass(frozen=True)
class Chosen:
    name: str  # the CSL locale: en-US, zh-TW ...
    fallback: bool  # no file for the language: CSL's default stands in


@lru_cache(maxsize=64)
def choose(tag: str) -> Chosen:
    """The CSL locale for a BCP 47 tag, by the rule above."""
    have = shipped()
    language, script, region = _parts(tag)
    candidates = []
    if region:
        candidates += [f"{language}-{script}-{region}" if script else "",
                       f"{language}-{region}"]
    if script:
        likely = _likely_region(language, script)
        if likely:
            candidates += [f"{language}-{script}-{likely}", f"{language}-{likely}"]
    candidates += [language, _primary_dialects().get(language, "")]
    for name in candidates:
        if name and name in have:
            return Chosen(name, False)
    return Chosen(DEFAULT, True)


def locale_for(tag: str) -> str:
    """The CSL locale (dates, "and", "et al." in the style) for a cvkit locale's tag."""
    return choose(tag).name


# -- the words the default list borrows ---------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """A CSL locale's words for the default publication list."""

    pages: str  # pp.
    article: str  # Article (an article number)
    edition: str  # ed.
    edited_by: str  # ed. by
    number: str  # No.
    within: str  # in (a paper in a book)
    ordinals: dict[str, str]  # ordinal, ordinal-01 ... as the locale writes them

    def ordinal(self, n: int) -> str:
        """CSL's ordinal rule: a term for the last two digits (11th), else for the last
        digit (1st, 2nd), else the general one (4th)."""
        for key in (f"ordinal-{n % 100:02d}" if n % 100 >= 10 else "",
                    f"ordinal-{n % 10:02d}", "ordinal"):
            if key in self.ordinals:
                return f"{n}{self.ordinals[key]}"
        return str(n)


def _term(root: Any, name: str, form: str = "long", plural: bool = False) -> str:
    for term in root.iter(f"{_CS}term"):
        if term.get("name") == name and (term.get("form") or "long") == form:
            part = term.find(f"{_CS}{'multiple' if plural else 'single'}")
            text = part.text if part is not None else term.text
            return (text or "").strip()
    return ""


@lru_cache(maxsize=16)
def terms(tag: str) -> Terms:
    """The words of the CSL locale ``tag`` maps to (English where it has none)."""
    # The standard library's parser (quicker to import than lxml): the default
    # list reads these words on every export. The files are citeproc-py's own.

    def read(name: str) -> Any:
        return ElementTree.parse(_folder() / f"locales-{name}.xml").getroot()

    roots = [read(choose(tag).name)]
    if choose(tag).name != DEFAULT:
        roots.append(read(DEFAULT))

    def word(name: str, form: str = "long", plural: bool = False) -> str:
        return next((w for r in roots if (w := _term(r, name, form, plural))), "")

    ordinals: dict[str, str] = {}
    for term in roots[0].iter(f"{_CS}term"):
        name = term.get("name") or ""
        if name.startswith("ordinal") and not term.get("gender-form") and name not in ordinals:
            ordinals[name] = (term.text or "").strip()
    return Terms(pages=word("page", "short", plural=True),
                 article=_capitalised(word("article-locator")),
                 edition=word("edition", "short"), edited_by=word("editor", "verb-short"),
                 number=_capitalised(word("number", "short")), within=word("in"),
                 ordinals=ordinals)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
