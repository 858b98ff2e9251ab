"""JSON Resume <-> profile data: v1.x and the older schema people still have.

Lenient per value, strict per file. A file that is no JSON Resume (FRESH, another tool's
format, an ORCID record) is refused in one line saying what it looks like; invalid JSON in
one located line per fault, naming a trailing or a missing comma. In a resume, every value is
read in the old and the new spelling (``company``/``name``, ``website``/``url``,
``gpa``/``score``, ``picture``/``image``); a value that cannot be read as written (a ``null``,
a date with words in it, a ``skype:`` link, an address without a scheme) is read as far as
it goes or kept aside, with a note pointing into the input (JSON pointer and line:col).

Every field has a place in the profile or is kept under ``extra.jsonresume`` by its JSON
pointer, so exporting back restores it. Text is read as the Markdown most resume themes
render (``**bold**``, links) where it is written so, and as plain text otherwise; a list in
a summary becomes the entry's highlights (see ``cvkit.importers.prose``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cvkit.document import richtext
from cvkit.document.wording import counted
from cvkit.exporters.jsonresume import to_jsonresume
from cvkit.importers import DROPPED, GUESSED, BaseImporter, Imported, Refused, pointer
from cvkit.importers import jsonresume_entries as entries
from cvkit.importers.jsonresume_entries import SECTIONS, kind_from_venue
from cvkit.importers.jsonresume_values import Reader, json_kind
from cvkit.importers.jsonsyntax import syntax_problems
from cvkit.importers.peek import json_keys, json_value
from cvkit.profile.model import Profile
from cvkit.profile.source import Source, json_source, read_text
from cvkit.support.errors import PathKey, ProfileError
from cvkit.view import build_document

# profiles[].network (lower-cased, spaces removed) -> our `links` field
NETWORKS = {"github": "github", "linkedin": "linkedin", "twitter": "twitter", "x": "twitter",
            "googlescholar": "scholar", "scholar": "scholar", "orcid": "orcid",
            "dblp": "dblp", "semanticscholar": "semantic_scholar",
            "researchgate": "researchgate"}
# Links fields that must hold a URL rather than a handle.
URL_ONLY = {"semantic_scholar", "researchgate"}

# Exports a profile (plain data) to JSON Resume again, or None where it is no valid profile:
# given by the library (cvkit.build.api), which sits above both the importers and the exporters.
ExportAgain = Callable[[dict[str, Any]], dict[str, Any] | None]


def import_file(path: Path, export_again: ExportAgain | None = None) -> Imported:
    """The profile in a JSON Resume file. Invalid JSON is a ``ProfileError`` locating each
    fault; a file that is no JSON Resume is ``Refused``, saying what it looks like."""
    text = read_text(path, "JSON Resume file")
    problems = syntax_problems(text, path)
    if problems:
        raise ProfileError(problems)
    source = json_source(path, "JSON Resume file")
    other = what_it_is(source.data)
    if other is not None:
        raise Refused(f"{path}: {other}")
    return from_jsonresume(source.data, export_again, source)


class JsonResumeImporter(BaseImporter):
    """The JSON Resume importer behind the one contract (``cvkit.importers``)."""

    name = "jsonresume"
    reads = "a JSON Resume (resume.json)"

    def sniff(self, path: Path) -> float:
        data = json_value(path)
        if data is None:  # not valid JSON (a trailing comma), or too large: its first keys
            keys = json_keys(path)
            return 0.9 if keys & {"basics", "x-cvkit"} else \
                0.6 if len(keys & {*SECTIONS, "meta"}) >= 2 else 0.0
        if isinstance(data, dict) and ("basics" in data or "x-cvkit" in data):
            return 0.95
        other = what_it_is(data)
        if other is None:
            return 0.8
        # FRESH, JSON Resume's sibling, is claimed so that the import says what to do.
        return 0.6 if other.startswith("a FRESH") else 0.0

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        self.refuse_folder(path)
        return import_file(path, export_again)


def export_again(data: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON Resume cvkit exports from ``data``, or None where it is no valid profile
    (to tell a resume cvkit wrote, unedited, from one edited since)."""
    try:
        profile = Profile.model_validate(data)
    except ValueError:
        return None
    doc = build_document(profile)
    return to_jsonresume(doc.record(), doc)


# -- what a file is ----------------------------------------------------------------------------

# Field names only a JSON Resume entry has (of any schema version).
_RESUME_FIELDS = {"position", "startDate", "endDate", "institution", "studyType", "area",
                  "keywords", "fluency", "releaseDate", "awarder", "reference", "highlights",
                  "company", "website", "courses", "gpa", "score", "publisher", "network"}
_FRESH = {"employment", "info", "social", "recognition", "writing", "speaking",
          "governance", "affiliation", "service", "disposition", "samples", "testimonials"}


def what_it_is(data: Any) -> str | None:
    """None when ``data`` reads as a JSON Resume; otherwise what it looks like, as the one
    line that refuses it."""
    if not isinstance(data, dict):
        return (f"a JSON {'array' if isinstance(data, list) else 'value'}, not a JSON Resume "
                "(an object with basics, work, education ...)")
    meta = data.get("meta")
    fresh = isinstance(meta, dict) and str(meta.get("format", "")).upper().startswith("FRESH")
    if "basics" not in data and (fresh or isinstance(data.get("employment"), dict)
                                 or len(_FRESH & set(data)) >= 2):
        return ("a FRESH resume (HackMyResume's format), not a JSON Resume; convert it with "
                "`hackmyresume convert resume.json resume-jrs.json` and import that")
    if "orcid-identifier" in data or "activities-summary" in data or "orcid-profile" in data:
        return "an ORCID record, not a JSON Resume; import it with `cvkit import orcid`"
    if isinstance(data.get("basics"), dict) or _resume_shaped(data):
        return None

    if data and "name" in data and set(data) <= set(Profile.model_fields):
        return ("a cvkit profile already (its keys are a profile's), not a JSON Resume; use "
                "it as it is: cvkit validate FILE")
    keys = ", ".join(sorted(data)[:6]) + (", ..." if len(data) > 6 else "")
    return (f"not a JSON Resume: an object with keys {keys}, none of them JSON Resume's "
            "basics, and no work, education or skills entry written as JSON Resume writes "
            "them" if data else "an empty JSON object, not a JSON Resume")


def _resume_shaped(data: dict[str, Any]) -> bool:
    """Sections whose entries use JSON Resume's field names (a pre-standard resume with
    its name at the top still has them)."""
    for key in SECTIONS:
        entries = data.get(key)
        if isinstance(entries, list) and any(isinstance(e, dict) and _RESUME_FIELDS & set(e)
                                             for e in entries):
            return True
    return False


# -- the resume -------------------------------------------------------------------------------


def from_jsonresume(resume: dict[str, Any], export_again: ExportAgain | None = None,
                    source: Source | None = None) -> Imported:
    """The profile in a JSON Resume. One cvkit exported carries its profile (``x-cvkit``):
    that is restored as it was when ``export_again`` gives this very resume back from it."""
    if not isinstance(resume, dict):
        raise Refused(what_it_is(resume) or "not a JSON Resume")
    own = resume.get("x-cvkit")
    if isinstance(own, dict) and isinstance(own.get("profile"), dict):
        kept = _unchanged_profile(resume, own["profile"], export_again)
        if kept is not None:
            return Imported(kept, ["written by cvkit and not edited since: the profile it was "
                                   "exported from is restored exactly"])
        note = ("written by cvkit but edited since: imported from the JSON Resume fields; "
                "what only cvkit holds (co-authors, paper kinds, talks ...) was not restored")
        imported = _from_fields(resume, source)
        return Imported(imported.data, [note, *imported.notes], imported.problems)
    return _from_fields(resume, source)


def _unchanged_profile(resume: dict[str, Any], data: dict[str, Any],
                       export_again: ExportAgain | None) -> dict[str, Any] | None:
    """The embedded profile, when exporting it again gives this very resume."""
    again = export_again(data) if export_again is not None else None
    if again is None:
        return None
    mine = {k: v for k, v in resume.items() if k != "x-cvkit"}
    again.pop("x-cvkit", None)
    return data if json.loads(json.dumps(again)) == mine else None


def _from_fields(resume: dict[str, Any], source: Source | None) -> Imported:
    r = Reader(source)
    data: dict[str, Any] = {}
    snapshots: dict[str, Any] = {}
    _basics(r, resume, data, snapshots)
    entries.experience(r, resume, data)
    entries.education(r, resume, data)
    entries.awards_and_certificates(r, resume, data)
    inferred = entries.publications(r, resume, data)
    entries.skills_and_languages(r, resume, data)
    entries.interests_and_references(r, resume, data)
    entries.projects(r, resume, data)
    known = {*SECTIONS, "basics", "x-cvkit", "hobbies", *_FLAT_BASICS}
    r.rest(resume, known, ())
    if inferred:
        r.note(("publications",), GUESSED, "paper kinds read from their venues: "
               + "; ".join(inferred))
    if r.extra or snapshots:
        # Snapshots are the original objects cvkit split into its own fields; the exporter
        # uses them only while those fields still say the same thing.
        data["extra"] = {"jsonresume": {**r.extra, **({"snapshots": snapshots}
                                                      if snapshots else {})}}
    if data.get("publications"):
        r.note(("publications",), GUESSED, f"{counted(len(data['publications']), 'paper')}: "
               f"JSON Resume has no author list, so {data['name']} is entered as the only "
               "author; check them")
    return Imported(data, list(r.notes))


# The pre-standard layout (resume-cli's 2014 files): the person's fields at the top.
_FLAT_BASICS = {"name": "name", "email": "email", "phoneNumber": "phone", "phone": "phone",
                "bio": "summary", "label": "label", "website": "website", "url": "url",
                "location": "location", "profiles": "profiles", "picture": "picture"}


# A location's parts, in every spelling found (the 2016 sample's are vCard's).
_PLACE = (("city", "locality"), ("region", "state"), ("countryCode", "country-name", "country"))


def _basics(r: Reader, resume: dict[str, Any], data: dict[str, Any],
            snapshots: dict[str, Any]) -> None:
    path: PathKey = ("basics",)
    basics = r.obj(resume, "basics", ())
    if basics is None:
        basics, path = {v: resume[k] for k, v in _FLAT_BASICS.items() if k in resume}, ()
        flat = [k for k in _FLAT_BASICS if k in resume]
        if flat:
            r.note((), GUESSED, f"no basics: the person's fields at the top ({', '.join(flat)}) "
                   "read as basics, as JSON Resume's first drafts wrote them")
    name = r.text(basics, "name", path)
    if not name:
        r.note((*path, "name"), GUESSED, "no name: written as 'Unnamed'; put yours in the "
               "profile")
    data["name"] = name or "Unnamed"
    data["headline"] = r.text(basics, "label", path)
    contact: dict[str, Any] = {"email": r.email(basics, "email", path),
                               "phone": r.text(basics, "phone", path),
                               "website": r.url(basics, ("url", "website"), path)}
    loc = r.obj(basics, "location", path) or {}
    parts = [r.text(loc, keys, (*path, "location")) for keys in _PLACE]
    contact["location"] = ", ".join(p for p in parts if p) or None
    r.rest(loc, {k for keys in _PLACE for k in keys}, (*path, "location"))
    if loc:
        snapshots["/basics/location"] = loc
    data["contact"] = contact
    data["about"] = r.paragraph(basics, "summary", path, "the profile's about")
    for key in ("image", "picture"):
        r.keep((*path, key), basics.get(key),
               "a photo must be an image file beside the profile (photo: me.jpg), not a link")
    data["links"] = _profiles(r, basics, path)
    profiles = basics.get("profiles")
    if isinstance(profiles, list) and profiles:  # less a link that runs a script
        snapshots["/basics/profiles"] = [p for p in profiles if not (
            isinstance(p, dict) and isinstance(p.get("url"), str) and r.is_script(p["url"]))]
    r.rest(basics, {"name", "label", "email", "phone", "url", "website", "location",
                    "summary", "image", "picture", "profiles"}, path)


def _profiles(r: Reader, basics: dict[str, Any], path: PathKey) -> dict[str, Any]:
    links: dict[str, Any] = {"other": []}
    given = basics.get("profiles")
    found: list[tuple[PathKey, Any]]
    if isinstance(given, dict):  # the 2014 draft: {"github": "handle", ...}
        found = [((*path, "profiles", k), {"network": k, "username": v})
                 for k, v in given.items()]
        r.note((*path, "profiles"), GUESSED, "profiles written as an object (network: user "
               "name), as the 2014 draft did: read as a list")
    elif isinstance(given, list):
        found = [((*path, "profiles", i), prof) for i, prof in enumerate(given)]
    else:
        r.keep((*path, "profiles"), given, f"profiles written as {json_kind(given)}, not a list")
        found = []
    for where, prof in found:
        if isinstance(prof, dict):
            _profile(r, prof, where, links)
        elif prof not in (None, "", [], {}):
            r.keep(where, prof, f"a profile written as {json_kind(prof)}")
    return links


def _profile(r: Reader, prof: dict[str, Any], where: PathKey, links: dict[str, Any]) -> None:
    network = r.text(prof, "network", where) or ""
    kind = NETWORKS.get(re.sub(r"\s+", "", network).lower())
    user = r.text(prof, "username", where)
    raw = prof.get("url")
    written = raw.strip() if isinstance(raw, str) else ""
    if written and not richtext.is_allowed_url(written) and not r.looks_like_host(written):
        if r.is_script(written):
            r.note(where, DROPPED, f"a {network or 'profile'} link that runs a script "
                   f"({written[:40]!r}), no web address: not imported")
        else:
            r.keep(where, prof, f"a {network or 'profile'} address that is no web address "
                   f"({written[:40]!r}; a CV links to http, https or mailto only)")
        return
    url = r.url(prof, ("url",), where)
    if kind and kind not in links and (url or (user and kind not in URL_ONLY)):
        links[kind] = url if url and (kind in URL_ONLY or not user) else (user or url)
        if url and user:
            r.extra[pointer((*where, "url"))] = url  # for the way back, as it was
    elif url:
        links["other"].append({"label": network or user or "Link", "url": url})
        if user:
            r.extra[pointer((*where, "username"))] = user
    elif network or user:
        r.keep(where, prof, f"a {network or 'profile'} without a web address")
    r.rest(prof, {"network", "username", "url"}, where)


__all__ = ["SECTIONS", "ExportAgain", "JsonResumeImporter", "export_again", "from_jsonresume",
           "import_file", "kind_from_venue", "what_it_is"]
