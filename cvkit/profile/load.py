"""Load a profile: its file read with every position (``cvkit.profile.source``), validated into
``Profile`` with the names only files tell (locales, labels), and checked for what only
warns (control characters, formulas, fonts).

Every problem becomes a ``Problem`` with file, line, column and field path; all problems of a
file are raised together as one ``ProfileError``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from cvkit.document import richtext
from cvkit.document.authors import find_owner, owner_of
from cvkit.document.texmath import is_latex_text, latex_text_nodes, unsafe_reason
from cvkit.profile.entries import unknown
from cvkit.profile.model import Profile
from cvkit.profile.model.profile import Person, name_of
from cvkit.profile.source import (
    M,
    Source,
    _cached,
    load_data_file,
    load_source,
    parse_source,
    read_text,
    validate,
)
from cvkit.support.cache import profile_key
from cvkit.support.errors import PathKey, Problem, ProfileError, format_path
from cvkit.support.links import bare_orcid

__all__ = ["Source", "load_data_file", "load_profile", "load_source", "parse_source",
           "read_text", "validate", "validate_profile"]


def profile_context(base_dir: Path | None = None) -> dict[str, Any]:
    """What validating a profile checks names against: the locale files there are (cvkit's
    and those on CVKIT_PATH), the labels a profile may override, and the citation styles
    (a name in the collection, or a .csl file beside the profile)."""
    from cvkit.profile import locale

    names = locale.available()

    def citation_style(style: str) -> None:
        from cvkit.support.styles import StyleError, resolve

        try:
            resolve(style, base_dir)
        except StyleError as exc:
            raise ValueError(str(exc)) from None

    return {"locales": names, "labels": set(locale.load("en").labels) if "en" in names else None,
            "citation_style": citation_style}


def validate_profile(source: Source) -> Any:
    """``source`` validated into ``Profile``, locale and label names checked."""
    return validate(source, Profile, profile_context(
        source.file.parent if source.file is not None else None))


def load_profile(path: Path | str, warnings: list[Problem] | None = None, *,
                 text: str | None = None) -> Any:
    """Load and validate a profile file; raises ProfileError with every problem found.

    Problems that do not stop loading (control characters removed) go to ``warnings``.
    ``text`` is the file's text when the caller has read it already (``read_text``).
    """
    path = Path(path)
    source, profile, parses = _validated_cached(path, read_text(path) if text is None
                                                else text)
    richtext.remember(parses)
    if any(variant.entries for variant in profile.variants.values()):
        if problems := entry_problems(source, profile):
            raise ProfileError(problems)
    if warnings is not None:
        warnings.extend(source.warnings)
        warnings.extend(tex_warnings(source))
        warnings.extend(font_warnings(source, profile))
        warnings.extend(owner_warnings(source, profile))
    return profile


def entry_problems(source: Source, profile: Any) -> list[Problem]:
    """A variant's ``entries`` that name no entry of the profile (``cvkit.profile.entries``), each
    where the file has it."""
    found = []
    for name, variant in profile.variants.items():
        for n, message in unknown(profile, variant.entries):
            path: PathKey = ("variants", name, "entries", n)
            line, column = source.locate(path)
            found.append(Problem(source.file, line, column, format_path(path), message))
    return found


def owner_warnings(source: Source, profile: Any) -> list[Problem]:
    """An author list where the owner cannot be told apart: several names match theirs and
    no ORCID iD says which (every one is shown as the owner), or the list names the
    profile's iD twice."""
    orcid = bare_orcid(profile.links.orcid).upper() if profile.links.orcid else ""
    owner = owner_of(profile.name, profile.aliases, orcid)
    found: list[Problem] = []
    for i, pub in enumerate(profile.publications):
        for field in ("authors", "editors"):
            people = [(name_of(p), (p.orcid or "") if isinstance(p, Person) else "")
                      for p in getattr(pub, field)]
            where = find_owner(people, owner)
            if not where.ambiguous and not (where.by_orcid and len(where.places) > 1):
                continue
            names = ", ".join(people[j][0] for j in where.places)
            path = ("publications", i, field, where.places[1])
            line, column = source.locate(path)
            fix = ("the profile's ORCID iD is given to more than one of them" if where.by_orcid
                   else "give the owner's entry their ORCID iD ({name: ..., orcid: ...}) "
                   "and links.orcid, or rename the other")
            found.append(Problem(source.file, line, column, format_path(path),
                                 f"{names}: {len(where.places)} names here match "
                                 f"{profile.name}, and every one is shown as them; {fix}"))
    return found


def cache_profile(path: Path) -> None:
    """Validate a profile into the cache, so the next load of the same text only reads it
    (``workers.read_ahead``). The file is read as ``load_profile`` reads it (a file too large,
    binary or not UTF-8 is refused at once); a profile with a mistake leaves nothing: the load
    that follows finds it again and reports it."""
    _validated_cached(path, read_text(path))


def _validated_cached(path: Path, text: str
                      ) -> tuple[Source, Any, dict[tuple[str, str], richtext.Rich]]:
    return _cached("profiles", profile_key(path, text), path,
                   lambda: _validated(text, path, Profile))


def _validated(text: str, path: Path, model: type[M]
               ) -> tuple[Source, M, dict[tuple[str, str], richtext.Rich]]:
    """The parse, the model, and the Markdown parses validating made (the view needs them
    again)."""
    source = parse_source(text, path)
    with richtext.recording() as parses:
        return source, validate(source, model, profile_context(path.parent)), parses


def font_warnings(source: Source, profile: Any) -> list[Problem]:
    """A chosen font family (layout.design.font) that fontconfig does not know."""
    font = profile.layout.design.font
    if not font or font_installed(font) is not False:
        return []
    place = ("layout", "design", "font")
    line, column = source.locate(place)
    return [Problem(source.file, line, column, format_path(place),
                    f"font {font!r} is not installed here; the PDF and LaTeX fall back to the "
                    "design's fonts (fc-list lists the installed ones)")]


def font_installed(family: str) -> bool | None:
    """Whether fontconfig has ``family``; None when fontconfig is not there to ask."""
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True,
                         text=True, timeout=30)
    return bool(out.stdout.strip())


def tex_warnings(source: Source) -> list[Problem]:
    """Formulas that may not reach TeX, and LaTeX commands cvkit does not know, located."""
    found: list[Problem] = []

    def visit(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, path + (i,))
        elif isinstance(value, str) and ("$" in value or "\\" in value):
            line, column = source.locate(path)

            def warn(message: str) -> None:
                found.append(Problem(source.file, line, column, format_path(path), message))

            try:
                rich = richtext.parse(value)
            except richtext.UnsafeLinkError:
                return  # the model reports it where the field takes links
            for formula in richtext.formulas_in(rich):
                reason = unsafe_reason(formula.tex)
                if reason:
                    warn(f"formula '{formula.source}' is printed as typed, not typeset: "
                         f"{reason}")
            if is_latex_text(value):
                unknown: list[str] = []
                latex_text_nodes(value, unknown)
                for command in dict.fromkeys(unknown):
                    warn(f"LaTeX command {command} is not one cvkit reads; it stays as typed")

    visit(source.data, ())
    return found
