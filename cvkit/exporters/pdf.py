"""The PDF CV: print HTML + CSS from ``templates/pdf/<theme>/`` laid out by WeasyPrint.

WeasyPrint is imported here and only here, so other commands never pay its half second; one
``FontConfiguration`` serves every render in the process (bundles render many CVs).

The page is made in one process (``prepare``: the document, its templates and design) and
laid out in another (``finish``: a worker forked when the command starts). This module's
own imports are what the worker needs: what only the page's maker needs (templates,
designs, the model, the profile's YAML) is imported where it is used, so a worker imports
WeasyPrint and this module, and is ready as the page comes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from cvkit.exporters import Artifact, RenderContext, weasy
from cvkit.exporters.glyphs import missing_glyph_warnings
from cvkit.profile.options import Advice, Suggestion
from cvkit.support import cache
from cvkit.support.assets import local_file
from cvkit.support.errors import ExportError, logged_warnings
from cvkit.support.output import is_within
from cvkit.support.version import __version__

if TYPE_CHECKING:  # the fitting code is loaded only to fit: a worker never needs the model
    from cvkit.document import Document
    from cvkit.profile.fit import Step

class PdfExporter:
    name = "pdf"
    suffix = ".pdf"
    default_theme = "academic"
    options = ("pdf_variant", "max_pages", "no_embed_source", "embed_archive")
    designs = True
    own_process = True  # WeasyPrint takes most of an `--format all` run
    attaches_profile = True  # `cvkit import pdf` gives it back
    paged = True
    letters = True

    def warm(self) -> None:
        """Import WeasyPrint and open the fonts once, before forking workers."""
        weasy.warm()

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        page = self._prepare(doc, ctx, import_weasyprint=True)
        return self.finish(page, ctx, lambda: self.later(doc, ctx, page))

    def prepare(self, doc: Document, ctx: RenderContext) -> PrintPage:
        """The print page (this process: no WeasyPrint needed), for ``finish`` to lay out,
        perhaps in a worker that has imported WeasyPrint meanwhile."""
        return self._prepare(doc, ctx, import_weasyprint=False)

    def later(self, doc: Document, ctx: RenderContext, page: PrintPage
              ) -> tuple[str, bytes, str] | None:
        """The profile the PDF carries (name, bytes, description), if any: what the page
        shows (see cvkit.profile.embed). Made after the page has gone to a worker, which lays
        it out meanwhile and needs this only to write the file: for 300 papers, writing the
        profile's YAML takes as long as starting WeasyPrint."""
        if ctx.embedded is None:
            return None
        from cvkit.profile.embed import attachment

        return attachment(doc, ctx.embedded, page.shown)

    def finish(self, page: PrintPage, ctx: RenderContext,
               later: Callable[[], tuple[str, bytes, str] | None] | None = None) -> Artifact:
        return html_to_pdf(page.html, ctx, page.roots, page.fit, later)

    def _prepare(self, doc: Document, ctx: RenderContext, *,
                 import_weasyprint: bool) -> PrintPage:
        from cvkit.document.richtext import formulas_in

        formulas = formulas_in(doc)
        if formulas:
            from cvkit.document.markup.math import draw_ahead

            drawn = draw_ahead(formulas)
            if import_weasyprint:
                weasy.weasyprint()  # imported while the formulas are laid out beside it
            drawn()
        return print_html(doc, ctx, self.default_theme)


@dataclass(frozen=True)
class Fitting:
    """A CV to fit on ``pages`` pages, and the steps its design allows, loosest first."""

    pages: int
    steps: tuple[Step, ...]
    counts: tuple[tuple[str, int], ...] = ()  # each laid-out section's key and entries
    left_out: str = ""  # the entries left out to fit (cvkit.build.shorten), for the summary


@dataclass(frozen=True)
class PrintPage:
    """The print HTML, the folders its stylesheets and images may come from, and the pages
    to fit it on."""

    html: str
    roots: list[Path]
    fit: Fitting | None = None
    shown: tuple[str, ...] = ()  # the keys of the sections it prints (``later`` reads them)


def _rich_with_svg_math(rich: Any) -> Any:
    # WeasyPrint draws SVG but not MathML: formulas go in as inline SVG.
    from cvkit.document.markup import html as html_markup

    return html_markup.render(rich, math="svg")


def print_html(doc: Document, ctx: RenderContext, default_theme: str) -> PrintPage:
    """The print HTML for ``doc``, and the folders its stylesheets and images may come from."""
    from cvkit.exporters.templating import design_for, environment, search_path
    from cvkit.profile.embed import description

    theme = ctx.theme or default_theme
    roots = search_path("pdf", theme, ctx.templates)
    env = environment("pdf", theme, ctx.templates, escape=None, html=True,
                      filters={"rich": _rich_with_svg_math})
    design = design_for(theme, default_theme, doc, photo_in_sidebar=True)
    main, side = doc.columns(design.order(), design.sidebar)
    photo_url = ""
    if doc.photo:
        photo_url = local_file(ctx.base_dir, doc.photo).as_uri()
    html = env.get_template("cv.html.j2").render(
        doc=doc, labels=doc.labels, theme=theme, version=__version__, design=design,
        sections=main, sidebar=side,
        paper=doc.paper, photo_url=photo_url,
        created=ctx.as_of.strftime("%Y-%m-%dT%H:%M:%SZ"),
        carries=description(ctx.embedded) if ctx.embedded is not None else "",
        limits=ctx.options.limits_shown(),
    )
    fit = None
    if doc.fit_pages:
        from cvkit.profile.fit import ladder

        counts = tuple((s.key, len(s.publications) or len(s.entries) or len(s.news))
                       for s in (*main, *side))
        fit = Fitting(doc.fit_pages, tuple(ladder(design)), counts, doc.fit_left_out)
    return PrintPage(html, roots + [ctx.base_dir.resolve()], fit,
                     tuple(s.key for s in (*main, *side)))


def _fetcher(allowed: list[Path]) -> Any:
    """Serves data: URLs and files inside the theme and profile folders; nothing else.

    WeasyPrint 68 made the fetcher a class (``URLFetcher``); before, it was a function
    returning a dict. Each version is given the form its documentation names.
    """
    module = weasy.weasyprint()
    from weasyprint import urls

    roots = [p.resolve() for p in allowed]

    def local_file(url: str) -> Path:
        if url.startswith("file://"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_file() and any(is_within(r, path) for r in roots):
                return path
        raise ValueError(f"cvkit fetches nothing outside the profile and theme folders: "
                         f"{url[:120]}")

    fetcher_class = getattr(urls, "URLFetcher", None)
    response_class = getattr(urls, "URLFetcherResponse", None)
    if fetcher_class is None or response_class is None:
        def fetch(url: str) -> dict[str, Any]:
            if url.startswith("data:"):
                return module.default_url_fetcher(url)  # type: ignore[no-any-return]
            return {"string": local_file(url).read_bytes(), "redirected_url": url}

        return fetch

    class LocalOnlyFetcher(fetcher_class):  # type: ignore[misc,valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            return response_class(url, local_file(url).read_bytes())  # type: ignore[misc]

    return LocalOnlyFetcher()


def html_to_pdf(html: str, ctx: RenderContext, roots: list[Path],
                fit: Fitting | None = None,
                later: Callable[[], tuple[str, bytes, str] | None] | None = None
                ) -> Artifact:
    """The PDF of the print page; ``later`` gives the profile it carries (name, bytes,
    description) once the page is laid out, or None."""
    options: dict[str, Any] = {}
    variant = ctx.option("pdf_variant")
    if variant == "tagged":
        options["pdf_tags"] = True
    elif variant:
        variants = weasy.pdf_variants()
        if variants is not None and variant not in variants:
            raise ExportError(f"unknown PDF variant {variant!r}; choose tagged or one of "
                              + ", ".join(variants))
        options["pdf_variant"] = variant
    info: dict[str, Any] = {}
    warnings: list[str] = []
    with logged_warnings("weasyprint") as logged:
        try:
            if fit is None:
                document = _lay_out(roots)(html)
            else:
                found = fitted(html, fit, _lay_out(roots))
                html, document, info["fit"] = found.html, found.document, found.summary
                warnings += [found.note] if found.note else []
            carried = later() if later is not None else None
            if carried is not None:
                # The document information says so too (the "carries" <meta> of the page).
                options["attachments"] = [_attachment(*carried, ctx)]
            if carried is not None or ctx.options.limits_shown():
                options["custom_metadata"] = True
            # A fixed identifier keeps builds byte-for-byte reproducible (SOURCE_DATE_EPOCH).
            with weasy.quick_c_types():
                data = document.write_pdf(pdf_identifier=_identifier(html, carried),
                                          **options)
        except KeyError as error:
            if variant and weasy.unknown_variant(error, variant):  # variants not listed
                raise ExportError(f"unknown PDF variant {variant!r}; choose tagged or one "
                                  "that WeasyPrint writes (weasyprint --help lists them)"
                                  ) from None
            raise
    warnings = [f"WeasyPrint: {m}" for m in dict.fromkeys(logged)] + warnings
    pages = len(document.pages)
    max_pages = ctx.option("max_pages")
    if max_pages and pages > max_pages:
        warnings.append(Advice(f"the CV has {pages} pages, more than ",
                               Suggestion("max_pages", max_pages, given=True), "; ",
                               *_shorter(ctx, fitted=fit is not None)))
    warnings += missing_glyph_warnings(html)
    assert data is not None
    return Artifact(data, ".pdf", warnings=warnings, info={"pages": pages, **info})


def _shorter(ctx: RenderContext, *, fitted: bool) -> list[str | Suggestion]:
    """What else would shorten the CV: only what this export did not do already (its
    selection: the variant with the options over it)."""
    chosen = ctx.options.selection()
    ways = [way for way, done in ((Suggestion("fit_pages"), fitted),
                                  (Suggestion("selected_only", True), chosen.selected_only),
                                  (Suggestion("since", "YEAR"), chosen.since is not None),
                                  (Suggestion("theme", "industry"), ctx.theme == "industry"))
            if not done]
    if not ways:
        return ["leave entries out with ", Suggestion("max_entries", {"SECTION": "N"})]
    parts: list[str | Suggestion] = ["try ", ways[0]]
    for i, way in enumerate(ways[1:], 1):
        parts += [" or " if i == len(ways) - 1 else ", ", way]
    return parts


def _lay_out(roots: list[Path]) -> Any:
    def lay_out(html: str) -> Any:
        page = weasy.html_document(html, base_url=roots[0].as_uri() + "/",
                                   url_fetcher=_fetcher(roots))
        with weasy.quick_c_types():
            return page.render(font_config=weasy.font_config())

    return lay_out


@dataclass(frozen=True)
class Fitted:
    html: str  # the print HTML at the step chosen
    document: Any  # WeasyPrint's layout of it
    step: Step
    summary: str  # what was changed, for the user
    note: str = ""  # why it does not fit, and what to do


def fit_step(doc: Document, ctx: RenderContext, theme: str) -> Fitted | None:
    """The step the PDF of ``doc`` is fitted at (laid out here, as the PDF would be): what
    the DOCX, which has no layout of its own to measure, is tightened by."""
    page = print_html(doc, ctx, theme)
    return fitted(page.html, page.fit, _lay_out(page.roots)) if page.fit else None


def laid_out_tightest(page: PrintPage) -> int:
    """The pages of ``page`` laid out at the tightest step its design allows."""
    from cvkit.profile.fit import tighten_html

    assert page.fit is not None
    return len(_lay_out(page.roots)(tighten_html(page.html, page.fit.steps[-1])).pages)


def fitted(html: str, fit: Fitting, lay_out: Any) -> Fitted:
    """The print HTML and its layout at the loosest step that fits ``fit.pages`` pages (the
    tightest, when none does), what was changed, and a note when it does not fit.

    The step found is kept in the cache under the HTML's digest: exported again, the CV is
    laid out once, at that step (and searched afresh if it no longer fits)."""
    from cvkit.profile.fit import fewer_entries, tighten_html

    steps = fit.steps
    key = ("fit", hashlib.sha256(html.encode("utf-8")).hexdigest(), str(fit.pages),
           repr(steps))
    tried: dict[int, tuple[str, Any]] = {}

    def at(i: int) -> tuple[str, Any]:
        if i not in tried:
            text = tighten_html(html, steps[i])
            tried[i] = (text, lay_out(text))
        return tried[i]

    def fits(i: int) -> bool:
        return len(at(i)[1].pages) <= fit.pages

    known = cache.load_value("fit", key)  # the same HTML and steps: the same answer
    if isinstance(known, int) and 0 <= known < len(steps):
        chosen = known
    else:
        chosen = _loosest_fitting(len(steps), fits)
    cache.store_value("fit", key, chosen)
    text, document = at(chosen)
    step = steps[chosen]
    pages = len(document.pages)
    unit = "page" if fit.pages == 1 else "pages"
    if pages <= fit.pages:
        done = f"on {fit.pages} {unit} " + ("as designed" if not step.tightened
                                            else f"with {step.describe()}")
        if fit.left_out:
            done += f", {fit.left_out}"
        return Fitted(text, document, step, done)
    # Tightened for nothing: the CV is written as designed, and the note says how far off
    # the tightest step came.
    over = overflow(document, fit.pages, step)
    text, document = at(0)
    # A limit below what the CV has (never publications=8 for eight papers), or none.
    fewer = fewer_entries(fit.counts, fit.pages, pages)
    section, _, kept = fewer.partition("=")
    return Fitted(text, document, steps[0], f"not on {fit.pages} {unit}; as designed", Advice(
        f"the CV does not fit on {fit.pages} {unit}: at the tightest the design allows "
        f"({step.describe()}) it takes {pages}, about {over:.1f} "
        f"{'page' if over <= 1 else 'pages'} too long, so it is written as designed; leave "
        "entries out with ",
        *((Suggestion("max_entries", {section: int(kept)}), " (say) or ") if fewer else ()),
        Suggestion("since", "YEAR")))


def _loosest_fitting(count: int, fits: Callable[[int], bool]) -> int:
    """The first of ``count`` steps that fits (the last when none does), found by halving:
    pages only fall as the steps tighten."""
    if fits(0):
        return 0
    if not fits(count - 1):
        return count - 1
    low, high = 1, count - 1
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return high


def overflow(document: Any, wanted: int, step: Step) -> float:
    """How many pages past ``wanted`` the text runs: whole pages, and the share of the last
    page filled down to the end mark."""
    last = document.pages[-1]
    whole = len(document.pages) - wanted - 1
    mark = getattr(last, "anchors", {}).get("cvkit-fit-end")
    if mark is None:
        return float(whole + 1)
    px_per_mm = 96 / 25.4
    top, bottom = step.margins.top * px_per_mm, step.margins.bottom * px_per_mm
    share = float((mark[1] - top) / max(last.height - top - bottom, 1))
    return whole + min(max(share, 0.0), 1.0)


def _identifier(html: str, embedded: tuple[str, bytes, str] | None = None) -> bytes:
    digest = hashlib.md5(html.encode("utf-8"), usedforsecurity=False)
    if embedded is not None:
        digest.update(embedded[1])
    return digest.hexdigest().encode()


def _attachment(name: str, data: bytes, description: str, ctx: RenderContext) -> Any:
    """The profile as a PDF embedded file (PDF/A-3: its relationship is Source), dated as
    the export is, so the bytes repeat under SOURCE_DATE_EPOCH."""
    from weasyprint import Attachment

    return Attachment(string=data, name=name, description=description, created=ctx.as_of,
                      modified=ctx.as_of, relationship="Source")
