"""Export options: one typed, frozen object from the command line (or the library, a bundle,
the MCP server) to the view and the exporters.

A new option is one field here (its type, default and help, which the CLI's flag shows) plus
the code that reads it. Fields a format reads (``reads="format"``) reach only the exporters
that declare them (``Exporter.options``); giving one that no chosen format reads is
warned about.
May import the model and ``cvkit.profile.tailor`` (inside the functions that need them, so the
command line reads the help without loading pydantic); nothing above the view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvkit.support.errors import ExportError

if TYPE_CHECKING:
    from cvkit.profile.model import Profile
    from cvkit.profile.model.layout import Variant


def option(default: Any = None, help: str = "", *, reads: str = "view",
           factory: Any = None, flag: str | None = None) -> Any:
    """A field of ExportOptions: its help (the CLI flag's), who reads it: ``view`` (the
    selection and the Document), ``render`` (every format, not the Document) or ``format``
    (only the formats that declare it), and its flag where that is not ``--its-name``
    (``--on/--off`` for a pair, "" for none)."""
    meta = {"help": help, "reads": reads}
    if flag is not None:
        meta["flag"] = flag
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


# Selection overrides laid over the variant's rules (cvkit.profile.tailor applies them).
_OVER_VARIANT = ("since", "max_pages")
# Options the profile's ``layout`` sets too: there they are the defaults a flag overrides
# (with the chosen variant's own value between the two). ``with_layout`` merges them.
FROM_LAYOUT = ("paper", "fit_pages", "fit_shorten", "max_authors", "citation_style")


@dataclass(frozen=True)
class ExportOptions:
    """What an export is asked for beyond the profile itself."""

    theme: str = option("", "Theme, e.g. academic or industry.", reads="render")
    templates: Path | None = option(None, "Folder whose files override the theme's templates.",
                                    reads="render")
    # Selection, applied by cvkit.profile.tailor with the variant's own rules:
    variant: Variant | str | None = option(
        None, "A selection declared under `variants:` in the profile.")
    selected_only: bool = option(False, "Only publications marked selected.", flag="--selected")
    since: int | None = option(None, "Only publications from this year on.")
    paper: str | None = option(None, "a4 or letter.")
    max_pages: int | None = option(None, "Warn when the PDF is longer.")
    fit_pages: int | None = option(
        None, "Fit the PDF (and the DOCX, as nearly as Word allows) on N pages: tighter "
        "spacing, then smaller text, within the design's limits; then, if it still does not "
        "fit, the least important entries left out, as --max-entries would (every format "
        "leaves out the same).")
    fit_shorten: bool | None = option(
        None, "With --fit-pages: leave entries out when tightening is not enough (the "
        "default; over layout.fit_shorten); --no-shorten writes the CV whole, with a warning.",
        flag="--shorten/--no-shorten")
    max_authors: int | None = option(
        None, "List at most N authors of a paper, in every format and citation style: the "
        "first ones, then the owner with their marks wherever they stand, and et al. (over "
        "layout.max_authors; by default every author).")
    max_entries: dict[str, int] = option(
        help="At most N entries of a section: publications=8; or in each entry of one: "
        "experience.projects=2 (each position's first two sub-projects); repeat for several.",
        factory=dict)
    entries: list[str] = option(help="Only these entries, by id (cvkit.profile.entries), over the "
                                "variant's.", factory=list, flag="")  # the library's alone
    include_photo: bool = option(True, "Show the photo.", flag="--photo/--no-photo")
    citation_style: str | None = option(
        None, "Write each reference in a Citation Style Language style: ieee, apa, "
        "chicago-author-date, vancouver, acm ... (cvkit styles lists them) or a .csl file; "
        "over the profile's layout.citation_style.")
    # Read by the formats that declare them (Exporter.options):
    pdf_variant: str | None = option(None, "pdf/a-3b or pdf/ua-1 (tagged PDF).", reads="format")
    obfuscate_email: bool = option(
        False, "HTML: show the email as 'ada [at] example [dot] org'.", reads="format")
    base_url: str | None = option(
        None, "HTML: the site's address, for the sitemap, the feed and canonical links "
        "(default: the profile's website).", reads="format")
    compile: bool = option(
        False, "LaTeX: also compile the .tex with latexmk, writing NAME-latex.pdf beside it "
        "(never the NAME.pdf that -f pdf writes).", reads="format")
    jekyll_style: str | None = option(None, "jekyll: academicpages or acad.", reads="format")
    no_embed_source: bool = option(
        False, "PDF: do not attach the profile (cvkit import pdf gives an attached profile "
        "back).", reads="format")
    embed_archive: bool = option(
        False, "PDF: attach the profile file as written, for your own archive: its comments, "
        "hidden entries, tags and variants too (by default the PDF carries only what the CV "
        "shows).", reads="format")
    # The format options as a mapping, as earlier versions took them (extra={...}).
    extra: InitVar[Mapping[str, Any] | None] = None

    def __post_init__(self, extra: Mapping[str, Any] | None) -> None:
        names = {f.name for f in dataclasses.fields(self)}
        for name, value in (extra or {}).items():
            if name not in names:
                raise ExportError(f"unknown export option {name!r}")
            object.__setattr__(self, name, value)

    @classmethod
    def from_flags(cls, **given: Any) -> ExportOptions:
        """The options as a command gives them, the CLI's flags and the MCP server's export
        tool alike: the paper in any case, an empty list of entries as none."""
        if given.get("paper"):
            given["paper"] = given["paper"].lower()
        if given.get("entries") is None:
            given.pop("entries", None)
        return cls(**given)

    def with_layout(self, profile: Profile) -> ExportOptions:
        """These options over the profile's ``layout``: each of ``FROM_LAYOUT`` not given
        takes the chosen variant's value, else the layout's; a layout that hides the photo
        or attaches no profile does so whatever the flags say. The one place the layout and
        the options meet: every export (the CLI, the library, bundles, the preview, the MCP
        server) reads them from the result. Given the result, gives it back unchanged."""
        from cvkit.profile.tailor import variant_named

        variant = variant_named(profile, self.variant) if isinstance(self.variant, str) \
            else self.variant
        layout = profile.layout
        from_profile = {}
        for name in FROM_LAYOUT:
            chosen = getattr(variant, name, None) if variant is not None else None
            from_profile[name] = chosen if chosen is not None else getattr(layout, name)
        # A value the profile holds too was checked with it (and the result of this method
        # holds only such values): only the others need the variant's validator built.
        given = {name: getattr(self, name) for name in FROM_LAYOUT
                 if name != "citation_style" and getattr(self, name) is not None
                 and getattr(self, name) != from_profile[name]}
        if given:  # checked as a variant's own values are (the style when it is read)
            _checked_variant(given)
        merged: dict[str, Any] = {"variant": variant}
        for name in FROM_LAYOUT:
            if getattr(self, name) is None:
                merged[name] = from_profile[name]
        merged["include_photo"] = self.include_photo and layout.design.photo is not False
        merged["no_embed_source"] = self.no_embed_source or not layout.embed_source
        return dataclasses.replace(self, **merged)

    @classmethod
    def help(cls, name: str) -> str:
        """The help text of one field (the CLI flag's)."""
        return str(_field(cls, name).metadata["help"])

    @classmethod
    def flag(cls, name: str) -> str:
        """The command line's flag of one field: ``--its-name``, or the one it declares."""
        return str(_field(cls, name).metadata.get("flag", "--" + name.replace("_", "-")))

    @classmethod
    def format_fields(cls) -> tuple[str, ...]:
        """The fields only the formats that declare them read."""
        return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("reads") == "format")

    def format_options(self) -> dict[str, Any]:
        """The format options given (not left at their default)."""
        return {name: getattr(self, name) for name in self.format_fields()
                if getattr(self, name) != _default(type(self), name)}

    def for_format(self, declared: tuple[str, ...]) -> ExportOptions:
        """These options as a format sees them: the format options it does not declare at
        their defaults."""
        defaults = {name: _default(type(self), name) for name in self.format_fields()}
        hidden = {name: default for name, default in defaults.items()
                  if name not in declared and getattr(self, name) != default}
        return dataclasses.replace(self, **hidden) if hidden else self

    def limits_shown(self) -> str:
        """The selection's ``max_entries`` (the variant's, these options' over them) as
        ``--max-entries`` takes them, ``experience.projects=2 publications=6``: what a PDF
        records, so ``cvkit check`` knows those entries were left out on purpose."""
        base = getattr(self.variant, "max_entries", None) or {}
        limits = {**base, **self.max_entries}
        return " ".join(f"{key}={n}" for key, n in sorted(limits.items()))

    def selection(self, profile: Profile | None = None) -> Variant:
        """The variant (named or given) with this export's own choices laid over it. A
        variant named is looked up in ``profile``; once ``with_layout`` has looked it up (as
        the options every format renders with have), no profile is needed."""
        from cvkit.profile.model.layout import Variant
        from cvkit.profile.tailor import variant_named

        base = self.variant
        if isinstance(base, str):
            if profile is None:
                raise ExportError(f"variant {base!r}: no profile to look it up in")
            base = variant_named(profile, base)
        overrides: dict[str, Any] = {"selected_only": True} if self.selected_only else {}
        for name in _OVER_VARIANT:
            if getattr(self, name) is not None:
                overrides[name] = getattr(self, name)
        if self.entries:
            overrides["entries"] = list(self.entries)
        if self.max_entries:
            overrides["max_entries"] = {**(base.max_entries if base is not None else {}),
                                        **self.max_entries}
        if not overrides:
            # Validated already (or all defaults): no need to build the validator.
            return base if base is not None else Variant.model_construct()
        data = base.model_dump(exclude_unset=True) if base is not None else {}
        data.update(overrides)
        return _checked_variant(data)


@dataclass(frozen=True)
class Suggestion:
    """An export option a warning names: a field of ExportOptions and its value, which each
    front end spells its own way (``Advice.spelled``): the command line as its flag
    (``--max-entries news=3``), a bundle as its file's key. The value may hold words to
    replace (``YEAR``, ``{"SECTION": "N"}``) or be None (a number of the user's choosing);
    ``given``: the value the export was given, named rather than suggested."""

    field: str
    value: Any = None
    given: bool = False


class Advice(str):
    """A warning that names export options. As a ``str`` it spells them as the command
    line's flags (``as_flag``), as ``cvkit export``, ``watch``, ``serve`` and the MCP server
    show it; ``spelled`` writes it for a front end that takes the options otherwise."""

    parts: tuple[str | Suggestion, ...]

    def __new__(cls, *parts: str | Suggestion) -> Advice:
        made = super().__new__(cls, "".join(
            part if isinstance(part, str) else as_flag(part) for part in parts))
        made.parts = parts
        return made

    def __reduce__(self) -> tuple[type[Advice], tuple[str | Suggestion, ...]]:
        return (type(self), self.parts)

    def spelled(self, spell: Callable[[Suggestion], str]) -> str:
        return "".join(part if isinstance(part, str) else spell(part) for part in self.parts)


def spelled(warning: str, spell: Callable[[Suggestion], str]) -> str:
    """A warning with the options it names spelled by ``spell`` (a plain one as it is)."""
    return warning.spelled(spell) if isinstance(warning, Advice) else warning


def as_flag(suggestion: Suggestion) -> str:
    """A suggestion as the command line takes it: ``--since 2020``, ``--max-entries news=3``,
    ``--selected``, ``--fit-pages`` (a number to choose)."""
    flag, value = ExportOptions.flag(suggestion.field), suggestion.value
    if value is None or isinstance(value, bool):
        on, _, off = flag.partition("/")
        return off if value is False and off else on
    if isinstance(value, Mapping):
        return " ".join(f"{flag} {key}={n}" for key, n in value.items())
    return f"{flag} {value}"


def _checked_variant(data: dict[str, Any]) -> Variant:
    """A variant of ``data``, the options' values in it checked as the profile's are; a
    value refused is the flag's error."""
    from pydantic import ValidationError

    from cvkit.profile.model.layout import Variant

    try:
        return Variant.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ExportError(f"--{where.replace('_', '-')}: {err['msg']}") from None


def _field(cls: type[ExportOptions], name: str) -> dataclasses.Field[Any]:
    return {f.name: f for f in dataclasses.fields(cls)}[name]


def _default(cls: type[ExportOptions], name: str) -> Any:
    return _field(cls, name).default


@dataclass(frozen=True)
class Embedding:
    """A request to attach the profile to a PDF (cvkit.profile.embed makes what it carries):
    its file's suffix, and ``archive``, the file as written, when its owner asked for the
    full copy. Here, beside the options, so the context a PDF worker is sent unpickles
    without the model or YAML."""

    suffix: str  # ".yaml" or ".json"
    archive: bytes | None = None
