"""Importing WeasyPrint fast, and the one FontConfiguration a process shares.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several library names
per platform. Each name that is not a file makes cffi call ``ctypes.util.find_library``,
which on Linux spawns ``ldconfig``/``gcc`` subprocesses: about 0.2 s of a 0.5 s import. Every
list also names the plain soname (``libpango-1.0.so.0``), which loads directly, so during
the import we answer "not found" at once. Should that ever fail, the import is retried the
ordinary way.
"""

from __future__ import annotations

import ctypes.util
import re
import sys
from functools import lru_cache
from types import ModuleType
from typing import Any


@lru_cache(maxsize=1)
def weasyprint() -> ModuleType:
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    original = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = lambda name: None
    try:
        import weasyprint as module
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint as module
    finally:
        ctypes.util.find_library = original
    loaded: ModuleType = module
    return loaded


@lru_cache(maxsize=1)
def font_config() -> Any:
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# WeasyPrint's user-agent stylesheet gives `::marker`, `::footnote-*` and `::note-*` rules to
# every element, so it computes six pseudo-element styles per element whether or not a list
# item, footnote or note is there: for 300 papers, 24,696 of 29,185 computed styles. cvkit's
# print HTML has markers only on list items and uses neither footnotes nor notes.
_EVERY_ELEMENT_PSEUDO = ("::footnote-call ", "::footnote-marker ", "::note-call ",
                         "::note-marker ", "::note-callback ")
# What a theme would write to use what the narrowed stylesheet leaves out.
_NEEDS_FULL_STYLESHEET = ("footnote", "note-call", "note-marker", "note-callback",
                          "float: note", "list-item;", "list-item }", "list-item}")


@lru_cache(maxsize=1)
def _print_stylesheet() -> Any:
    weasyprint()
    from weasyprint.html import UA_STYLESHEET

    try:
        return _narrowed(UA_STYLESHEET)
    except (AttributeError, TypeError, ValueError):
        return _narrowed_by_parsing()  # another cssselect2: read the text again (~20 ms)


def _narrowed(sheet: Any) -> Any:
    """WeasyPrint's parsed stylesheet with the rules moved or dropped in its selector index
    (cssselect2's Matcher), which costs nothing, where parsing the text again costs ~20 ms.
    Entries are (test, specificity, order, pseudo-element, declarations)."""
    import copy

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


def _narrowed_by_parsing() -> Any:
    from weasyprint import CSS
    from weasyprint.html import UA, UA_COUNTER_STYLE

    # The counter styles are in UA_COUNTER_STYLE already (WeasyPrint read them with the
    # whole stylesheet); read again, each would be a "redefined" warning.
    lines = [line.replace("::marker {", "li::marker, summary::marker {", 1)
             if line.startswith("::marker {") else line
             for line in UA.splitlines()
             if not line.startswith((*_EVERY_ELEMENT_PSEUDO, "@counter-style "))]
    return CSS(string="\n".join(lines), counter_style=UA_COUNTER_STYLE)


def warm() -> None:
    """Everything a PDF needs before the document: the library, the fonts, the stylesheet,
    the C types WeasyPrint asks cffi for."""
    font_config()
    _print_stylesheet()
    _quick_c_types()


# cffi reads each C type named by a new string with pycparser, ~2 ms a string, and WeasyPrint
# names a new one for every array size it allocates (`hb_codepoint_t[2651]` when subsetting a
# font): 17 readings for a two-page CV. An array type is made from its element's pointer type
# without reading anything; the fixed names are read while warming, before the document.
_ARRAY_TYPE = re.compile(r"([A-Za-z_][A-Za-z0-9_ ]*?)\s*\[(\d+)\]")
_FIXED_TYPES = ("char[]", "PangoRectangle *", "PangoLogAttr[]", "unsigned int *", "char[4]",
                "hb_tag_t[100]", "hb_codepoint_t *")


@lru_cache(maxsize=1)
def _quick_c_types() -> None:
    weasyprint()
    from weasyprint.text.ffi import ffi

    known = getattr(ffi, "_parsed_types", None)
    if type(known) is not dict or not hasattr(ffi._backend, "new_array_type"):
        return  # another cffi: it reads every type itself, as before

    class ParsedTypes(dict[Any, Any]):
        def __missing__(self, cdecl: Any) -> Any:
            match = _ARRAY_TYPE.fullmatch(cdecl) if isinstance(cdecl, str) else None
            if match is None:
                raise KeyError(cdecl)  # cffi reads it
            pointer = ffi.typeof(f"{match[1]} *")
            self[cdecl] = (ffi._backend.new_array_type(pointer, int(match[2])), False)
            return self[cdecl]

    ffi._parsed_types = ParsedTypes(known)
    for name in _FIXED_TYPES:
        try:
            ffi.typeof(name)
        except Exception:  # noqa: BLE001, S112 - a type this WeasyPrint does not declare
            continue


def html_document(html: str, **kwargs: Any) -> Any:
    """``weasyprint.HTML(string=html)``, with the narrowed user-agent stylesheet unless the
    page's styles ask for footnotes, notes or list-item display (or are in a linked file,
    which is not read here), and read as XML when it is well-formed."""
    module = weasyprint()
    if _needs_full_stylesheet(html):
        return module.HTML(string=html, **kwargs)
    page = _print_html_class()
    root = _xml_tree(html)
    if root is not None and _tree_input_fits(page):
        return page.from_tree(root, **kwargs)  # type: ignore[attr-defined]
    return page(string=html, **kwargs)


# HTML's void elements, closed so that the page reads as XML.
_VOID = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b"
                   r"([^>]*?)\s*/?>", re.I)


def _xml_tree(html: str) -> Any:
    """The page's element tree read by expat (C), or None when it is not well-formed XML
    (a user's own template may not be). cvkit's print HTML is well-formed once its void
    elements are closed, and gives the tree WeasyPrint's HTML5 parser (tinyhtml5, pure
    Python) gives: that parser took 250 ms of 300 papers' 3 s; expat takes 8."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(_VOID.sub(r"<\1\2/>", html))
    except ElementTree.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return None  # HTML5 parsing would add or move elements: let it
    return root


@lru_cache(maxsize=1)
def _tree_input_fits(page: type) -> bool:
    """``from_tree`` sets what WeasyPrint's own constructor sets; another WeasyPrint that
    sets more is given the text instead."""
    made = page(string="<p></p>")
    return set(vars(made)) == {"base_url", "url_fetcher", "media_type", "wrapper_element",
                               "etree_element"}


_STYLES = re.compile(r"<style[^>]*>(.*?)</style>|\sstyle=\"([^\"]*)\"", re.S | re.I)


def _needs_full_stylesheet(html: str) -> bool:
    if re.search(r"<link[^>]+stylesheet", html, re.I):
        return True
    styles = " ".join(a or b for a, b in _STYLES.findall(html))
    return any(word in styles for word in _NEEDS_FULL_STYLESHEET)


@lru_cache(maxsize=1)
def _print_html_class() -> type:
    module = weasyprint()

    class PrintHTML(module.HTML):  # type: ignore[misc,name-defined]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            sheets = super()._ua_stylesheets(forms)
            return [_print_stylesheet(), *sheets[1:]]

        @classmethod
        def from_tree(cls, root: Any, base_url: str | None = None,
                      url_fetcher: Any = None, media_type: str = "print") -> Any:
            """The document for an element tree already read (see ``_xml_tree``)."""
            import cssselect2  # type: ignore[import-untyped]
            from weasyprint import _find_base_url
            from weasyprint.urls import URLFetcher

            page = cls.__new__(cls)
            page.base_url = _find_base_url(root, base_url)
            page.url_fetcher = url_fetcher if url_fetcher is not None else URLFetcher()
            page.media_type = media_type
            page.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None)
            page.etree_element = page.wrapper_element.etree_element
            return page

    return PrintHTML
