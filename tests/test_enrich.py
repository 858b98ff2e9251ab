"""cvkit enrich: papers filled from their DOI, against recorded real registry answers.

Every answer comes from ``tests/fixtures/enrich/`` (real Crossref, DataCite and OpenAlex
responses other projects recorded; see its PROVENANCE.md), served by a local http.server
the base-URL variables point at (``tests/enrich_server.py``). No test asks the network,
and none sleeps: retries wait through an injected ``sleep``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from cvkit.build import api
from cvkit.importers.enrich import EnrichOptions, crossref, datacite, enrich_publications, openalex

from .conftest import FIXTURES, run_cvkit
from .enrich_server import Recorded, registries

RECORDED = FIXTURES / "enrich"
ESMO = ["Satoru Iwasa", "Natsuko Okita", "Aya Kuchiba", "Gakuto Ogawa", "Mamiko Kawasaki",
        "Kenichi Nakamura", "Hirokazu Shoji", "Yoshitaka Honma", "Atsuo Takashima", "Ken Kato",
        "Tetsuya Hamaguchi", "Narikazu Boku", "Yasuhide Yamada"]
ARXIV_2311 = ["Hui Yin", "Amir Aryani", "Gavin Lambert", "Marcus White",
              "Luis Salvador-Carulla", "Shazia Sadiq", "Elvira Sojli", "Jennifer Boddy",
              "Greg Murray", "Wing Wah Tham"]
PROFILE = """\
# A CV with papers known only by their DOI
name: Ada Park
headline: "Researcher, 'quoted' as I like"
about: A paragraph folded by hand over
  two lines, which a YAML dump would join.
contact:
  email: ada@example.org  # the email enrich names in its User-Agent
publications:
  # The journal paper: only its DOI so far
  - doi: 10.1136/esmoopen-2020-000776
  - title: Vector Quotient Filters  # my wording, kept
    authors: [Prashant Pandey, Ada Park*]
    venue: SIGMOD 2021
    # ACM's DOI
    doi: 10.1145/3448016.3452841
  - {doi: 10.48550/arXiv.2311.16162}
  - title: A preprint I know by its arXiv id
    kind: preprint
    arxiv: 1902.02534v2
experience:
  - organization: Lab  # the last line
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own (empty) cache, so what one test fetched is no other's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("CVKIT_NO_CACHE", raising=False)
    return tmp_path / "cache" / "cvkit" / "doi"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Any:
    with registries() as recorded:
        for name, value in recorded.env().items():
            monkeypatch.setenv(name, value)
        yield recorded


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def names(authors: list[Any]) -> list[str]:
    """Author names, whether plain or identified (``{name, orcid}``, or the model's)."""
    return [a["name"] if isinstance(a, dict) else getattr(a, "name", a) for a in authors]


def fetching(**more: Any) -> EnrichOptions:
    waits: list[float] = more.pop("waits", [])
    return EnrichOptions(fetch=True, sleep=waits.append, **more)


# -- what the issue asks ----------------------------------------------------------------------


def test_fills_authors_of_papers_known_by_their_doi(profile: Path, server: Recorded) -> None:
    from cvkit.profile.load import load_profile

    result = api.enrich(profile, fetching(), write=True)
    assert result.written and result.problems == []
    papers = load_profile(profile).publications
    assert names(papers[0].authors) == ESMO  # Crossref
    assert papers[0].title.startswith("Phase II study of lenvatinib")
    assert papers[0].venue == "ESMO Open" and papers[0].kind == "journal"
    assert names(papers[2].authors) == ARXIV_2311  # DataCite, an arXiv DOI
    assert papers[2].kind == "preprint" and papers[2].arxiv == "2311.16162"
    assert names(papers[3].authors) == ["Ivan Heibi", "Silvio Peroni", "David Shotton"]
    assert server.paths == [
        "/crossref/works/10.1136/esmoopen-2020-000776",
        "/crossref/works/10.1145/3448016.3452841",
        "/datacite/dois/10.48550/arXiv.2311.16162",
        "/datacite/dois/10.48550/arXiv.1902.02534"]
    assert papers[0].authors[0].orcid == "0000-0003-3863-9582"
    assert papers[0].authors[-1].orcid == "0000-0003-0692-8419"
    assert isinstance(papers[0].authors[1], str)  # no iD: a plain name


def test_what_the_user_wrote_never_changes(profile: Path, server: Recorded) -> None:
    from cvkit.profile.load import load_profile

    api.enrich(profile, fetching(), write=True)
    vqf = load_profile(profile).publications[1]
    assert vqf.title == "Vector Quotient Filters"  # Crossref adds a subtitle: not taken
    assert names(vqf.authors) == ["Prashant Pandey", "Ada Park*"]  # Crossref has six
    assert vqf.venue == "SIGMOD 2021"
    assert (vqf.date and str(vqf.date), vqf.pages, vqf.publisher) == \
        ("2021-06-09", "1386–1399", "ACM")  # what it lacked
    preprint = load_profile(profile).publications[3]
    assert preprint.title == "A preprint I know by its arXiv id"
    assert str(preprint.date) == "2019-02-07"  # the first version's, for a preprint


def test_the_written_file_keeps_comments_and_order(profile: Path, server: Recorded) -> None:
    result = api.enrich(profile, fetching(), write=True)
    after = profile.read_text(encoding="utf-8")
    kept = iter(after.splitlines())
    for line in PROFILE.splitlines():
        if line == "  - doi: 10.1136/esmoopen-2020-000776":  # the title comes before it
            line = "    doi: 10.1136/esmoopen-2020-000776"
        if line != "  - {doi: 10.48550/arXiv.2311.16162}":  # a flow mapping becomes a block
            assert any(line == out for out in kept), f"lost or moved: {line!r}"
    removed = [line for line in result.diff.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    assert removed == ["-  - doi: 10.1136/esmoopen-2020-000776",
                       "-  - {doi: 10.48550/arXiv.2311.16162}"]
    # New keys go where the model orders them; the comment above a key stays above it.
    assert "venue: SIGMOD 2021\n    kind: conference\n" in after
    assert "    publisher_place: New York, NY, USA\n    # ACM's DOI\n    doi: 10.1145/" \
        in after or "    publisher: ACM\n    # ACM's DOI\n    doi: 10.1145/" in after


def test_without_fetch_nothing_goes_to_the_network(profile: Path, server: Recorded) -> None:
    before = profile.read_bytes()
    result = run_cvkit("enrich", profile, "--write")
    assert result.returncode == 0, result.stderr
    assert server.requests == []
    assert result.stdout == "" and profile.read_bytes() == before
    assert "4 papers could be filled from the DOI" in result.stderr
    assert f"cvkit enrich {profile} --fetch" in result.stderr
    assert "publications[0] (10.1136/esmoopen-2020-000776)" in result.stderr


def test_a_second_run_asks_nothing(profile: Path, server: Recorded, own_cache: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_cvkit("enrich", profile, "--fetch")
    assert first.returncode == 0, first.stderr
    asked = len(server.requests)
    assert asked == 4 and first.stdout.startswith(f"--- {profile}")
    second = run_cvkit("enrich", profile, "--fetch")
    assert len(server.requests) == asked  # none more
    assert second.stdout == first.stdout
    assert "0 requests, 4 from the cache" in second.stderr
    offline = run_cvkit("enrich", profile)  # and without --fetch, from the cache alike
    assert offline.stdout == first.stdout and len(server.requests) == asked
    # The cache is the user's alone.
    assert stat.S_IMODE(own_cache.stat().st_mode) == 0o700
    entries = list(own_cache.iterdir())
    assert len(entries) == 4
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in entries)
    # Another server's answers are its own: a mirror's are never served as the registry's.
    for name in ("CVKIT_CROSSREF_URL", "CVKIT_DATACITE_URL", "CVKIT_OPENALEX_URL"):
        monkeypatch.setenv(name, "http://127.0.0.1:9/elsewhere")
    elsewhere = run_cvkit("enrich", profile)
    assert elsewhere.stdout == "" and "4 papers could be filled" in elsewhere.stderr


def test_user_agent_names_cvkit_and_the_users_email(profile: Path, server: Recorded) -> None:
    api.enrich(profile, fetching())
    agents = {headers.get("User-Agent") for _, headers in server.requests}
    assert agents == {"cvkit/0.1.0 (cvkit enrich; mailto:ada@example.org)"}
    server.requests.clear()
    api.enrich(profile, fetching(mailto="lab@example.net", refresh=True))
    assert {h.get("User-Agent") for _, h in server.requests} == \
        {"cvkit/0.1.0 (cvkit enrich; mailto:lab@example.net)"}


# -- answers that go wrong: notes, never tracebacks -------------------------------------------

DOIS = ["10.1136/esmoopen-2020-000776", "10.1145/3448016.3452841", "10.7554/elife.01567",
        "10.1109/icdcsw.2003.1203662"]


def papers(*dois: str) -> list[dict[str, Any]]:
    return [{"doi": doi} for doi in dois]


def test_a_web_page_or_json_cut_short_is_a_note(server: Recorded) -> None:
    body = (RECORDED / "crossref" / "10.1136_esmoopen-2020-000776.json").read_bytes()
    server.script = {
        "/crossref/works/10.1136/esmoopen-2020-000776": [(200, {}, body[: len(body) // 2])],
        "/crossref/works/10.1145/3448016.3452841": [
            (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><title>Sign in</title>")],
    }
    pubs = papers(*DOIS[:3])
    report = enrich_publications(pubs, fetching())
    with pytest.raises(json.JSONDecodeError) as cut:
        json.loads(body[: len(body) // 2])
    assert report.notes == [
        "publications[0] (10.1136/esmoopen-2020-000776): Crossref's answer is not whole "
        f"JSON at byte {cut.value.pos} (cut short?)",
        "publications[1] (10.1145/3448016.3452841): Crossref answered with a web page, not "
        "JSON (a proxy or a login page in the way?)"]
    assert pubs[:2] == papers(*DOIS[:2]) and "authors" in pubs[2]  # the good one filled
    # A bad answer is not kept: the next run asks again, and fills.
    report = enrich_publications(pubs, fetching())
    assert len(report.filled) == 2 and report.notes == []


def test_a_doi_no_registry_knows_is_a_note(server: Recorded) -> None:
    pubs = papers("10.1371/notarealdoi")
    report = enrich_publications(pubs, fetching())
    assert report.notes == ["publications[0] (10.1371/notarealdoi): no registry knows this "
                            "DOI (Crossref, DataCite, OpenAlex); is it written right?"]
    assert server.paths == ["/crossref/works/10.1371/notarealdoi",
                            "/datacite/dois/10.1371/notarealdoi",
                            "/openalex/works/https://doi.org/10.1371/notarealdoi"]
    # The 404s are kept too: asked once.
    assert enrich_publications(pubs, fetching()).requests == 0


def test_openalex_fills_what_crossref_and_datacite_do_not_know(server: Recorded) -> None:
    pubs = papers("10.1155/2012/291294")
    enrich_publications(pubs, fetching())
    assert names(pubs[0]["authors"])[:3] == ["Wendy Thanassi", "Art Noda", "Beatriz Hernandez"]
    assert pubs[0]["venue"] == "Pulmonary Medicine"
    assert server.paths[-1] == "/openalex/works/https://doi.org/10.1155/2012/291294"


def test_429_is_waited_for_as_retry_after_asks(server: Recorded) -> None:
    path = "/crossref/works/10.1136/esmoopen-2020-000776"
    server.script = {path: [(429, {"Retry-After": "2"}, b"slow down"),
                            (503, {}, b"busy")]}
    waits: list[float] = []
    pubs = papers(DOIS[0])
    report = enrich_publications(pubs, fetching(waits=waits))
    assert waits == [2.0, 2.0]  # Retry-After, then the backoff (doubled from 1 s)
    assert report.notes == [] and names(pubs[0]["authors"]) == ESMO
    assert server.paths == [path] * 3


def test_a_long_retry_after_stops_asking_that_registry(server: Recorded) -> None:
    server.script = {"/crossref/works/10.1136/esmoopen-2020-000776": [
        (429, {"Retry-After": "3600"}, b"")]}
    waits: list[float] = []
    report = enrich_publications(papers(*DOIS), fetching(waits=waits))
    assert waits == [] and len(server.requests) == 1
    assert report.notes[0] == ("publications[0] (10.1136/esmoopen-2020-000776): Crossref "
                               "asked to wait 3600 s (HTTP 429); try again later")
    assert report.skipped == [f"publications[{i}] ({doi})" for i, doi in enumerate(DOIS)][1:]


def test_a_registry_that_keeps_failing_is_given_up(server: Recorded) -> None:
    path = "/crossref/works/10.1136/esmoopen-2020-000776"
    server.script = {path: [(500, {}, b"oops")] * 4}
    waits: list[float] = []
    report = enrich_publications(papers(DOIS[0]), fetching(waits=waits))
    assert waits == [1.0, 2.0, 4.0]
    assert report.notes == ["publications[0] (10.1136/esmoopen-2020-000776): Crossref did "
                            "not answer after 4 tries (HTTP 500); try again later"]


def test_no_answer_at_all_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    with registries() as gone:
        env = gone.env()
    for name, value in env.items():  # the server is closed: nothing listens there
        monkeypatch.setenv(name, value)
    report = enrich_publications(papers(DOIS[0]), fetching(waits=[]))
    assert len(report.notes) == 1 and "Crossref did not answer after 4 tries (no answer: " \
        in report.notes[0]


def test_the_request_cap_holds(server: Recorded) -> None:
    report = enrich_publications(papers(*DOIS), fetching(max_requests=2))
    assert len(server.requests) == 2 and len(report.filled) == 2
    assert report.skipped == ["publications[2] (10.7554/elife.01567)",
                              "publications[3] (10.1109/icdcsw.2003.1203662)"]
    assert "cap of 2 requests was reached (--max-requests)" in report.notes[0]


def test_an_answer_past_the_size_cap_is_not_read(server: Recorded,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from cvkit.importers.enrich import http

    monkeypatch.setattr(http, "MAX_ANSWER_BYTES", 4096)
    report = enrich_publications(papers(DOIS[0]), fetching())
    assert report.notes == ["publications[0] (10.1136/esmoopen-2020-000776): Crossref's "
                            "answer is larger than 4 KiB; not read"]


def test_a_base_url_that_is_not_http_asks_nothing(profile: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CVKIT_CROSSREF_URL", "file:///etc")
    result = run_cvkit("enrich", profile, "--fetch")
    assert result.returncode == 0
    assert "CVKIT_CROSSREF_URL='file:///etc' is not an http(s) URL; nothing asked" \
        in result.stderr


# -- what is filled, and what is not ----------------------------------------------------------


def test_only_the_fields_asked_for(server: Recorded) -> None:
    pubs = papers(DOIS[0])
    enrich_publications(pubs, fetching(only=frozenset({"authors"})))
    assert list(pubs[0]) == ["authors", "doi"]


def test_an_arxiv_id_fills_title_and_authors_only(server: Recorded) -> None:
    """The arXiv record describes the preprint, not the published paper it may be."""
    pubs = [{"title": "CROCI", "venue": "Scientometrics", "kind": "journal",
             "arxiv": "1902.02534"}]
    enrich_publications(pubs, fetching())
    assert list(pubs[0]) == ["title", "authors", "venue", "kind", "arxiv"]


def test_article_numbers_pages_and_kinds(server: Recorded) -> None:
    pubs = papers("10.7554/elife.01567", "10.1136/esmoopen-2020-000776") + [
        {"doi": "10.1136/esmoopen-2020-000776", "pages": "e000776"}]
    enrich_publications(pubs, fetching())
    assert pubs[0]["article_number"] == "e01567" and "pages" not in pubs[0]
    assert pubs[1]["article_number"] == "e000776" and "pages" not in pubs[1]
    assert "article_number" not in pubs[2]  # the user wrote it as the pages
    assert (pubs[0]["kind"], pubs[0]["date"], pubs[0]["volume"]) == ("journal", "2014-02-11", "3")


def test_readers_on_every_recorded_answer() -> None:
    def read(registry: str, name: str) -> dict[str, Any]:
        reader = {"crossref": crossref, "datacite": datacite, "openalex": openalex}[registry]
        found = reader.read(json.loads((RECORDED / registry / f"{name}.json").read_text()))
        assert found is not None
        return found

    chapter = read("crossref", "10.1007_978-3-662-46370-3_13")
    assert (chapter["kind"], chapter["venue"], chapter["pages"], chapter["isbn"],
            chapter["publisher_place"]) == ("chapter", "Shoulder Stiffness", "155–158",
                                            "9783662463697", "Berlin, Heidelberg")
    thesis = read("crossref", "10.14264_uql.2020.791")
    assert (thesis["kind"], thesis["institution"], thesis["thesis_type"]) == \
        ("thesis", "The University of Queensland", "PhD Thesis")
    assert "date" not in thesis  # issued: [[null]]
    assert thesis["authors"] == [{"name": "Patricia Maree Collingwood",
                                  "orcid": "0000-0003-3086-4443"}]
    biorxiv = read("crossref", "10.1101_2020.12.01.406702")
    assert biorxiv["title"] == ("Identification of a novel cationic glycolipid in \\emph{"
                                "Streptococcus agalactiae} that contributes to brain entry "
                                "and meningitis")
    assert (biorxiv["kind"], biorxiv["venue"], "publisher" in biorxiv) == \
        ("preprint", "bioRxiv", False)
    vqf = read("crossref", "10.1145_3448016.3452841")
    assert vqf["title"] == ("Vector Quotient Filters: Overcoming the Time/Space Trade-Off in "
                            "Filter Design")
    icdcs = read("crossref", "10.1109_icdcsw.2003.1203662")
    assert (icdcs["kind"], "date" in icdcs, icdcs["authors"][0]["name"]) == \
        ("conference", False, "V. Arya")
    arxiv = read("datacite", "10.48550_arxiv.1902.02534")
    assert arxiv["title"] == ("Crowdsourcing open citations with CROCI \u2013 An analysis of "
                              "the current status of open citations, and a proposal")
    assert (arxiv["kind"], arxiv["date"], arxiv["arxiv"], "publisher" in arxiv) == \
        ("preprint", "2019-02-07", "1902.02534", False)
    alex = read("openalex", "10.1155_2012_291294")
    assert alex["authors"][0] == {"name": "Wendy Thanassi", "orcid": "0000-0003-4187-0777"}
    assert (alex["pages"], alex["volume"]) == ("1–7", "2012")


def test_a_json_profile_keeps_its_keys_and_indentation(tmp_path: Path,
                                                       server: Recorded) -> None:
    path = tmp_path / "profile.json"
    data = {"name": "Ada Park", "publications": [{"doi": DOIS[2], "selected": True}],
            "skills": []}
    path.write_text(json.dumps(data, indent=4) + "\n", encoding="utf-8")
    api.enrich(path, fetching(), write=True)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert list(after) == ["name", "publications", "skills"]
    assert after["publications"][0]["title"].startswith("Automated quantitative histology")
    assert path.read_text(encoding="utf-8").startswith('{\n    "name": "Ada Park",\n')


def test_a_broken_profile_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: Ada\npublications:\n  - doi: [10.1/x\n", encoding="utf-8")
    result = run_cvkit("enrich", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr


def test_the_file_mode_is_kept(profile: Path, server: Recorded) -> None:
    os.chmod(profile, 0o600)
    api.enrich(profile, fetching(), write=True)
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600


# -- imports with --enrich --------------------------------------------------------------------


def test_import_bibtex_enrich_fills_an_entry_with_only_a_doi(tmp_path: Path,
                                                             server: Recorded) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: Ada Park\npublications:\n  - title: Vector Quotient Filters\n"
                       "    # ACM's DOI\n    doi: 10.1145/3448016.3452841\n", encoding="utf-8")
    bib = profile.parent / "refs.bib"
    bib.write_text("@article{esmo,\n  doi = {10.7554/elife.01567}\n}\n\n"
                   "@misc{ghost,\n  doi = {10.1371/notarealdoi}\n}\n", encoding="utf-8")
    plain = run_cvkit("import", "bibtex", bib, "--into", profile)
    assert plain.returncode != 0 and "Automated" not in profile.read_text(encoding="utf-8")
    result = run_cvkit("import", "bibtex", bib, "--into", profile, "--enrich")
    assert "Automated quantitative histology reveals vascular morphodynamics" \
        in profile.read_text(encoding="utf-8")
    dropped = next(line for line in result.stderr.splitlines() if "notarealdoi skipped" in line)
    assert f"{bib}:5:1:" in dropped
    assert "entry with DOI 10.1371/notarealdoi skipped: no title, and none found for its " \
        "DOI" in dropped
    assert "# ACM's DOI" in profile.read_text(encoding="utf-8")
    assert [p for p in server.paths if "elife" in p] == ["/crossref/works/10.7554/elife.01567"]


def test_import_orcid_enrich(tmp_path: Path, server: Recorded) -> None:
    record = json.loads((FIXTURES / "orcid" / "record.json").read_text(encoding="utf-8"))
    group = record["activities-summary"]["works"]["group"][0]
    summary = group["work-summary"][0]
    summary["title"]["title"]["value"] = "Vector Quotient Filters"
    for ids in (group["external-ids"], summary["external-ids"]):
        ids["external-id"][0]["external-id-value"] = "10.1145/3448016.3452841"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = run_cvkit("import", "orcid", path, "-o", tmp_path / "p.yaml", "--enrich",
                       "--mailto", "carberry@example.edu")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert "Prashant Pandey" in text and "Martin Farach-Colton" in text
    assert "/crossref/works/10.1145/3448016.3452841" in server.paths
    assert {h["User-Agent"] for _, h in server.requests} == \
        {"cvkit/0.1.0 (cvkit enrich; mailto:carberry@example.edu)"}


@pytest.mark.parametrize(("asked", "waited"), [("30", [30.0]), ("31", [])])
def test_retry_after_is_waited_for_up_to_30_seconds(server: Recorded, asked: str,
                                                   waited: list[float]) -> None:
    server.script = {"/crossref/works/10.1136/esmoopen-2020-000776": [
        (429, {"Retry-After": asked}, b"")]}
    waits: list[float] = []
    enrich_publications(papers(DOIS[0]), fetching(waits=waits))
    assert waits == waited


def test_a_key_written_empty_is_filled_and_said_how(tmp_path: Path, server: Recorded) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: Ada Park  # me\npublications:\n  - title: Known\n    venue:\n"
                    "    doi: 10.7554/elife.01567\n", encoding="utf-8")
    result = api.enrich(path, fetching(), write=True)
    assert "venue: eLife\n" in path.read_text(encoding="utf-8")
    assert "# me" in path.read_text(encoding="utf-8")
    assert any("the whole file is written back" in note for note in result.report.notes)


def test_a_preprint_is_marked_as_one(server: Recorded) -> None:
    pubs = papers("10.48550/arXiv.2311.16162", "10.1101/2020.12.01.406702")
    enrich_publications(pubs, fetching())
    assert [(p["kind"], p["status"]) for p in pubs] == [("preprint", "preprint")] * 2
    assert pubs[1]["venue"] == "bioRxiv" and "publisher" not in pubs[1]


def test_an_orcid_id_with_a_wrong_check_digit_is_left_out() -> None:
    from cvkit.importers.enrich.fill import planned

    found = {"authors": [{"name": "Ada Park", "orcid": "0000-0002-1825-0098"},
                         {"name": "Bo Li", "orcid": "0000-0002-1825-0097"}]}
    authors = planned({}, found, ["authors"])["authors"]
    assert [a if isinstance(a, str) else dict(a) for a in authors] == \
        ["Ada Park", {"name": "Bo Li", "orcid": "0000-0002-1825-0097"}]


def test_from_python(profile: Path, server: Recorded) -> None:
    import cvkit

    result = cvkit.enrich(profile, cvkit.EnrichOptions(fetch=True))
    assert not result.written and "+    authors:" in result.diff
    assert profile.read_text(encoding="utf-8") == PROFILE


def test_only_an_unknown_field_is_refused(profile: Path) -> None:
    result = run_cvkit("enrich", profile, "--only", "author")
    assert result.returncode == 2
    assert "unknown field 'author'; did you mean 'authors'?" in result.stderr


def test_windows_line_endings_stay(tmp_path: Path, server: Recorded) -> None:
    path = tmp_path / "profile.yaml"
    path.write_bytes(b"name: Ada Park\r\npublications:\r\n  - title: Known  # mine\r\n"
                     b"    doi: 10.7554/elife.01567\r\n")
    api.enrich(path, fetching(), write=True)
    raw = path.read_bytes()
    assert b"    venue: eLife\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")


def test_a_chapter_in_a_book_series_has_the_book_as_its_venue() -> None:
    """Crossref lists a series first, then the book (made-up minimal work, shaped as
    Crossref gives a Lecture Notes chapter)."""
    found = crossref.read({"message": {
        "DOI": "10.1007/x", "type": "book-chapter", "title": ["A chapter"],
        "container-title": ["Lecture Notes in Computer Science", "Computer Vision - ECCV 2020"],
        "edition-number": "1"}})
    assert found is not None
    assert (found["venue"], found["series"], found["edition"]) == \
        ("Computer Vision - ECCV 2020", "Lecture Notes in Computer Science", "1")


def test_the_fields_help_lists_every_fillable_field() -> None:
    from cvkit.cli.importing import FIELDS_HELP
    from cvkit.importers.enrich import FILLABLE

    assert FIELDS_HELP.split(", ") == list(FILLABLE)


def test_problems_filling_did_not_mend_are_placed_in_the_file_as_it_is(
        tmp_path: Path, server: Recorded) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: Ada Park\npublications:\n  - doi: 10.7554/elife.01567\n"
                    "  - doi: 10.1371/notarealdoi\n", encoding="utf-8")
    result = api.enrich(path, fetching())
    assert [(p.path, p.line) for p in result.problems] == [("publications[1].title", 4)]
    written = api.enrich(path, fetching(), write=True)
    assert written.written and [(p.path, p.line) for p in written.problems] == \
        [("publications[1].title", path.read_text().splitlines().index(
            "  - doi: 10.1371/notarealdoi") + 1)]


def test_an_answer_cut_off_mid_body_is_retried(server: Recorded) -> None:
    """The server promises more bytes than it sends, then closes: no answer, asked again."""
    path = "/crossref/works/10.1136/esmoopen-2020-000776"
    body = (RECORDED / "crossref" / "10.1136_esmoopen-2020-000776.json").read_bytes()
    server.script = {path: [(200, {"Content-Length": str(len(body))}, body[:1000])]}
    waits: list[float] = []
    pubs = papers(DOIS[0])
    report = enrich_publications(pubs, fetching(waits=waits))
    assert waits == [1.0] and report.notes == [] and names(pubs[0]["authors"]) == ESMO


def test_the_owner_is_found_by_the_orcid_id_enrich_fills(tmp_path: Path,
                                                         server: Recorded) -> None:
    """The profile's iD on a filled author makes them the owner, however Crossref spells
    the name (item 5 of the issue, on what enrich brings)."""
    from cvkit.profile.load import load_profile
    from cvkit.view import build_document

    path = tmp_path / "profile.yaml"
    path.write_text("name: Kelly Doran\nlinks:\n  orcid: 0000-0003-4232-6837\npublications:\n"
                    "  - doi: 10.1101/2020.12.01.406702\n", encoding="utf-8")
    api.enrich(path, fetching(), write=True)
    section = build_document(load_profile(path)).section("publications")
    assert section is not None
    paper = section.publication_groups[0].publications[0]
    assert [a.name for a in paper.authors if a.is_owner] == ["Kelly S. Doran"]
