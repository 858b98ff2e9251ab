"""How a profile is laid out (sections, words, dates, design choices) and the variants that
tailor it: the part of a profile about presentation rather than about the person."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from cvkit.profile.model.kinds import DEFAULT_SECTION_ORDER, LimitKey, PublicationKind, SectionKey
from cvkit.profile.model.types import Colour, Model, Text
from cvkit.support.resources import extension_dirs
from cvkit.support.suggest import unknown_name

DEFAULT_AUTHOR_MARKS = {"*": "Equal contribution", "†": "Corresponding author"}


def _known_locale(code: str, info: ValidationInfo) -> str:
    """A locale file must exist for ``layout.locale``: the files there are come with the
    validation (``cvkit.profile.load.profile_context``), as the model reads no files."""
    known = (info.context or {}).get("locales")
    if known is not None and code not in known:
        raise ValueError(unknown_name("locale", code, sorted(known)))
    return code


def _packaged_locales() -> list[str]:
    """The locales shipped with cvkit: what the JSON Schema lists."""
    return sorted(p.stem for folder in extension_dirs("locales", user=False)
                  for p in folder.glob("*.yaml"))


LocaleName = Annotated[str, AfterValidator(_known_locale), Field(
    json_schema_extra=lambda schema: schema.update(enum=_packaged_locales()),
    description="A locale file's name: en, zh, ... (cvkit's own, or a locales/ folder on "
                "CVKIT_PATH).")]


def _known_labels(labels: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    known = (info.context or {}).get("labels")
    if known is not None:
        for key in labels:
            if key not in known:
                raise ValueError(unknown_name("label", key, sorted(known)))
    return labels


def _known_style(style: str, info: ValidationInfo) -> str:
    """A citation style must exist: the check comes with the validation
    (``cvkit.profile.load.profile_context``), as the model reads no files."""
    check = (info.context or {}).get("citation_style")
    if check is not None:
        check(style)
    return style


CitationStyle = Annotated[str, AfterValidator(_known_style), Field(
    description="A Citation Style Language style for the publication list: a name from "
                "the CSL collection (ieee, apa, chicago-author-date, vancouver, acm, ...; "
                "`cvkit styles` lists them) or the path of a .csl file, relative to the "
                "profile. The style writes each reference; the design still draws the "
                "venue tag, the award and the owner's name its own way.")]


class Margins(Model):
    """Page margins in millimetres, the same in the PDF, the DOCX and the LaTeX."""

    top: float = Field(16, ge=0, le=60)
    bottom: float = Field(18, ge=0, le=60)
    left: float = Field(16, ge=0, le=60)
    right: float = Field(16, ge=0, le=60)


class DesignOptions(Model):
    """Your choices over the theme's design; each means the same in the PDF, the DOCX and the
    LaTeX. The homepage takes the colour and the header; it keeps its design's fonts and the
    reader's text size, has no pages (margins, page numbers) and lays dates out for the
    screen."""

    accent: Colour | None = Field(None, description="Name, headings and venue tags: 8A1538.")
    font: Text | None = Field(None, description="A font family for the text of the PDF, the "
                              "DOCX and the LaTeX (which then compiles with xelatex); the "
                              "homepage keeps its design's fonts. A warning names a font that "
                              "is not installed.")
    size: float | None = Field(None, ge=7, le=14, description="Body text size in points.")
    margins: Margins | None = Field(None, description="Page margins in mm.")
    dates: Literal["right", "left"] | None = Field(None, description="Dates flush right, or "
                                                   "in a column on the left.")
    header: Literal["centered", "left", "band"] | None = None
    page_numbers: bool | None = None
    photo: bool | None = Field(None, description="Show the photo (as --photo/--no-photo).")


class Layout(Model):
    sections: list[SectionKey] = Field(
        default_factory=lambda: list(DEFAULT_SECTION_ORDER),
        description="Sections in the order they appear; sections left out are not shown.",
    )
    titles: dict[SectionKey, Text] = Field(default_factory=dict,
                                           description="Section titles replacing the defaults.")
    labels: Annotated[dict[Text, Text], AfterValidator(_known_labels)] = Field(
        default_factory=dict, description="Labels replacing the locale's: {present: Now, "
        "supervisor: Advisor}.")
    kind_titles: dict[PublicationKind, Text] = Field(
        default_factory=dict, description="Headings of publication groups replacing the "
        "locale's: {conference: Refereed Conference Papers}.")
    locale: LocaleName = "en"
    date_style: Literal["month-year", "dotted", "slash", "year"] = Field(
        "month-year", description="month-year: May 2026; dotted: 2026.05; slash: 05/2026."
    )
    author_marks: dict[Text, Text] = Field(
        default_factory=lambda: dict(DEFAULT_AUTHOR_MARKS),
        description="What each author mark means, e.g. {'*': corresponding author, '**': equal "
        "contribution}.",
    )
    publication_groups: Literal["kind", "year", "none"] = "kind"
    citation_style: CitationStyle | None = None
    max_authors: int | None = Field(
        None, ge=1, le=1000, description="List at most this many authors of a paper (all by "
        "default, in every citation style too): the first ones, then the owner with their "
        "marks wherever they stand, and et al. — 'A. Lee, B. Chen, …, W. Cai*, et al.'.")
    embed_source: bool = Field(
        True, description="Attach this profile to every PDF made from it (`cvkit import pdf` "
        "gives it back): only what the CV shows, without comments, hidden entries, tags "
        "or variants (--embed-archive attaches the file as written).")
    citation_order: Literal["style", "profile"] = Field(
        "style", description="With a citation style that sorts its bibliography (APA, "
        "Chicago author-date): style sorts each group as the style says; profile keeps "
        "the order the papers are written in.")
    paper: Literal["a4", "letter"] = "a4"
    fit_pages: int | None = Field(
        None, ge=1, le=20, description="Fit the PDF (and, as nearly as Word allows, the DOCX) "
        "on this many pages: spacing is tightened first, then the text made smaller, within "
        "the limits the design declares and never below 9 pt.")
    fit_shorten: bool = Field(
        True, description="When fit_pages cannot be met by tightening alone, leave out the "
        "least important entries until the CV fits (news first; never the header or "
        "education), and say which (false: write it whole, with a warning).")
    design: DesignOptions = Field(default_factory=DesignOptions,
                                  description="Choices over the theme's design.")


# -- variants ---------------------------------------------------------------------------------


class Variant(Model):
    """A tailored selection of the profile: which entries, which sections, how long."""

    include_tags: list[Text] = Field(
        default_factory=list,
        description="Keep a tagged entry only when it carries one of these tags. Entries "
                    "without tags are always kept, by design: tag an entry to make it one a "
                    "variant can leave out (or drop it with exclude_tags or hidden).")
    exclude_tags: list[Text] = Field(default_factory=list,
                                     description="Drop entries carrying any of these tags.")
    entries: list[Text] = Field(
        default_factory=list,
        description="Keep only these entries of the sections they name, by id: "
                    "publications/<slug>, experience/<slug> ... as `cvkit mcp`'s list_entries "
                    "and cvkit.build.api.list_entries give them, or section[n] (its place in the "
                    "file, from 0). A section none of them names keeps its entries.")
    sections: list[SectionKey] | None = Field(
        None, description="Sections and their order (default: the layout's).")
    max_entries: dict[LimitKey, int] = Field(
        default_factory=dict, description="At most this many entries in a section "
        "(publications: 8), or inside each entry of one: experience.projects: 2 keeps the "
        "first two sub-projects of every position.")
    selected_only: bool = Field(False, description="Only publications marked selected.")
    since: int | None = Field(None, description="Only publications from this year on.")
    max_pages: int | None = Field(None, ge=1, description="Warn when the PDF is longer.")
    fit_pages: int | None = Field(None, ge=1, le=20, description="Fit the PDF on this many "
                                  "pages (as layout.fit_pages), over the layout's.")
    fit_shorten: bool | None = Field(None, description="Leave entries out to fit the pages "
                                     "(as layout.fit_shorten), over the layout's.")
    theme: Text | None = None
    paper: Literal["a4", "letter"] | None = None
    max_authors: int | None = Field(None, ge=1, le=1000, description="At most this many "
                                    "authors of a paper, the owner always among them (as "
                                    "layout.max_authors), over the layout's.")

    @model_validator(mode="after")
    def _non_negative(self) -> Variant:
        for key, n in self.max_entries.items():
            if n < 0:
                raise ValueError(f"max_entries.{key} must be 0 or more, not {n}")
        return self
