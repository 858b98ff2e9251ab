"""Publication lists in a Citation Style Language style, formatted by citeproc-py.

The style decides the reference's text; cvkit only marks what the design draws: the
owner's name (bold, or however the design shows it), author marks (* †), formulas in the
title, links. It does so with private-use characters the style passes through untouched:
each marked author's family name is wrapped in a pair, the given name beside it is found
by what it can have become (Jiayi, J., J), and each formula stands as one character.

citeproc-py takes 10–60 ms a reference, so each rendered reference is kept in the user's
cache (signed, like every entry), keyed by the style file, the locale, the reference's data
and its number; the order a style sorts a group in is kept the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .. import cache, richtext
from ..document import Author
from ..links import arxiv_url
from ..model import profile as m
from ..richtext import Math
from .parts import _CLOSE, _FORMULA, _NAME, _NAME_END, _OPEN, _PRIVATE, Styled

KINDS = {"conference": "paper-conference", "workshop": "paper-conference",
         "journal": "article-journal", "preprint": "article", "thesis": "thesis",
         "book": "book", "chapter": "chapter", "patent": "patent", "report": "report",
         "other": "document"}


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


@dataclass(frozen=True)
class Entry:
    """One paper as the style needs it: the model's fields, the view's authors."""

    pub: m.Publication
    authors: tuple[Author, ...]
    number: int


_CS = "{http://purl.org/net/xbiblio/csl}"


class Style:
    """A style file read once per run, in one locale."""

    def __init__(self, path: Path, locale: str) -> None:
        self.path = path
        self.locale = locale
        self.digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        self._root = _read_root(path)
        self._style: Any = None
        self.et_al_min, self.et_al_first, self.et_al_last = _et_al(self._root)
        bibliography = self._root.find(f"{_CS}bibliography")
        self.numbered = self._root.get("citation-format") == "numeric" or (
            bibliography is not None and any(
                el.get("variable") == "citation-number" for el in bibliography.iter()))
        self.sorts = bibliography is not None and \
            bibliography.find(f"{_CS}sort") is not None

    def processor(self) -> Any:
        if self._style is None:
            from lxml import etree

            self._style = processor(etree.tostring(self._root), self.locale)
        return self._style

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
    import io

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


def _et_al(root: Any) -> tuple[int, int, bool]:
    """The bibliography's et-al rule: on <bibliography>, else on the first name that says."""
    bib = root.find(f"{_CS}bibliography")
    attrs = {**root.attrib, **(bib.attrib if bib is not None else {})}
    if "et-al-min" not in attrs:
        named = next((n for n in root.iter(f"{_CS}name") if n.get("et-al-min")), None)
        if named is not None:
            attrs.update(named.attrib)
    return (int(attrs.get("et-al-min", 0) or 0), int(attrs.get("et-al-use-first", 0) or 0),
            attrs.get("et-al-use-last", "false") == "true")


# cvkit's locales by CSL's names where the short name is not a file of its own.
_CSL_LOCALES = {"en": "en-US", "zh": "zh-CN", "pt": "pt-PT", "de": "de-DE", "fr": "fr-FR",
                "es": "es-ES", "ja": "ja-JP", "ko": "ko-KR", "it": "it-IT", "ru": "ru-RU",
                "nl": "nl-NL", "sv": "sv-SE", "tr": "tr-TR", "vi": "vi-VN", "uk": "uk-UA",
                "pl": "pl-PL", "he": "he-IL", "zh-Hant": "zh-TW"}


def locale_for(code: str) -> str:
    """The CSL locale for a cvkit locale (dates, "and", "et al." in the style)."""
    from citeproc import LOCALES_PATH

    for name in (_CSL_LOCALES.get(code, ""), code, _CSL_LOCALES.get(code.split("-")[0], "")):
        if name and Path(LOCALES_PATH, f"locales-{name}.xml").is_file():
            return name
    return "en-US"


@lru_cache(maxsize=8)
def load(path: Path, locale: str) -> Style:
    return Style(path, locale)


# -- the profile's paper as CSL-JSON ---------------------------------------------------------


def _name(author: Author, index: int, marked: bool) -> dict[str, str]:
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(_PRIVATE.sub("", author.name), strict=False)
    family = " ".join(parts.last)
    if not family:
        return {"literal": author.name}
    name = {"family": f"{chr(_NAME + index)}{family}{_NAME_END}" if marked else family}
    if parts.first:
        name["given"] = " ".join(parts.first)
    if parts.von:
        name["non-dropping-particle"] = " ".join(parts.von)
    if parts.jr:
        name["suffix"] = " ".join(parts.jr)
    return name


def _title(pub: m.Publication) -> tuple[str, list[Math]]:
    """The title's text, each formula in it standing as one private character."""
    formulas: list[Math] = []
    out = []
    for node in richtext.parse_title(pub.title):
        if isinstance(node, Math):
            out.append(chr(_FORMULA + len(formulas)))
            formulas.append(node)
        else:
            out.append(_PRIVATE.sub("", richtext.plain((node,))))
    return "".join(out), formulas


def item(entry: Entry, style: Style, marked: bool = True) -> tuple[dict[str, Any], list[Math]]:
    """The paper as CSL-JSON; ``marked`` wraps the names cvkit draws its own way (never
    for sorting: the marks would sort those names last)."""
    pub = entry.pub
    title, formulas = _title(pub)
    data: dict[str, Any] = {"id": "p", "type": KINDS.get(pub.kind, "document"), "title": title}
    people = [a for a in entry.authors if not a.is_et_al]
    # The last author is marked too: "others" may need its et al. after that name.
    names = [_name(a, i, marked and (a.is_owner or bool(a.marks) or i == len(people) - 1))
             for i, a in enumerate(people)]
    if len(people) < len(entry.authors) and style.et_al_first and not style.et_al_last \
            and style.et_al_first <= len(names):
        # "others": enough unnamed authors that the style's own et-al rule applies.
        names += [{"family": "\u2063"}] * max(0, style.et_al_min - len(names))
    if names:
        data["author"] = names
    if pub.venue:
        data["publisher" if pub.kind in ("thesis", "report", "other") else "container-title"] \
            = pub.venue
    for key, value in (("volume", pub.volume), ("issue", pub.issue), ("page", pub.pages),
                       ("DOI", pub.doi), ("URL", pub.url)):
        if value:
            data[key] = value
    if pub.publisher and "publisher" not in data:
        data["publisher"] = pub.publisher
    if pub.arxiv:
        # A word joiner first: citeproc-py capitalises the first letter of a name CSL
        # leaves alone when it is not all lower case (arXiv); the joiner is taken out after.
        data.setdefault("publisher", "\u2060arXiv")
        data["number"] = f"\u2060arXiv:{pub.arxiv}"
        data.setdefault("URL", arxiv_url(pub.arxiv))
    if pub.kind == "thesis":
        data["genre"] = "Doctoral dissertation"
    if pub.date is not None and pub.date.year:
        data["issued"] = {"date-parts": [[p for p in (pub.date.year, pub.date.month,
                                                      pub.date.day) if p]]}
    if pub.status in ("accepted", "in press"):
        data["status"] = "in press"
    return data, formulas


# -- rendering --------------------------------------------------------------------------------


def _bibliography(style: Style, items: Sequence[dict[str, Any]]) -> Any:
    """The bibliography of ``items``, which get the ids p0, p1, ... in their order."""
    return bibliography(style.processor(), [{**it, "id": f"p{i}"} for i, it in enumerate(items)])


@lru_cache(maxsize=1)
def _cache_kind() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"csl-v1-citeproc-{version('citeproc-py')}"
    except PackageNotFoundError:
        return None


def _entry(key: str) -> str | None:
    """The cache entry's name: the key, and this copy of cvkit's code (which decides how a
    style is read and its text marked)."""
    from ..resources import code_fingerprint

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
    keeps the order given)."""
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
    kind = _cache_kind()
    prepared = []
    for e in entries:
        data, formulas = item(e, style)
        key = json.dumps(["ref", style.digest, style.locale, e.number, data], sort_keys=True)
        prepared.append((data, formulas, key))
    # The whole list is one entry (one read when nothing changed); each reference is one
    # too, so an edit re-renders only the papers it touched.
    whole_key = json.dumps([key for _, _, key in prepared])
    whole = _cached(kind, whole_key)
    made: list[Any] = whole if isinstance(whole, list) and len(whole) == len(entries) \
        and all(isinstance(t, str) for t in whole) else \
        [_cached(kind, key) for _, _, key in prepared]
    missing = [i for i, text in enumerate(made) if not isinstance(text, str)]
    if missing or made is not whole:
        fresh = _render_numbered(style, [(prepared[i][0], entries[i].number)
                                         for i in missing]) if missing else []
        for i, text in zip(missing, fresh, strict=True):
            made[i] = text
            _keep(kind, prepared[i][2], text)
        _keep(kind, whole_key, made)
        place = cache.folder(kind) if kind is not None else None
        if place is not None:
            cache.keep_newest(place, _KEEP)
    from .parts import styled

    term = style.et_al_term
    return [styled(style.punctuated(_substituted_once(str(text), e)), e.authors, e.number,
                   formulas, style.numbered, term)
            for text, e, (_, formulas, _) in zip(made, entries, prepared, strict=True)]


def _substituted_once(text: str, entry: Entry) -> str:
    """A work without authors: the style puts its title in the author's place, and CSL
    suppresses that title where it would come again; citeproc-py prints it twice."""
    if any(not a.is_et_al for a in entry.authors):
        return text
    sentences = re.split(r"(?<=[.\u201d])\s+", text)
    first = _PRIVATE.sub("", sentences[0]).strip()
    kept = [s for i, s in enumerate(sentences) if i == 0 or _PRIVATE.sub("", s).strip() != first]
    return " ".join(kept)


# citeproc-py numbers a reference by the place of its key in ``bibliography.keys`` (not a
# documented interface): setting the keys numbers references without rendering the ones
# before them. Checked on every use; False, or a citeproc that numbers otherwise, takes the
# public path, which gives the same text.
KEYED_NUMBERS = True


def _render_numbered(style: Style, items: list[tuple[dict[str, Any], int]]) -> list[str]:
    """One bibliography for every reference not in the cache, each with its own number."""
    made = _bibliography(style, [data for data, _ in items])
    if not style.numbered:
        return [str(text) for text in made.bibliography()]
    if KEYED_NUMBERS:
        places = [f"gap{j}" for j in range(max(number for _, number in items))]
        for i, (_, number) in enumerate(items):
            places[number - 1] = f"p{i}"
        made.keys = places
        if [cited.number for cited in made.items] == [number for _, number in items]:
            return [str(text) for text in made.bibliography()]
    return [_after_placeholders(style, data, number) for data, number in items]


def _after_placeholders(style: Style, data: dict[str, Any], number: int) -> str:
    """The public way to number a reference N: render it after N-1 other references."""
    placeholder = {"type": "document", "title": "x"}
    return str(_bibliography(style, [*[placeholder] * (number - 1), data]).bibliography()[-1])
