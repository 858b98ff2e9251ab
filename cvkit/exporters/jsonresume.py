"""JSON Resume (v1.x) out: our richer model mapped down, valid against the official schema.

Venue tags, author lists with marks and awards go into a publication's summary; rich text
becomes plain text. Values an import kept under ``extra.jsonresume`` are put back where they
came from, so import -> export loses nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cvkit.document import Document, Publication
from cvkit.document.richtext import parse, plain
from cvkit.exporters import Artifact, RenderContext
from cvkit.profile.yamlio import prune
from cvkit.support.errors import ExportError
from cvkit.support.links import arxiv_url, doi_url

Record = dict[str, Any]

NETWORK_NAMES = {"github": "GitHub", "scholar": "Google Scholar", "orcid": "ORCID",
                 "linkedin": "LinkedIn", "dblp": "DBLP", "twitter": "Twitter",
                 "semantic_scholar": "Semantic Scholar", "researchgate": "ResearchGate"}


class JsonResumeExporter:
    name = "jsonresume"
    suffix = ".json"
    default_theme = ""

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        if doc.kind == "letter":
            raise ExportError("a cover letter has no JSON Resume form")
        profile = doc.record()
        if not profile:
            raise ExportError("jsonresume needs the profile the document was built from")
        resume = to_jsonresume(profile, doc)
        # What JSON Resume cannot hold (co-authors, paper kinds, DOIs, talks, teaching,
        # Markdown ...) travels in the same document, under a namespaced key the schema
        # allows: cvkit -> JSON Resume -> cvkit gives back the same profile.
        resume["x-cvkit"] = {"version": 1, "profile": doc.record(defaults=False)}
        text = json.dumps(resume, ensure_ascii=False, indent=2) + "\n"
        return Artifact(text.encode("utf-8"), ".json")


def _period(entry: Record) -> dict[str, str | None]:
    """startDate and endDate: one date is both; an ongoing entry has no endDate."""
    return {"startDate": _date(entry.get("start") or entry.get("date")),
            "endDate": _date(entry.get("date") or entry.get("end"))}


def _shown(doc: Document, key: str) -> list[Record]:
    """The entries of a section as the view shows it: the same selection (hidden entries,
    tags, limits, `layout.sections`) and order as every other format."""
    section = doc.section(key)
    return [e.record for e in section.entries] if section else []


def _text(markdown: str | None) -> str | None:
    return plain(parse(markdown)) if markdown else None


def _highlight(h: str | Record) -> str:
    if isinstance(h, dict):  # a bullet with sub-items
        items = "; ".join(_text(i) or "" for i in h.get("items", ()))
        return f"{_text(h['text'])}" + (f": {items}" if items else "")
    return _text(h) or ""


def _date(d: str | None) -> str | None:
    """JSON Resume's dates; an ongoing entry ('present', or no end) has no endDate."""
    return None if d is None or d == "present" else d


def to_jsonresume(p: Record, doc: Document) -> dict[str, Any]:
    kept: dict[str, Any] = dict(p.get("extra", {}).get("jsonresume", {}))
    snapshots = kept.pop("snapshots", {})
    work, volunteer = _work_and_volunteer(doc)
    resume: dict[str, Any] = {"basics": _basics(p, doc, snapshots), "work": work,
                              "volunteer": volunteer, **_other_sections(doc)}
    resume = prune(resume)
    for pointer, value in kept.items():
        _restore(resume, pointer, value)
    resume.setdefault("$schema", "https://raw.githubusercontent.com/jsonresume/"
                      "resume-schema/v1.0.0/schema.json")
    return {"$schema": resume.pop("$schema"), **resume}


def _basics(p: Record, doc: Document, snapshots: dict[str, Any]) -> dict[str, Any]:
    """Who the CV is about; an imported location kept whole while it still says the same."""
    contact = p.get("contact") or {}
    basics: dict[str, Any] = {
        "name": p["name"], "label": p.get("headline"), "email": contact.get("email"),
        "phone": contact.get("phone"), "url": contact.get("website"),
        "summary": _text(p.get("about")),
    }
    loc = snapshots.get("/basics/location")
    joined = ", ".join(x for x in (loc.get("city"), loc.get("region"),
                                   loc.get("countryCode")) if x) if loc else None
    if loc and joined == (contact.get("location") or ""):
        basics["location"] = {k: v for k, v in loc.items()
                              if k in ("city", "region", "countryCode")}
    elif contact.get("location"):
        basics["location"] = {"city": contact["location"]}
    basics["profiles"] = _profiles(p, doc, snapshots.get("/basics/profiles"))
    return basics


def _work_and_volunteer(doc: Document) -> tuple[list[Record], list[Record]]:
    """The experience section split in two: entries tagged ``volunteer`` and the rest."""
    work, volunteer = [], []
    section = doc.section("experience")
    for shown in section.entries if section else ():
        e = shown.record
        roles = e.get("roles") or []
        item = {
            "position": e.get("position") or (roles[0]["title"] if roles else None),
            "location": e.get("location"), "url": e.get("url"), **_period(e),
            "summary": _text(e.get("summary")),
            "description": _text(e.get("description")),
            "highlights": [_highlight(h) for h in e.get("highlights", ())]
            + [f"{sp['name']}: {_text(sp.get('summary')) or _text(sp.get('motivation')) or ''}"
               .rstrip(": ") for sp in (sub.record for g in shown.groups for sub in g.entries)],
        }
        if "volunteer" in e.get("tags", ()):
            volunteer.append({"organization": e["organization"], **item})
        else:
            work.append({"name": e["organization"], **item})
    return work, volunteer


def _other_sections(doc: Document) -> dict[str, Any]:
    """Every JSON Resume section after work and volunteer, in the schema's order."""
    resume: dict[str, Any] = {}
    resume["education"] = [{
        "institution": e["institution"], "url": e.get("url"), "area": e.get("field"),
        "studyType": e.get("degree"), **_period(e), "score": e.get("gpa"),
        "courses": [_text(n) for n in e.get("notes", ())],
    } for e in _shown(doc, "education")]
    resume["awards"] = [{
        "title": a["title"], "date": _date(a.get("date")), "awarder": a.get("awarder"),
        "summary": "; ".join(x for x in (a.get("rank"), _text(a.get("note"))) if x) or None,
    } for a in _shown(doc, "awards")]
    resume["certificates"] = [{"name": c["name"], "date": _date(c.get("date")),
                               "issuer": c.get("issuer"), "url": c.get("url")}
                              for c in _shown(doc, "certificates")]
    resume["publications"] = [_publication(view.record, view) for view in doc.publications]
    resume["skills"] = [{"name": s["category"], "keywords": list(s.get("items", ()))}
                        for s in _shown(doc, "skills")]
    resume["languages"] = [{"language": lang["language"], "fluency": lang.get("fluency")}
                           for lang in _shown(doc, "languages")]
    # JSON Resume's interests are personal; research interests have no place of their own
    # there and travel in the profile copy under "x-cvkit" (see the exporter's render).
    resume["interests"] = [{"name": h["name"], "keywords": list(h.get("keywords", ())) or None}
                           for h in _shown(doc, "hobbies")]

    resume["references"] = [{"name": r["name"], "reference": _text(r.get("text"))}
                            for r in _shown(doc, "references")]
    resume["projects"] = [{
        "name": x["name"], "description": _text(x.get("summary")),
        "highlights": [_highlight(h) for h in x.get("highlights", ())],
        "keywords": list(x.get("keywords", ())), **_period(x), "url": x.get("url"),
        "roles": [r.strip() for r in (x.get("role") or "").split(",") if r.strip()],
        "entity": x.get("organization"),
    } for x in _shown(doc, "projects")]
    return resume


def _profiles(p: Record, doc: Document, original: list[dict[str, Any]] | None
              ) -> list[dict[str, Any]]:
    derived = []
    given = p.get("links") or {}
    shown = {link.kind: link for link in doc.links}
    for kind, label in NETWORK_NAMES.items():
        value = given.get(kind)
        if value and kind in shown:
            derived.append({"network": label, "username": None if "://" in value else
                            value.lstrip("@"), "url": shown[kind].url})
    derived += [{"network": o["label"], "url": o["url"]} for o in given.get("other", ())]
    if original is not None:
        # Keep the original entries (network names, URLs) while the handles still match.
        values = {v for d in derived for v in (d.get("username"), d.get("url")) if v}
        if len(original) == len(derived) and all(
                o.get("username") in values or o.get("url") in values for o in original):
            return original
    return derived


def _publication(pub: Record, view: Publication) -> dict[str, Any]:
    url = pub.get("url") or (doi_url(pub["doi"]) if pub.get("doi") else None) or (
        arxiv_url(pub["arxiv"]) if pub.get("arxiv") else None)
    parts = []
    if pub.get("venue_tag"):
        parts.append(f"[{view.venue_tag}]")
    if len(pub.get("authors", ())) > 1 or any(a.marks for a in view.all_authors):
        listed = ", ".join(a.name + a.marks for a in view.all_authors)
        parts.append(f"Authors: {listed}" + ("" if listed.endswith(".") else "."))
    if view.status_label and pub.get("status", "published") != "published":
        parts.append(f"{view.status_label}.")
    if pub.get("award"):
        parts.append(f"Award: {pub['award']}.")
    if pub.get("note"):
        parts.append(_text(pub["note"]) or "")
    abstract = _text(pub.get("abstract"))
    summary = " ".join(parts)
    if abstract:
        summary = f"{abstract}\n\n{summary}".strip() if summary else abstract
    # JSON Resume's one place for where a work appeared: the venue, else the book it is
    # in, the university or institution, the publisher.
    where = next((pub[k] for k in ("venue", "book_title", "institution", "publisher")
                  if pub.get(k)), None)
    return {"name": view.title, "publisher": where,
            "releaseDate": _date(pub.get("date")), "url": url, "summary": summary or None}


def _restore(resume: dict[str, Any], pointer: str, value: Any) -> None:
    """Put a kept value back at its JSON pointer when its parent still exists."""
    parts = [int(x) if re.fullmatch(r"\d+", x) else x for x in pointer.strip("/").split("/")]
    node: Any = resume
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return
        elif not isinstance(node, dict):
            return
        elif part not in node:
            node[part] = {}
        node = node[part]
    last = parts[-1]
    if isinstance(node, dict) and isinstance(last, str) and last not in node:
        node[last] = value
