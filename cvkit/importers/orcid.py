"""ORCID (public API v2 and v3, JSON) -> profile data.

What ``/v3.0/<iD>/record`` returns with ``Accept: application/json`` is the whole CV: the
person (names, biography, emails, websites, keywords, other identifiers) and the activities
summary (``cvkit.importers.orcid_activities``). The partial forms ORCID also serves
(``/works``, ``/person``, ``/personal-details``, ``/activities``, one section such as
``/employments``, a single ``/work`` or what a member writes) are imported for what they hold,
with one note saying what is missing and what to give instead; a file of another kind (an
error body, search results, the retired API 1.2, JSON that is not ORCID's) is refused in one
line saying what it is.

Lenient per value, strict per file: a value that cannot be read is dropped or degraded with a
note at its JSON pointer and line:col in the input (``cvkit.importers.orcid_reader``), never
the whole import; what the profile model still refuses is taken out the same way before the
data is handed on, so an import never fails on one value.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvkit.document.wording import counted
from cvkit.importers import BaseImporter, Imported, Note, Refused
from cvkit.importers.orcid_activities import AFFILIATIONS, OTHER_SECTIONS, activities
from cvkit.importers.orcid_person import read_person
from cvkit.importers.orcid_reader import DEGRADED, Reader, json_kind, step
from cvkit.importers.orcid_works import work
from cvkit.importers.peek import json_keys, json_value
from cvkit.profile.model import Profile
from cvkit.profile.source import Source, json_source
from cvkit.support.errors import ExportError, PathKey
from cvkit.support.limits import MAX_BYTES, too_big
from cvkit.support.links import ORCID_ID, bare_orcid, orcid_checks

ORCID_API = "https://pub.orcid.org/v3.0/{orcid}/record"
SECTIONS = (*AFFILIATIONS, *OTHER_SECTIONS)
PERSON_KEYS = ("other-names", "biography", "researcher-urls", "emails", "addresses",
               "keywords", "external-identifiers")
_ORCID_IN = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


class NotOrcid(Refused):
    """A file that is not ORCID data cvkit can read: one line saying what it is.
    ``certainty``: how sure it is ORCID's all the same (an error body, search results)."""

    def __init__(self, file: Path | None, message: str, certainty: float = 0.0) -> None:
        super().__init__(f"{file}: {message}" if file is not None else message)
        self.certainty = certainty


class OrcidImporter(BaseImporter):
    """The ORCID importer behind the one contract (``cvkit.importers``)."""

    name = "orcid"
    reads = "an ORCID record (the public API's /record as JSON)"

    def sniff(self, path: Path) -> float:
        data = json_value(path)
        if data is None:  # not valid JSON, or too large: what its first keys say
            keys = json_keys(path)
            return 0.9 if keys & RECORD_KEYS else 0.6 if keys & PART_KEYS else 0.0
        try:
            return recognise(data).certainty
        except NotOrcid as exc:
            return exc.certainty

    def read(self, path: Path, options: Mapping[str, Any]) -> Imported:
        self.refuse_folder(path)
        return import_file(path)

    def fetch(self, ident: str, options: Mapping[str, Any]) -> Imported:
        return from_orcid(fetch_record(ident))


# What the head of a file that is not valid JSON says (sniff): a record's keys, a part's.
RECORD_KEYS = {"orcid-identifier", "activities-summary", "orcid-profile", "message-version"}
PART_KEYS = {"num-found", "developer-message", "put-code", "researcher-urls", "other-names",
             "external-identifiers", "work-summary", "affiliation-group"}


def checked_orcid(orcid: str) -> str:
    """An ORCID iD (bare or as its URL) with a valid check digit (ISO 7064 11,2)."""
    bare = bare_orcid(orcid).upper()  # the profile's own reading: any scheme, case, slash
    if not ORCID_ID.match(bare):
        raise ExportError(f"{orcid!r} is not an ORCID iD (like 0000-0002-1825-0097)")
    if not orcid_checks(bare):
        raise ExportError(f"{orcid!r} is not an ORCID iD: its check digit is wrong")
    return bare


def fetch_record(orcid: str, timeout: float = 30) -> Any:
    """The public record of ``orcid``, downloaded (the only import that needs the network)."""
    url = ORCID_API.format(orcid=checked_orcid(orcid))
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "cvkit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)  # the cap a record's file has
        if len(body) > MAX_BYTES:
            raise too_big(url, "ORCID record", len(body), MAX_BYTES, more=True)
        return json.loads(body.decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError, RecursionError) as exc:
        raise ExportError(f"could not download {url}: {exc}; save the record with a browser "
                          "and give its file instead") from None


def import_file(path: Path) -> Imported:
    source = json_source(path, "ORCID record")
    return from_orcid(source.data, source)


# -- what the file is -------------------------------------------------------------------------


@dataclass
class Form:
    """What an ORCID file is and where its parts are."""

    name: str  # "record", "/works", "/person" ...
    orcid: str | None
    certainty: float  # for sniff: how sure this is ORCID's
    person: tuple[Any, PathKey] | None = None
    sections: dict[str, tuple[Any, PathKey]] | None = None
    work: tuple[Any, PathKey] | None = None
    missing: str = ""  # what a whole record would have that this form lacks

    @property
    def said(self) -> str:
        return "an ORCID work as a member writes it" if self.name == "work" else \
            f"an ORCID {self.name} response"


PERSON = "the person (name, biography, emails, websites)"
ACTIVITIES = "the activities (employments, educations, fundings, works)"


def recognise(data: Any, file: Path | None = None) -> Form:
    """What ``data`` is; a NotOrcid (one line) where it is nothing cvkit can import."""
    if not isinstance(data, dict):
        raise NotOrcid(file, f"not an ORCID record: the file holds {json_kind(data)}, where a "
                       "record is an object with `person` and `activities-summary`")
    orcid = _orcid_of(data)
    _refuse_other_kinds(data, file, orcid)
    path = str(data.get("path") or "")
    if "orcid-identifier" in data or "person" in data and (
            "activities-summary" in data or _is_person(data["person"])):
        return Form("record", orcid, 0.95 if "orcid-identifier" in data else 0.8,
                    (data.get("person"), ("person",)),
                    _sections(data.get("activities-summary"), ("activities-summary",)))
    if "activities-summary" in data:
        return Form("/activities", orcid, 0.9, sections=_sections(
            data["activities-summary"], ("activities-summary",)), missing=PERSON)
    if sum(1 for k in SECTIONS if k in data) >= 2 or path.endswith("/activities"):
        return Form("/activities", orcid, 0.9, sections=_sections(data, ()), missing=PERSON)
    section = _section_of(data, path)
    if section:
        return Form(f"/{section}", orcid, 0.9 if path.endswith(section) else 0.8,
                    sections={section: (data, ())}, missing=f"{PERSON} and the other "
                    "activities")
    if _is_person(data):
        form = "/personal-details" if path.endswith("/personal-details") else "/person"
        return Form(form, orcid, 0.85 if path.endswith(form) else 0.7, (data, ()),
                    missing=ACTIVITIES)
    if isinstance(data.get("title"), dict) and any(k in data for k in (
            "type", "put-code", "journal-title", "external-ids", "publication-date")):
        single = "put-code" in data
        return Form("/work" if single else "work", orcid, 0.85 if single else 0.75,
                    work=(data, ()), missing=f"{PERSON} and the other activities")
    raise NotOrcid(file, f"not an ORCID record: {_described(data)}")


def _is_person(value: Any) -> bool:
    return isinstance(value, dict) and "name" in value and any(k in value for k in PERSON_KEYS)


def _refuse_other_kinds(data: dict[str, Any], file: Path | None, orcid: str | None) -> None:
    fetch = f"`cvkit import orcid --fetch {orcid or '<iD>'}`"
    if "message-version" in data or "orcid-profile" in data:
        version = data.get("message-version")
        raise NotOrcid(file, f"an ORCID API {_one_line(version)[:10] if version else '1.x'}"
                       " message (`orcid-profile`), from an API ORCID has retired; download "
                       f"the record again from API v3.0: {fetch}", 0.95)
    if "developer-message" in data or "response-code" in data and "error-code" in data:
        code = data.get("response-code")
        said = data.get("user-message") or data.get("developer-message")
        raise NotOrcid(file, "an ORCID error response" + (
            f" ({_one_line(code)}" + (f": {_one_line(said)[:120]}" if said else "") + ")"
            if code is not None else "") + ", not a record; check the iD and download its "
            f"record again: {fetch}", 0.85)
    results = data.get("result") or data.get("expanded-result")
    if "num-found" in data or "expanded-result" in data or isinstance(results, list) and any(
            isinstance(r, dict) and "orcid-identifier" in r for r in results):
        found = data.get("num-found")
        shown = counted(len(results), "iD") if isinstance(results, list) else "no iD"
        raise NotOrcid(file, f"ORCID search results ({shown}"
                       + (f" of {found}" if isinstance(found, int) else "") + "), not a "
                       "record; give the record of one of them: `cvkit import orcid --fetch "
                       "<iD>`", 0.9)


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def _sections(summary: Any, where: PathKey) -> dict[str, tuple[Any, PathKey]]:
    if not isinstance(summary, dict):
        return {"": (summary, where)}  # noted when read
    return {k: (v, where + (k,)) for k, v in summary.items()}


def _section_of(data: dict[str, Any], path: str) -> str | None:
    """The one activity section a file holds (``/works``, ``/employments`` ...)."""
    named = path.rstrip("/").rsplit("/", 1)[-1]
    if named in SECTIONS and ("group" in data or "affiliation-group" in data
                              or any(v[0] in data for v in AFFILIATIONS.values())):
        return named
    groups = data.get("group")
    if isinstance(groups, list) and "affiliation-group" not in data:
        kinds = {k for g in groups if isinstance(g, dict) for k in g}
        for key, section in (("work-summary", "works"), ("funding-summary", "fundings"),
                             ("peer-review-group", "peer-reviews"),
                             ("peer-review-summary", "peer-reviews"),
                             ("research-resource-summary", "research-resources")):
            if key in kinds:
                return section
        if not groups and named == "works":
            return "works"
    return None


def _orcid_of(data: dict[str, Any]) -> str | None:
    """The iD a file is about: its ``orcid-identifier``, or the one in its ``path``."""
    for value in (step(data, "orcid-identifier", "path"), data.get("path"),
                  step(data, "name", "path"), step(data, "orcid-profile", "orcid-identifier",
                                                   "path")):
        if isinstance(value, str) and (found := _ORCID_IN.search(value)):
            return found.group()
    return None


def _described(data: dict[str, Any]) -> str:
    if not data:
        return "an empty JSON object"
    keys = ", ".join(f"`{k}`" if str(k).isprintable() and "`" not in str(k) else
                     json.dumps(k) for k in list(data)[:5]) + (", ..." if len(data) > 5 else "")
    hint = ""
    if "basics" in data or "work" in data:
        hint = " (a JSON Resume? `cvkit import jsonresume` reads it)"
    return f"a JSON object with {keys}{hint}; give the JSON of an ORCID record " \
        f"({ORCID_API.format(orcid='<iD>')})"


# -- reading ----------------------------------------------------------------------------------


def from_orcid(record: Any, source: Source | None = None) -> Imported:
    """Profile data from ORCID JSON (``record`` as ``json.loads`` made it; ``source`` its
    positions, for notes with line:col)."""
    form = recognise(record, source.file if source else None)
    reader = Reader(source)
    data: dict[str, Any] = {}
    if form.person is not None:
        read_person(reader, *form.person, data)
    if form.sections is not None:
        if "" in form.sections:
            value, where = form.sections[""]
            if value is not None:
                reader.note(where, f"expected an object, found {json_kind(value)}; the "
                            "activities are not imported")
        else:
            activities(reader, form.sections, data)
    if form.work is not None:
        paper = work(reader, form.work[0], form.work[1], form.work[1])
        if paper is not None:
            data["publications"] = [paper]
    _links(reader, form, data)
    if "name" not in data:
        data["name"] = "Your Name"
        if form.name == "record":
            reader.note(("person", "name"), "the record shows no name (ORCID keeps a private "
                        "name to the person); written as `Your Name`: write yours", DEGRADED)
    mend(reader, data)
    if form.name != "record":
        reader.notes.insert(0, Note("note", _partial(form, data),
                                    source.file if source else None))
    return Imported(_ordered(data), reader.notes)


def _partial(form: Form, data: dict[str, Any]) -> str:
    """The one line on a partial form: what it is, what arrived, what is missing and what
    to give instead."""
    held = [counted(len(v), NOUNS.get(k, k), "aliases" if k == "aliases" else None)
            if isinstance(v, list) else k for k, v in _ordered(data).items()
            if k != "extra" and not (k == "name" and v == "Your Name")
            and not (k == "links" and list(v) == ["orcid"])]
    fetch = f"`cvkit import orcid --fetch {form.orcid or '<iD>'}`"
    return (f"{form.said}, not a whole record: imported "
            f"{', '.join(held) or 'nothing'}; it lacks {form.missing}. For the whole CV give "
            f"the record instead ({fetch}, or the JSON of "
            f"{ORCID_API.format(orcid=form.orcid or '<iD>')}), or add this to your profile "
            "with --into")


NOUNS = {"aliases": "alias", "interests": "interest", "experience": "position",
         "education": "education", "publications": "publication", "awards": "award",
         "certificates": "certificate", "service": "service entry"}
ORDER = ("name", "aliases", "contact", "links", "about", "interests", "experience",
         "education", "publications", "awards", "certificates", "service", "extra")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in sorted(data, key=lambda k: ORDER.index(k) if k in ORDER
                                      else len(ORDER))}


def _links(reader: Reader, form: Form, data: dict[str, Any]) -> None:
    links = data.get("links")
    if links is None:
        links = data["links"] = reader.entry(())
    if form.orcid:
        links = {"orcid": form.orcid, **links}
        reader.origins[id(links)] = {**reader.origins.get(id(data["links"]), {}),
                                     "orcid": ("orcid-identifier",)}
    if links:
        data["links"] = links
    else:
        data.pop("links")


# -- what the profile still refuses -----------------------------------------------------------


def mend(reader: Reader, data: dict[str, Any], rounds: int = 20) -> None:
    """Take out of ``data`` each value the profile model refuses (a partial date no calendar
    has, an address that is not one ...), noted at the place in the input it came from; an
    entry missing what it needs goes as a whole. The reading above catches what ORCID data
    is known to hold; this catches the rest, so one value never fails the import."""
    from pydantic import ValidationError

    for _ in range(rounds):
        try:
            Profile.model_validate(data)
            return
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False)
        found: dict[tuple[int, str | int], tuple[Any, str | int, str]] = {}
        for error in errors:
            target = _target(data, error["loc"])
            if target is not None:
                found.setdefault((id(target[0]), target[1]), (*target, str(error["msg"])))
        if not found:
            return  # nothing to take out: the core says what is wrong
        for container, key, message in sorted(found.values(), key=lambda t: (
                id(t[0]), -t[1] if isinstance(t[1], int) else 0)):
            _take_out(reader, data, container, key, message)


def _target(data: dict[str, Any], loc: tuple[Any, ...]) -> tuple[Any, str | int] | None:
    """The container and key of the deepest value ``loc`` reaches in ``data`` (a field the
    model misses ends at the entry that misses it)."""
    node: Any = data
    parent: tuple[Any, str | int] | None = None
    for part in loc:
        if isinstance(node, dict) and part in node:
            parent, node = (node, part), node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, node = (node, part), node[part]
        else:
            break
    return parent


def _take_out(reader: Reader, data: dict[str, Any], container: Any, key: str | int,
              message: str) -> None:
    value = container[key]
    where = (reader.origin(value) if isinstance(value, dict) else None) or \
        reader.origin(container, key) or ()
    if container is data and key == "name":
        data["name"] = "Your Name"
        reader.note(where, f"the name: {message}; write yours in `name`")
        return
    shown = f"{value!r}: " if isinstance(value, str) else ""
    reader.note(where, f"{shown}{message}; not imported")
    del container[key]
    if isinstance(container, list):  # the places of the items after it move up one
        places = reader.origins.get(id(container), {})
        reader.origins[id(container)] = {
            (str(int(k) - 1) if k.isdigit() and int(k) > int(key) else k): v
            for k, v in places.items() if k != str(key)}
