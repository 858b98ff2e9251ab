"""The ORCID importer on ORCID data as people and services really have it (issue 37): the
20 files of tests/fixtures/wild/orcid (real API responses and ORCID's own samples; their
odd values listed in tests/fixtures/wild/README.md).

No traceback on any file; every item the source holds (work, employment, education, funding,
email, website ...) is imported or named by a note at its place in the input; a real record
with odd values imports whole; a partial response imports what it holds and says in one line
what is missing; a file of another kind is refused in one line saying what it is."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cvkit import importers
from cvkit.build.api import export, import_record
from cvkit.importers import DEGRADED, DROPPED, GUESSED, KEPT, Note, orcid
from cvkit.profile.load import load_profile
from cvkit.profile.model import Profile
from cvkit.profile.source import json_source
from cvkit.support.errors import CvkitError

from ..conftest import FIXTURES, run_cvkit

WILD = FIXTURES / "wild" / "orcid"
CORPUS = sorted(WILD.glob("*.json"))
RECORDS = [p for p in CORPUS if p.name.startswith("record-")]
# Files of another kind: what their one line must say.
REFUSED = {"error-404.json": "an ORCID error response (404: The resource was not found.)",
           "search-3.0.json": "ORCID search results (10 iDs of 1840)",
           "profile-1.2-message.json": "an ORCID API 1.2 message"}
PARTIAL = {"works-3.0-74-month00.json": "/works", "works-3.0-111.json": "/works",
           "works-3.0-8.json": "/works", "works-3.0-empty.json": "/works",
           "person-3.0-address.json": "/person", "person-3.0-emails-urls.json": "/person",
           "personal-details-2.x.json": "/personal-details",
           "activities-2.x-flat-employment.json": "/activities",
           "work-3.0-bibtex-citation.json": "/work",
           "work-3.0-write-sample.json": "an ORCID work as a member writes it"}


def test_the_corpus_is_what_the_readme_lists() -> None:
    assert len(CORPUS) == 20
    assert set(REFUSED) | set(PARTIAL) | {p.name for p in RECORDS} == {p.name for p in CORPUS}


# -- counting the source, independently of the importer ---------------------------------------

# activity section -> the profile section its items go to
TARGETS = {"employments": "experience", "invited-positions": "experience",
           "educations": "education", "qualifications": "certificates",
           "distinctions": "awards", "memberships": "service", "services": "service",
           "fundings": "awards", "works": "publications"}
SECTIONS = (*TARGETS, "peer-reviews", "research-resources")


def _sections(data: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(section name, its object, its JSON pointer) of every activity section in a file."""
    if "activities-summary" in data:
        summary, at = data["activities-summary"], "/activities-summary"
    elif sum(k in data for k in SECTIONS) >= 2:
        summary, at = data, ""
    else:
        name = str(data.get("path", "")).rsplit("/", 1)[-1]
        return [(name, data, "")] if name in SECTIONS else []
    if not isinstance(summary, dict):
        return []
    return [(k, v, f"{at}/{k}") for k, v in summary.items() if k in SECTIONS]


def source_items(data: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The items of a file, by the profile section (or field) they go to, each as its JSON
    pointer; and the counts of what a profile has no place for (peer reviews ...)."""
    items: dict[str, list[str]] = {}
    aside: dict[str, int] = {}
    for name, section, at in _sections(data):
        if name in ("peer-reviews", "research-resources"):
            groups = section.get("group") or []
            aside[at] = len(groups) if name == "research-resources" else sum(
                len(g.get("peer-review-group") or g.get("peer-review-summary") or [])
                for g in groups)
            continue
        target = items.setdefault(TARGETS[name], [])
        if "affiliation-group" in section:
            target += [f"{at}/affiliation-group/{i}"
                       for i in range(len(section["affiliation-group"] or []))]
        flat = f"{name.removesuffix('s')}-summary"
        target += [f"{at}/{flat}/{i}" for i in range(len(section.get(flat) or []))]
        target += [f"{at}/group/{i}" for i in range(len(section.get("group") or []))]
    if "title" in data and "put-code" in data or "citation" in data:
        items["publications"] = [""]  # a single work
    person, at = (data.get("person"), "/person") if "orcid-identifier" in data else \
        (data, "") if "name" in data else (None, "")
    if isinstance(person, dict):
        for section, key, target in (("emails", "email", "email"),
                                     ("addresses", "address", "location"),
                                     ("researcher-urls", "researcher-url", "links"),
                                     ("external-identifiers", "external-identifier", "links"),
                                     ("keywords", "keyword", "interests"),
                                     ("other-names", "other-name", "aliases")):
            found = (person.get(section) or {}).get(key) or []
            items.setdefault(target, []).extend(f"{at}/{section}/{key}/{i}"
                                                for i in range(len(found)))
    return items, aside


def arrived(data: dict[str, Any], target: str, source: dict[str, Any]) -> int:
    """How many items of the source became entries (or values) of ``target``."""
    if target in ("email", "location"):
        return int(bool((data.get("contact") or {}).get(target)))
    if target == "links":
        links = data.get("links") or {}
        named = [k for k in links if k not in ("orcid", "other")]
        kept = ((data.get("extra") or {}).get("orcid") or {}).get("identifiers") or []
        return len(named) + len(links.get("other") or []) + len(kept)
    if target == "aliases":
        name = (source.get("person") or source).get("name") or {}
        credit = (name.get("credit-name") or {}).get("value")
        full = " ".join(filter(None, [(name.get(k) or {}).get("value")
                                      for k in ("given-names", "family-name")]))
        return len(data.get("aliases") or []) - int(bool(credit and full and credit != full))
    return len(data.get(target) or [])


def notes_of(imported: Any) -> list[tuple[str, str, str]]:
    """(what happened, JSON pointer, message) of every note."""
    return [(n.what, n.where, n.message) for n in imported.report()]


def not_arrived(notes: list[tuple[str, str, str]], at: str) -> bool:
    """A note at exactly the item's place says it did not arrive as an entry of its own:
    dropped, or merged into another."""
    return any(where == at and (what == DROPPED or what == GUESSED and "merged into" in said)
               for what, where, said in notes)


@pytest.mark.parametrize("path", [p for p in CORPUS if p.name not in REFUSED],
                         ids=lambda p: p.name)
def test_every_item_arrives_or_is_noted_at_its_place(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    imported = orcid.import_file(path)
    notes = notes_of(imported)
    items, aside = source_items(data)
    assert items or aside or path.name in ("works-3.0-empty.json",), path
    for target, places in items.items():
        dropped = [at for at in places if not_arrived(notes, at)]
        assert arrived(imported.data, target, data) + len(dropped) == len(places), \
            (target, places, dropped, notes)
    for at, n in aside.items():
        assert n == 0 or any(what == DROPPED and where == at and said.startswith(f"{n} ")
                             for what, where, said in notes), (at, n, notes)
    for what, where, said in notes:  # every note points into the input, at a real place
        assert where == "" or _resolves(data, where), (where, said)
        assert what in (DROPPED, DEGRADED, GUESSED, KEPT) or where == "", (what, said)
    Profile.model_validate(imported.data)


def _resolves(data: Any, pointer: str) -> bool:
    node = data
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def test_the_counts_are_the_corpus_counts() -> None:
    """The counting above counts what the README says the files hold."""
    works = json.loads((WILD / "works-3.0-74-month00.json").read_text("utf-8"))
    assert len(source_items(works)[0]["publications"]) == 74
    assert len(orcid.import_file(WILD / "works-3.0-74-month00.json").data["publications"]) \
        == 74
    flat = json.loads((WILD / "activities-2.x-flat-employment.json").read_text("utf-8"))
    assert len(source_items(flat)[0]["experience"]) == 1


# -- files of another kind --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_of_another_kind_is_refused_in_one_line(name: str) -> None:
    with pytest.raises(CvkitError) as refused:
        orcid.import_file(WILD / name)
    said = str(refused.value)
    assert "\n" not in said and REFUSED[name] in said, said
    assert "--fetch" in said  # and what to give instead


@pytest.mark.parametrize("value, said", [
    ([{"person": {}}], "the file holds an array of 1"),
    ("record", "the file holds the text 'record'"),
    (3, "the file holds the number 3"),
    ({}, "an empty JSON object"),
    ({"basics": {"name": "Ada"}, "work": []}, "(a JSON Resume? `cvkit import jsonresume`"),
    ({"title": "x", "author": "y"}, "a JSON object with `title`, `author`"),
])
def test_json_that_is_not_orcid_is_refused_saying_what_it_is(value: Any, said: str) -> None:
    with pytest.raises(CvkitError) as refused:
        orcid.from_orcid(value)
    assert said in str(refused.value) and "not an ORCID record" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_command_refuses_another_file_in_one_line_exit_2(tmp_path: Path) -> None:
    resume = tmp_path / "resume.json"
    resume.write_text('{"basics": {"name": "Ada Park"}, "work": []}', encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    for path, said in ((resume, "it looks like a JSON Resume"),
                       (listed, "not an ORCID record: the file holds an array of 2"),
                       (WILD / "error-404.json", REFUSED["error-404.json"])):
        result = run_cvkit("import", "orcid", path, "-o", tmp_path / "p.yaml")
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"error: {path}: ") and said in result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_cvkit_import_file_knows_every_corpus_file_for_orcid(path: Path) -> None:
    """`cvkit import FILE` sends each to the ORCID importer (which refuses what it must)."""
    assert importers.recognise(path) == "orcid"
    assert importers.get("orcid").sniff(path) >= 0.75


def test_other_json_is_not_claimed(tmp_path: Path) -> None:
    orcid_importer = importers.get("orcid")
    for name, text in (("resume.json", '{"basics": {"name": "Ada"}, "work": []}'),
                       ("list.json", "[1, 2]"), ("broken.json", '{"basics": {,}'),
                       ("results.json", '{"result": [1, 2]}'),
                       ("page.json", '{"title": "x", "type": "page"}'),
                       ("people.json", '{"person": "Ada", "skills": []}')):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert orcid_importer.sniff(tmp_path / name) == 0.0, name
    (tmp_path / "broken-record.json").write_text('{"orcid-identifier": {,}', encoding="utf-8")
    assert orcid_importer.sniff(tmp_path / "broken-record.json") >= 0.8
    with pytest.raises(CvkitError, match=r"broken-record.json:1:\d+: invalid JSON"):
        importers.read("orcid", tmp_path / "broken-record.json")


# -- partial forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PARTIAL))
def test_a_partial_response_says_in_one_line_what_it_lacks(name: str) -> None:
    imported = orcid.import_file(WILD / name)
    first = imported.notes[0]
    assert isinstance(first, Note) and first.where == ""
    first = first.message
    said = PARTIAL[name] if name.startswith("work-3.0-write") else \
        f"an ORCID {PARTIAL[name]} response"
    assert first.startswith(f"{said}, not a whole record"), first
    assert "\n" not in first and "it lacks " in first and "--fetch" in first
    assert "--into" in first


def test_a_works_response_brings_its_papers() -> None:
    imported = orcid.import_file(WILD / "works-3.0-74-month00.json")
    data = imported.data
    assert len(data["publications"]) == 74 and data["links"] == {"orcid": "0000-0000-0001-0015"}
    assert data["name"] == "Your Name"
    said = imported.notes[0].message
    assert "imported 74 publications; it lacks the person (name, biography, emails, " \
        "websites)" in said
    assert "`cvkit import orcid --fetch 0000-0000-0001-0015`" in said
    # month "00" four times: the year kept, a note at the month in the JSON
    month = [n for n in imported.report() if n.message.startswith("month '00'")]
    assert len(month) == 4 and all(n.where.endswith("/publication-date/month/value")
                                   and n.what == DEGRADED for n in month)
    assert {p.line for p in month} == {1}  # the file is one line: the column says where
    text = (WILD / "works-3.0-74-month00.json").read_text("utf-8")
    assert all(text[p.column - 1:p.column + 3] == '"00"' for p in month if p.column)


def test_a_person_response_brings_the_person() -> None:
    imported = orcid.import_file(WILD / "person-3.0-address.json")
    data = imported.data
    assert data["name"] != "Your Name" and data["aliases"]
    assert data["contact"]["location"] and data["links"]["other"]
    assert "it lacks the activities (employments, educations, fundings, works)" in \
        imported.notes[0].message


def test_a_single_work_brings_its_authors_from_its_citation() -> None:
    paper = orcid.import_file(WILD / "work-3.0-bibtex-citation.json").data["publications"][0]
    assert paper["title"] == "Introducing an R package for luminescence dating analysis"
    assert len(paper["authors"]) == 6 and paper["authors"][0] == "Pavel Lindqvist"
    assert (paper["volume"], paper["issue"], paper["pages"]) == ("30", "1", "1–8")
    written = orcid.import_file(WILD / "work-3.0-write-sample.json")
    paper = written.data["publications"][0]
    assert paper["authors"] == [{"name": "Jordan", "orcid": "0000-0000-0001-0154"},
                                {"name": "Fran", "orcid": "0000-0000-0001-0162"}]
    assert "doi" not in paper  # "work:doi" is none; the part-of DOI is the journal's
    assert any("'work:doi' is not a DOI" in n.message for n in written.report())


# -- real records with odd values -------------------------------------------------------------


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.name)
def test_every_record_imports_validates_and_exports(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    import_record(orcid.import_file(path), target)
    profile = load_profile(target)
    written = export(target, ["text"], tmp_path / "out").written
    text = written[0].path.read_text("utf-8")
    assert profile.name in text
    assert all(p.title.split(":")[0][:30] in text.replace("\n", " ")
               for p in profile.publications)


def test_29_february_1930_is_kept_to_its_month_with_a_note_in_the_json() -> None:
    path = WILD / "record-3.0-carberry.json"
    imported = orcid.import_file(path)
    starts = [e.get("start") for e in imported.data["experience"]]
    assert "1930-02" in starts and "1929-02" in starts  # 1930 and 1929 have no 29 February
    day = next(n for n in imported.report() if "1930-02-29" in n.message)
    assert day.file == path and (day.line, day.column) == (397, 30) and day.what == DEGRADED
    assert day.where.endswith("/start-date/day/value")
    assert day.message == "1930-02-29 is not a day of the calendar; kept as 1930-02"
    assert path.read_text("utf-8").splitlines()[396][29:33] == '"29"'


def test_a_real_leap_day_is_kept_and_a_century_is_not_one() -> None:
    def start(year: str) -> Any:
        record = {"orcid-identifier": {"path": "0000-0002-1825-0097"},
                  "activities-summary": {"employments": {"employment-summary": [
                      {"organization": {"name": "Brown University"},
                       "start-date": {"year": {"value": year}, "month": {"value": "02"},
                                      "day": {"value": "29"}}}]}}}
        return orcid.from_orcid(record).data["experience"][0]["start"]

    assert start("2020") == "2020-02-29" and start("2000") == "2000-02-29"
    assert start("1904") == "1904-02-29" and start("1900") == "1900-02"


def test_the_self_doi_orcid_cannot_normalise_is_dropped_not_the_import() -> None:
    imported = orcid.import_file(WILD / "record-3.0-orcid-model-sample.json")
    paper = imported.data["publications"][0]
    assert paper["title"] == "Work Title" and "doi" not in paper
    said = next(n for n in imported.report() if "work:doi" in n.message)
    assert said.message == "'work:doi' is not a DOI (ORCID could not normalise it either); " \
        "not imported"
    assert said.where.endswith("/external-id/1/external-id-value") and said.line
    assert said.what == DROPPED
    # every activity section arrives where a profile has one
    data = imported.data
    assert {k: len(data[k]) for k in ("experience", "education", "awards", "service",
                                      "certificates")} == \
        {"experience": 2, "education": 3, "awards": 2, "service": 2, "certificates": 1}


@pytest.mark.parametrize("name", ["record-2.x-upper-enums.json",
                                  "record-mixed-upper-enums-real.json"])
def test_upper_case_enums_read_as_lower_case(name: str) -> None:
    raw = json.loads((WILD / name).read_text("utf-8"))
    imported = orcid.import_file(WILD / name)
    papers = imported.data["publications"]
    dois = {e["external-id-value"] for g in raw["activities-summary"]["works"]["group"]
            for w in g["work-summary"] for e in (w["external-ids"] or {}).get("external-id")
            or [] if e["external-id-type"].lower() == "doi"
            and e["external-id-relationship"] == "SELF"}
    assert dois and dois <= {p.get("doi") for p in papers}
    assert {p["kind"] for p in papers} <= {"journal", "chapter"}
    assert not [n for n in imported.report() if "type" in n.where]
    if name.startswith("record-mixed"):
        assert any(p.get("arxiv") for p in papers)


def test_v2_flat_affiliation_lists_are_read() -> None:
    data = orcid.import_file(WILD / "activities-2.x-flat-employment.json").data
    assert data["experience"] == [{"organization": "The University of Auckland",
                                   "location": "Auckland, NZ"}]


@pytest.mark.parametrize("change, said", [
    (lambda r: r.update(person="Josiah"), "/person: dropped: expected an object, found the text"),
    (lambda r: r["activities-summary"].update(works=[]), "/activities-summary/works: "
     "dropped: expected an object, found an array of 0"),
    (lambda r: _dates(r).update(month={"value": "Feb"}), "month 'Feb' is not a month; kept "
     "as 1930"),
    (lambda r: _dates(r).update(year={"value": "MCMXXX"}), "year 'MCMXXX' is not a year"),
    (lambda r: _dates(r).update(day=[29]), "expected text, found an array of 1; not read"),
])
def test_an_odd_value_is_a_note_never_a_traceback(change: Any, said: str) -> None:
    path = WILD / "record-3.0-carberry.json"
    source = json_source(path, "ORCID record")
    record = copy.deepcopy(source.data)
    change(record)
    imported = orcid.from_orcid(record, source)
    assert any(said in n.format() for n in imported.report()), \
        [n.format() for n in imported.report()]
    Profile.model_validate(imported.data)


def _dates(record: dict[str, Any]) -> dict[str, Any]:
    group = record["activities-summary"]["employments"]["affiliation-group"][0]
    start: dict[str, Any] = group["summaries"][0]["employment-summary"]["start-date"]
    return start


# -- any shape at all -------------------------------------------------------------------------

# Keys ORCID files use, so random shapes reach the readers behind them.
KEYS = ["person", "activities-summary", "orcid-identifier", "path", "name", "credit-name",
        "given-names", "family-name", "value", "other-names", "other-name", "content",
        "biography", "emails", "email", "primary", "addresses", "address", "country",
        "researcher-urls", "researcher-url", "url", "url-name", "keywords", "keyword",
        "external-identifiers", "external-identifier", "external-id-type",
        "external-id-value", "external-id-url", "external-id-relationship",
        "external-id-normalized", "external-ids", "external-id", "works", "group",
        "work-summary", "title", "subtitle", "translated-title", "type", "journal-title",
        "publication-date", "year", "month", "day", "display-index", "employments",
        "affiliation-group", "summaries", "employment-summary", "educations",
        "education-summary", "organization", "role-title", "department-name",
        "start-date", "end-date", "fundings", "funding-summary", "peer-reviews",
        "peer-review-group", "distinctions", "services", "memberships", "qualifications",
        "invited-positions", "research-resources", "contributors", "contributor",
        "contributor-orcid", "citation", "citation-type", "citation-value", "put-code",
        "short-description", "num-found", "result", "response-code", "message-version"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3000),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "00", "29", "02", "1930", "SELF", "self", "DOI", "doi",
                                     "JOURNAL_ARTICLE", "journal-article", "work:doi",
                                     "10.5555/1", "arXiv:2101.00001", "https://x.org",
                                     "javascript:alert(1)", "www.x.org", "bibtex",
                                     "@article{k, author={A and B}, title={T}}",
                                     "0000-0002-1825-0097", "{}", "\x00", "é"]),
                    st.text(max_size=8))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), inner,
                    max_size=5)), max_leaves=40)


def _survives(value: Any, source: Any = None) -> None:
    try:
        imported = orcid.from_orcid(value, source)
    except CvkitError as exc:
        assert "\n" not in str(exc), str(exc)  # a refusal is one line
        return
    Profile.model_validate(imported.data)  # lenient per value: what it gives validates


@pytest.mark.property
@given(JSON)
@example({"\n": None})
@example({"person": {"name": {"credit-name": {"value": "\x00"}}}})
@example({"orcid-identifier": {}, "activities-summary": {"works": {"group": [
    {"work-summary": [{"title": {"title": {"value": "T"}}, "display-index": "x"}]}]}}})
def test_any_json_shape_imports_or_is_refused(value: Any) -> None:
    _survives(value)


def _places(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _places(value, (*at, i))
    return found


SOURCES = {p.name: json_source(p, "ORCID record") for p in CORPUS if p.name not in REFUSED}
PLACES = {name: _places(source.data) for name, source in SOURCES.items()}
MUTATIONS = ["drop", "null", "swap", "upper", "text", "list", "number"]


@pytest.mark.property
@given(st.sampled_from(sorted(SOURCES)),
       st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(MUTATIONS), SCALARS),
                min_size=1, max_size=6))
def test_corpus_records_mutated_import_or_are_refused(name: str, changes: Any) -> None:
    source = SOURCES[name]
    record = copy.deepcopy(source.data)
    for index, how, scalar in changes:
        places = _places(record)
        at = places[index % len(places)]
        if not at:
            continue
        parent = record
        for part in at[:-1]:
            parent = parent[part]
        key = at[-1]
        value = parent[key]
        if how == "drop":
            del parent[key]
        elif how == "upper":
            parent[key] = _upper(value)
        else:
            parent[key] = {"null": None, "swap": [value] if not isinstance(value, list) else
                           {"value": value}, "text": str(value)[:20], "list": [scalar],
                           "number": 7}.get(how, scalar)
    _survives(record, source)


def _upper(value: Any) -> Any:
    if isinstance(value, str):
        return value.upper().replace("-", "_")
    if isinstance(value, dict):
        return {k: _upper(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_upper(v) for v in value]
    return value


def test_every_corpus_record_upper_cased_imports_the_same_papers() -> None:
    """API v2 spellings (SELF, JOURNAL_ARTICLE) throughout: nothing read differently."""
    for path in RECORDS + [WILD / "works-3.0-111.json"]:
        data = json.loads(path.read_text("utf-8"))
        lower = orcid.from_orcid(data).data.get("publications") or []
        upper_data = json.loads(re.sub(r'"(external-id-relationship|external-id-type|type|'
                                       r'visibility)"\s*:\s*"([^"]*)"', lambda m:
                                       f'"{m[1]}": "{m[2].upper().replace("-", "_")}"',
                                       path.read_text("utf-8")))
        upper = orcid.from_orcid(upper_data).data.get("publications") or []
        assert upper == lower, path.name
