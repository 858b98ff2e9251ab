"""Which profile fields reach which format: measured, not remembered.

Fills every text field of a profile with its own marker word (zq001, zq002 ...), exports
every format, reads each output the way a reader would (PDF text, DOCX paragraphs and
tables, the HTML site's visible text, the files as written for the rest) and prints the
table of docs/reference/formats.md (the profile reference's pages read it too). ``--update``
writes it there between its markers; tests/test_field_table.py fails when the page and
cvkit disagree.

    python scripts/field_table.py [--update]
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- field-table:start -->", "<!-- field-table:end -->"
PAGE = ROOT / "docs" / "reference" / "formats.md"
# Columns, in the order the table shows them: (heading, formats exported, files read).
COLUMNS = [("PDF", "pdf", "*.pdf"), ("DOCX", "docx", "*.docx"), ("LaTeX", "latex", "*.tex"),
           ("Homepage", "html", "**/*.html"), ("Markdown", "markdown", "*.md"),
           ("Text", "text", "*.txt"), ("JSON Resume", "jsonresume", "*.json"),
           ("Jekyll", "jekyll", "_*/**/*.md"), ("BibTeX", "bibtex", "*.bib")]
# Not content: they steer what is printed, or are kept for a round trip.
SKIP = {"tags", "hidden", "selected", "slug", "bibtex", "layout", "variants", "extra", "photo",
        "aliases", "kind", "status"}


class Markers:
    def __init__(self) -> None:
        self.by_field: dict[str, str] = {}

    def new(self, field: str) -> tuple[str, int]:
        n = len(self.by_field) + 1
        marker = f"zq{n:03d}"
        self.by_field[field] = marker
        return marker, n


def _fill(annotation: Any, field: str, markers: Markers) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = args[0]
        kind = _url_or_text(annotation)
        if kind == "Url":
            marker, _ = markers.new(field)
            return f"https://example.org/{marker}"
        if kind in ("Email", "Doi", "ArxivId"):
            marker, n = markers.new(field)
            if kind == "ArxivId":
                markers.by_field[field] = f"2401.{n:05d}"
            return {"Email": f"{marker}@example.org", "Doi": f"10.1000/{marker}",
                    "ArxivId": f"2401.{n:05d}"}[kind]
        return _fill(base, field, markers) if base is not str else markers.new(field)[0]
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        return _fill(members[0], field, markers)
    if origin is list:
        return [_fill(args[0], f"{field}[]", markers)]
    if origin is dict:
        return {"code": _fill(args[1], f"{field}.code", markers)}
    if origin is typing.Literal:
        return args[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _fill_model(annotation, field, markers)
    if annotation is bool:
        return False
    if annotation is str:
        return markers.new(field)[0]
    if getattr(annotation, "__name__", "") == "PartialDate":
        return "2024-05"
    raise TypeError(f"{field}: no filler for {annotation!r}")


def _url_or_text(annotation: Any) -> str:
    text = repr(annotation)
    for kind in ("_check_url", "_check_email", "_check_doi", "_check_arxiv"):
        if kind in text:
            return {"_check_url": "Url", "_check_email": "Email", "_check_doi": "Doi",
                    "_check_arxiv": "ArxivId"}[kind]
    return "Text"


def _fill_model(model: type[BaseModel], prefix: str, markers: Markers) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in SKIP or (name == "date" and "start" in model.model_fields):
            continue  # a dated entry takes a start, or a date, not both
        if name == "position" and "roles" in model.model_fields:
            continue  # one title, or several roles
        annotation = info.annotation
        if info.metadata:  # a required Annotated field keeps its validators here
            annotation = typing.Annotated[(annotation, *info.metadata)]  # type: ignore[valid-type]
        out[name] = _fill(annotation, f"{prefix}.{name}" if prefix else name, markers)
    return out


def marker_profile() -> tuple[dict[str, Any], dict[str, str]]:
    from cvkit.profile.model import Profile

    markers = Markers()
    profile = _fill_model(Profile, "", markers)
    profile["publications"][0]["authors"].append(profile["name"])  # the owner among them
    _other_forms(profile, markers)
    return profile, markers.by_field


def _other_forms(profile: dict[str, Any], markers: Markers) -> None:
    """Entries in the forms the filler's one entry per section does not take: a position
    with one title (not roles), a highlight with sub-items, an author with an ORCID iD, and
    a thesis (whose university and type a conference paper has no place for)."""
    profile["experience"].append({"organization": "Elsewhere Ltd",
                                  "position": markers.new("experience[].position")[0]})
    for field, entry in (("experience[]", profile["experience"][0]),
                         ("experience[].projects[]", profile["experience"][0]["projects"][0]),
                         ("projects[]", profile["projects"][0])):
        entry["highlights"].append({"text": markers.new(f"{field}.highlights[].text")[0],
                                    "items": [markers.new(f"{field}.highlights[].items[]")[0]]})
    named = markers.new("publications[].authors[].name")[0]
    profile["publications"][0]["authors"].insert(0, {"name": named,
                                                     "orcid": "0000-0002-1825-0097"})
    first = profile["publications"][0]
    profile["publications"].append({
        "title": "A thesis", "authors": [profile["name"]], "kind": "thesis", "date": "2020",
        "institution": first["institution"], "thesis_type": first["thesis_type"]})


def _visible_html(path: Path) -> str:
    text = path.read_text("utf-8")
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", text)
    links = re.findall(r'href="([^"]+)"', text)  # what a reader reaches by clicking
    return re.sub(r"<[^>]+>", " ", text) + "\n" + "\n".join(links)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    parts += [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    return "\n".join(parts)


def _read(path: Path) -> str:
    if path.suffix == ".pdf":
        import pypdf

        pages = pypdf.PdfReader(path).pages
        links = [str(a.get_object().get("/A", {}).get("/URI", ""))
                 for page in pages for a in page.get("/Annots", [])]
        return "\n".join([*(page.extract_text() or "" for page in pages), *links])
    if path.suffix == ".docx":
        return _docx_text(path)
    if path.suffix == ".html":
        return _visible_html(path)
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        import json

        data = json.loads(text)
        data.pop("x-cvkit", None)  # cvkit's own copy of the profile, for the round trip
        return json.dumps(data)
    return text


def measure() -> tuple[list[str], dict[str, set[str]]]:
    """The fields, and for each the columns whose output shows its marker."""
    from cvkit.build.api import ExportOptions, export

    profile, by_field = marker_profile()
    seen: dict[str, set[str]] = {field: set() for field in by_field}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "profile.yaml"
        source.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
        for heading, fmt, pattern in COLUMNS:
            out = Path(tmp) / fmt
            extra = {"jekyll_style": "academicpages"} if fmt == "jekyll" else {}
            export(source, [fmt], out, options=ExportOptions(extra=extra))
            text = "\n".join(_read(p) for p in sorted(out.glob(pattern)) if p.is_file())
            for field, marker in by_field.items():
                if re.search(rf"\b{marker}\b", text):
                    seen[field].add(heading)
    return list(by_field), seen


def table() -> str:
    fields, seen = measure()
    headings = [h for h, _, _ in COLUMNS]
    lines = ["| Field | " + " | ".join(headings) + " |",
             "|---|" + "|".join(":-:" for _ in headings) + "|"]
    for field in fields:
        cells = ["✓" if h in seen[field] else "·" for h in headings]
        lines.append(f"| `{field}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme_with(generated: str, readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{generated}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="write the table into docs/reference/formats.md")
    args = parser.parse_args()
    generated = table()
    if args.update:
        PAGE.write_text(readme_with(generated, PAGE.read_text("utf-8")), encoding="utf-8")
    else:
        print(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
