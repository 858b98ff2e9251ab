"""JSON Resume (v1.x) <-> profile data.

The input is validated against the official schema first (``schemas/jsonresume.schema.json``,
MIT, from the JSON Resume project). Every field has a place in the profile or is kept under
``extra.jsonresume`` by its JSON pointer, so exporting back restores it; each kept value is
named in the notes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Problem, ProfileError
from ..markup.markdown import escape as md_escape
from ..resources import resource_dir
from ..source import load_source
from . import Imported

# profiles[].network (lower-cased, spaces removed) -> our `links` field
NETWORKS = {"github": "github", "linkedin": "linkedin", "twitter": "twitter", "x": "twitter",
            "googlescholar": "scholar", "scholar": "scholar", "orcid": "orcid",
            "dblp": "dblp", "semanticscholar": "semantic_scholar",
            "researchgate": "researchgate"}
# Links fields that must hold a URL rather than a handle.
URL_ONLY = {"semantic_scholar", "researchgate"}


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (resource_dir("schemas") / "jsonresume.schema.json").read_text("utf-8"))
    return loaded


def schema_problems(data: Any, source: Any) -> list[Problem]:
    from jsonschema import Draft7Validator

    problems = []
    for err in sorted(Draft7Validator(schema()).iter_errors(data), key=lambda e: list(e.path)):
        path = tuple(err.absolute_path)
        line, column = source.locate(path)
        pointer = "/" + "/".join(str(p) for p in path) if path else "/"
        message = f"JSON Resume schema: {err.message}"
        if path and str(path[-1]).endswith("Date") or path and path[-1] == "date":
            # The schema's own message is its regular expression; say what it means.
            message = (f"expected a date like 2025, 2025-07 or 2025-07-14, found "
                       f"{err.instance!r}; leave the field out when there is none")
        problems.append(Problem(source.file, line, column, pointer, message))
    return problems


def _without_empty_dates(value: Any) -> Any:
    """``"endDate": ""`` is how many tools write "no end date": the same as leaving it out."""
    if isinstance(value, dict):
        return {k: _without_empty_dates(v) for k, v in value.items()
                if not ((k.endswith("Date") or k == "date") and v == "")}
    if isinstance(value, list):
        return [_without_empty_dates(v) for v in value]
    return value


def import_file(path: Path, export_again: ExportAgain | None = None) -> Imported:
    source = load_source(path, "JSON Resume file")
    source.data = _without_empty_dates(source.data)
    problems = schema_problems(source.data, source)
    if problems:
        raise ProfileError(problems)
    return from_jsonresume(source.data, export_again)


# Venues that say what kind of paper they publish. JSON Resume has no kind of its own.
_CONFERENCES = re.compile(
    r"\b(conference|symposium|workshop|proceedings|congress|interspeech|icassp|neurips|nips|"
    r"icml|iclr|cvpr|iccv|eccv|acl|naacl|emnlp|coling|aaai|ijcai|kdd|sigir|sigmod|vldb|www|"
    r"chi|uist|isca|micro|asplos|hpca|osdi|sosp|nsdi|sigcomm|mlsys|colt|uai|aistats|icra|"
    r"iros|rss|miccai|interspeech)\b", re.I)
_JOURNALS = re.compile(r"\b(journal|transactions|letters|review|magazine|nature|science|"
                       r"cell|pnas|plos|tpami|jmlr|tmlr)\b", re.I)
_PREPRINTS = re.compile(r"\b(arxiv|biorxiv|medrxiv|ssrn|preprint|chemrxiv)\b", re.I)


def kind_from_venue(venue: str) -> str:
    """conference, journal or preprint when the venue's name says so; otherwise other."""
    for kind, pattern in (("preprint", _PREPRINTS), ("journal", _JOURNALS),
                          ("conference", _CONFERENCES)):
        if pattern.search(venue):
            return kind
    return "other"


def _markdown(text: Any) -> Any:
    """JSON Resume text is plain: escape it so `*` or `_` never turn into emphasis."""
    return md_escape(text) if isinstance(text, str) else text


class _Mapper:
    def __init__(self) -> None:
        self.extra: dict[str, Any] = {}

    def keep(self, pointer: str, value: Any) -> None:
        if value not in (None, "", [], {}):
            self.extra[pointer] = value

    def rest(self, item: dict[str, Any], used: set[str], pointer: str) -> None:
        for key, value in item.items():
            if key not in used:
                self.keep(f"{pointer}/{key}", value)


def _date(value: Any) -> Any:
    return value or None


# Exports a profile (plain data) to JSON Resume again, or None where it is no valid profile:
# given by the library (cvkit.api), which sits above both the importers and the exporters.
ExportAgain = Callable[[dict[str, Any]], dict[str, Any] | None]


def from_jsonresume(resume: dict[str, Any], export_again: ExportAgain | None = None
                    ) -> Imported:
    """The profile in a JSON Resume. One cvkit exported carries its profile (``x-cvkit``):
    that is restored as it was when ``export_again`` gives this very resume back from it."""
    own = resume.get("x-cvkit") or {}
    if isinstance(own.get("profile"), dict):
        kept = _unchanged_profile(resume, own["profile"], export_again)
        if kept is not None:
            return Imported(kept, ["written by cvkit and not edited since: the profile it was "
                                   "exported from is restored exactly"])
        note = ("written by cvkit but edited since: imported from the JSON Resume fields; "
                "what only cvkit holds (co-authors, paper kinds, talks ...) was not restored")
        imported = _from_fields(resume)
        return Imported(imported.data, [note, *imported.notes], imported.problems)
    return _from_fields(resume)


def _unchanged_profile(resume: dict[str, Any], data: dict[str, Any],
                       export_again: ExportAgain | None) -> dict[str, Any] | None:
    """The embedded profile, when exporting it again gives this very resume."""
    again = export_again(data) if export_again is not None else None
    if again is None:
        return None
    mine = {k: v for k, v in resume.items() if k != "x-cvkit"}
    again.pop("x-cvkit", None)
    return data if json.loads(json.dumps(again)) == mine else None


def _from_fields(resume: dict[str, Any]) -> Imported:
    m = _Mapper()
    data: dict[str, Any] = {}
    basics = resume.get("basics") or {}
    data["name"] = basics.get("name") or "Unnamed"
    data["headline"] = basics.get("label")
    contact: dict[str, Any] = {"email": basics.get("email"), "phone": basics.get("phone"),
                               "website": basics.get("url")}
    loc = basics.get("location") or {}
    contact["location"] = ", ".join(x for x in (loc.get("city"), loc.get("region"),
                                                loc.get("countryCode")) if x) or None
    m.rest(loc, {"city", "region", "countryCode"}, "/basics/location")
    snapshots: dict[str, Any] = {}
    if loc:
        snapshots["/basics/location"] = loc
    data["contact"] = contact
    data["about"] = _markdown(basics.get("summary"))
    if basics.get("image"):
        m.keep("/basics/image", basics["image"])
    links: dict[str, Any] = {"other": []}
    for i, prof in enumerate(basics.get("profiles") or []):
        kind = NETWORKS.get(re.sub(r"\s+", "", (prof.get("network") or "")).lower())
        url, user = prof.get("url"), prof.get("username")
        if kind and kind not in links and (url or (user and kind not in URL_ONLY)):
            links[kind] = url if url and (kind in URL_ONLY or not user) else (user or url)
            if url and user:
                m.keep(f"/basics/profiles/{i}/url", url)
        elif url:
            links["other"].append({"label": prof.get("network") or user or "Link", "url": url})
            if user:
                m.keep(f"/basics/profiles/{i}/username", user)
        else:
            m.keep(f"/basics/profiles/{i}", prof)
    data["links"] = links
    if basics.get("profiles"):
        snapshots["/basics/profiles"] = basics["profiles"]
    m.rest(basics, {"name", "label", "email", "phone", "url", "location", "summary", "image",
                    "profiles"}, "/basics")

    experience = []
    for section, tag in (("work", None), ("volunteer", "volunteer")):
        for i, w in enumerate(resume.get(section) or []):
            org_key = "name" if section == "work" else "organization"
            experience.append({
                "organization": w.get(org_key) or w.get("name") or "—",
                "position": w.get("position"), "location": w.get("location"),
                "url": w.get("url"), "start": _date(w.get("startDate")),
                "end": _date(w.get("endDate")), "summary": _markdown(w.get("summary")),
                "description": _markdown(w.get("description")) if section == "work" else None,
                "highlights": [_markdown(h) for h in w.get("highlights") or []],
                "tags": [tag] if tag else [],
            })
            m.rest(w, {org_key, "position", "location", "url", "startDate", "endDate",
                       "summary", "highlights", "description" if section == "work" else ""},
                   f"/{section}/{i}")
    data["experience"] = experience

    education = []
    for i, e in enumerate(resume.get("education") or []):
        education.append({
            "institution": e.get("institution") or "—", "degree": e.get("studyType"),
            "field": e.get("area"), "url": e.get("url"), "start": _date(e.get("startDate")),
            "end": _date(e.get("endDate")), "gpa": e.get("score"),
            "notes": [_markdown(c) for c in e.get("courses") or []],
        })
        m.rest(e, {"institution", "studyType", "area", "url", "startDate", "endDate", "score",
                   "courses"}, f"/education/{i}")
    data["education"] = education

    awards = []
    for i, a in enumerate(resume.get("awards") or []):
        awards.append({"title": a.get("title") or "—", "awarder": a.get("awarder"),
                       "date": _date(a.get("date")), "note": _markdown(a.get("summary"))})
        m.rest(a, {"title", "awarder", "date", "summary"}, f"/awards/{i}")
    data["awards"] = awards

    data["certificates"] = []
    for i, c in enumerate(resume.get("certificates") or []):
        data["certificates"].append({"name": c.get("name") or "—", "issuer": c.get("issuer"),
                                     "date": _date(c.get("date")), "url": c.get("url")})
        m.rest(c, {"name", "issuer", "date", "url"}, f"/certificates/{i}")

    pubs = []
    inferred: list[str] = []
    for i, p in enumerate(resume.get("publications") or []):
        kind = kind_from_venue(p.get("publisher") or "")
        if kind != "other":
            inferred.append(f"{p.get('name') or '—'!r} as {kind} ({p.get('publisher')})")
        # JSON Resume has no author list: the person is the author; the note says so.
        pubs.append({"title": p.get("name") or "—", "authors": [data["name"]],
                     "venue": p.get("publisher"), "kind": kind,
                     "date": _date(p.get("releaseDate")), "url": p.get("url"),
                     "abstract": _markdown(p.get("summary"))})
        m.rest(p, {"name", "publisher", "releaseDate", "url", "summary"}, f"/publications/{i}")
    data["publications"] = pubs

    skills = []
    for i, s in enumerate(resume.get("skills") or []):
        items = [k for k in s.get("keywords") or [] if k] or [s.get("level") or s.get("name")]
        skills.append({"category": s.get("name") or "Skills", "items": items})
        if s.get("level"):
            m.keep(f"/skills/{i}/level", s["level"])
        m.rest(s, {"name", "keywords", "level"}, f"/skills/{i}")
    data["skills"] = [s for s in skills if s["items"] and s["items"][0]]

    data["languages"] = []
    for i, lang in enumerate(resume.get("languages") or []):
        data["languages"].append({"language": lang.get("language") or "—",
                                  "fluency": lang.get("fluency")})
        m.rest(lang, {"language", "fluency"}, f"/languages/{i}")

    # JSON Resume's interests are personal (chess, climbing): the profile's `hobbies`,
    # printed as "Interests". Research interests come back from cvkit's own export.
    data["hobbies"] = []
    for i, it in enumerate(resume.get("interests") or []):
        if it.get("name"):
            data["hobbies"].append({"name": it["name"], "keywords": it.get("keywords") or []})
        m.rest(it, {"name", "keywords"}, f"/interests/{i}")
    # Research interests have no JSON Resume field; a cvkit export carries them in its
    # copy of the profile.
    own = (resume.get("x-cvkit") or {}).get("profile") or {}
    data["interests"] = list(own.get("interests") or [])

    data["references"] = []
    for i, r in enumerate(resume.get("references") or []):
        data["references"].append({"name": r.get("name") or "—",
                                   "text": _markdown(r.get("reference"))})
        m.rest(r, {"name", "reference"}, f"/references/{i}")

    projects = []
    for i, p in enumerate(resume.get("projects") or []):
        projects.append({
            "name": p.get("name") or "—", "summary": _markdown(p.get("description")),
            "highlights": [_markdown(h) for h in p.get("highlights") or []],
            "keywords": p.get("keywords") or [], "start": _date(p.get("startDate")),
            "end": _date(p.get("endDate")), "url": p.get("url"),
            "role": ", ".join(p.get("roles") or []) or None, "organization": p.get("entity"),
        })
        m.rest(p, {"name", "description", "highlights", "keywords", "startDate", "endDate",
                   "url", "roles", "entity"}, f"/projects/{i}")
    data["projects"] = projects

    known = {"basics", "work", "volunteer", "education", "awards", "certificates",
             "publications", "skills", "languages", "interests", "references", "projects",
             "x-cvkit"}
    m.rest(resume, known, "")
    notes = [f"kept {pointer} under extra.jsonresume (cvkit has no field for it)"
             for pointer in m.extra]
    if inferred:
        notes.append("paper kinds read from their venues: " + "; ".join(inferred))
    if m.extra or snapshots:
        # Snapshots are the original objects cvkit split into its own fields; the exporter
        # uses them only while those fields still say the same thing.
        data["extra"] = {"jsonresume": {**m.extra, **({"snapshots": snapshots}
                                                      if snapshots else {})}}
    if pubs:
        notes.append(f"{len(pubs)} publication(s): JSON Resume has no author list, so "
                     f"{data['name']} is entered as the only author; check them")
    return Imported(data, notes)
