"""Painting a long PDF's pages on the second core while WeasyPrint lays out the next ones.

WeasyPrint lays pages out one after the other, then paints every page into the PDF's content
streams: for 300 papers, a fifth of the work is painting. Every few pages laid out, a forked
child paints them (their main content: the root element's stacking context) while this
process lays out the next ones. When WeasyPrint later paints the document, each page a child
painted gets the child's operators spliced in where its root context goes, and the page's
margin boxes (which need the final page count: "3 / 29") are painted here as usual.

The PDF is byte for byte the one WeasyPrint writes alone, because nothing is spliced unless it
is known to be the same:

- the stream's state where the root context starts (colours, alpha, font, transformation)
  must equal the child's, and a stacking context always ends by restoring it;
- the child reports what painting changed outside the stream, and this process repeats it in
  the same order: the fonts first used, and each glyph's width and text and each alpha state,
  added only where absent, as painting adds them;
- a page whose painting would change anything else (an image, a transparency group, a
  gradient, a missing glyph) or that WeasyPrint warns about, and the rest of that child's
  pages, are painted here as usual;
- so is a page laid out again after the fork (repagination), and every page if any has fixed
  boxes.

Any failure in a child only means its pages are painted here. Only for plain PDFs (no
variant, no tags) of six pages or more, with fork, two cores and one thread.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import re
import signal
import tempfile
from dataclasses import dataclass
from types import SimpleNamespace
from typing import IO, Any

# Once the document looks to be MIN_PAGES long or more, a child is forked each time CHUNK more
# pages are laid out, to paint those pages: painting them costs about a third of laying them
# out, so each child is done before the next is forked, and the second core paints while
# this one lays out. The last pages go to a child forked when the last page is laid out.
CHUNK = 5
MIN_PAGES = 6

_ROOT_HOOK = "_cvkit_root_context"
_ALPHA_STATE = re.compile(r"[aA][0-9.e+-]+")
_installed = False
_plan: Plan | None = None


def available() -> bool:
    """Fork, two cores, and one thread: a fork copies only the thread that calls it, so a
    lock another thread held (in a library's C code) would never be released in the child.
    The PDF worker and the command have one thread; `cvkit watch` has a watcher's too (not a
    Python thread: the system's list of the process's threads shows it)."""
    import threading

    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return True


@dataclass
class _Child:
    pid: int
    report: IO[bytes]  # an unnamed file it writes its pages to
    first: int  # the index of its first page
    pages: list[Any]  # the page boxes it paints
    root_children: list[tuple[int, ...]]


class Plan:
    """One document's painting ahead: the forks during layout, the splice during painting."""

    def __init__(self, scale: float = 0.75) -> None:
        self.scale = scale
        self.children: list[_Child] = []
        self.forked = 0  # pages handed to children so far
        self.forked_ids: set[int] = set()
        self.shallow: dict[int, Any] = {}  # pages whose root boxes have no backgrounds yet
        self.spliced = 0
        self.off = False
        self.froze = False
        self._order: dict[Any, int] | None = None

    # -- during layout, in make_all_pages ------------------------------------------------

    def after_page(self, pages: list[Any], context: Any, root_box: Any, html: Any) -> None:
        if self.off or len(pages) == self.forked:
            return
        try:
            if context.page_maker[len(pages)][0] is None:
                # The last page: the rest are painted while this process finishes the
                # layout (margin boxes, backgrounds).
                if len(pages) < MIN_PAGES:
                    return
            elif len(pages) - self.forked < CHUNK:
                return
            else:
                done = self._share_done(context, root_box, html, len(pages))
                if done is None or len(pages) / max(done, 1e-9) < MIN_PAGES:
                    return
        except Exception:  # noqa: BLE001 - another WeasyPrint's page maker: paint as usual
            self.off = True
            return
        chunk = pages[self.forked:]
        try:
            # The report goes through an unnamed file, not a pipe: a child that has painted
            # exits at once, rather than waiting with its memory until this process reads.
            report = tempfile.TemporaryFile()
        except OSError:
            self.off = True  # no room for a report: paint here
            return
        # Objects the collector no longer visits: it would otherwise write to every shared
        # page, copying them for this process and the child (−20 MiB, −5% time for 300
        # papers). ``render`` hands them back once layout is done.
        gc.freeze()
        self.froze = True
        try:
            pid = os.fork()
        except OSError:  # a process limit, no memory: paint here
            report.close()
            self.off = True
            return
        if pid == 0:  # the child: paint, report, leave
            try:
                gc.disable()  # a short life: collecting would only copy shared memory
                painted = _paint_pages(chunk, context, self.scale)
            except BaseException:  # noqa: BLE001 - anything: this process paints them itself
                painted = []
            try:
                pickle.dump(painted, report)
                report.flush()
            finally:
                os._exit(0)
        self.children.append(_Child(pid, report, self.forked, chunk,
                                    [_root_child_ids(page) for page in chunk]))
        self.forked_ids.update(id(page) for page in chunk)
        self.forked = len(pages)

    def _share_done(self, context: Any, root_box: Any, html: Any, count: int) -> float | None:
        """How much of the document the laid-out pages hold, by elements in document order:
        where the next page resumes, over all elements."""
        resume = context.page_maker[count][0]
        if resume is None:
            return None  # the last page: nothing left to overlap
        if self._order is None:
            self._order = {e: i for i, e in enumerate(html.etree_element.iter())}
        box = root_box
        while isinstance(resume, dict) and len(resume) == 1:
            (index, resume), = resume.items()
            children = getattr(box, "children", None)
            if not children or not 0 <= index < len(children):
                break
            box = children[index]
        position = self._order.get(getattr(box, "element", None))
        return None if position is None else position / max(len(self._order), 1)

    # -- after layout: take the children's pages -------------------------------------------

    def abandon(self) -> None:
        """Layout failed: stop the children, leave no process behind."""
        for child in self.children:
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
            child.report.close()
        self.children = []

    def collect(self, document: Any) -> None:
        """Wait for the children's pages; each one still laid out as its child saw it paints
        by splicing."""
        reports = []
        for child in self.children:
            os.waitpid(child.pid, 0)
            with child.report:
                child.report.seek(0)
                reports.append((child, child.report.read()))
        self.children = []
        try:
            pages = document.pages
            if any(getattr(page._page_box, "fixed_boxes", None) for page in pages):
                return  # fixed boxes repeat on every page, inside the root context
            for child, data in reports:
                for offset, report in enumerate(pickle.loads(data) if data else []):
                    page = pages[child.first + offset]
                    if (page._page_box is not child.pages[offset]
                            or _root_child_ids(page._page_box) != child.root_children[offset]):
                        break  # laid out again after the fork
                    page.paint = _splicing_paint(self, page, report)
        except Exception:  # noqa: BLE001 - a report cut short, another WeasyPrint: paint here
            for page in document.pages:
                page.__dict__.pop("paint", None)
        finally:
            for page in document.pages:
                if "paint" not in page.__dict__:
                    self.complete_backgrounds(page._page_box)

    def complete_backgrounds(self, page_box: Any, root: Any = None) -> None:
        """The backgrounds of the root's boxes (``root``: the page's own, unless it is
        standing in for it), left out while a child was to paint them: this process paints
        the page after all."""
        from weasyprint.layout.background import layout_box_backgrounds

        get_image_from_uri = self.shallow.pop(id(page_box), None)
        if get_image_from_uri is None:
            return
        for child in (root or page_box.children[0]).children:
            for grandchild in child.all_children():
                layout_box_backgrounds(page_box, grandchild, get_image_from_uri)


def _root_child_ids(page_box: Any) -> tuple[int, ...]:
    return tuple(id(child) for child in page_box.children[0].children)


# -- in the child ------------------------------------------------------------------------

def _paint_pages(page_boxes: list[Any], context: Any, scale: float) -> list[dict[str, Any]]:
    """Paint each page's root context into a stream of its own; stop at the first page that
    changes anything but the stream, the fonts and their glyphs, or that WeasyPrint warns
    about (an unsupported colour, an image it cannot read): that warning must come from the
    process that reports it, when it paints the page itself."""
    import pydyf
    from weasyprint.document import Page
    from weasyprint.layout.background import layout_backgrounds
    from weasyprint.pdf.stream import Stream

    warned = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.handlers, logger.propagate = [warned], False  # this process ends after painting

    fonts: dict[Any, Any] = {}
    resources = pydyf.Dictionary({"ExtGState": pydyf.Dictionary(),
                                  "XObject": pydyf.Dictionary(),
                                  "Pattern": pydyf.Dictionary(),
                                  "Shading": pydyf.Dictionary(), "ColorSpace": None})
    images: dict[Any, Any] = {}
    reports = []
    for page_box in page_boxes:
        root, footnotes, notes = page_box.children
        page_box.children = (root, *(area for area in (footnotes, notes) if area.children))
        layout_backgrounds(page_box, context.get_image_from_uri)
        height = page_box.margin_height()
        before = {key: (len(f.widths), len(f.to_unicode)) for key, f in fonts.items()}
        known, states = len(fonts), len(resources["ExtGState"])
        stream = Stream(fonts, _page_rectangle(page_box, scale), resources, images, None, {},
                        None, compress=True)
        stream.transform(d=-1, f=height * scale)
        record: dict[str, Any] = {"new_fonts": {}}
        setattr(stream, _ROOT_HOOK, ("record", record))
        Page.paint(SimpleNamespace(_page_box=page_box), stream, scale)
        record["alphas"] = list(resources["ExtGState"].items())[states:]
        if warned.records or not _only_stream_and_fonts(record, resources, images, fonts):
            break
        # One piece: the stream joins its operators with newlines when it is written, so the
        # joined piece writes the same bytes, and is pickled and written at once.
        record["ops"] = [b"\n".join(record["ops"])] if record["ops"] else []
        new_keys = list(fonts)[known:]
        record["fonts"] = [(key, record["new_fonts"].get(key)) for key in new_keys]
        if any(origin is None for _, origin in record["fonts"]):
            break
        record["glyphs"] = [
            (key, list(font.widths.items())[before.get(key, (0, 0))[0]:],
             list(font.to_unicode.items())[before.get(key, (0, 0))[1]:])
            for key, font in fonts.items()]
        del record["new_fonts"]
        reports.append(record)
    return reports


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _page_rectangle(page_box: Any, scale: float) -> tuple[float, float, float, float]:
    """As ``weasyprint.pdf.generate_pdf`` computes it for the page's stream."""
    bleed = {side: page_box.style[f"bleed_{side}"].value
             for side in ("top", "right", "bottom", "left")}
    width = scale * (page_box.margin_width() + bleed["left"] + bleed["right"])
    height = scale * (page_box.margin_height() + bleed["top"] + bleed["bottom"])
    left, top = -scale * bleed["left"], -scale * bleed["top"]
    return (left / scale, top / scale, width / scale, height / scale)


def _only_stream_and_fonts(record: dict[str, Any], resources: Any, images: dict[Any, Any],
                           fonts: dict[Any, Any]) -> bool:
    if "ops" not in record or record.get("unsafe"):
        return False
    if images or any(resources[kind] for kind in ("XObject", "Pattern", "Shading")):
        return False
    # Alpha states are named by their value (`a1`, `A0.5`) and added where absent; any other
    # state is named by a count, which differs between the two processes.
    if not all(_ALPHA_STATE.fullmatch(key) and list(value) == ["CA" if key[0] == "A" else "ca"]
               for key, value in record["alphas"]):
        return False
    if any(f.missing or f.used_in_forms or f.png or f.svg for f in fonts.values()):
        return False
    return all(isinstance(op, bytes) for op in record["ops"])


# -- in this process, while WeasyPrint paints ------------------------------------------------

def _splicing_paint(plan: Plan, page: Any, report: dict[str, Any]) -> Any:
    from weasyprint.document import Page

    def paint(stream: Any, scale: float = 1) -> None:
        if scale != plan.scale or not _replay_fonts(stream, page, report):
            plan.complete_backgrounds(page._page_box)
            Page.paint(page, stream, scale)
            return
        # The root context is the child's: WeasyPrint need not sort its boxes into stacking
        # contexts again (a tenth of painting), so it gets the root without its children.
        page_box = page._page_box
        root, *others = page_box.children
        page_box.children = (root.copy_with_children([]), *others)
        setattr(stream, _ROOT_HOOK, ("splice", report, plan, root, page_box))
        try:
            Page.paint(page, stream, scale)
        finally:
            delattr(stream, _ROOT_HOOK)
            page_box.children = (root, *others)

    return paint


def _replay_fonts(stream: Any, page: Any, report: dict[str, Any]) -> bool:
    """Create the fonts the child's painting first used, in its order, then add each glyph's
    width and text where absent, in its order: what painting the page here would do."""
    found = []
    for key, origin in report["fonts"]:
        if key in stream._fonts:
            continue
        pango_font = _font_of_box(page._page_box, origin, key)
        if pango_font is None:
            return False
        found.append(pango_font)
    for pango_font in found:
        stream.add_font(pango_font)
    states = stream._resources["ExtGState"]
    for key, state in report["alphas"]:
        states.setdefault(key, state)
    for key, widths, texts in report["glyphs"]:
        font = stream._fonts[key]
        for glyph, width in widths:
            font.widths.setdefault(glyph, width)
        for glyph, text in texts:
            font.to_unicode.setdefault(glyph, text)
    return True


def _font_of_box(page_box: Any, box_id: int, key: Any) -> Any:
    """The Pango font with ``key`` among the runs of the text box the child first used it in
    (the same objects: the child is a fork of this process). None where that box is not
    here (the child painted a copy it made): the page is then painted here."""
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.fonts import get_pango_font_key

    box = next((b for b in page_box.descendants() if id(b) == box_id), None)
    if not isinstance(box, TextBox):
        return None
    layout = box.pango_layout
    layout.reactivate(box.style)
    try:
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _ = layout.get_first_line()
        run = first_line.runs[0]
        while run != ffi.NULL:
            pango_font = run.data.item.analysis.font
            run = run.next
            if get_pango_font_key(pango_font)[0] == key:
                return pango_font
    finally:
        layout.deactivate()
    return None


def _state(stream: Any) -> tuple[Any, ...]:
    """What painting the root context depends on, of the stream it starts in."""
    return (stream._current_color, stream._current_color_stroke, stream._current_alpha,
            stream._current_alpha_stroke, stream._current_font,
            tuple(tuple(map(tuple, m)) for m in stream._ctm_stack),
            stream.stream[-1] if stream.stream else None)


# -- the hooks in WeasyPrint -----------------------------------------------------------------

def install() -> bool:
    """Wrap three WeasyPrint functions; they act only for a document rendered by ``render``
    (make_all_pages) or a stream marked here (the other two). False where WeasyPrint has
    not got them: its PDFs are then painted as usual."""
    global _installed
    if _installed:
        return True
    import weasyprint.draw as draw
    import weasyprint.draw.text as draw_text
    import weasyprint.layout as layout
    from weasyprint.formatting_structure import boxes

    if not all(callable(getattr(module, name, None)) for module, name in (
            (layout, "make_all_pages"), (layout, "layout_backgrounds"),
            (draw, "draw_stacking_context"),
            (draw_text, "draw_first_line"))):
        return False
    make_all_pages = layout.make_all_pages
    layout_backgrounds = layout.layout_backgrounds
    draw_stacking_context = draw.draw_stacking_context
    draw_first_line = draw_text.draw_first_line

    def watched_make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]
                               ) -> Any:  # the first pass only: later ones remake pages
        plan, made = _plan, []
        for page in make_all_pages(context, root_box, html, pages):
            made.append(page)
            yield page
            if plan is not None and not pages:  # the first pass only
                plan.after_page(made, context, root_box, html)

    def lighter_layout_backgrounds(page: Any, get_image_from_uri: Any) -> None:
        """A page a child paints needs the backgrounds of the page, its margin boxes and the
        root's own boxes (which give the canvas its background), not of every box below."""
        plan = _plan
        if plan is None or id(page) not in plan.forked_ids or not all(
                type(child).all_children is boxes.Box.all_children
                for child in page.children[0].children):
            layout_backgrounds(page, get_image_from_uri)
            return
        below = [(child, child.children) for child in page.children[0].children]
        for child, _ in below:
            child.children = []
        try:
            layout_backgrounds(page, get_image_from_uri)
        finally:
            for child, children in below:
                child.children = children
        plan.shallow[id(page)] = get_image_from_uri

    def hooked_draw_stacking_context(stream: Any, stacking_context: Any) -> None:
        hook = getattr(stream, _ROOT_HOOK, None)
        if hook is None or not stacking_context.box.is_for_root_element:
            draw_stacking_context(stream, stacking_context)
            return
        if hook[0] == "record":
            record = hook[1]
            record["state"] = _state(stream)
            start = len(stream.stream)
            draw_stacking_context(stream, stacking_context)
            record["ops"] = stream.stream[start:]
            record["old_font"] = stream._old_font
            return
        _, report, plan, root, page_box = hook
        if _state(stream) != report["state"]:  # painted here after all: the whole root
            plan.complete_backgrounds(page_box, root)
            draw_stacking_context(stream, type(stacking_context).from_box(root, page_box))
            return
        stream.stream.extend(report["ops"])
        stream.push_state()  # a stacking context ends with its state restored
        stream.pop_state()
        stream._old_font = report["old_font"]
        plan.spliced += 1

    def recorded_draw_first_line(stream: Any, textbox: Any, text_overflow: Any,
                                 block_ellipsis: Any, matrix: Any) -> Any:
        hook = getattr(stream, _ROOT_HOOK, None)
        if hook is None or hook[0] != "record":
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        record, known = hook[1], len(stream._fonts)
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            record["unsafe"] = True  # another first line than the box's own
        emojis = draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        for key in list(stream._fonts)[known:]:
            record["new_fonts"][key] = id(textbox)
        return emojis

    layout.make_all_pages = watched_make_all_pages
    layout.layout_backgrounds = lighter_layout_backgrounds
    draw.draw_stacking_context = hooked_draw_stacking_context
    draw_text.draw_first_line = recorded_draw_first_line
    _installed = True
    return True


def render(html_document: Any, **options: Any) -> tuple[Any, Plan]:
    """``html_document.render(**options)``, its pages painted ahead in children while it is
    laid out."""
    global _plan
    plan = Plan()
    if not install():
        return html_document.render(**options), plan
    _plan = plan
    try:
        document = html_document.render(**options)
        _plan = None
        plan.collect(document)
    except BaseException:
        plan.abandon()
        raise
    finally:
        _plan = None
        if plan.froze:
            gc.unfreeze()
    return document, plan
