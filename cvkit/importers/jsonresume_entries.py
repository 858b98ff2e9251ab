"""The entries of a JSON Resume's sections (work, education, ...) as profile data, each
value read in the old and the new schema's spelling (``cvkit.importers.jsonresume``)."""

from __future__ import annotations

import re
from typing import Any

from cvkit.importers import DROPPED
from cvkit.importers.jsonresume_values import Reader

# The sections of a resume that are lists of entries, as JSON Resume names them.
SECTIONS = ("work", "volunteer", "education", "awards", "certificates", "publications",
            "skills", "languages", "interests", "references", "projects")

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



def experience(r: Reader, resume: dict[str, Any], data: dict[str, Any]) -> None:
    experience = []
    for section, tag in (("work", None), ("volunteer", "volunteer")):
        org_keys = ("name", "company") if section == "work" else ("organization", "name",
                                                                  "company")
        for i, w in r.entries(resume, section):
            path = (section, i)
            entry: dict[str, Any] = {
                "organization": r.text(w, org_keys, path),
                "position": r.text(w, "position", path),
                "location": r.text(w, "location", path),
                "url": r.url(w, ("url", "website"), path),
                **r.period(w, path),
                "highlights": r.highlights(w, path), "tags": [tag] if tag else []}
            r.summary(w, "summary", path, entry, "summary", "the position's")
            used = {*org_keys, "position", "location", "url", "website", "startDate",
                    "endDate", "summary", "highlights"}
            if section == "work":
                r.summary(w, "description", path, entry, "description", "the position's")
                used.add("description")
            if not r.needs(entry, "organization", path, "no employer (company or name)",
                           ("position", "summary", "highlights", "start")):
                continue
            experience.append(entry)
            r.rest(w, used, path)
    data["experience"] = experience


def education(r: Reader, resume: dict[str, Any], data: dict[str, Any]) -> None:
    education = []
    for i, e in r.entries(resume, "education"):
        path = ("education", i)
        entry = {"institution": r.text(e, ("institution", "name"), path),
                 "degree": r.text(e, "studyType", path), "field": r.text(e, "area", path),
                 "url": r.url(e, ("url", "website"), path), **r.period(e, path),
                 "gpa": r.text(e, ("score", "gpa"), path),
                 "location": r.text(e, "location", path),
                 "notes": [r.markdown(c, where) for where, c in r.strings(e, "courses", path)]}
        if not r.needs(entry, "institution", path, "no institution",
                       ("degree", "field", "start", "end")):
            continue
        education.append(entry)
        r.rest(e, {"institution", "name", "studyType", "area", "url", "website", "startDate",
                   "endDate", "score", "gpa", "location", "courses"}, path)
    data["education"] = education


def awards_and_certificates(r: Reader, resume: dict[str, Any], data: dict[str, Any]
                             ) -> None:
    awards = []
    for i, a in r.entries(resume, "awards"):
        path = ("awards", i)
        entry = {"title": r.text(a, ("title", "name"), path),
                 "awarder": r.text(a, "awarder", path), "date": r.date(a, "date", path),
                 "url": r.url(a, ("url", "website"), path),
                 "note": r.paragraph(a, "summary", path, "the award's note")}
        if r.needs(entry, "title", path, "no title", ("awarder", "note")):
            awards.append(entry)
            r.rest(a, {"title", "name", "awarder", "date", "summary", "url", "website"}, path)
    data["awards"] = awards
    certificates = []
    for i, c in r.entries(resume, "certificates"):
        path = ("certificates", i)
        entry = {"name": r.text(c, ("name", "title"), path),
                 "issuer": r.text(c, "issuer", path), "date": r.date(c, "date", path),
                 "url": r.url(c, ("url", "website"), path)}
        if r.needs(entry, "name", path, "no name", ("issuer",)):
            certificates.append(entry)
            r.rest(c, {"name", "title", "issuer", "date", "url", "website"}, path)
    data["certificates"] = certificates


def publications(r: Reader, resume: dict[str, Any], data: dict[str, Any]) -> list[str]:
    pubs = []
    inferred: list[str] = []
    for i, p in r.entries(resume, "publications"):
        path = ("publications", i)
        publisher = r.text(p, "publisher", path)
        title = r.text(p, ("name", "title"), path)
        kind = kind_from_venue(publisher or "")
        # JSON Resume has no author list: the person is the author; the note says so.
        entry = {"title": title, "authors": [data["name"]], "venue": publisher,
                 "kind": kind, "date": r.date(p, "releaseDate", path),
                 "url": r.url(p, ("url", "website"), path)}
        r.summary(p, "summary", path, entry, "abstract", "the paper's")
        if not r.needs(entry, "title", path, "no title", ("venue", "abstract")):
            continue
        if kind != "other":
            inferred.append(f"{entry['title']!r} as {kind} ({publisher})")
        pubs.append(entry)
        r.rest(p, {"name", "title", "publisher", "releaseDate", "url", "website", "summary"},
               path)
    data["publications"] = pubs
    return inferred


def skills_and_languages(r: Reader, resume: dict[str, Any], data: dict[str, Any]) -> None:
    skills = []
    for i, s in r.entries(resume, "skills", strings="name"):
        path = ("skills", i)
        name = r.text(s, "name", path)
        keywords = [k for _, k in r.strings(s, "keywords", path)]
        level = r.text(s, "level", path)
        first = level or name
        items = keywords or ([first] if first else [])
        if not items:
            r.note(path, DROPPED, "a skill with no name and no keywords: not imported")
            continue
        skills.append({"category": name or "Skills", "items": items})
        if level and keywords:
            r.keep((*path, "level"), level)
        r.rest(s, {"name", "keywords", "level"}, path)
    data["skills"] = skills
    data["languages"] = []
    for i, lang in r.entries(resume, "languages", strings="language"):
        path = ("languages", i)
        entry = {"language": r.text(lang, ("language", "name"), path),
                 "fluency": r.text(lang, ("fluency", "level"), path)}
        if r.needs(entry, "language", path, "no language", ("fluency",)):
            data["languages"].append(entry)
            r.rest(lang, {"language", "name", "fluency", "level"}, path)


def interests_and_references(r: Reader, resume: dict[str, Any], data: dict[str, Any]
                              ) -> None:
    # JSON Resume's interests are personal (chess, climbing): the profile's `hobbies`,
    # printed as "Interests". Research interests come back from cvkit's own export.
    data["hobbies"] = []
    for i, it in [(i, (key, it)) for key in ("interests", "hobbies")  # hobbies: 2014's name
                  for i, it in r.entries(resume, key, strings="name")]:
        path = (it[0], i)
        entry = {"name": r.text(it[1], "name", path),
                 "keywords": [k for _, k in r.strings(it[1], "keywords", path)]}
        if r.needs(entry, "name", path, "no name", ("keywords",)):
            data["hobbies"].append(entry)
            r.rest(it[1], {"name", "keywords"}, path)
    own = resume.get("x-cvkit")
    profile = own.get("profile") if isinstance(own, dict) else None
    interests = profile.get("interests") if isinstance(profile, dict) else None
    data["interests"] = [i for i in interests if isinstance(i, str)] \
        if isinstance(interests, list) else []
    data["references"] = []
    for i, ref in r.entries(resume, "references"):
        path = ("references", i)
        entry = {"name": r.text(ref, "name", path),
                 "text": r.paragraph(ref, "reference", path, "the reference")}
        if r.needs(entry, "name", path, "no name", ("text",)):
            data["references"].append(entry)
            r.rest(ref, {"name", "reference"}, path)


def projects(r: Reader, resume: dict[str, Any], data: dict[str, Any]) -> None:
    projects = []
    for i, p in r.entries(resume, "projects"):
        path = ("projects", i)
        roles = [role for _, role in r.strings(p, "roles", path)]
        entry: dict[str, Any] = {
            "name": r.text(p, ("name", "title"), path),
            "highlights": r.highlights(p, path),
            "keywords": [k for _, k in r.strings(p, "keywords", path)],
            **r.period(p, path), "url": r.url(p, ("url", "website"), path),
            "role": ", ".join(roles) or None, "organization": r.text(p, "entity", path)}
        for key in ("description", "summary"):
            if "summary" not in entry:
                r.summary(p, key, path, entry, "summary", "the project's")
        if not r.needs(entry, "name", path, "no name", ("summary", "highlights", "url")):
            continue
        projects.append(entry)
        r.rest(p, {"name", "title", "description", "summary", "highlights", "keywords",
                   "startDate", "endDate", "url", "website", "roles", "entity"}, path)
    data["projects"] = projects
