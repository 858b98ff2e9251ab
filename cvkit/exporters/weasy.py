"""Importing WeasyPrint fast, and the one FontConfiguration a process shares.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several library names
per platform. Each name that is not a file makes cffi call ``ctypes.util.find_library``,
which on Linux spawns ``ldconfig``/``gcc`` subprocesses: a large share of the import. Every
list also names the plain soname (``libpango-1.0.so.0``), which loads directly, so during
the import, and to the importing thread alone, ``find_library`` answers "not found" at once
(``_libraries_by_soname``); the original is back when the import returns. Should the import
fail that way, it is retried the ordinary way.
"""

from __future__ import annotations

import copy
import ctypes.util
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from functools import lru_cache
from types import ModuleType
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

# Switched off by tests (and by nothing else) to import and render through WeasyPrint's public
# API alone.
shortcuts = True


class _HeldBack:
    """Standard output, where what one thread writes is held back (in ``held``)."""

    def __init__(self, stream: Any, thread: int) -> None:
        self.stream, self.thread, self.held = stream, thread, list[str]()

    def write(self, text: str) -> int:
        if threading.get_ident() != self.thread:
            return int(self.stream.write(text))
        self.held.append(text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def _libraries_by_soname() -> Iterator[list[str]]:
    """For the block, ``ctypes.util.find_library`` answers "not found" to this thread (any
    other thread gets the real answer), and what this thread prints is held back in the list
    given (WeasyPrint prints its installation advice before the OSError of a library it
    could not open); the originals are put back however the block ends."""
    if not sys.platform.startswith("linux") or sys.stdout is None:
        yield []
        return
    original = ctypes.util.find_library
    importing = threading.get_ident()

    def find_library(name: str) -> str | None:
        return None if threading.get_ident() == importing else original(name)

    output = _HeldBack(sys.stdout, importing)
    ctypes.util.find_library = find_library
    try:
        with redirect_stdout(output):
            yield output.held
    finally:
        ctypes.util.find_library = original


@lru_cache(maxsize=1)
def weasyprint() -> ModuleType:
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    if shortcuts:
        try:
            with _libraries_by_soname() as printed:
                import weasyprint as quick
        except OSError:  # a library only find_library finds: the ordinary import, which
            # prints WeasyPrint's advice should it fail too
            for name in [m for m in sys.modules
                         if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
        else:
            if printed:
                sys.stdout.write("".join(printed))
            loaded: ModuleType = quick
            return loaded
    import weasyprint as module

    loaded = module
    return loaded


@lru_cache(maxsize=1)
def font_config() -> Any:
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Every use of a name WeasyPrint (or cffi) keeps private is a shortcut to the bytes its public
# API writes: each is checked before use and skipped where it is missing or looks otherwise,
# so any WeasyPrint in the declared range renders the same PDF, only slower. Tests remove
# each one in turn and compare the bytes (tests/exporters/test_weasy.py).
#
# WeasyPrint's user-agent stylesheet gives `::marker`, `::footnote-*` and `::note-*` rules to
# every element, so it computes six pseudo-element styles per element whether or not a list
# item, footnote or note is there: for 300 papers, 24,696 of 29,185 computed styles. cvkit's
# print HTML has markers only on list items and uses neither footnotes nor notes.
_EVERY_ELEMENT_PSEUDO = ("::footnote-call ", "::footnote-marker ", "::note-call ",
                         "::note-marker ", "::note-callback ")
# What a theme would write to use what the narrowed stylesheet leaves out.
_NEEDS_FULL_STYLESHEET = ("footnote", "note-call", "note-marker", "note-callback",
                          "float: note", "list-item;", "list-item }", "list-item}")
# The user-agent stylesheet's names: WeasyPrint 70 dropped the ``HTML5_`` prefix.
_UA_PREFIXES = ("", "HTML5_")



def _ua_names() -> tuple[Any, str, Any] | None:
    """WeasyPrint's parsed user-agent stylesheet, its text and its counter styles."""
    html = sys.modules.get("weasyprint.html")
    for prefix in _UA_PREFIXES:
        found = [getattr(html, prefix + name, None)
                 for name in ("UA_STYLESHEET", "UA", "UA_COUNTER_STYLE")]
        if all(v is not None for v in found) and isinstance(found[1], str):
            return found[0], found[1], found[2]
    return None


@lru_cache(maxsize=1)
def _print_stylesheet() -> tuple[Any, Any] | None:
    """(WeasyPrint's stylesheet, the narrowed one), or None where they cannot be had."""
    weasyprint()
    names = _ua_names()
    if names is None:
        return None
    sheet, text, counter_style = names
    try:
        return sheet, _narrowed(sheet)
    except Exception:  # noqa: BLE001 - another cssselect2: its index is read otherwise
        pass
    try:
        return sheet, _narrowed_by_parsing(text, counter_style)  # another cssselect2: slower
    except Exception:  # noqa: BLE001 - any surprise: the public path
        return None


def _narrowed(sheet: Any) -> Any:
    """WeasyPrint's parsed stylesheet with the rules moved or dropped in its selector index
    (cssselect2's Matcher), which costs nothing, where parsing the text again costs time.
    Entries are (test, specificity, order, pseudo-element, declarations)."""
    matcher = copy.copy(sheet.matcher)
    dropped = {name.strip(": ") for name in _EVERY_ELEMENT_PSEUDO}
    universal = list(matcher.other_selectors)
    if any(len(entry) != 5 for entry in universal):
        raise ValueError("unknown cssselect2 matcher entries")
    markers = [entry for entry in universal if entry[3] == "marker"]
    matcher.other_selectors = [entry for entry in universal
                               if entry[3] not in dropped and entry[3] != "marker"]
    by_name = {name: list(entries)
               for name, entries in matcher.lower_local_name_selectors.items()}
    for name in ("li", "summary"):
        by_name.setdefault(name, []).extend(markers)
    matcher.lower_local_name_selectors = by_name
    narrowed = copy.copy(sheet)
    narrowed.matcher = matcher
    return narrowed


def _narrowed_by_parsing(text: str, counter_style: Any) -> Any:
    from weasyprint import CSS

    # The counter styles are in counter_style already (WeasyPrint read them with the whole
    # stylesheet); read again, each would be a "redefined" warning.
    lines = [line.replace("::marker {", "li::marker, summary::marker {", 1)
             if line.startswith("::marker {") else line
             for line in text.splitlines()
             if not line.startswith((*_EVERY_ELEMENT_PSEUDO, "@counter-style "))]
    return CSS(string="\n".join(lines), counter_style=counter_style)


def warm() -> None:
    """Everything a PDF needs before the document: the library, the fonts, the stylesheet,
    the C types WeasyPrint asks cffi for."""
    font_config()
    if shortcuts:
        _print_stylesheet()
        _read_fixed_c_types()
        _array_types()


# cffi reads each C type named by a new string with pycparser, slowly, and WeasyPrint
# names a new one for every array size it allocates (`hb_codepoint_t[2651]` when subsetting a
# font): 17 readings for a two-page CV. An array type is made from its element's pointer type
# without reading anything (``quick_c_types``, for the layout and the writing of one PDF);
# the fixed names are read while warming, before the document.
_ARRAY_TYPE = re.compile(r"([A-Za-z_][A-Za-z0-9_ ]*?)\s*\[(\d+)\]")
_FIXED_TYPES = ("char[]", "PangoRectangle *", "PangoLogAttr[]", "unsigned int *", "char[4]",
                "hb_tag_t[100]", "hb_codepoint_t *")


@lru_cache(maxsize=1)
def _read_fixed_c_types() -> None:
    """cffi reads the names WeasyPrint asks for in every document (``ffi.typeof``, public)."""
    weasyprint()
    try:
        from weasyprint.text.ffi import ffi
    except ImportError:
        return
    for name in _FIXED_TYPES:
        try:
            ffi.typeof(name)
        except Exception:  # noqa: BLE001, S112 - a type this WeasyPrint does not declare
            continue


@lru_cache(maxsize=1)
def _array_types() -> type[dict[Any, Any]] | None:
    """A mapping like cffi's own of the C types it has read (``ffi._parsed_types``, private),
    that makes an array type it has not read from its element type; None where this cffi
    keeps its types otherwise or makes them otherwise."""
    weasyprint()
    try:
        from weasyprint.text.ffi import ffi

        known = getattr(ffi, "_parsed_types", None)
        make = ffi._backend.new_array_type
        # The shortcut must give the very type cffi makes when it reads the name itself.
        if type(known) is not dict or make(ffi.typeof("char *"), 3) is not \
                ffi.typeof("char[3]"):
            return None
    except Exception:  # noqa: BLE001 - another cffi: it reads every type itself, as before
        return None

    class ParsedTypes(dict[Any, Any]):
        def __missing__(self, cdecl: Any) -> Any:
            match = _ARRAY_TYPE.fullmatch(cdecl) if isinstance(cdecl, str) else None
            if match is None:
                raise KeyError(cdecl)  # cffi reads it
            try:
                made = (make(ffi.typeof(f"{match[1]} *"), int(match[2])), False)
            except Exception:  # noqa: BLE001 - cffi reads it, and says what is wrong
                raise KeyError(cdecl) from None
            self[cdecl] = made
            return made

    return ParsedTypes


@contextmanager
def quick_c_types() -> Iterator[None]:
    """For the block (one PDF laid out and written), cffi makes array types without reading
    their names; its own mapping is back when the block ends, holding every type the block
    met, as cffi's own reading would have left it."""
    made = _array_types() if shortcuts else None
    ffi = getattr(sys.modules.get("weasyprint.text.ffi"), "ffi", None)
    original = getattr(ffi, "_parsed_types", None)
    if made is None or type(original) is not dict:  # another cffi, or in a block already
        yield
        return
    quick = made(original)
    ffi._parsed_types = quick  # type: ignore[union-attr]
    try:
        yield
    finally:
        ffi._parsed_types = original  # type: ignore[union-attr]
        original.update(quick)


def html_document(html: str, **kwargs: Any) -> Any:
    """``weasyprint.HTML(string=html)``; where WeasyPrint allows, with the narrowed
    user-agent stylesheet (unless the page's styles ask for footnotes, notes or list-item
    display, or are in a linked file, which is not read here) and read as XML when it is
    well-formed."""
    module = weasyprint()
    page = _print_html_class() if shortcuts and not _needs_full_stylesheet(html) else None
    if page is None:
        return module.HTML(string=html, **kwargs)
    root = _xml_tree(html)
    if root is not None:
        read = _from_tree(page, root, **kwargs)
        if read is not None:
            return read
    return page(string=html, **kwargs)


# HTML's void elements, closed so that the page reads as XML.
_VOID = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b"
                   r"([^>]*?)\s*/?>", re.I)


def _xml_tree(html: str) -> Any:
    """The page's element tree read by expat (C), or None when it is not well-formed XML
    (a user's own template may not be). cvkit's print HTML is well-formed once its void
    elements are closed, and gives the tree WeasyPrint's HTML5 parser (tinyhtml5, pure
    Python) gives, in a small part of that parser's time."""
    try:
        root = ElementTree.fromstring(_VOID.sub(r"<\1\2/>", html))
    except ElementTree.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return None  # HTML5 parsing would add or move elements: let it
    return root


# What WeasyPrint's HTML constructor sets, which ``_from_tree`` sets in its place.
_HTML_FIELDS = {"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"}


def _from_tree(page: Any, root: Any, base_url: str | None = None, url_fetcher: Any = None,
               media_type: str = "print") -> Any:
    """The document for an element tree already read (see ``_xml_tree``), built as
    WeasyPrint's constructor builds it; None where this WeasyPrint builds it otherwise."""
    if url_fetcher is None or not _tree_input_fits(page):
        return None
    try:
        import cssselect2  # type: ignore[import-untyped]

        made = page.__new__(page)
        made.base_url = _base_url(root, base_url)
        made.url_fetcher = url_fetcher
        made.media_type = media_type
        made.wrapper_element = cssselect2.ElementWrapper.from_html_root(
            root, content_language=None)
        made.etree_element = made.wrapper_element.etree_element
    except Exception:  # noqa: BLE001 - renamed or changed: the text goes to the parser
        return None
    return made


def _base_url(root: Any, given: str | None) -> str | None:
    """The document's base URL as HTML defines it: its first ``<base href>``, read against
    the URL given; the URL given where there is none."""
    first = next(iter(root.iter("base")), None)
    href = (first.get("href") or "").strip() if first is not None else ""
    return urljoin(given, href) if href else given


_PROBE = "<html><head><base href='photos/'/></head><body><p></p></body></html>"


@lru_cache(maxsize=1)
def _tree_input_fits(page: type) -> bool:
    """Whether WeasyPrint's own constructor sets exactly what ``_from_tree`` sets, given a
    fetcher (as cvkit always gives one), the base URL included."""
    given = "file:///cv/"
    try:
        made = page(string=_PROBE, base_url=given, url_fetcher=lambda url: {})
    except Exception:  # noqa: BLE001
        return False
    return set(vars(made)) == _HTML_FIELDS and \
        made.base_url == _base_url(_xml_tree(_PROBE), given) == given + "photos/"


_STYLES = re.compile(r"<style[^>]*>(.*?)</style>|\sstyle=\"([^\"]*)\"", re.S | re.I)


def _needs_full_stylesheet(html: str) -> bool:
    if re.search(r"<link[^>]+stylesheet", html, re.I):
        return True
    styles = " ".join(a or b for a, b in _STYLES.findall(html))
    return any(word in styles for word in _NEEDS_FULL_STYLESHEET)


@lru_cache(maxsize=1)
def _print_html_class() -> type | None:
    """``weasyprint.HTML`` giving the narrowed user-agent stylesheet in place of its own, or
    None where this WeasyPrint gives its stylesheets otherwise."""
    module = weasyprint()
    sheets = _print_stylesheet()
    if sheets is None or not callable(getattr(module.HTML, "_ua_stylesheets", None)):
        return None
    full, narrowed = sheets

    class PrintHTML(module.HTML):  # type: ignore[misc,name-defined]
        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> Any:
            given = super()._ua_stylesheets(*args, **kwargs)
            if isinstance(given, list) and given and given[0] is full:
                return [narrowed, *given[1:]]
            return given

    return PrintHTML


def pdf_variants() -> tuple[str, ...] | None:
    """The PDF variants this WeasyPrint writes (``pdf/a-3b``, ``pdf/ua-1`` …), as its own
    command line lists them (``weasyprint.pdf.VARIANTS``, not a documented name); None where
    it keeps them otherwise: the variant then goes to ``write_pdf`` unchecked, and a name it
    does not know is told by its error (``unknown_variant``)."""
    weasyprint()
    try:
        from weasyprint import pdf
    except ImportError:
        return None
    found = getattr(pdf, "VARIANTS", None)
    if not isinstance(found, Mapping) or not found or \
            not all(isinstance(name, str) for name in found):
        return None
    return tuple(name for name in found if name != "debug")


def unknown_variant(error: KeyError, variant: str) -> bool:
    """Whether ``write_pdf``'s KeyError is WeasyPrint not knowing the variant asked for."""
    return error.args == (variant,)
