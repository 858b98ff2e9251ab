"""Fitting a CV on N pages (``--fit-pages``): a ladder of ever tighter settings within the
limits the design declares (``fit:`` in its design.yaml), and what each step does to the
print stylesheet.

Spacing is tightened first (the space between lines, entries and sections, and the page
margins), then the text is made smaller, half a point at a time. No text the design sets at
9 pt or more ever goes below 9 pt, and text it sets smaller (footers, badges) is left alone.
The search (in the PDF exporter) lays the CV out at a few steps and keeps the first that fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cvkit.profile.design import Design
from cvkit.profile.model.layout import Margins

# Formats' own margins when the design declares none (the PDF's page.css.j2).
DEFAULT_MARGINS = Margins(top=16, right=16, bottom=18, left=16)
_SPACING_STEP = 0.1
_SIZE_STEP = 0.5
FLOOR_PT = 9.0


@dataclass(frozen=True)
class Step:
    """One setting of the ladder: spacing as a fraction of the design's, the body size,
    the line height and the page margins (mm)."""

    spacing: float
    body: float
    line_height: float
    margins: Margins
    design_body: float
    design_line_height: float

    @property
    def ratio(self) -> float:
        return self.body / self.design_body

    @property
    def tightened(self) -> bool:
        return self.spacing < 1 or self.body < self.design_body

    def size(self, points: float) -> float:
        """A text size of the design at this step: smaller in proportion to the body, never
        below 9 pt for text the design sets at 9 pt or more."""
        return round(max(points * self.ratio, min(points, FLOOR_PT)), 2)

    def line(self, height: float) -> float:
        """A unitless line height of the design at this step."""
        if self.design_line_height <= 1:
            return height
        scale = (self.line_height - 1) / (self.design_line_height - 1)
        return round(1 + (height - 1) * scale, 3)

    def describe(self) -> str:
        if not self.tightened:
            return "as designed"
        parts = [f"spacing {self.spacing:.0%} of the design's",
                 f"line height {self.line_height:g}"]
        if self.body < self.design_body:
            parts.append(f"text {self.body:g} pt (designed {self.design_body:g} pt)")
        m = self.margins
        parts.append(f"margins {m.top:g}/{m.right:g}/{m.bottom:g}/{m.left:g} mm")
        return ", ".join(parts)


def ladder(design: Design) -> list[Step]:
    """Every step from the design as it is to the tightest it allows, in order."""
    limits = design.fit
    body, height = design.sizes.body, design.sizes.line_height
    least_height = min(height, limits.min_line_height)
    margins = design.margins or DEFAULT_MARGINS

    def step(spacing: float, size: float) -> Step:
        share = 1.0 if limits.min_spacing >= 1 else (1 - spacing) / (1 - limits.min_spacing)
        line = round(height - share * (height - least_height), 3)
        tight = Margins(**{side: round(max(min(value, limits.min_margin), value * spacing), 1)
                           for side, value in margins.model_dump().items()})
        return Step(round(spacing, 3), size, line, tight, body, height)

    spacings = [1.0]
    while spacings[-1] - _SPACING_STEP > limits.min_spacing + 1e-9:
        spacings.append(round(spacings[-1] - _SPACING_STEP, 3))
    if spacings[-1] > limits.min_spacing:
        spacings.append(limits.min_spacing)
    steps = [step(s, body) for s in spacings]
    least = max(limits.min_body, FLOOR_PT)
    size = body
    while size - _SIZE_STEP >= least - 1e-9:
        size = round(size - _SIZE_STEP, 2)
        steps.append(step(limits.min_spacing, size))
    if size > least and body > least:
        steps.append(step(limits.min_spacing, least))
    return steps


def fewer_entries(counts: Sequence[tuple[str, int]], wanted: int, taken: int) -> str:
    """A ``--max-entries`` value to try when the CV takes ``taken`` pages for ``wanted``:
    its longest section (``counts``: each laid-out section's key and entries) cut to the
    share of its entries the pages allow, always fewer than it has; "" when no section has
    two entries to choose from."""
    key, count = max(counts, key=lambda c: c[1], default=("", 0))
    if count < 2:
        return ""
    return f"{key}={max(1, min(count - 1, count * wanted // max(taken, 1)))}"


_SPACE = re.compile(r"(?<![-\w])((?:margin|padding)(?:-(?:top|right|bottom|left))?|gap|"
                    r"row-gap|column-gap|border-spacing)(\s*:\s*)([^;{}]+)")
_SIZE = re.compile(r"(?<![-\w])(font-size\s*:\s*)(\d+(?:\.\d+)?)pt")
_LINE = re.compile(r"(?<![-\w])(line-height\s*:\s*)(\d+(?:\.\d+)?)(?=\s*[;}\n])")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt")
_PAGE = re.compile(r"(@page\s*\{[^{}]*?margin\s*:\s*)([^;]+)(;)")


def tighten_css(css: str, step: Step) -> str:
    """The print stylesheet at ``step``: spacing in points scaled, sizes in points made
    smaller, unitless line heights lowered, the page margins replaced."""
    if not step.tightened:
        return css
    m = step.margins
    css = _PAGE.sub(lambda g: f"{g[1]}{m.top:g}mm {m.right:g}mm {m.bottom:g}mm {m.left:g}mm"
                    f"{g[3]}", css, count=1)

    def space(found: re.Match[str]) -> str:
        value = _POINTS.sub(lambda p: f"{float(p[1]) * step.spacing:.2f}".rstrip("0")
                            .rstrip(".") + "pt", found[3])
        return found[1] + found[2] + value

    css = _SPACE.sub(space, css)
    css = _SIZE.sub(lambda g: f"{g[1]}{step.size(float(g[2])):g}pt", css)
    return _LINE.sub(lambda g: f"{g[1]}{step.line(float(g[2])):g}", css)


END_MARK = '<div id="cvkit-fit-end"></div>'


def tighten_html(html: str, step: Step) -> str:
    """The print HTML at ``step`` (its stylesheet tightened), with a mark after the last
    line, whose place tells how full the last page is."""
    start = html.find("<style>")
    end = html.find("</style>", start)
    if start >= 0 and end > start and step.tightened:
        html = html[:start] + tighten_css(html[start:end], step) + html[end:]
    at = html.rfind("</body>")
    return html[:at] + END_MARK + html[at:] if at >= 0 else html + END_MARK
