"""Leaving entries out to fit ``--fit-pages``: when the tightest typography the design
allows still takes too many pages, the least important entries go, section by section, as
``--max-entries`` would leave them out, until the CV fits.

The order, least important first (``ORDER``): news, talks, service, awards, teaching,
certificates; the highlights of each project, then the last projects (side projects count
for less than the work a position shows); each position's sub-projects, then its
highlights; then the last entries (in the profile's order, usually the oldest) of patents,
publications and experience. Each section keeps at least one entry; the header,
the summary, education, skills, languages and the other sections are never shortened. Each
step is measured: the PDF laid out at the tightest step, its pages counted; each section's
limit is found by halving, and the search stops at the first limits that fit. Every format of
the export is made from the Document with those limits, so each leaves out the same entries.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvkit import exporters
from cvkit.document import Document
from cvkit.exporters.pdf import PdfExporter, PrintPage, laid_out_tightest, print_html
from cvkit.exporters.templating import themes
from cvkit.profile.model import Profile
from cvkit.profile.model.layout import Variant
from cvkit.profile.options import Advice, ExportOptions, Suggestion, as_flag
from cvkit.profile.source import Source, load_source
from cvkit.profile.tailor import tailor
from cvkit.support import cache
from cvkit.support.errors import CvkitError

ORDER = ("news", "talks", "service", "awards", "teaching", "certificates",
         "projects.highlights", "projects", "experience.projects", "experience.highlights",
         "patents", "publications", "experience")

MakeDocument = Callable[[Profile, ExportOptions, Variant, _dt.date, Path], Document]


@dataclass(frozen=True)
class Shortened:
    """The export after shortening: its options (the limits among their ``max_entries``),
    selection and Document, and the warning that says what went."""

    options: ExportOptions
    variant: Variant
    document: Document
    warnings: list[str]  # Advice: the options it names spelled as each front end takes them


class _Measure:
    """Lays the PDF of the profile out at the tightest step under given limits, counting
    its pages."""

    def __init__(self, profile: Profile, options: ExportOptions, as_of: _dt.datetime,
                 base_dir: Path, make: MakeDocument) -> None:
        self.profile, self.options, self.as_of = profile, options, as_of
        self.base_dir, self.make = base_dir, make
        self.printed: tuple[str, ...] = ()

    def limited(self, limits: dict[str, int]) -> ExportOptions:
        return dataclasses.replace(self.options,
                                   max_entries={**self.options.max_entries, **limits})

    def document(self, limits: dict[str, int]) -> tuple[ExportOptions, Variant, Document]:
        options = self.limited(limits)
        variant = options.selection(self.profile)
        return options, variant, self.make(self.profile, options, variant,
                                           self.as_of.date(), self.base_dir)

    def page(self, limits: dict[str, int]) -> PrintPage:
        """The PDF's print page under these limits (laid out by ``pages``)."""
        options, variant, doc = self.document(limits)
        theme = options.theme or variant.theme or ""
        if theme not in themes("pdf"):
            theme = ""
        ctx = exporters.RenderContext(theme=theme, templates=options.templates,
                                      base_dir=self.base_dir, options=options,
                                      as_of=self.as_of)
        page = print_html(doc, ctx, PdfExporter.default_theme)
        assert page.fit is not None
        self.printed = tuple(key for key, _ in page.fit.counts)
        return page

    def pages(self, limits: dict[str, int], page: PrintPage | None = None) -> int:
        return laid_out_tightest(page or self.page(limits))


def shortened(profile: Profile, path: Path, base_dir: Path, options: ExportOptions,
              doc: Document, as_of: _dt.datetime, make: MakeDocument) -> Shortened | None:
    """The export with the fewest entries left out that fits ``doc.fit_pages`` pages; None
    when it fits without. When even one entry a section is too many, the export as it was,
    with a warning that says so."""
    measure = _Measure(profile, options, as_of, base_dir, make)
    wanted = doc.fit_pages or 0
    found = _search(measure, profile, wanted)
    if found == ("fits",):
        return None
    unit = "page" if wanted == 1 else "pages"
    limits = found[1] if found[0] == "limits" else None
    if limits is None:
        return Shortened(options, options.selection(profile), doc, [
            f"even with one entry left in each section that may be shortened, the CV "
            f"takes more than {wanted} {unit}, so nothing is left out"])
    final, variant, document = measure.document(moot_dropped(profile, measure, limits))
    gone = left_out(profile, options, final, path)
    again = Suggestion("max_entries", dict(final.max_entries))
    document = dataclasses.replace(document, fit_left_out=(
        f"leaving out {sum(n for _, n, _ in gone)} items ({as_flag(again)})"))
    warning = Advice(f"to fit {wanted} {unit}, left out (least important first): "
                     + ", ".join(f"{where}{line}" for where, _, line in gone)
                     + "; the same as ", again, " (", Suggestion("fit_shorten", False),
                     " writes the CV whole)")
    return Shortened(final, variant, document, [warning])


def _search(measure: _Measure, profile: Profile, wanted: int) -> tuple[Any, ...]:
    """("fits",) when the CV fits without leaving anything out, ("limits", {...}) when
    those limits make it fit, ("none",) when nothing does. Kept in the cache under the
    print page's digest: exported again, the CV is not laid out here at all."""
    first = measure.page({})
    assert first.fit is not None
    key = ("shorten", hashlib.sha256(first.html.encode("utf-8")).hexdigest(), str(wanted),
           repr(first.fit.steps), repr(ORDER))
    known = cache.load_value("fit", key)
    if isinstance(known, tuple) and known and known[0] in ("fits", "limits", "none"):
        return known
    if measure.pages({}, first) <= wanted:
        found: tuple[Any, ...] = ("fits",)
    else:
        limits = _limits_that_fit(profile, measure, wanted)
        found = ("none",) if limits is None else ("limits", limits)
    cache.store_value("fit", key, found)
    return found


def _limits_that_fit(profile: Profile, measure: _Measure, wanted: int
                     ) -> dict[str, int] | None:
    """Limits, section by section in ``ORDER``, each the most entries that fit (found by
    halving) or one; the first that fit, or None when all of them at one do not."""
    limits: dict[str, int] = {}
    for key in ORDER:
        if key.split(".")[0] not in measure.printed:
            continue
        count = entries_under(profile, measure.limited(limits), key)
        if count < 2:
            continue

        def fits(n: int, key: str = key) -> bool:
            return measure.pages({**limits, key: n}) <= wanted

        found = _largest_fitting(count, fits)
        limits[key] = max(found, 1)
        if found:
            return limits
    return None


def moot_dropped(profile: Profile, measure: _Measure, limits: dict[str, int]
                 ) -> dict[str, int]:
    """The limits without those that leave nothing out once the later ones apply (a
    position's sub-projects limited, then the position itself left out)."""
    def selected(chosen: dict[str, int]) -> Profile:
        return tailor(profile, measure.limited(chosen).selection(profile))

    whole = selected(limits)
    for key in list(limits):
        fewer = {k: n for k, n in limits.items() if k != key}
        if selected(fewer) == whole:
            limits = fewer
    return limits


def _largest_fitting(count: int, fits: Callable[[int], bool]) -> int:
    """The largest limit below ``count`` at which the CV fits, found by halving (pages only
    fall as entries go); 0 when even one entry is too many."""
    if not fits(1):
        return 0
    low, high = 1, count - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def entries_under(profile: Profile, options: ExportOptions, key: str) -> int:
    """How many entries ``key`` (a section, or SECTION.FIELD: the most in any entry) holds
    under these options' selection."""
    section, _, inner = key.partition(".")
    entries = getattr(tailor(profile, options.selection(profile)), section)
    if not inner:
        return len(entries)
    return max((len(getattr(e, inner)) for e in entries), default=0)


def left_out(profile: Profile, before: ExportOptions, after: ExportOptions,
             path: Path) -> list[tuple[str, int, str]]:
    """What ``after``'s limits leave out that ``before``'s kept: each run of entries by its
    field path in the profile, how many, and its line there (" (profile line N)", or "")."""
    source = _source(path)
    was = tailor(profile, before.selection(profile))
    now = tailor(profile, after.selection(profile))
    gone: list[tuple[tuple[str | int, ...], list[int]]] = []
    for key in ORDER:
        section, _, inner = key.partition(".")
        if after.max_entries.get(key) in (None, before.max_entries.get(key)):
            continue
        originals = getattr(profile, section)
        if not inner:
            kept = {_index(originals, e) for e in getattr(now, section)}
            gone.append(((section,), [i for i in (_index(originals, e)
                                                  for e in getattr(was, section))
                                      if i not in kept]))
            continue
        earlier = {_index(originals, e): e for e in getattr(was, section)}
        for entry in getattr(now, section):
            at = _index(originals, entry)
            inside = getattr(originals[at], inner)
            dropped = getattr(earlier[at], inner)[len(getattr(entry, inner)):]
            gone.append(((section, at, inner), [_index(inside, e) for e in dropped]))
    return [run for prefix, places in gone for run in _runs(prefix, places, source)]


def _runs(prefix: tuple[str | int, ...], places: Sequence[int], source: Source | None
          ) -> list[tuple[str, int, str]]:
    """Consecutive places as one run, ``experience[0].projects[3..7]``, with the line of its
    first entry."""
    runs: list[list[int]] = []
    for place in sorted(places):
        if runs and place == runs[-1][-1] + 1:
            runs[-1].append(place)
        else:
            runs.append([place])
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in prefix).lstrip(".")
    out = []
    for run in runs:
        span = f"{run[0]}" if len(run) == 1 else f"{run[0]}..{run[-1]}"
        found = source.locate((*prefix, run[0]))[0] if source is not None else None
        out.append((f"{name}[{span}]", len(run), f" (profile line {found})" if found else ""))
    return out


def _index(originals: Sequence[Any], entry: Any) -> int:
    """The place of a tailored entry in the profile's list (tailoring copies a position to
    limit its lists, so a copy is found by its other fields)."""
    for i, original in enumerate(originals):
        if original is entry:
            return i
    plain = _without_lists(entry)
    return next((i for i, o in enumerate(originals) if _without_lists(o) == plain), -1)


def _without_lists(entry: Any) -> Any:
    if hasattr(entry, "model_dump"):
        return entry.model_dump(exclude={"projects", "roles", "highlights"})
    return entry


def _source(path: Path) -> Source | None:
    """The profile file with the place of every value, if the profile came from one."""
    try:
        return load_source(path) if path.is_file() else None
    except (CvkitError, OSError):
        return None
