"""A theme's design: one validated file, ``themes/<name>/design.yaml``, read by every format.

The PDF stylesheet, the homepage stylesheet, the DOCX styles and the LaTeX preamble all take
their colours, fonts, sizes and section order from it, so a theme looks like the same person's
CV in each. A theme folder may also hold per-format templates (``pdf/style.css``,
``latex/cv.tex.j2`` ...) that override the shared base; it writes only what differs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .errors import ExportError
from .model.profile import DEFAULT_SECTION_ORDER, SectionKey
from .model.types import Model
from .resources import extension_dirs
from .suggest import unknown_name


def _colour(value: str | int) -> str:
    # YAML reads `muted: 444444` as a number: take its digits back (zero-padded).
    bare = f"{value:06d}" if isinstance(value, int) else value.removeprefix("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", bare):
        raise ValueError(f"expected a colour as six hex digits like 1F3A68, found {value!r}")
    return bare.upper()


Colour = Annotated[str, BeforeValidator(_colour)]


class Sizes(Model):
    body: float = Field(10, gt=4, lt=30, description="Body text, in points.")
    name: float = Field(22, gt=4, lt=60, description="The name at the top.")
    heading: float = Field(11.5, gt=4, lt=40, description="Section headings.")


class Fonts(Model):
    pdf: list[str] = Field(min_length=1, description="CSS font families for the PDF, in "
                           "order of preference (CJK fallbacks included).")
    docx: str = Field(description="Word's body font.")
    docx_east_asian: str = Field("Noto Serif CJK SC", description="Word's font for CJK text.")
    latex: str = Field("charter", description="pdflatex font package: charter, helvet, lmodern ...")
    latex_sans: bool = Field(False, description="The pdflatex font is a sans-serif one.")
    latex_unicode: str = Field("Noto Serif", description="xelatex's main font.")
    latex_cjk: str = Field("Noto Serif CJK SC", description="xelatex's font for CJK text.")


class Margins(Model):
    """Page margins in millimetres, the same in the PDF, the DOCX and the LaTeX."""

    top: float = Field(16, ge=0, le=60)
    bottom: float = Field(18, ge=0, le=60)
    left: float = Field(16, ge=0, le=60)
    right: float = Field(16, ge=0, le=60)


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
    header: Literal["centered", "left", "band"] = Field(
        "centered", description="The name and contact lines: centred, flush left, or white "
        "on an accent band across the top of the first page.")
    dates: Literal["right", "left"] = Field(
        "right", description="Dates flush right beside each title, or in a column on the "
        "left (moderncv, Harvard style).")
    sidebar: list[SectionKey] = Field(
        default_factory=list, description="Sections set in a sidebar beside the first page's "
        "main column, with the contact lines (skills, languages ...); none: one column.")
    margins: Margins | None = Field(None, description="Page margins; none: each format's "
                                    "own (about 16-18 mm).")
    page_numbers: bool = True
    fonts: Fonts
    sizes: Sizes = Field(default_factory=Sizes)
    docx_sizes: Sizes | None = Field(None, description="Word's own sizes, when they differ.")
    homepage: Homepage = Field(default_factory=Homepage)
    section_order: list[SectionKey] = Field(
        default_factory=list, description="Sections that come first, in this order; the rest "
        "follow in the default order (a subset is fine: nothing vanishes).")
    omit: list[SectionKey] = Field(
        default_factory=lambda: list[SectionKey](["news"]),
        description="Sections a printed CV leaves out.")

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
    from .load import load_source, validate

    design: Design = validate(load_source(path, "design file"), Design)
    return design


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
