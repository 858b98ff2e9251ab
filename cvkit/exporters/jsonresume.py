"""JSON Resume (v1.x) out: our richer model mapped down, valid against the official schema.

Venue tags, author lists with marks and awards go into a publication's summary; rich text
becomes plain text. Values an import kept under ``extra.jsonresume`` are put back where they
came from, so import -> export loses nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..document import Document, Publication
from ..errors import ExportError
from ..links import arxiv_url, doi_url, profile_link
from ..model import profile as m
from ..model.types import PartialDate
from ..richtext import parse, plain
from ..yamlio import prune
from . import Artifact, RenderContext

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
        if doc.source is None:
            raise ExportError("jsonresume needs the profile the document was built from")
        resume = to_jsonresume(doc.source, doc)
        # What JSON Resume cannot hold (co-authors, paper kinds, DOIs, talks, teaching,
        # Markdown ...) travels in the same document, under a namespaced key the schema
        # allows: cvkit -> JSON Resume -> cvkit gives back the same profile.
        resume["x-cvkit"] = {"version": 1, "profile": doc.source.model_dump(
            mode="json", exclude_defaults=True)}
        text = json.dumps(resume, ensure_ascii=False, indent=2) + "\n"
        return Artifact(text.encode("utf-8"), ".json")


def _period(entry: m.Dated) -> dict[str, str | None]:
    """startDate and endDate: one date is both; an ongoing entry has no endDate."""
    return {"startDate": _date(entry.start or entry.date),
            "endDate": _date(entry.date or entry.end)}


def _shown(doc: Document, key: str) -> list[Any]:
    """The model entries of a section as the view shows it: the same selection (hidden
    entries, tags, limits, `layout.sections`) and order as every other format."""
    section = doc.section(key)
    return [e.source for e in section.entries] if section else []


def _text(markdown: str | None) -> str | None:
    return plain(parse(markdown)) if markdown else None


def _highlight(h: str | m.Bullet) -> str:
    if isinstance(h, m.Bullet):
        items = "; ".join(_text(i) or "" for i in h.items)
        return f"{_text(h.text)}" + (f": {items}" if items else "")
    return _text(h) or ""


def _date(d: PartialDate | None) -> str | None:
    """JSON Resume's dates; an ongoing entry ('present', or no end) has no endDate."""
    return None if d is None or d.present else str(d)


def to_jsonresume(p: m.Profile, doc: Document) -> dict[str, Any]:
    kept: dict[str, Any] = dict(p.extra.get("jsonresume", {}))
    snapshots = kept.pop("snapshots", {})
    basics: dict[str, Any] = {
        "name": p.name, "label": p.headline, "email": p.contact.email,
        "phone": p.contact.phone, "url": p.contact.website, "summary": _text(p.about),
    }
    loc = snapshots.get("/basics/location")
    joined = ", ".join(x for x in (loc.get("city"), loc.get("region"),
                                   loc.get("countryCode")) if x) if loc else None
    if loc and joined == (p.contact.location or ""):
        basics["location"] = {k: v for k, v in loc.items()
                              if k in ("city", "region", "countryCode")}
    elif p.contact.location:
        basics["location"] = {"city": p.contact.location}
    basics["profiles"] = _profiles(p, snapshots.get("/basics/profiles"))
    resume: dict[str, Any] = {"basics": basics}

    work, volunteer = [], []
    for e in _shown(doc, "experience"):
        item = {
            "position": e.position or (e.roles[0].title if e.roles else None),
            "location": e.location, "url": e.url, **_period(e),
             "summary": _text(e.summary),
            "description": _text(e.description),
            "highlights": [_highlight(h) for h in e.highlights]
            + [f"{sp.name}: {_text(sp.summary) or _text(sp.motivation) or ''}".rstrip(": ")
               for sp in _sub_projects(doc, e)],
        }
        if "volunteer" in e.tags:
            volunteer.append({"organization": e.organization, **item})
        else:
            work.append({"name": e.organization, **item})
    resume["work"] = work
    resume["volunteer"] = volunteer
    resume["education"] = [{
        "institution": e.institution, "url": e.url, "area": e.field, "studyType": e.degree,
        **_period(e), "score": e.gpa,
        "courses": [_text(n) for n in e.notes],
    } for e in _shown(doc, "education")]
    resume["awards"] = [{
        "title": a.title, "date": _date(a.date), "awarder": a.awarder,
        "summary": "; ".join(x for x in (a.rank, _text(a.note)) if x) or None,
    } for a in _shown(doc, "awards")]
    resume["certificates"] = [{"name": c.name, "date": _date(c.date), "issuer": c.issuer,
                               "url": c.url} for c in _shown(doc, "certificates")]
    resume["publications"] = [_publication(view.source, view) for view in doc.publications]
    resume["skills"] = [{"name": s.category, "keywords": list(s.items)}
                        for s in _shown(doc, "skills")]
    resume["languages"] = [{"language": lang.language, "fluency": lang.fluency}
                           for lang in _shown(doc, "languages")]
    # JSON Resume's interests are personal; research interests have no place of their own
    # there and travel in the profile copy under "x-cvkit" (see the exporter's render).
    resume["interests"] = [{"name": h.name, "keywords": list(h.keywords) or None}
                           for h in _shown(doc, "hobbies")]

    resume["references"] = [{"name": r.name, "reference": _text(r.text)}
                            for r in _shown(doc, "references")]
    resume["projects"] = [{
        "name": x.name, "description": _text(x.summary),
        "highlights": [_highlight(h) for h in x.highlights], "keywords": list(x.keywords),
        **_period(x), "url": x.url,
        "roles": [r.strip() for r in (x.role or "").split(",") if r.strip()],
        "entity": x.organization,
    } for x in _shown(doc, "projects")]
    resume = prune(resume)
    for pointer, value in kept.items():
        _restore(resume, pointer, value)
    resume.setdefault("$schema", "https://raw.githubusercontent.com/jsonresume/"
                      "resume-schema/v1.0.0/schema.json")
    return {"$schema": resume.pop("$schema"), **resume}


def _profiles(p: m.Profile, original: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    derived = []
    for kind, label in NETWORK_NAMES.items():
        value = getattr(p.links, kind)
        if value:
            link = profile_link(kind, value)
            derived.append({"network": label, "username": None if "://" in value else
                            value.lstrip("@"), "url": link.url})
    derived += [{"network": o.label, "url": o.url} for o in p.links.other]
    if original is not None:
        # Keep the original entries (network names, URLs) while the handles still match.
        values = {v for d in derived for v in (d.get("username"), d.get("url")) if v}
        if len(original) == len(derived) and all(
                o.get("username") in values or o.get("url") in values for o in original):
            return original
    return derived


def _sub_projects(doc: Document, position: m.Position) -> list[m.SubProject]:
    section = doc.section("experience")
    shown = next(e for e in section.entries if e.source is position) if section else None
    return [sub.source for g in shown.groups for sub in g.entries] if shown else []


def _publication(pub: m.Publication, view: Publication) -> dict[str, Any]:
    url = pub.url or (doi_url(pub.doi) if pub.doi else None) or (
        arxiv_url(pub.arxiv) if pub.arxiv else None)
    parts = []
    if pub.venue_tag:
        parts.append(f"[{view.venue_tag}]")
    if len(pub.authors) > 1 or any(a.marks for a in view.authors):
        listed = ", ".join(a.name + a.marks for a in view.authors)
        parts.append(f"Authors: {listed}" + ("" if listed.endswith(".") else "."))
    if pub.award:
        parts.append(f"Award: {pub.award}.")
    if pub.note:
        parts.append(_text(pub.note) or "")
    abstract = _text(pub.abstract)
    summary = " ".join(parts)
    if abstract:
        summary = f"{abstract}\n\n{summary}".strip() if summary else abstract
    return {"name": view.title, "publisher": pub.venue,
            "releaseDate": _date(pub.date), "url": url, "summary": summary or None}


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
