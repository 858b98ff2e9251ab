"""WeasyPrint through its public API, and the guarded shortcuts past it.

Every shortcut cvkit takes through a name WeasyPrint (or cffi) keeps private must write the
bytes the public path writes, and must give way to it where the name is missing or changed:
here each is removed in turn, on whichever WeasyPrint is installed (CI runs this file under
the oldest and the newest declared major).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from cvkit.build.api import ExportOptions, render
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES, ROOT
from .test_contract import extract_text, normalise

pytest.importorskip("pypdf")
THEMES = sorted(p.name for p in (ROOT / "themes").iterdir())
EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"


def _clear_caches() -> None:
    from cvkit.exporters import weasy

    for cached in (weasy._print_stylesheet, weasy._print_html_class, weasy._tree_input_fits,
                   weasy._read_fixed_c_types, weasy._array_types):
        cached.cache_clear()


@pytest.fixture
def fresh_shortcuts() -> Iterator[None]:
    """Each shortcut looked up again, before and after the test (a test may remove one)."""
    _clear_caches()
    yield
    _clear_caches()


def _pdf(path: Path, theme: str = "academic") -> bytes:
    return render(load_profile(path), "pdf", ExportOptions(theme=theme), path.parent).data


@pytest.mark.parametrize("theme", THEMES)
def test_the_public_path_writes_the_same_bytes(theme: str, fresh_shortcuts: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every design: the PDF with the shortcuts, and through WeasyPrint's public API alone."""
    from cvkit.exporters import weasy

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    weasy.warm()
    quick = _pdf(EXAMPLE, theme)
    monkeypatch.setattr(weasy, "shortcuts", False)
    assert _pdf(EXAMPLE, theme) == quick


def _removals() -> dict[str, Callable[[pytest.MonkeyPatch], None]]:
    import weasyprint
    import weasyprint.html

    def no_ua(monkeypatch: pytest.MonkeyPatch) -> None:
        for prefix in ("", "HTML5_"):
            for name in ("UA_STYLESHEET", "UA", "UA_COUNTER_STYLE"):
                monkeypatch.delattr(weasyprint.html, prefix + name, raising=False)

    def changed_ua_method(monkeypatch: pytest.MonkeyPatch) -> None:
        original = weasyprint.HTML._ua_stylesheets

        def _ua_stylesheets(self: object, forms: bool = False, extra: object = None) -> object:
            return tuple(original(self, forms))  # another shape: not a list
        monkeypatch.setattr(weasyprint.HTML, "_ua_stylesheets", _ua_stylesheets)

    def more_fields(monkeypatch: pytest.MonkeyPatch) -> None:
        original = weasyprint.HTML.__init__

        def __init__(self: object, *args: object, **kwargs: object) -> None:
            original(self, *args, **kwargs)
            self.extra_field = 1  # type: ignore[attr-defined]
        monkeypatch.setattr(weasyprint.HTML, "__init__", __init__)

    def other_cffi(monkeypatch: pytest.MonkeyPatch) -> None:
        from collections import UserDict

        from weasyprint.text.ffi import ffi

        # A cffi that keeps its parsed types in another mapping.
        monkeypatch.setattr(ffi, "_parsed_types", UserDict(dict(ffi._parsed_types)))

    def other_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
        # A WeasyPrint whose constructor finds the base URL otherwise (here: ignoring <base>)
        # than cvkit's reading of the HTML rule does.
        monkeypatch.setattr(weasyprint, "_find_base_url", lambda document, given: given)

    return {
        "UA stylesheet": no_ua,
        "HTML._ua_stylesheets changed": changed_ua_method,
        "HTML sets another field": more_fields,
        "cssselect2 matcher": lambda mp: mp.setattr(
            "cvkit.exporters.weasy._narrowed", lambda sheet: 1 / 0),
        "cffi internals": other_cffi,
        "another base URL": other_base_url,
    }


@pytest.mark.parametrize("removed", ["UA stylesheet",
                                     "HTML._ua_stylesheets changed",
                                     "HTML sets another field", "cssselect2 matcher",
                                     "cffi internals", "another base URL"])
def test_a_missing_private_name_takes_the_public_path(removed: str, fresh_shortcuts: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A WeasyPrint (or cffi) without a name a shortcut uses, or with it changed: the export
    neither fails nor warns, and writes the bytes of the public path."""
    from cvkit.exporters import weasy

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with monkeypatch.context() as public:
        public.setattr(weasy, "shortcuts", False)
        expected = _pdf(EXAMPLE)
    _removals()[removed](monkeypatch)
    weasy.warm()
    artifact = render(load_profile(EXAMPLE), "pdf", base_dir=EXAMPLE.parent)
    assert artifact.data == expected
    assert not [w for w in artifact.warnings if "WeasyPrint" in w]


def test_the_shortcuts_are_taken_where_weasyprint_allows(fresh_shortcuts: None) -> None:
    """On every declared WeasyPrint the shortcuts do apply (a test above could otherwise pass
    with every shortcut silently off)."""
    from cvkit.exporters import weasy

    weasy.warm()
    page_class = weasy._print_html_class()
    assert page_class is not None
    html = ("<html><head><meta charset='utf-8'/></head><body><p>x</p></body></html>")
    page = weasy.html_document(html, url_fetcher=lambda url: {})
    assert type(page) is page_class
    assert weasy._tree_input_fits(page_class)


@pytest.mark.parametrize("css, expected", [
    ("", ["first", "second", "1.", "2.", "seethe note"]),
    (".n { float: footnote }", ["first", "second", "1.", "2.", "see1", "1. the note"]),
])
def test_narrowed_user_agent_stylesheet_keeps_markers_and_footnotes(css: str,
                                                                     expected: list[str]) -> None:
    """cvkit gives WeasyPrint a user-agent stylesheet whose marker rule names list items only
    and which drops the footnote and note rules (six pseudo-element styles per element, most
    of the style work for a long CV); a page whose CSS uses footnotes gets the full one."""
    from cvkit.exporters import weasy

    html = (f"<html><head><style>{css}</style></head><body><ol><li>first</li>"
            "<li>second</li></ol><p>see<span class='n'>the note</span></p></body></html>")
    document = weasy.html_document(html)
    assert (type(document).__name__ == "PrintHTML") == (not css)
    # Only the page's styles decide: a paper about footnotes is still a page without them.
    titled = weasy.html_document("<html><body><p>On footnotes and float: note</p></body></html>")
    assert type(titled).__name__ == "PrintHTML"
    linked = weasy.html_document('<html><head><link rel="stylesheet" href="x.css"></head></html>')
    assert type(linked).__name__ != "PrintHTML"
    pdf = document.render(font_config=weasy.font_config()).write_pdf()
    text = normalise(extract_text("pdf", pdf))
    for piece in expected:
        assert piece in text


def test_array_c_types_are_made_without_parsing_and_change_nothing() -> None:
    """While a PDF is laid out and written, an array type WeasyPrint names for a new size is
    made from its element type (no pycparser reading), and the PDF is byte for byte the one
    cffi's own reading gives. After the export cffi's own mapping is back, the same object,
    holding the types the export met."""
    script = (
        "import hashlib, re, sys\n"
        "from cvkit.exporters import weasy\n"
        "from cvkit.build.api import render\n"
        "from cvkit.profile.load import load_profile\n"
        "weasy.shortcuts = sys.argv[1] == 'quick'\n"
        "weasy.warm()\n"
        "from weasyprint.text.ffi import ffi\n"
        "own = ffi._parsed_types\n"
        "read = []\n"
        "typeof_locked = ffi._typeof_locked\n"
        "ffi._typeof_locked = lambda cdecl: read.append(cdecl) or typeof_locked(cdecl)\n"
        f"data = render(load_profile({str(EXAMPLE)!r}), 'pdf', "
        f"base_dir=__import__('pathlib').Path({str(EXAMPLE.parent)!r})).data\n"
        "assert ffi._parsed_types is own and type(own) is dict\n"
        "arrays = [c for c in read if re.fullmatch(r'.*\\[\\d+\\]', c)]\n"
        "print(len(arrays), hashlib.sha256(data).hexdigest())\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "CVKIT_NO_CACHE": "1"}
    runs = {}
    for mode in ("quick", "plain"):
        done = subprocess.run([sys.executable, "-c", script, mode], capture_output=True,
                              text=True, env=env)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        runs[mode] = done.stdout.split()
    assert runs["quick"][0] == "0" and int(runs["plain"][0]) > 0
    assert runs["quick"][1] == runs["plain"][1]


def test_quick_c_types_are_undone_when_the_block_ends() -> None:
    """The mapping is cffi's own again after the block, even one left by an error."""
    from cvkit.exporters import weasy

    weasy.warm()
    from weasyprint.text.ffi import ffi

    own = ffi._parsed_types
    with pytest.raises(RuntimeError), weasy.quick_c_types():
        assert ffi._parsed_types is not own
        assert ffi.sizeof(ffi.typeof("hb_codepoint_t[4321]")) == 4 * 4321
        raise RuntimeError("a layout that failed")
    assert ffi._parsed_types is own and "hb_codepoint_t[4321]" in own


@pytest.mark.parametrize("profile", ["examples/weilin-cai.yaml", "tests/fixtures/math.yaml",
                                     "tests/fixtures/arabic.yaml"])
def test_print_html_read_as_xml_gives_the_same_pdf(profile: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """cvkit's print HTML is read by expat (C) rather than WeasyPrint's HTML5 parser (pure
    Python, 250 ms for 300 papers); the PDF is byte for byte the same either way, formulas
    (inline SVG), tables and right-to-left text included."""
    from cvkit.exporters import weasy

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    loaded = load_profile(ROOT / profile)
    read_as_xml = render(loaded, "pdf", base_dir=(ROOT / profile).parent).data
    monkeypatch.setattr(weasy, "_xml_tree", lambda html: None)
    assert render(loaded, "pdf", base_dir=(ROOT / profile).parent).data == read_as_xml


def test_a_page_that_is_not_xml_is_read_as_html() -> None:
    """A user's own template need not be well-formed XML: WeasyPrint's parser reads it."""
    from cvkit.exporters import weasy

    loose = "<!DOCTYPE html><html><body><p>one<p>two <b>bold</body></html>"
    assert weasy._xml_tree(loose) is None
    text = normalise(extract_text("pdf", weasy.html_document(loose).render(
        font_config=weasy.font_config()).write_pdf()))
    assert "one" in text and "two bold" in text
    strict = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
              "<body><p>a<br>b</p></body></html>")
    assert weasy._xml_tree(strict) is not None


_XMLNS = "{http://www.w3.org/2000/xmlns/}"


def _tree(element: object) -> list[tuple[object, ...]]:
    """Tags, attributes and text of an element tree, whitespace-only text left out, and the
    namespace declarations too (an XML reader applies them; the HTML5 one also keeps them as
    attributes of the formula's <svg>)."""
    attributes = sorted((k, v) for k, v in element.attrib.items()  # type: ignore[attr-defined]
                        if not k.startswith(_XMLNS))
    out = [(element.tag, attributes,  # type: ignore[attr-defined]
            (element.text or "").strip(), (element.tail or "").strip())]  # type: ignore[attr-defined]
    for child in element:  # type: ignore[attr-defined]
        out += _tree(child)
    return out


@pytest.mark.parametrize("path", [*EXAMPLES, ROOT / "tests" / "fixtures" / "math.yaml",
                                  ROOT / "tests" / "fixtures" / "arabic.yaml"],
                         ids=lambda p: p.stem)
def test_expat_reads_every_print_page_as_the_html5_parser_does(path: Path) -> None:
    """The XML reading is only a faster parser: for every example in every design, the tree
    equals the one WeasyPrint's own HTML5 parser (tinyhtml5) builds from the same page."""
    import tinyhtml5

    from cvkit.exporters import RenderContext, weasy
    from cvkit.exporters.pdf import print_html
    from cvkit.view import build_document

    doc = build_document(load_profile(path))
    for theme in sorted(p.name for p in (ROOT / "themes").iterdir()):
        html = print_html(doc, RenderContext(theme=theme, base_dir=path.parent),
                          "academic").html
        read = weasy._xml_tree(html)
        assert read is not None, theme
        assert _tree(read) == _tree(tinyhtml5.parse(html, namespace_html_elements=False)), theme


def test_the_narrowed_stylesheet_is_the_same_either_way() -> None:
    """Narrowed in cssselect2's index, or (where its internals differ) by reading WeasyPrint's
    stylesheet text again: the same rules under the same selectors."""
    from cvkit.exporters import weasy

    def shape(sheet: object) -> dict[str, object]:
        matcher = sheet.matcher  # type: ignore[attr-defined]
        pseudo = sorted(str(entry[3]) for entry in matcher.other_selectors)
        by_name = {name: sorted(str(entry[3]) for entry in entries)
                   for name, entries in matcher.lower_local_name_selectors.items()}
        return {"universal": pseudo, "by_name": by_name}

    weasy.weasyprint()
    names = weasy._ua_names()
    assert names is not None  # every declared WeasyPrint has them, under one of two names
    sheet, text, counter_style = names
    in_index = shape(weasy._narrowed(sheet))
    reparsed = shape(weasy._narrowed_by_parsing(text, counter_style))
    assert in_index == reparsed
    assert "marker" not in in_index["universal"]  # type: ignore[operator]
    assert "marker" in in_index["by_name"]["li"]  # type: ignore[index]
    assert not {"footnote-call", "note-call"} & set(in_index["universal"])  # type: ignore[arg-type]


_IMPORT_AND_EXPORT = """
import ctypes.util, hashlib, sys
original = ctypes.util.find_library
if sys.argv[1] == "soname fails":
    # The shortcut failing as it would where a library loads only by the path find_library
    # gives: every library WeasyPrint opens while find_library is not the original.
    import cffi
    dlopen = cffi.FFI.dlopen
    def refusing(self, name, *args, **kwargs):
        if ctypes.util.find_library is not original:
            print("refused", file=sys.__stdout__, flush=True)
            raise OSError("cannot load library " + repr(name))
        return dlopen(self, name, *args, **kwargs)
    cffi.FFI.dlopen = refusing
from cvkit.exporters import weasy
from cvkit.build.api import render
from cvkit.profile.load import load_profile
weasy.shortcuts = sys.argv[1] != "public"
weasy.weasyprint()
assert ctypes.util.find_library is original, "after the import"
data = render(load_profile(sys.argv[2]), "pdf").data
assert ctypes.util.find_library is original, "after the export"
print(hashlib.sha256(data).hexdigest())
"""


def test_find_library_answers_quickly_only_during_the_import_and_the_bytes_are_the_same() \
        -> None:
    """WeasyPrint imported with ``find_library`` answering "not found" (the shortcut), the
    ordinary way, and with the shortcut failing (retried the ordinary way): the same PDF, no
    word on stderr, and ``ctypes.util.find_library`` the original after the import and after
    the export."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    runs = {mode: subprocess.run([sys.executable, "-c", _IMPORT_AND_EXPORT, mode,
                                  str(EXAMPLE)], capture_output=True, text=True, env=env)
            for mode in ("quick", "public", "soname fails")}
    for mode, run in runs.items():
        assert run.returncode == 0 and run.stderr == "", (mode, run.stderr)
    # The shortcut did fail (every name refused) and the ordinary import followed.
    assert runs["soname fails"].stdout.startswith("refused\n")
    digests = {run.stdout.split()[-1] for run in runs.values()}
    assert len(digests) == 1 and runs["quick"].stdout.split() == [*digests]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's")
def test_find_library_is_short_only_for_the_importing_thread(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Another thread asking ``find_library`` while WeasyPrint is imported gets the real
    answer, and what it prints is printed; what the importing thread prints is held back.
    The originals are back when the block ends, even by an error."""
    import ctypes.util
    import threading

    from cvkit.exporters import weasy

    original, stdout = ctypes.util.find_library, sys.stdout
    real = original("c")
    elsewhere: list[str | None] = []

    def other_thread() -> None:
        elsewhere.append(ctypes.util.find_library("c"))
        print("from another thread")

    with pytest.raises(OSError), weasy._libraries_by_soname() as held:
        assert ctypes.util.find_library("c") is None
        print("WeasyPrint's advice")
        other = threading.Thread(target=other_thread)
        other.start()
        other.join()
        raise OSError("a failed import")
    assert elsewhere == [real] and "".join(held) == "WeasyPrint's advice\n"
    assert ctypes.util.find_library is original and sys.stdout is stdout
    assert capsys.readouterr().out == "from another thread\n"


def test_pdf_variants_without_weasyprints_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--pdf-variant`` is checked against ``weasyprint.pdf.VARIANTS`` where WeasyPrint has
    that list; without it, the same PDF, and an unknown variant is still one clear error."""
    import weasyprint

    from cvkit.exporters import weasy
    from cvkit.support.errors import ExportError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    profile = load_profile(ROOT / "examples" / "minimal.yaml")

    def export(variant: str) -> bytes:
        return render(profile, "pdf", ExportOptions(pdf_variant=variant),
                      base_dir=EXAMPLE.parent).data

    assert weasy.pdf_variants() is not None and "pdf/a-3b" in weasy.pdf_variants()  # type: ignore[operator]
    listed = export("pdf/a-3b")
    with pytest.raises(ExportError, match="unknown PDF variant 'pdf/z-9'; choose tagged or one of"):
        export("pdf/z-9")
    # What cvkit reads as weasyprint.pdf without the list, or with it in another shape;
    # WeasyPrint's own code keeps the names it imported.
    for module in (SimpleNamespace(), SimpleNamespace(VARIANTS={}),
                   SimpleNamespace(VARIANTS=["pdf/a-3b"])):
        with monkeypatch.context() as changed:
            changed.setattr(weasyprint, "pdf", module)
            assert weasy.pdf_variants() is None
            assert export("pdf/a-3b") == listed
            with pytest.raises(ExportError, match="unknown PDF variant 'pdf/z-9'; choose tagged"):
                export("pdf/z-9")
