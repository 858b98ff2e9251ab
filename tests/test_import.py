"""JSON Resume and BibTeX in; JSON Resume out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cvkit.importers.bibtex import import_text
from cvkit.profile.load import load_profile
from cvkit.view import build_document

from .conftest import EXAMPLES, FIXTURES, ROOT, require_tool, run_cvkit

SHARED = ROOT.parent / "shared" / "corpus" / "jsonresume"
SAMPLE = SHARED / "sample.resume.json"
SCHEMA = ROOT / "schemas" / "jsonresume.schema.json"


def validate_jsonresume(data: Any) -> None:
    from jsonschema import Draft7Validator

    errors = list(Draft7Validator(json.loads(SCHEMA.read_text("utf-8"))).iter_errors(data))
    assert not errors, [e.message for e in errors]


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k),
                                                                        f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items -> {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}/{i}")]
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


@pytest.fixture
def sample() -> Path:
    require_tool(SAMPLE.exists(), "../shared/corpus (the shared folder beside the project)")
    return SAMPLE


def test_sample_imports_exports_everywhere_and_round_trips(sample: Path,
                                                           tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    result = run_cvkit("import", "jsonresume", sample, "-o", profile)
    assert result.returncode == 0, result.stderr
    text = profile.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "null" not in text and ": []" not in text
    # A work entry's description (what the organisation does) has a field of its own now.
    assert "/work/0/description" not in result.stderr
    assert "description: Awesome compression company" in text
    load_profile(profile)
    out = tmp_path / "out"
    result = run_cvkit("export", profile, "-f", "all", "-f", "jsonresume", "-o", out)
    assert result.returncode == 0, result.stderr
    assert {p.suffix for p in out.iterdir()} >= {".pdf", ".docx", ".html", ".tex", ".md",
                                                ".txt", ".json"}
    back = json.loads(next(out.glob("*.json")).read_text("utf-8"))
    validate_jsonresume(back)
    original = json.loads(sample.read_text("utf-8"))
    # The intended differences: empty strings are not written, and cvkit's own namespace
    # (the profile, for an exact way back) is added.
    assert differences(original, {k: v for k, v in back.items() if k != "x-cvkit"}) == [
        "/basics/image: '' -> None"]


def test_every_example_exports_valid_jsonresume(tmp_path: Path) -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        result = run_cvkit("export", path, "-f", "jsonresume", "-o", tmp_path / path.stem)
        assert result.returncode == 0, result.stderr
        data = json.loads(next((tmp_path / path.stem).glob("*.json")).read_text("utf-8"))
        validate_jsonresume(data)
        profile = load_profile(path)
        assert data["basics"]["name"] == profile.name
        # The papers every format shows, in the order they show them (grouped by kind).
        shown = build_document(profile).publications
        assert [p["name"] for p in data.get("publications", [])] == [p.title for p in shown]
        assert {p.title for p in shown} == {p.title for p in profile.publications
                                            if not p.hidden}


def test_richer_model_is_mapped_down_into_the_summary(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "weilin-cai.yaml", "-f", "jsonresume",
                       "-o", tmp_path)
    assert result.returncode == 0
    data = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    flex = next(p for p in data["publications"] if p["name"].startswith("FlexTrain"))
    assert "[MLSys ’26]" in flex["summary"] and "Weilin Cai*" in flex["summary"]
    chimera = next(p for p in data["publications"] if p["name"].startswith("Chimera"))
    assert "Award: Distinguished Artifact Award" in chimera["summary"]
    data.pop("x-cvkit")  # cvkit's own copy of the profile keeps its Markdown
    assert "**" not in json.dumps(data)  # the JSON Resume fields hold plain text


def test_a_date_with_words_is_read_as_far_as_it_goes_with_a_located_note(
        tmp_path: Path) -> None:
    """Lenient per value: a date the schema refuses is read as far as it goes, or kept
    aside, with a note at its line:col and JSON pointer; the import goes on."""
    bad = tmp_path / "resume.json"
    bad.write_text('{\n  "basics": {"name": "Ada"},\n  "work": [\n    {"name": "X",\n'
                   '     "startDate": "June 2014", "endDate": "when it rained"}\n  ]\n}\n',
                   encoding="utf-8")
    result = run_cvkit("import", "jsonresume", bad, "-o", tmp_path / "p.yaml")
    assert result.returncode == 0, result.stderr
    assert f"{bad}:5:19: /work/0/startDate: degraded: 'June 2014' read as 2014-06" \
        in result.stderr
    assert f"{bad}:5:43: /work/0/endDate: kept: 'when it rained' is no date" in result.stderr
    job = load_profile(tmp_path / "p.yaml").experience[0]
    assert (str(job.start), job.end) == ("2014-06", None)


def test_broken_json_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "resume.json"
    bad.write_text('{\n  "basics": {"name": "Ada",}\n}\n', encoding="utf-8")
    result = run_cvkit("import", "jsonresume", bad, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr


def test_dates_in_every_schema_form() -> None:
    from cvkit.importers.jsonresume import from_jsonresume
    from cvkit.profile.model import Profile

    data = from_jsonresume({"basics": {"name": "Ada"}, "work": [
        {"name": "A", "startDate": "2014", "endDate": "2014-06"},
        {"name": "B", "startDate": "2014-06-29"}]}).data
    profile = Profile.model_validate(data)
    assert [str(w.start) for w in profile.experience] == ["2014", "2014-06-29"]
    assert str(profile.experience[0].end) == "2014-06"


BIB = FIXTURES / "papers.bib"


def test_fifty_entries_import_with_correct_fields(tmp_path: Path) -> None:
    imported = import_text(BIB.read_text("utf-8"), BIB)
    pubs = {p["title"]: p for p in imported.data["publications"]}
    assert len(pubs) == 50 and not imported.problems
    moc = pubs["MoC-System: Efficient Fault Tolerance for Sparse Mixture-of-Experts Model Training"]
    assert moc["authors"] == ["Weilin Cai", "Le Qin", "Jiayi Huang"]
    assert moc["kind"] == "conference" and moc["date"] == "2025-04"
    assert moc["pages"] == "655–671" and moc["doi"] == "10.1145/3676641.3716006"
    assert moc["venue"].startswith("Proceedings of the 30th ACM International Conference")
    survey = pubs["A Survey on Mixture of Experts in Large Language Models"]
    assert survey["kind"] == "journal" and survey["doi"] == "10.1109/TKDE.2025.3554028"
    assert survey["volume"] == "37" and survey["issue"] == "7"
    shortcut = pubs["Shortcut-connected Expert Parallelism for Accelerating Mixture-of-Experts"]
    assert shortcut["kind"] == "preprint" and shortcut["arxiv"] == "2404.05019"
    math = next(t for t in pubs if t.startswith("Über die Schrödinger-Gleichung"))
    # Formulas stay TeX for every format to typeset; accents and braces become text.
    assert math == r"Über die Schrödinger-Gleichung in $\mathbb{R}^n$ und $O(n \log n)$ " \
        "Algorithmen"
    assert pubs[math]["authors"] == ["Jörg Müller", "María González", "Ondřej Škoda", "et al."]
    assert pubs[math]["date"] == "2023-03"
    assert pubs["Efficient Systems for Large-Scale Graph Learning"]["kind"] == "thesis"
    patent = next(p for t, p in pubs.items() if t.startswith("Method and System"))
    assert patent["kind"] == "patent" and "Cloud–Edge" in patent["title"]
    assert patent["date"] == "2021-12"
    scaling = next(p for t, p in pubs.items() if t.startswith("Scaling Laws"))
    assert scaling["title"] == "Scaling Laws for LLM Inference: 50% Less Memory with FP8 & INT4"
    assert scaling["kind"] == "preprint" and scaling["arxiv"] == "2401.01234"
    oconnor = next(p for t, p in pubs.items() if t.startswith("Don't Stop"))
    assert oconnor["authors"][:3] == ["Seán O'Connor", "Anneke van der Berg", "Søren Østergaard"]
    report = pubs["A Note on “Quoted” Titles and — Dashes"]
    assert report["kind"] == "report" and report["number"] == "TR-2019-07"
    assert report["institution"] == "University of Tokyo"
    assert pubs["Compilers for Tensor Programs"]["editors"] == ["Alice Smith"]
    assert pubs["The Art of Computer Programming, Volume 1: Fundamental Algorithms"][
        "edition"] == "3rd"
    assert oconnor["publisher_place"] == "Abu Dhabi, United Arab Emirates"
    assert pubs["Elastic Expert Placement Under Memory Pressure"]["status"] == "under review"
    assert pubs["Compilers for Tensor Programs"]["kind"] == "chapter"


def test_bibtex_merge_keeps_comments_and_is_idempotent(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "# My CV — keep this comment\nname: Weilin Cai  # inline comment\n"
        "publications:\n"
        "  # papers I care about\n"
        "  - title: 'MoC-System: Efficient Fault Tolerance for Sparse Mixture-of-Experts "
        "Model Training'\n"
        "    authors: ['Weilin Cai*', 'Le Qin*', Jiayi Huang]\n"
        "    venue_tag: \"ASPLOS '25\"\n"
        "    selected: true\n", encoding="utf-8")
    first = run_cvkit("import", "bibtex", BIB, "--into", profile)
    assert first.returncode == 0, first.stderr
    assert "49 added, 1 updated" in first.stdout
    text = profile.read_text("utf-8")
    assert "# My CV — keep this comment" in text and "# inline comment" in text
    assert "# papers I care about" in text
    loaded = load_profile(profile)
    moc = loaded.publications[0]
    assert moc.authors == ["Weilin Cai*", "Le Qin*", "Jiayi Huang"]  # marks kept
    assert moc.venue_tag == "ASPLOS '25" and moc.selected and moc.doi == "10.1145/3676641.3716006"
    assert len(loaded.publications) == 50
    mtime = profile.stat().st_mtime_ns
    second = run_cvkit("import", "bibtex", BIB, "--into", profile)
    assert second.returncode == 0 and "0 added, 0 updated, 50 unchanged" in second.stdout
    assert profile.stat().st_mtime_ns == mtime and profile.read_text("utf-8") == text


def test_broken_bib_entry_is_reported_and_the_good_ones_import(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Jane Doe\n", encoding="utf-8")
    broken = FIXTURES / "broken.bib"
    result = run_cvkit("import", "bibtex", broken, "--into", profile)
    assert result.returncode == 0  # imported, with notes on what was not
    assert f"{broken}:8:1: dropped: broken BibTeX entry skipped" in result.stderr
    assert f"{broken}:20:1: notitle: dropped: entry skipped: no title" in result.stderr
    assert "2 items not imported" in result.stdout
    titles = [p.title for p in load_profile(profile).publications]
    assert titles == ["A Good Paper", "Another Good Paper"]


def test_library_functions_behind_the_cli(tmp_path: Path) -> None:
    import cvkit

    profile = tmp_path / "p.yaml"
    profile.write_text("name: Weilin Cai\n", encoding="utf-8")
    result = cvkit.import_bibtex(BIB, profile)
    assert (result.added, result.updated, result.written) == (50, 0, True)
    assert cvkit.import_bibtex(BIB, profile).written is False
    with pytest.raises(cvkit.ExportError, match="exists; use --force"):
        cvkit.import_jsonresume(SAMPLE, profile)


def test_bibtex_authors_follow_bibtex_rules() -> None:
    bib = (r"@article{k, title = {T}, year = 2020, author = {{Barnes and Noble Research} and "
           r"Jane Doe and van der Berg, Jr, Hans and M{\"u}ller, J{\"o}rg and others}}")
    imported = import_text(bib)
    assert imported.data["publications"][0]["authors"] == [
        "Barnes and Noble Research", "Jane Doe", "Hans van der Berg Jr", "Jörg Müller",
        "et al."]


def test_bibtex_latex_becomes_the_profiles_markup() -> None:
    bib = (r"@misc{k, title = {Notes on {BERT}}, year = 2024, abstract = {We show "
           r"\emph{instance-dependent} bounds of $O(\sqrt{T})$ -- see \url{https://x.org}.}}")
    pub = import_text(bib).data["publications"][0]
    assert pub["title"] == "Notes on BERT" and not pub.get("authors")  # no author: still a paper
    assert pub["abstract"] == ("We show *instance-dependent* bounds of $O(\\sqrt{T})$ – see "
                               "[https://x.org](https://x.org).")


def _current_job_resumes(tmp_path: Path) -> list[Path]:
    """Our engineer fixture, and the corpus sample with its job made current (JSON Resume
    marks the current job by leaving out endDate)."""
    require_tool(SAMPLE.exists(), "../shared/corpus (the shared folder beside the project)")
    sample = json.loads(SAMPLE.read_text("utf-8"))
    for job in sample["work"]:
        job.pop("endDate", None)
    current = tmp_path / "sample-current.json"
    current.write_text(json.dumps(sample), encoding="utf-8")
    return [FIXTURES / "jsonresume-engineer.json", current]


def test_json_resume_current_job_is_ongoing_everywhere(tmp_path: Path) -> None:
    import io

    import docx
    from pypdf import PdfReader

    for i, resume in enumerate(_current_job_resumes(tmp_path)):
        profile = tmp_path / f"p{i}.yaml"
        assert run_cvkit("import", "jsonresume", resume, "-o", profile).returncode == 0
        out = tmp_path / f"out{i}"
        result = run_cvkit("export", profile, "-f", "pdf", "-f", "docx", "-f", "html", "-o", out)
        assert result.returncode == 0, result.stderr
        start = json.loads(resume.read_text("utf-8"))["work"][0]["startDate"]
        month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                 "Dec"][int(start[5:7]) - 1]
        expected = f"{month} {start[:4]} – Present"
        pdf = "\n".join(p.extract_text() for p in PdfReader(next(out.glob("*.pdf"))).pages)
        word = "\n".join(p.text for p in docx.Document(io.BytesIO(
            next(out.glob("*.docx")).read_bytes())).paragraphs)
        html = (out / "index.html").read_text("utf-8")
        for fmt, text in (("pdf", pdf), ("docx", word), ("html", html)):
            assert expected in text, (resume.name, fmt)


def test_json_resume_meaning_is_kept(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    result = run_cvkit("import", "jsonresume", FIXTURES / "jsonresume-engineer.json", "-o",
                       profile)
    assert result.returncode == 0, result.stderr
    loaded = load_profile(profile)
    assert loaded.interests == [] and [h.name for h in loaded.hobbies] == ["Climbing", "Chess"]
    assert loaded.experience[0].description == "Freight-routing software for 2,000 carriers"
    out = tmp_path / "out"
    assert run_cvkit("export", profile, "-f", "text", "-f", "jsonresume", "-o", out)\
        .returncode == 0
    text = next(out.glob("*.txt")).read_text("utf-8")
    assert "INTERESTS\n=========\n\nClimbing: bouldering, Tatras\nChess" in text
    assert "Research interests" not in text
    assert "Northwind Logistics\nFeb 2020 – Present\nFreight-routing software" in text
    back = json.loads(next(out.glob("*.json")).read_text("utf-8"))
    assert back["interests"] == [{"name": "Climbing", "keywords": ["bouldering", "Tatras"]},
                                 {"name": "Chess"}]
    assert back["work"][0]["description"] == "Freight-routing software for 2,000 carriers"
    assert "endDate" not in back["work"][0]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_json_resume_round_trip_is_exact(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cvkit("export", path, "-f", "jsonresume", "-o", out).returncode == 0
    resume = next(out.glob("*.json"))
    back = tmp_path / "back.yaml"
    result = run_cvkit("import", "jsonresume", resume, "-o", back)
    assert result.returncode == 0, result.stderr
    assert "restored exactly" in result.stderr
    assert load_profile(back).model_dump() == load_profile(path).model_dump()
    # Edited elsewhere: the JSON Resume's own fields win, and the note says so.
    data = json.loads(resume.read_text("utf-8"))
    data["basics"]["label"] = "Edited in another tool"
    resume.write_text(json.dumps(data), encoding="utf-8")
    result = run_cvkit("import", "jsonresume", resume, "-o", back, "--force")
    assert result.returncode == 0 and "edited since" in result.stderr
    assert load_profile(back).headline == "Edited in another tool"


def test_paper_kinds_are_read_from_venues(tmp_path: Path) -> None:
    resume = tmp_path / "r.json"
    resume.write_text(json.dumps({"basics": {"name": "A"}, "publications": [
        {"name": "P1", "publisher": "Interspeech"}, {"name": "P2", "publisher": "ICASSP"},
        {"name": "P3", "publisher": "IEEE Transactions on Audio"},
        {"name": "P4", "publisher": "Hooli"}]}), encoding="utf-8")
    result = run_cvkit("import", "jsonresume", resume, "-o", tmp_path / "p.yaml")
    assert result.returncode == 0, result.stderr
    kinds = [p.kind for p in load_profile(tmp_path / "p.yaml").publications]
    assert kinds == ["conference", "conference", "journal", "other"]
    assert "paper kinds read from their venues: 'P1' as conference (Interspeech)" in result.stderr


def test_hidden_entries_stay_out_of_json_resume(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: A\nexperience:\n  - {organization: Shown, start: 2020}\n"
                       "  - {organization: Secret, start: 2019, hidden: true}\n"
                       "awards:\n  - {title: Secret award, hidden: true}\n", encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "jsonresume", "-o", tmp_path).returncode == 0
    data = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    data.pop("x-cvkit")  # the profile itself, kept whole for the way back
    assert [w["name"] for w in data["work"]] == ["Shown"]
    assert "Secret" not in json.dumps(data)
