"""Painting a long PDF's pages in forked children gives the very PDF WeasyPrint writes
alone: compared byte for byte, with and without painting ahead, for every design, every
example, formulas, right-to-left text, and pages a child must leave to this process."""

from __future__ import annotations

import gc
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cvkit.api import ExportOptions, render
from cvkit.exporters import Artifact
from cvkit.load import load_profile

from ..conftest import EXAMPLES, ROOT
from ..longprofile import long_profile

pytest.importorskip("weasyprint")
paint_ahead = pytest.importorskip("cvkit.exporters.paint_ahead")
if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
    pytest.skip("painting ahead needs fork and two cores", allow_module_level=True)

DESIGNS = sorted(p.name for p in (ROOT / "themes").iterdir())


def _both(path: Path, theme: str, monkeypatch: pytest.MonkeyPatch,
          ) -> tuple[bytes, bytes, int]:
    """The PDF painted in one process, then with a child forked after every page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    profile, options = load_profile(path), ExportOptions(theme=theme)
    with monkeypatch.context() as alone:
        alone.setattr(paint_ahead, "available", lambda: False)
        serial = render(profile, "pdf", options, path.parent)
    assert serial.info["painted_ahead"] == 0
    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    ahead = render(profile, "pdf", options, path.parent)
    return serial.data, ahead.data, ahead.info["painted_ahead"]


@pytest.mark.parametrize("theme", DESIGNS)
def test_every_design_paints_ahead_to_the_same_bytes(theme: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    serial, ahead, spliced = _both(ROOT / "examples" / "weilin-cai.yaml", theme, monkeypatch)
    assert ahead == serial
    assert spliced >= 1  # the first page at least came from a child (the last never does)


@pytest.mark.parametrize("path", [*EXAMPLES, ROOT / "tests" / "fixtures" / "math.yaml",
                                  ROOT / "tests" / "fixtures" / "arabic.yaml"],
                         ids=lambda p: p.stem)
def test_every_example_paints_ahead_to_the_same_bytes(path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    serial, ahead, _ = _both(path, "academic", monkeypatch)
    assert ahead == serial


def _long_both(text: str, folder: Path, monkeypatch: pytest.MonkeyPatch,
               ) -> tuple[Artifact, Artifact]:
    """A long profile's PDF as the command makes it (no forcing), then painted alone."""
    path = folder / "long.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    profile = load_profile(path)
    ahead = render(profile, "pdf", base_dir=folder)
    monkeypatch.setattr(paint_ahead, "available", lambda: False)
    return ahead, render(profile, "pdf", base_dir=folder)


def test_a_long_cv_is_painted_ahead_by_itself(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """No forcing: a CV of many pages forks a child every few pages, and the pages children
    painted are most of the document."""
    ahead, serial = _long_both(long_profile(papers=150, positions=10)[0], tmp_path,
                               monkeypatch)
    pages = ahead.info["pages"]
    assert pages >= 10
    assert pages * 0.5 <= ahead.info["painted_ahead"] <= pages
    assert ahead.data == serial.data
    assert gc.get_freeze_count() == 0  # the objects frozen for the forks are collectable again


PAGES = """<!DOCTYPE html><html><head><style>
@page {{ size: A6; @bottom-center {{ content: counter(page) " / " counter(pages) }} }}
section {{ break-after: page }}
p {{ background: #eef; border-radius: 10%; }}
</style></head><body>{}</body></html>"""


def _html_pdf(body: str) -> bytes:
    from cvkit.exporters import weasy

    weasy.warm()
    document = weasy.html_document(PAGES.format(body)).render(font_config=weasy.font_config())
    data: bytes = document.write_pdf()
    return data


def _html_pdf_ahead(body: str) -> tuple[bytes, int]:
    from cvkit.exporters import weasy

    weasy.warm()
    document, plan = paint_ahead.render(weasy.html_document(PAGES.format(body)),
                                        font_config=weasy.font_config())
    return document.write_pdf(), plan.spliced


def _html_pdfs(body: str) -> tuple[bytes, bytes, int]:
    return _html_pdf(body), *_html_pdf_ahead(body)


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(("third", "spliced"), [
    ("<p>plain text</p>", 5),
    ("<p style='opacity: .5'>a transparency group</p>", 4),
    ("<p style='background: linear-gradient(red, blue)'>a gradient</p>", 4),
    ("<p>a glyph no font has: \U000f0000</p>", 4),
    ("<p style='color: color(display-p3 1 0 0)'>a colour WeasyPrint warns about</p>", 4),
])
def test_the_child_leaves_a_page_it_cannot_paint_and_every_page_after(
        third: str, spliced: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """What painting adds beside the stream, the fonts and alpha states (a group, a pattern, a
    missing glyph's stand-in) is not carried over: with a child per page, the third page is
    painted here, the others come from their children, and the PDF is still the same."""
    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    sections = ["<section><p>first page, <b>bold</b> and <i>italic</i></p></section>",
                "<section><p style='color: rgba(0, 0, 200, .6)'>see-through blue</p>"
                "</section>",
                f"<section>{third}</section>", "<section><p>last page</p></section>"]
    with _weasyprint_warnings() as alone:
        serial = _html_pdf("".join(sections) + "<p>the end</p>")
    with _weasyprint_warnings() as warned:
        ahead, count = _html_pdf_ahead("".join(sections) + "<p>the end</p>")
    assert ahead == serial
    assert count == spliced
    assert warned == alone  # each warning once, from the process that painted the page


def test_a_child_that_fails_leaves_every_page_to_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> list[object]:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    monkeypatch.setattr(paint_ahead, "_paint_pages", broken)
    serial, ahead, count = _html_pdfs("<section><p>one</p></section><p>two</p>")
    assert ahead == serial and count == 0
    assert gc.get_freeze_count() == 0


def test_a_layout_that_fails_after_the_fork_leaves_no_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The error is WeasyPrint's own, and the child painting ahead is stopped and reaped."""
    import weasyprint.layout as layout

    from cvkit.exporters import weasy

    weasy.warm()
    paint_ahead.install()
    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    forked: list[tuple[paint_ahead.Plan, int]] = []
    watched = layout.make_all_pages

    def failing(*args: object) -> object:
        for page in watched(*args):  # type: ignore[operator]
            yield page
            if paint_ahead._plan is not None and paint_ahead._plan.children:
                forked.append((paint_ahead._plan, paint_ahead._plan.children[0].pid))
                raise RuntimeError("layout failed")

    monkeypatch.setattr(layout, "make_all_pages", failing)
    html = PAGES.format("<section><p>one</p></section><section><p>two</p></section><p>3</p>")
    with pytest.raises(RuntimeError, match="layout failed"):
        paint_ahead.render(weasy.html_document(html), font_config=weasy.font_config())
    (plan, pid), = forked
    assert plan.children == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped: not even a zombie is left


def test_a_page_whose_stream_state_differs_is_painted_here_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the stream's state at the root context is not the child's, nothing is spliced:
    the root context, with every box, is painted here."""
    from cvkit.exporters import weasy

    state = paint_ahead._state
    monkeypatch.setattr(paint_ahead, "_state", lambda stream: (os.getpid(), state(stream)))
    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    html = PAGES.format("<section><p>one <b>bold</b></p></section>"
                        "<section><p style='position: absolute; top: 3em'>placed</p></section>"
                        "<p>three</p>")
    weasy.warm()
    serial = weasy.html_document(html).render(font_config=weasy.font_config()).write_pdf()
    document, plan = paint_ahead.render(weasy.html_document(html),
                                        font_config=weasy.font_config())
    assert document.write_pdf() == serial
    assert plan.spliced == 0 and len(document.pages) == 3


def test_a_process_with_other_threads_paints_alone() -> None:
    """A fork copies only the calling thread, so with another thread running (`cvkit watch`)
    nothing is forked. (Not asserted after the thread ends: the system may list a joined
    thread a moment longer, which only means one PDF painted in one process.)"""
    import threading

    assert paint_ahead.available()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not paint_ahead.available()
    finally:
        release.set()
        other.join()


def test_a_fork_that_fails_paints_every_page_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """No process to spare (a process limit, no memory): the PDF is made here, the same."""
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    monkeypatch.setattr(paint_ahead.os, "fork", no_fork)
    serial, ahead, count = _html_pdfs("<section><p>one</p></section><p>two</p>")
    assert ahead == serial and count == 0
    assert gc.get_freeze_count() == 0


def test_a_font_whose_first_box_is_not_found_paints_its_page_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A font this process lacks is made from the box the child first used it in; where that
    box cannot be found, the page is painted here, making its fonts as painting does."""
    monkeypatch.setattr(paint_ahead, "CHUNK", 1)
    monkeypatch.setattr(paint_ahead, "MIN_PAGES", 1)
    monkeypatch.setattr(paint_ahead, "_font_of_box", lambda *args: None)
    serial, ahead, count = _html_pdfs("<section><p>one <b>bold</b></p></section>"
                                      "<section><p>two <b>bold</b></p></section><p>3</p>")
    assert ahead == serial
    assert count == 2  # the first page made the fonts here; the other two were spliced


def test_a_long_cv_with_a_photo_and_chinese_names_paints_ahead_to_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real content: the photo makes the first child leave page one here, and co-authors in
    Chinese bring a CJK font in on later pages, made here from a child's box."""
    from base64 import b64decode

    (tmp_path / "me.png").write_bytes(b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
        "rkJggg=="))
    text, _ = long_profile(papers=90, positions=6)
    lines = text.splitlines()
    lines.insert(1, "photo: me.png")
    # The last papers only, so the CJK font is first used on a late page.
    with_chen = [i for i, line in enumerate(lines) if "authors:" in line and "Chen Li" in line]
    for n, i in enumerate(with_chen[-12:]):
        lines[i] = lines[i].replace("Chen Li", ("王小明", "李华", "陈静")[n % 3])
    ahead, serial = _long_both("\n".join(lines) + "\n", tmp_path, monkeypatch)
    assert ahead.data == serial.data
    assert 0 < ahead.info["painted_ahead"] < ahead.info["pages"]
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(ahead.data))
    assert "王小明" in reader.pages[-1].extract_text() + reader.pages[-2].extract_text()
    assert b"/Image" in ahead.data
