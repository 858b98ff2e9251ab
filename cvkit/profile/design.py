"""A theme's design: one validated file, ``themes/<name>/design.yaml``, read by every format.

The PDF stylesheet, the homepage stylesheet, the DOCX styles and the LaTeX preamble all take
their colours, fonts, sizes and section order from it, so a theme looks like the same person's
CV in each. A theme folder may also hold per-format templates (``pdf/style.css``,
``latex/cv.tex.j2`` ...) that override the shared base; it writes only what differs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from cvkit.document import LINE_CHARS
from cvkit.profile.model.kinds import DEFAULT_SECTION_ORDER, SectionKey
from cvkit.profile.model.layout import DesignOptions, Margins
from cvkit.profile.model.types import Colour, Model
from cvkit.profile.source import load_data_file
from cvkit.support.errors import ExportError
from cvkit.support.resources import extension_dirs
from cvkit.support.suggest import unknown_name

DATE_GAP_MM = 3  # a date in the column of dates (dates: left) stops this far from the text
TEXT_WIDTH_MM = 174  # an A4 page's text at about the formats' own margins


class Sizes(Model):
    body: float = Field(10, gt=4, lt=30, description="Body text, in points.")
    name: float = Field(22, gt=4, lt=60, description="The name at the top.")
    heading: float = Field(11.5, gt=4, lt=40, description="Section headings.")
    line_height: float = Field(1.32, ge=1, le=2.5, description="Body lines' spacing, as a "
                               "multiple of the body size (the PDF).")


class Fit(Model):
    """How far ``--fit-pages`` may tighten this design: spacing first, then the text size."""

    min_spacing: float = Field(0.6, ge=0.3, le=1, description="The least spacing (margins and "
                               "paddings between lines, entries and sections), as a fraction "
                               "of the design's.")
    min_line_height: float = Field(1.15, ge=1, le=2, description="The least line spacing.")
    min_margin: float = Field(10, ge=5, le=30, description="The least page margin, in mm.")
    min_body: float = Field(9, ge=9, le=20, description="The least body text size, in "
                            "points (never below 9).")


class Fonts(Model):
    pdf: list[str] = Field(min_length=1, description="CSS font families for the PDF, in "
                           "order of preference (CJK fallbacks included).")
    docx: str = Field(description="Word's body font.")
    docx_east_asian: str = Field("Noto Serif CJK SC", description="Word's font for CJK text.")
    latex: str = Field("charter", description="pdflatex font package: charter, helvet, lmodern ...")
    latex_sans: bool = Field(False, description="The pdflatex font is a sans-serif one.")
    latex_unicode: str = Field("Noto Serif", description="xelatex's main font.")
    latex_cjk: str = Field("Noto Serif CJK SC", description="xelatex's font for CJK text.")


class Homepage(Model):
    accent: Colour = Field("1F5FBF", description="Links and highlights in light mode.")
    accent_dark: Colour = Field("7FB0FF", description="The same in dark mode.")
    fonts: list[str] = Field(default_factory=list, description="Font families for the "
                             "homepage text; none: the reader's system interface font.")


class Design(Model):
    description: str
    accent: Colour = Field(description="Name, headings, venue tags.")
    muted: Colour = Field("555555", description="Dates, places, secondary text.")
    award: Colour = Field("7A4B00", description="Award badges.")
    heading_caps: bool = False
    heading_small_caps: bool = Field(
        True, description="Section headings in small capitals (unless heading_caps sets them "
        "in capitals), in the PDF and the LaTeX alike; false: as written. Where the fonts' "
        "small capitals lack the language's letters (the locale's small_caps: false, Turkish, "
        "Vietnamese) they are set in capitals a size smaller instead, in any design.")
    header: Literal["centered", "left", "band"] = Field(
        "centered", description="The name and contact lines: centred, flush left, or white "
        "on an accent band across the top of the first page.")
    heading_rule: Literal["under", "after", "none"] = Field(
        "under", description="The rule of a section heading: under it across the column, "
        "after it filling the rest of its line (Awesome-CV, Europass), or none.")
    contact_separator: Literal["dot", "bar"] = Field(
        "dot", description="Between the contact items of the header: a middle dot or a "
        "vertical bar.")
    dates: Literal["right", "left"] = Field(
        "right", description="Dates flush right beside each title, or in a column on the "
        "left (moderncv, Harvard style).")
    sidebar: list[SectionKey] = Field(
        default_factory=list, description="Sections set in a sidebar beside the first page's "
        "main column, with the contact lines (skills, languages ...); none: one column.")
    sidebar_side: Literal["left", "right"] = Field(
        "left", description="The side of the first page the sidebar takes (AltaCV: right), "
        "as read in left-to-right text: left is where lines start, so in right-to-left text "
        "(Arabic, Hebrew, Persian) a left sidebar stands on the right, in every format.")
    side_column_mm: float = Field(50, ge=20, le=90, description="The sidebar's width, in mm, "
                                  "in every print format.")
    side_gap_mm: float = Field(6, ge=2, le=20, description="The space between the sidebar "
                               "and the main column, in mm.")
    date_column_mm: float = Field(33, ge=15, le=60, description="With dates: left, the "
                                  "width of the column of dates before the text, in mm (its "
                                  "gap to the text included).")
    sidebar_contact: bool = Field(
        True, description="With a sidebar, the contact lines and links go in it; false: they "
        "stay in a row under the name, as without one (AltaCV).")
    contact_icons: bool = Field(
        False, description="A small icon in the accent colour before each contact item and "
        "link in the print formats (the homepage always shows them).")
    skill_tags: bool = Field(
        False, description="Each skill a small framed tag, not a comma-separated list, in the "
        "print formats' sidebar.")
    margins: Margins | None = Field(None, description="Page margins; none: each format's "
                                    "own (about 16-18 mm).")
    page_numbers: bool = True
    fonts: Fonts
    sizes: Sizes = Field(default_factory=Sizes)
    docx_sizes: Sizes | None = Field(None, description="Word's own sizes, when they differ.")
    fit: Fit = Field(default_factory=Fit, description="The limits of --fit-pages.")
    homepage: Homepage = Field(default_factory=Homepage)
    section_order: list[SectionKey] = Field(
        default_factory=list, description="Sections that come first, in this order; the rest "
        "follow in the default order (a subset is fine: nothing vanishes).")
    omit: list[SectionKey] = Field(
        default_factory=lambda: list[SectionKey](["news"]),
        description="Sections a printed CV leaves out.")

    def with_options(self, options: DesignOptions) -> Design:
        """This design with a profile's own choices (``layout.design``) laid over it."""
        update: dict[str, object] = {}
        if options.accent:
            update["accent"] = options.accent
            update["homepage"] = self.homepage.model_copy(update={"accent": options.accent})
        if options.font:
            fonts = self.fonts
            update["fonts"] = fonts.model_copy(update={
                "pdf": [options.font, *fonts.pdf], "docx": options.font,
                "latex_unicode": options.font})
        if options.size:
            update["sizes"] = self.sizes.model_copy(update={"body": options.size})
            if self.docx_sizes:
                update["docx_sizes"] = self.docx_sizes.model_copy(update={"body": options.size})
        for name in ("margins", "dates", "header", "page_numbers"):
            if getattr(options, name) is not None:
                update[name] = getattr(options, name)
        return self.model_copy(update=update) if update else self

    def sidebar_edge(self, direction: str) -> Literal["left", "right"]:
        """The page's edge the sidebar stands at: ``sidebar_side`` is where lines start
        (left) or end (right), so right to left it is the other edge."""
        if direction != "rtl":
            return self.sidebar_side
        return "right" if self.sidebar_side == "left" else "left"

    @property
    def side_reserve_mm(self) -> float:
        """What the sidebar and its gap take from the first page's width."""
        return self.side_column_mm + self.side_gap_mm

    @property
    def date_gap_mm(self) -> float:
        """The space between a date and the text beside it, inside the date column."""
        return DATE_GAP_MM

    @property
    def line_chars(self) -> int:
        """About how many characters a line of the main column holds: the full width's,
        less a left column of dates and a side column (on the first page)."""
        taken = (self.date_column_mm if self.dates == "left" else 0) + \
            (self.side_reserve_mm if self.sidebar else 0)
        return round(LINE_CHARS * (TEXT_WIDTH_MM - taken) / TEXT_WIDTH_MM)

    def separator(self) -> str:
        """The character between the header's contact items."""
        return "|" if self.contact_separator == "bar" else "·"

    def order(self) -> list[str]:
        """Every section key, the design's choices first, without the omitted ones."""
        first = list(dict.fromkeys(self.section_order))
        rest = [k for k in DEFAULT_SECTION_ORDER if k not in first]
        return [k for k in first + rest if k not in self.omit]


def theme_dirs() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in reversed(extension_dirs("themes")):  # CVKIT_PATH folders win
        for folder in sorted(root.iterdir()):
            if (folder / "design.yaml").is_file():
                found[folder.name] = folder
    return found


def names() -> list[str]:
    return sorted(theme_dirs())


@lru_cache(maxsize=32)
def _read(path: Path, mtime: float) -> Design:
    return load_data_file(path, Design, "design file")


def load(theme: str) -> Design:
    folder = theme_dirs().get(theme)
    if folder is None:
        raise ExportError(unknown_name("theme", theme, names()))
    path = folder / "design.yaml"
    return _read(path, path.stat().st_mtime)


def css_colour(hex6: str) -> str:
    """'555555' -> '#555', '1F3A68' -> '#1f3a68': the short form when there is one."""
    h = hex6.lower()
    return f"#{h[0]}{h[2]}{h[4]}" if h[0::2] == h[1::2] else f"#{h}"


def points(value: float) -> str:
    """10.0 -> '10pt', 11.5 -> '11.5pt' (CSS)."""
    return f"{value:g}pt"
