"""Publication lists in a Citation Style Language style, formatted by citeproc-py.

The style decides the reference's text; cvkit only marks what the design draws: the
owner's name (bold, or however the design shows it), author marks (* †), formulas in the
title, links. It does so with private-use characters the style passes through untouched:
each marked author's family name is wrapped in a pair, the given name beside it is found
by what it can have become (Jiayi, J., J), and each formula stands as one character.

A CV is not a journal's reference list: every author is listed whatever the style's et-al
rule, unless the profile cuts the list around its owner (the view does; the style then
prints its own "et al." after the names given). The paper's data is ``csl.data``'s, the
locale ``csl.locales``', what citeproc-py leaves undone in the text ``csl.tidy``'s.

citeproc-py is slow for each reference, so each rendered reference is kept in the user's
cache (signed, like every entry), keyed by all that citeproc-py is given for it (``Asked``):
the style file, the locale, where the author list ends, its number in a numbered style and
the paper's CSL-JSON. The export's other options (variant, since, entries ...) choose which
papers are listed but never change one's text, so a reference made once serves every export
that lists it. The order a style sorts a group in is kept the same way.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from cvkit.support import cache, packages
from cvkit.support.resources import code_fingerprint
from cvkit.view.csl.data import FORTHCOMING, KINDS, UNPUBLISHED, Entry, _title, item, page_range
from cvkit.view.csl.locales import locale_for
from cvkit.view.csl.parts import _CLOSE, _OPEN, Styled, styled
from cvkit.view.csl.tidy import finished, status_shown

__all__ = ["FORTHCOMING", "KINDS", "UNPUBLISHED", "Asked", "Entry", "Style", "bibliography", "item",
           "load", "locale_for", "page_range", "processor", "render", "sorted_entries"]


def _wrapper(kind: str) -> type:
    class Wrapped(str):
        def __new__(cls, text: str) -> Wrapped:
            return super().__new__(cls, f"{_OPEN[kind]}{text}{_CLOSE[kind]}")
    return Wrapped


class _Formatter:
    """citeproc-py's formatter interface (a module in citeproc.formatter): each class wraps
    the text it is given."""

    Italic = Oblique = _wrapper("i")
    Bold = _wrapper("b")
    Light = Underline = Superscript = Subscript = SmallCaps = _wrapper("x")

    @staticmethod
    def preformat(text: str) -> str:
        return str(text)


_CS = "{http://purl.org/net/xbiblio/csl}"


class Style:
    """A style file read once per run, in one locale."""

    def __init__(self, path: Path, locale: str) -> None:
        self.path = path
        self.locale = locale
        self.digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        self._root = _read_root(path)
        self._styles: dict[int | None, Any] = {}
        self.page_range_format = self._root.get("page-range-format") or ""
        self.prints_status = any(el.get("variable") == "status" for el in self._root.iter())
        # Initials written without points ("Park A": Vancouver): a point after one is the
        # sentence's, not the name's.
        written = [n.get("initialize-with") for n in (
            self._root, *self._root.iter(f"{_CS}name", f"{_CS}bibliography"))]
        self.initial_points = not any(w is not None and "." not in w for w in written)
        bibliography = self._root.find(f"{_CS}bibliography")
        self.numbered = self._root.get("citation-format") == "numeric" or (
            bibliography is not None and any(
                el.get("variable") == "citation-number" for el in bibliography.iter()))
        self.sorts = bibliography is not None and \
            bibliography.find(f"{_CS}sort") is not None

    def processor(self, et_al_after: int | None = None) -> Any:
        """citeproc-py's style, listing every author (a CV is not a journal's reference list:
        the style's own et-al rule is taken out), or ``et_al_after`` names and "et al."."""
        if et_al_after not in self._styles:
            from lxml import etree

            root = _every_author(copy.deepcopy(self._root), et_al_after)
            self._styles[et_al_after] = processor(etree.tostring(root), self.locale)
        return self._styles[et_al_after]

    def punctuated(self, text: str) -> str:
        """CSL's ``punctuation-in-quote`` (American English: “Title,”), which citeproc-py
        leaves out: a comma or full stop after a closing quote goes inside it."""
        if not self._punctuation_in_quote:
            return text
        return re.sub(r"([\u201d\u2019])((?:[\U0010ff01-\U0010ff06])*)([,.])", r"\3\1\2", text)

    @cached_property
    def _locale_root(self) -> Any:
        from citeproc import LOCALES_PATH

        return _read_root(Path(LOCALES_PATH, f"locales-{self.locale}.xml"))

    @cached_property
    def _punctuation_in_quote(self) -> bool:
        own = self._root.find(f"{_CS}locale/{_CS}style-options")
        for found in (own, self._locale_root.find(f"{_CS}style-options")):
            if found is not None and found.get("punctuation-in-quote") is not None:
                return bool(found.get("punctuation-in-quote") == "true")
        return False

    @cached_property
    def et_al_term(self) -> str:
        """The locale's "et al." (the style's own locale section aside)."""
        for term in self._locale_root.iter(f"{_CS}term"):
            if term.get("name") == "et-al" and term.get("form") in (None, "long"):
                return (term.text or "et al.").strip()
        return "et al."


def processor(xml: bytes, locale: str | None = None) -> Any:
    """citeproc-py's style for a style's XML, as cvkit reads it (see ``_spelled_out``)."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    root = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    return CitationStylesStyle(io.BytesIO(etree.tostring(_spelled_out(root))), locale=locale,
                               validate=False)


def bibliography(style: Any, items: Sequence[dict[str, Any]]) -> Any:
    """A citeproc-py bibliography of CSL-JSON ``items`` (with their own ids), cvkit's
    formatter writing it."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    made = CitationStylesBibliography(style, CiteProcJSON(list(items)), _Formatter)
    made.register(Citation([CitationItem(it["id"]) for it in items]))
    return made


def _spelled_out(root: Any) -> Any:
    """``initialize="false"`` (CSL 1.0.1: keep given names whole) as citeproc-py reads it.

    citeproc-py ignores that attribute and initialises wherever ``initialize-with`` is
    inherited (Chicago writes it on <style> and "Huang, J." came out for "Huang, Jiayi").
    The inherited value is written on each name that initialises instead, and dropped from
    the places it was inherited from: what every name means is unchanged."""
    inherited = root.get("initialize-with")
    holders = [root, *root.findall(f"{_CS}citation"), *root.findall(f"{_CS}bibliography")]
    if not any(h.get("initialize-with") for h in holders):
        return root
    for name in root.iter(f"{_CS}name"):
        if name.get("initialize-with") is not None:
            continue
        section = next((a for a in name.iterancestors()
                        if a.tag in (f"{_CS}citation", f"{_CS}bibliography")), None)
        value = section.get("initialize-with") if section is not None else None
        value = value if value is not None else inherited
        if value is not None and name.get("initialize") != "false":
            name.set("initialize-with", value)
    for holder in holders:
        holder.attrib.pop("initialize-with", None)
    return root


def _read_root(path: Path) -> Any:
    from lxml import etree

    return etree.parse(str(path), etree.XMLParser(no_network=True,
                                                   resolve_entities=False)).getroot()


_ET_AL = ("et-al-min", "et-al-use-first", "et-al-use-last", "et-al-subsequent-min",
          "et-al-subsequent-use-first")


def _every_author(root: Any, et_al_after: int | None) -> Any:
    """The style with its et-al rules taken out (every name listed), or set to list
    ``et_al_after`` names before "et al."; and without its page-range format (cvkit writes
    the ranges itself: see ``page_range``)."""
    for element in root.iter():
        for name in _ET_AL:
            element.attrib.pop(name, None)
    root.attrib.pop("page-range-format", None)
    if et_al_after is not None:
        bibliography = root.find(f"{_CS}bibliography")
        if bibliography is not None:
            bibliography.set("et-al-min", str(et_al_after + 1))
            bibliography.set("et-al-use-first", str(et_al_after))
    return root


@lru_cache(maxsize=8)
def load(path: Path, locale: str) -> Style:
    return Style(path, locale)


# -- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One reference as citeproc-py is asked for it, and so all its text depends on besides
    the code: ``_render_numbered`` takes its input from these fields alone, and the cache
    keys the text by every field (``key``). A setting that changes a reference reaches it
    through one of them, so a reference made under other settings cannot come back."""

    style: str  # the style file's digest
    locale: str
    et_al_after: int | None  # names before the style's "et al." (None: every one)
    number: int | None  # its number, in a numbered style only
    data: dict[str, Any]  # the paper as CSL-JSON, the names cvkit draws marked

    @classmethod
    def of(cls, style: Style, entry: Entry) -> Asked:
        return cls(style.digest, style.locale, entry.et_al_after,
                   entry.number if style.numbered else None, item(entry, style)[0])

    @cached_property  # read for each lookup and each write: the paper's data copied once
    def key(self) -> str:
        return json.dumps(["ref", dataclasses.asdict(self)], sort_keys=True)


def _bibliography(style: Style, items: Sequence[dict[str, Any]],
                  et_al_after: int | None = None) -> Any:
    """The bibliography of ``items``, which get the ids p0, p1, ... in their order."""
    return bibliography(style.processor(et_al_after),
                        [{**it, "id": f"p{i}"} for i, it in enumerate(items)])


@lru_cache(maxsize=1)
def _cache_kind() -> str | None:
    citeproc = packages.version("citeproc-py")
    return f"csl-v2-citeproc-{citeproc}" if citeproc else None


def _entry(key: str) -> str | None:
    """The cache entry's name: the key, and this copy of cvkit's code (which decides how a
    style is read and its text marked)."""
    code = code_fingerprint()
    return None if code is None else \
        hashlib.sha256(f"{code}\0{key}".encode()).hexdigest()[:40] + ".json"


def _cached(kind: str | None, key: str) -> Any:
    name = _entry(key)
    if kind is None or name is None:
        return None
    data = cache.read(kind, name)
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def _keep(kind: str | None, key: str, value: Any) -> None:
    name = _entry(key)
    if kind is not None and name is not None:
        cache.write(kind, name, json.dumps(value).encode())


_KEEP = 20000  # references of every style and profile a user exports, about 1 KB each


def sorted_entries(style: Style, entries: Sequence[Entry]) -> list[Entry]:
    """The entries in the order the style's bibliography sorts them (a style without a sort
    keeps the order given), cached by all the sort is given: the style, the locale and the
    papers' CSL-JSON."""
    if len(entries) < 2 or not style.sorts:
        return list(entries)
    items = [item(e, style, marked=False)[0] for e in entries]
    kind = _cache_kind()
    key = json.dumps(["order", style.digest, style.locale, items], sort_keys=True)
    order = _cached(kind, key)
    if not isinstance(order, list) or sorted(order) != list(range(len(entries))):
        bibliography = _bibliography(style, items)
        bibliography.sort()
        order = [int(k[1:]) for k in bibliography.keys]
        _keep(kind, key, order)
    return [entries[i] for i in order]


def render(style: Style, entries: Sequence[Entry]) -> list[Styled]:
    """Each entry's reference, numbered as given (numbers run straight through groups)."""
    entries = list(entries)
    texts = _texts(style, entries)
    # A forthcoming paper's status stands in the date's place where the style prints one
    # for its kind; where it does not (IEEE's books), the date comes back and cvkit says
    # the status after the reference.
    again = [i for i, e in enumerate(entries) if e.status in FORTHCOMING and e.status_in_date
             and style.prints_status and not status_shown(texts[i], e)]
    if again:
        for i in again:
            entries[i] = dataclasses.replace(entries[i], status_in_date=False)
        for i, text in zip(again, _texts(style, [entries[i] for i in again]), strict=True):
            texts[i] = text

    term = style.et_al_term
    return [styled(finished(text, e), e.marked, e.number, _title(e.pub)[1], style.numbered,
                   term, closes_et_al=e.et_al_after is not None, points=style.initial_points)
            for text, e in zip(texts, entries, strict=True)]


def _texts(style: Style, entries: Sequence[Entry]) -> list[str]:
    """The style's text of each entry (its quotes' punctuation placed), from the cache
    where it has been made before."""
    kind = _cache_kind()
    asked = [Asked.of(style, e) for e in entries]
    # The whole list is one entry (one read when nothing changed); each reference is one
    # too, so an edit, or another selection of the papers, renders only those not made yet.
    whole_key = json.dumps([a.key for a in asked])
    whole = _cached(kind, whole_key)
    made: list[Any] = whole if isinstance(whole, list) and len(whole) == len(entries) \
        and all(isinstance(t, str) for t in whole) else [_cached(kind, a.key) for a in asked]
    missing = [i for i, text in enumerate(made) if not isinstance(text, str)]
    if missing or made is not whole:
        # One bibliography for each way the list ends ("et al." after how many names).
        for after in dict.fromkeys(asked[i].et_al_after for i in missing):
            group = [i for i in missing if asked[i].et_al_after == after]
            fresh = _render_numbered(style, [asked[i] for i in group])
            for i, text in zip(group, fresh, strict=True):
                made[i] = text
                _keep(kind, asked[i].key, text)
        _keep(kind, whole_key, made)
        place = cache.folder(kind) if kind is not None else None
        if place is not None:
            cache.keep_newest(place, _KEEP)
    return [style.punctuated(str(text)) for text in made]


# citeproc-py numbers a reference by the place of its key in ``bibliography.keys`` (not a
# documented interface): setting the keys numbers references without rendering the ones
# before them. Checked on every use; False, or a citeproc that numbers otherwise, takes the
# public path, which gives the same text.
KEYED_NUMBERS = True


def _render_numbered(style: Style, asked: list[Asked]) -> list[str]:
    """One bibliography for references not in the cache, whose lists end alike (the same
    ``et_al_after``), each with its own number in a numbered style."""
    et_al_after = asked[0].et_al_after
    made = _bibliography(style, [a.data for a in asked], et_al_after)
    numbers = [a.number for a in asked if a.number is not None]
    if not style.numbered or len(numbers) != len(asked):
        return [str(text) for text in made.bibliography()]
    if KEYED_NUMBERS:
        places = [f"gap{j}" for j in range(max(numbers))]
        for i, number in enumerate(numbers):
            places[number - 1] = f"p{i}"
        try:  # citeproc-py's own attributes, not documented: the public path otherwise
            made.keys = places
            if [cited.number for cited in made.items] == numbers:
                return [str(text) for text in made.bibliography()]
        except (AttributeError, TypeError):
            pass
    return [_after_placeholders(style, a.data, number, et_al_after)
            for a, number in zip(asked, numbers, strict=True)]


def _after_placeholders(style: Style, data: dict[str, Any], number: int,
                        et_al_after: int | None = None) -> str:
    """The public way to number a reference N: render it after N-1 other references."""
    placeholder = {"type": "document", "title": "x"}
    return str(_bibliography(style, [*[placeholder] * (number - 1), data],
                             et_al_after).bibliography()[-1])
