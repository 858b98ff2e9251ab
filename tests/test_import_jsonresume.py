"""JSON Resume as people wrote it (issue 37): the wild corpus (tests/fixtures/wild/jsonresume,
provenance in PROVENANCE.md) imports whole or is refused in one line; every entry of the
source is imported or named in a note pointing into the input; the older schema's
spellings arrive in every format; a list in a summary stays a list in every format."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import read_import
from cvkit.importers import DEGRADED, DROPPED, GUESSED, KEPT, Note, Refused
from cvkit.importers.checked import checked
from cvkit.importers.jsonresume import SECTIONS, from_jsonresume, import_file
from cvkit.profile.load import load_profile
from cvkit.support.errors import CvkitError, ProfileError

from .conftest import FIXTURES, run_cvkit

WILD = FIXTURES / "wild" / "jsonresume"
CORPUS = sorted(WILD.glob("*.json"))
# The files that are no JSON Resume, or no JSON: refused in one line, saying what they are.
REFUSED = {
    "fresh-jane-fullstacker.fresh.json": "a FRESH resume (HackMyResume's format)",
    "zh-custom-format.json": "not a JSON Resume: an object with keys contact, data_lang",
    "fresh-johnny-trouble.broken.fresh.json": "251:3: missing comma",
    "schema-2015-missing-comma.json": "94:3: missing comma",
    "schema-2014-draft-trailing-comma.json": "16:6: trailing comma",
    "trailing-comma-real.json": "86:22: trailing comma",
}
# Where each section's entries arrive; work and volunteer both in experience (volunteer
# tagged so).
ARRIVES = {"work": "experience", "volunteer": "experience", "education": "education",
           "awards": "awards", "certificates": "certificates", "publications": "publications",
           "skills": "skills", "languages": "languages", "interests": "hobbies",
           "hobbies": "hobbies", "references": "references", "projects": "projects"}


def test_the_corpus_is_all_here() -> None:
    assert len(CORPUS) == 19


def _imported_count(section: str, data: dict[str, Any]) -> int:
    entries = data.get(ARRIVES[section]) or []
    if section in ("work", "volunteer"):
        return sum(("volunteer" in (e.get("tags") or [])) == (section == "volunteer")
                   for e in entries)
    if section in ("interests", "hobbies"):
        return len(entries)  # both read into hobbies: counted together below
    return len(entries)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_entry_is_imported_or_noted(path: Path, tmp_path: Path) -> None:
    """No traceback; a file of the wrong kind is one line; otherwise, per section, entries
    in the source == entries imported + entries a note names (dropped or kept aside), and
    the model refuses nothing the importer gave (every note points into the input)."""
    if path.name in REFUSED:
        with pytest.raises((Refused, ProfileError)) as caught:
            read_import(path, "jsonresume")
        said = str(caught.value)
        assert "\n" not in said and REFUSED[path.name] in said
        return
    imported = read_import(path, "jsonresume")
    notes = [n for n in imported.notes if isinstance(n, Note)]
    assert len(notes) == len(imported.notes) and not imported.problems
    source = json.loads(path.read_text("utf-8"))
    named = {n.where for n in notes if n.what in (DROPPED, KEPT)}
    seen: dict[str, tuple[int, int]] = {}
    for section in [*SECTIONS, "hobbies"]:
        entries = source.get(section)
        if not isinstance(entries, list):
            continue
        noted = sum(f"/{section}/{i}" in named for i in range(len(entries)))
        seen[section] = (len(entries), noted)
    for section, (total, noted) in seen.items():
        if section in ("interests", "hobbies"):
            continue
        assert _imported_count(section, imported.data) + noted == total, section
    fun = [seen[s] for s in ("interests", "hobbies") if s in seen]
    assert len(imported.data.get("hobbies") or []) + sum(n for _, n in fun) == \
        sum(t for t, _ in fun)
    for note in notes:
        assert note.file == path and note.where.startswith("/") and note.line, note
    data = json.loads(json.dumps(imported.data))
    _, refused = checked(data, path, tmp_path / "p.yaml")
    assert refused == []


def test_old_schema_employers_websites_and_gpa_arrive() -> None:
    data = import_file(WILD / "old-schema-long.json").data
    assert [e["organization"] for e in data["experience"]][:3] == [
        "Dokiv Lenudorib", "Dote Rikoma, Mov", "Dote Rikoma, Mov"]
    assert "—" not in json.dumps(data["experience"])
    assert data["contact"]["website"] == "https://kipovur.example/"
    assert data["experience"][0]["url"] == "https://rosavadifeluni.example/"
    gpa = import_file(WILD / "old-schema-gpa.json").data
    assert gpa["education"][0]["gpa"] == "98"
    assert gpa["extra"]["jsonresume"]["/basics/picture"].startswith("https://")
    assert "/basics/picture" not in json.dumps(import_file(WILD / "old-schema-company.json")
                                               .data.get("extra"))  # "": nothing to keep
    caffeine = import_file(WILD / "caffeine-2017-sample.json")
    assert caffeine.data["education"][0]["gpa"] == "GPA 4.0"
    assert caffeine.data["extra"]["jsonresume"]["/basics/picture"].startswith("http")


def _texts(out: Path) -> dict[str, str]:
    import docx
    from pypdf import PdfReader

    pdf = PdfReader(next(out.glob("*.pdf")))
    document = docx.Document(io.BytesIO(next(out.glob("*.docx")).read_bytes()))
    links = [str(a.get_object()["/A"].get("/URI")) for page in pdf.pages
             for a in page.get("/Annots", []) if a.get_object().get("/A")]
    return {
        "text": next(out.glob("*.txt")).read_text("utf-8"),
        "markdown": next(out.glob("*.md")).read_text("utf-8"),
        "html": (out / "index.html").read_text("utf-8"),
        "pdf": "\n".join(p.extract_text() for p in pdf.pages) + "\n" + "\n".join(links),
        "docx": "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
            r.target_ref for r in document.part.rels.values() if "hyperlink" in r.reltype),
    }


def test_an_old_schema_resume_keeps_employers_websites_and_gpa_in_every_format(
        tmp_path: Path) -> None:
    """HackMyResume's JSON Resume test file (company, website, gpa, picture): its four
    employers, the person's website and the three grades in text, Markdown, HTML, PDF and
    DOCX; the employers' own websites where a format carries links (HTML, PDF, DOCX)."""
    profile = tmp_path / "p.yaml"
    result = run_cvkit("import", "jsonresume", WILD / "fresh-jane-fullstacker.jrs.json",
                       "-o", profile)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    result = run_cvkit("export", profile, "-f", "text", "-f", "markdown", "-f", "html",
                       "-f", "pdf", "-f", "docx", "-o", out)
    assert result.returncode == 0, result.stderr
    employers = ["Area 52", "Veridian Dynamics", "Stark Industries", "Dunder Mifflin"]
    for fmt, text in _texts(out).items():
        for wanted in [*employers, "janef.me/blog", "GPA", "3.5", "3.2"]:
            assert wanted in text, (fmt, wanted)
        assert "—" not in text.split("Experience")[-1][:200], fmt
        if fmt in ("html", "pdf", "docx"):
            assert "https://area52.io/does-not-exist" in text, fmt
            assert "https://en.wikipedia.org/wiki/Better_Off_Ted#Plot" in text, fmt
    # Markdown as the resume's themes render it: bold and links, not their marks.
    markdown = _texts(out)["text"]
    assert "**" not in markdown and "Quantum Diorama (https://en.wikipedia.org/wiki/" \
        "Vaporware)" in markdown


def test_lenient_per_value_the_import_goes_on(tmp_path: Path) -> None:
    """endDate null is no end; a skype: profile is kept aside (no web address); one without
    a scheme gets https://; a javascript: link is dropped; words after a date are left out;
    each a note at the value's line:col."""
    null = import_file(WILD / "enddate-null.json")
    assert null.data["experience"][0]["end"] is None and null.data["experience"][0]["start"]
    assert [(n.what, n.where, n.line, n.column) for n in null.notes] == [
        (GUESSED, "/work/0/endDate", 34, 18)]
    skype = import_file(WILD / "old-schema-skype.json")
    kept = skype.data["extra"]["jsonresume"]["/basics/profiles/3"]
    assert kept["url"] == "skype:gimukugubi?userinfo"
    assert {o["url"] for o in skype.data["links"]["other"]} == set()
    assert skype.data["links"]["github"] == "DEgozakugo"
    said = [n.format() for n in skype.notes]
    assert any(":33:7: /basics/profiles/3: kept: a Skype address that is no web address "
               "('skype:gimukugubi?userinfo'" in line for line in said), said
    url = import_file(WILD / "url-without-scheme.json")
    assert url.data["links"]["linkedin"] == "luDuvil" or url.data["links"]["linkedin"]
    assert any(n.what == GUESSED and "read as https://www.linkedin.com/in/" in n.message
               for n in url.notes)
    zh = import_file(WILD / "zh-javascript-url.json")
    assert "javascript" not in json.dumps(zh.data)
    assert [e["end"] for e in zh.data["experience"]] == ["present", "2015-03", "2013-10"]
    assert any(n.what == DEGRADED and n.where == "/work/1/endDate" and n.line == 39
               for n in zh.notes)
    # HTML in a summary: its links are Markdown links, its <br> list items highlights.
    project = zh.data["projects"][2]
    assert len(project["highlights"]) == 9
    assert project["highlights"][0].startswith("[数新APP")
    assert "<br>" not in json.dumps(zh.data, ensure_ascii=False)
    profile = tmp_path / "zh.yaml"
    result = run_cvkit("import", "jsonresume", WILD / "zh-javascript-url.json", "-o", profile)
    assert result.returncode == 0, result.stderr
    load_profile(profile)


@pytest.mark.parametrize("name, said", [
    ("trailing-comma-real.json", ":86:22: trailing comma: a ',' after the last item, before "
                                 "the ']'"),
    ("schema-2014-draft-trailing-comma.json", ":16:6: trailing comma"),
    ("schema-2015-missing-comma.json", ":94:3: missing comma: a ',' is needed between the "
                                       "value ending at 93:4 and this one"),
])
def test_invalid_json_names_the_comma(name: str, said: str, tmp_path: Path) -> None:
    result = run_cvkit("import", "jsonresume", WILD / name, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{WILD / name}{said}" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_every_comma_fault_is_listed_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text('{"basics": {"name": "A",},\n "work": [{"name": "B"} {"name": "C"},],\n'
                   ' "skills": []}\n', encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        import_file(bad)
    assert [(p.line, p.column, p.message.split(":")[0]) for p in caught.value.problems] == [
        (1, 24, "trailing comma"), (2, 25, "missing comma"), (2, 38, "trailing comma")]


@pytest.mark.parametrize("name, said", [
    ("fresh-jane-fullstacker.fresh.json", "a FRESH resume (HackMyResume's format), not a "
                                          "JSON Resume; convert it with `hackmyresume "
                                          "convert"),
    ("zh-custom-format.json", "not a JSON Resume: an object with keys contact, data_lang"),
])
def test_another_format_is_refused_in_one_line(name: str, said: str, tmp_path: Path) -> None:
    result = run_cvkit("import", "jsonresume", WILD / name, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("resume", [
    [], "resume", {"basics": []}, {"basics": {"name": ["A"], "profiles": "x"}},
    {"basics": {"name": "A"}, "work": {"name": "B"}},
    {"basics": {"name": "A"}, "work": [1, None, "x", [], {"name": {"a": 1}}]},
    {"basics": {"name": "A", "location": [1]}, "education": [{"institution": "U",
                                                              "startDate": 2010.5}]},
    {"basics": {"name": "A"}, "work": [{"name": "B", "startDate": "2020-02-30",
                                        "endDate": "2019", "highlights": "one"}]},
    {"basics": {"name": "A"}, "skills": [{"keywords": [None, 3, {"x": 1}]}, "Go", True],
     "projects": [{"name": "P", "url": "ftp://x", "roles": "lead"}]},
    {"basics": {"name": "A", "email": "nope", "url": "javascript:alert(1)"},
     "awards": [{"title": "T", "summary": "[x](javascript:alert(1)) and **b**"}]},
    {"basics": {"name": "A"}, "work": [{"name": "B", "startDate": "0000-01"}]},
])
def test_any_json_shape_imports_or_is_refused(resume: Any, tmp_path: Path) -> None:
    try:
        imported = from_jsonresume(resume)
    except CvkitError as exc:
        assert "\n" not in str(exc)
        return
    data = json.loads(json.dumps(imported.data))
    _, refused = checked(data, None, tmp_path / "p.yaml")
    assert refused == [], [n.format() for n in refused]


LIST = {"basics": {"name": "Ada Lee", "summary": "I build:\n- compilers\n- schedulers"},
        "work": [{"company": "Acme", "position": "Engineer", "startDate": "2020",
                  "summary": "Led the team.\n\n- Cut build time by half\n- Shipped *v2*\n  "
                             "to every user"}]}


def test_a_list_in_a_summary_is_a_list_in_every_format(tmp_path: Path) -> None:
    """A position's summary list becomes its highlights, which every format prints as a
    list; the profile's about (one paragraph, no highlights) keeps its items on lines."""
    resume = tmp_path / "r.json"
    resume.write_text(json.dumps(LIST), encoding="utf-8")
    profile = tmp_path / "p.yaml"
    result = run_cvkit("import", "jsonresume", resume, "-o", profile)
    assert result.returncode == 0, result.stderr
    assert "/work/0/summary: degraded: a list of 2 items: imported as the position's " \
        "highlights" in result.stderr
    job = load_profile(profile).experience[0]
    assert job.summary == "Led the team." and job.highlights == [
        "Cut build time by half", "Shipped *v2* to every user"]
    out = tmp_path / "out"
    result = run_cvkit("export", profile, "-f", "text", "-f", "markdown", "-f", "html",
                       "-f", "pdf", "-f", "docx", "-f", "latex", "-o", out)
    assert result.returncode == 0, result.stderr
    texts = _texts(out)
    assert "- Cut build time by half\n- Shipped v2 to every user" in texts["text"]
    assert "I build:\n• compilers\n• schedulers" in texts["text"]
    assert "- Cut build time by half\n- Shipped *v2* to every user" in texts["markdown"]
    assert "I build:  \n• compilers  \n• schedulers" in texts["markdown"]
    assert "<li>Cut build time by half</li>" in " ".join(texts["html"].split())
    assert "I build:<br>\n• compilers<br>" in texts["html"].replace("<br/>", "<br>") or \
        "I build:<br>• compilers" in texts["html"].replace("<br/>", "<br>")
    tex = next(out.glob("*.tex")).read_text("utf-8")
    assert "\\item Cut build time by half" in tex
    for fmt in ("pdf", "docx"):
        lines = [line.strip() for line in texts[fmt].splitlines()]
        assert "Cut build time by half" in lines and "• compilers" in lines, fmt
    import docx

    document = docx.Document(io.BytesIO(next(out.glob("*.docx")).read_bytes()))
    item = next(p for p in document.paragraphs if p.text == "Cut build time by half")
    assert "List" in item.style.name or item._p.pPr.numPr is not None
