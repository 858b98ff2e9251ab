"""The bundle file: one profile, defaults, and the applications to build from it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cvkit.profile.model.layout import Variant
from cvkit.profile.model.types import Model, PartialDate, Text

DEFAULT_FILENAME = "{Last}_{First}_{doc}_{org}.{ext}"
FILENAME_FIELDS = {"Last", "First", "Name", "doc", "org", "role", "id", "date", "ext"}


def _check_pattern(value: str | None) -> str | None:
    if value is None:
        return value
    names = set(re.findall(r"{(\w*)[^{}]*}", value))
    unknown = names - FILENAME_FIELDS
    if unknown or "{}" in value:
        raise PydanticCustomError(
            "filename_pattern", "unknown field {fields} in the file-name pattern; use "
            "{known}", {"fields": ", ".join(sorted(unknown)) or "{}",
                        "known": ", ".join("{" + f + "}" for f in sorted(FILENAME_FIELDS))})
    if "/" in value or "\\" in value:
        raise PydanticCustomError("filename_pattern",
                                  "a file-name pattern names a file, not a folder: no / or \\")
    return value


class CoverLetter(Model):
    """A Markdown template; {{ organisation }}, {{ role }}, {{ name }} and custom fields."""

    template: Text | None = Field(None, description="A Markdown file, relative to the bundle.")
    text: Text | None = Field(None, description="The template itself, inline.")

    @model_validator(mode="after")
    def _one_source(self) -> CoverLetter:
        if (self.template is None) == (self.text is None):
            raise ValueError("give exactly one of `template` (a file) or `text`")
        return self


class Defaults(Model):
    variant: Text | Variant | None = Field(
        None, description="A variant declared in the profile (by name) or one written here.")
    formats: list[Text] = Field(default_factory=lambda: ["pdf"])
    fit_pages: int | None = Field(
        None, ge=1, le=20, description="Fit every application's PDF (and DOCX) on this many "
        "pages, as --fit-pages does, where neither the application nor its variant says "
        "(over the profile layout's fit_pages).")
    fit_shorten: bool | None = Field(
        None, description="Whether fitting leaves entries out when tightening is not enough "
        "(false: each CV whole, as --no-shorten), where neither the application nor its "
        "variant says (over the profile layout's fit_shorten).")
    filename: Text = DEFAULT_FILENAME
    cover_letter: CoverLetter | None = None
    fields: dict[Text, Text] = Field(default_factory=dict)

    _pattern = field_validator("filename")(classmethod(lambda cls, v: _check_pattern(v)))


class Application(Model):
    id: Text = Field(description="Folder name for this application: letters, digits, . _ -")
    organisation: Text
    role: Text
    date: PartialDate | None = None
    recipient: Text | None = Field(
        None, description="The person the cover letter is addressed to, with their title "
        "(\"Dr. Jane Doe, Head of Research\"): the first line of its recipient block.")
    address: list[Text] = Field(
        default_factory=list, description="The organisation's postal address, one line each: "
        "the cover letter's recipient block ends with it.")
    variant: Text | Variant | None = None
    formats: list[Text] | None = None
    fit_pages: int | None = Field(
        None, ge=1, le=20, description="Fit this application's PDF (and DOCX) on this many "
        "pages, as --fit-pages does, over its variant's, the defaults' and the layout's.")
    fit_shorten: bool | None = Field(
        None, description="Whether fitting leaves entries out when tightening is not enough "
        "(false: the CV whole, as --no-shorten), over its variant's, the defaults' and the "
        "layout's.")
    filename: Text | None = None
    cover_letter: CoverLetter | None = None
    fields: dict[Text, Text] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", value):
            raise PydanticCustomError(
                "application_id", "an id is a folder name: letters, digits, '.', '_' or '-' "
                "(found '{found}')", {"found": value})
        return value

    _pattern = field_validator("filename")(classmethod(lambda cls, v: _check_pattern(v)))


class Bundle(Model):
    """Job applications built from one profile: `cvkit bundle FILE`."""

    profile: Text = Field(description="The profile file, relative to this bundle file.")
    defaults: Defaults = Field(default_factory=Defaults)
    applications: list[Application] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Bundle:
        seen: set[str] = set()
        for app in self.applications:
            if app.id in seen:
                raise ValueError(f"two applications share the id {app.id!r}")
            seen.add(app.id)
        return self


def merged(app: Application, defaults: Defaults) -> dict[str, Any]:
    """An application with the bundle's defaults filled in; its ``fit_pages`` and
    ``fit_shorten`` are the application's own only, the defaults' going under its variant
    (``with_default_fit``)."""
    return {
        "variant": app.variant if app.variant is not None else defaults.variant,
        "formats": app.formats if app.formats is not None else defaults.formats,
        "fit_pages": app.fit_pages,
        "fit_shorten": app.fit_shorten,
        "filename": app.filename or defaults.filename,
        "cover_letter": app.cover_letter or defaults.cover_letter,
        "fields": {**defaults.fields, **app.fields},
    }


def with_default_fit(variant: Variant, defaults: Defaults) -> Variant:
    """The application's variant with the defaults' fit_pages and fit_shorten where it names
    none: the options' merge (ExportOptions.with_layout) then takes the application's own
    first, this variant's next, the profile layout's last."""
    update = {name: getattr(defaults, name) for name in ("fit_pages", "fit_shorten")
              if getattr(variant, name) is None and getattr(defaults, name) is not None}
    return variant.model_copy(update=update) if update else variant
