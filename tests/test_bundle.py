"""`cvkit bundle`, `cvkit export --variant` and the tailor function behind both."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from cvkit.profile.load import load_profile
from cvkit.profile.model import Profile
from cvkit.profile.model.layout import Variant
from cvkit.profile.tailor import tailor

from .conftest import ROOT, run_cvkit
from .exporters.test_contract import extract_text, normalise

BUNDLE = ROOT / "examples" / "bundle" / "applications.yaml"
PROFILE = ROOT / "examples" / "weilin-cai.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = run_cvkit("bundle", BUNDLE, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "4 of 4 applications built" in result.stdout
    return out


def pdf_text(path: Path) -> str:
    return normalise(extract_text("pdf", path.read_bytes()))


def expected_titles(include: set[str], exclude: set[str], selected_only: bool = False,
                    limit: int | None = None) -> list[str]:
    """The selection rule written out independently of cvkit.profile.tailor."""
    titles = []
    for p in load_profile(PROFILE).publications:
        tags = set(p.tags)
        if tags & exclude or (include and tags and not tags & include):
            continue
        if selected_only and not p.selected:
            continue
        titles.append(p.title)
    return titles[:limit] if limit is not None else titles


@pytest.mark.parametrize("app, include, exclude, selected, limit", [
    ("hkust-faculty", set(), set(), False, None),
    ("research-lab", {"systems", "training", "inference", "industry"}, set(), False, 5),
    ("infra-engineer", set(), set(), True, 3),
    ("fellowship", {"ml", "inference"}, {"industry"}, False, None),
])
def test_each_cv_has_exactly_its_variants_entries(built: Path, app: str, include: set[str],
                                                  exclude: set[str], selected: bool,
                                                  limit: int | None) -> None:
    cv = next((built / app).glob("*_CV_*.pdf"))
    text = pdf_text(cv)
    keep = expected_titles(include, exclude, selected, limit)
    assert keep
    for title in (p.title for p in load_profile(PROFILE).publications):
        assert (normalise(title) in text) == (title in keep), (app, title)


def test_sections_and_exclusions(built: Path) -> None:
    fellowship = pdf_text(next((built / "fellowship").glob("*_CV_*.pdf")))
    assert "AutoCoder.cc" not in fellowship and "EXPERIENCE" not in fellowship.upper()
    assert fellowship.index("Awards") < fellowship.index("Publications")
    lab = pdf_text(next((built / "research-lab").glob("*_CV_*.pdf")))
    assert lab.index("AutoCoder.cc") < lab.index("The University of Sydney")
    assert "CPC2021" in lab and "PAC2021" not in lab  # awards limited to 2


def test_page_limit_is_honoured(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    infra = next(a for a in manifest["applications"] if a["id"] == "infra-engineer")
    cv = next(f for f in infra["files"] if f["document"] == "cv" and f["format"] == "pdf")
    assert cv["pages"] == 1 and "warnings" not in infra


def test_cover_letters_name_organisation_and_role(built: Path) -> None:
    bundle_apps = {"hkust-faculty": ("Example University",
                                     "Assistant Professor in Computer Engineering"),
                   "infra-engineer": ("Example Cloud", "Senior ML Infrastructure Engineer"),
                   "fellowship": ("Example Foundation", "Doctoral Fellowship 2027")}
    for app, (org, role) in bundle_apps.items():
        letter = pdf_text(next((built / app).glob("*_Cover_Letter_*.pdf")))
        assert org in letter and role in letter and "Weilin Cai" in letter
    assert "training-infrastructure team" in pdf_text(
        next((built / "infra-engineer").glob("*_Cover_Letter_*.pdf")))
    docx = pytest.importorskip("docx")
    word = docx.Document(next((built / "hkust-faculty").glob("*_Cover_Letter_*.docx")))
    assert any("Example University" in p.text for p in word.paragraphs)


def test_cover_letter_is_dated_and_addressed_before_its_body(built: Path) -> None:
    """A business letter: the date (SOURCE_DATE_EPOCH, 1 January 2026, in CLDR's long English
    form), then the recipient, the organisation and its address, then "Dear ..."."""
    lines = ["January 1, 2026", "Prof. Jane Doe, Chair of the Search Committee",
             "Example University", "Department of Computer Engineering", "1 University Road",
             "Example City 00000", "Dear"]
    text = pdf_text(next((built / "hkust-faculty").glob("*_Cover_Letter_*.pdf")))
    places = [text.find(line) for line in lines]
    assert -1 not in places and places == sorted(places), (places, text[:400])
    docx = pytest.importorskip("docx")
    word = docx.Document(next((built / "hkust-faculty").glob("*_Cover_Letter_*.docx")))
    body = "\n".join(p.text for p in word.paragraphs)
    places = [body.find(line) for line in lines]
    assert -1 not in places and places == sorted(places), (places, body[:400])
    # Without a recipient the block is the organisation alone, still after the date.
    text = pdf_text(next((built / "infra-engineer").glob("*_Cover_Letter_*.pdf")))
    assert 0 <= text.find("January 1, 2026") < text.find("Example Cloud") < text.find("Dear")


@pytest.mark.parametrize(("epoch", "day"), [("1767225600", "1. Januar 2026"),
                                           ("1772323200", "1. März 2026")])
def test_a_german_letter_is_dated_in_german_by_the_fixed_clock(epoch: str, day: str,
                                                               tmp_path: Path) -> None:
    """The letter's date is the day SOURCE_DATE_EPOCH names (the one clock, never the
    wall's), in CLDR's long German form, in the PDF and the plain text alike."""
    (tmp_path / "p.yaml").write_text("name: Ada Park\nlayout: {locale: de}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "profile: p.yaml\ndefaults: {formats: [pdf, text], cover_letter: {text: 'Sehr "
        "geehrte Damen und Herren,'}}\napplications:\n  - {id: a, organisation: Org, role: R}\n",
        encoding="utf-8")
    result = run_cvkit("bundle", tmp_path / "b.yaml", "-o", tmp_path / "out",
                       env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "a"
    text = next(folder.glob("*_Cover_Letter_*.txt")).read_text("utf-8")
    pdf = pdf_text(next(folder.glob("*_Cover_Letter_*.pdf")))
    for letter in (text, pdf):
        assert 0 <= letter.find(day) < letter.find("Org") < letter.find("Sehr geehrte"), letter


def test_every_letter_format_dates_and_addresses_the_letter(tmp_path: Path) -> None:
    """HTML, LaTeX, Markdown and plain text letters too (HTML letters once failed on the
    homepage's .bib): date, recipient block, body, in that order, escaped for the format."""
    (tmp_path / "b.yaml").write_text(
        f"profile: {PROFILE}\n"
        "defaults: {formats: [html, latex, markdown, text],\n"
        "           cover_letter: {text: 'Dear {{ organisation }},'}}\n"
        "applications:\n"
        "  - {id: a, organisation: Org & Co, role: R, recipient: Dr. J. Doe,\n"
        "     address: [1 Road, City]}\n", encoding="utf-8")
    result = run_cvkit("bundle", tmp_path / "b.yaml", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    letters = sorted((tmp_path / "out" / "a").glob("*_Cover_Letter_*"))
    assert [p.suffix for p in letters] == [".html", ".md", ".tex", ".txt"]
    for path in letters:
        text = path.read_text("utf-8")
        places = [text.find(s) for s in ("January 1, 2026", "Dr. J. Doe", "Org ", "1 Road",
                                         "City", "Dear Org")]
        assert -1 not in places and places == sorted(places), (path.name, places)


def test_manifest_hashes_match_files(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert manifest["profile_sha256"] == hashlib.sha256(PROFILE.read_bytes()).hexdigest()
    files = [f for a in manifest["applications"] for f in a["files"]]
    assert len(files) == 18
    for f in files:
        data = (built / f["path"]).read_bytes()
        assert len(data) == f["size"] and hashlib.sha256(data).hexdigest() == f["sha256"]
    names = {f["path"] for f in files}
    assert "infra-engineer/Cai_Weilin_CV_Example_Cloud.pdf" in names


def test_rerun_rewrites_nothing(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    result = run_cvkit("bundle", BUNDLE, "-o", built)
    assert result.returncode == 0 and "0 files written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()} == before


def test_zip_and_only(tmp_path: Path) -> None:
    result = run_cvkit("bundle", BUNDLE, "-o", tmp_path, "--zip", "--only", "fellowship")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fellowship.zip", "manifest.json"]
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    archive = zipfile.ZipFile(io.BytesIO((tmp_path / "fellowship.zip").read_bytes()))
    for f in manifest["applications"][0]["files"]:
        assert hashlib.sha256(archive.read(f["path"])).hexdigest() == f["sha256"]
    bad = run_cvkit("bundle", BUNDLE, "-o", tmp_path, "--only", "nope")
    assert bad.returncode == 1 and "no application with id nope" in bad.stderr


def test_one_failing_application_leaves_no_files_and_others_complete(tmp_path: Path) -> None:
    bundle = tmp_path / "b.yaml"
    (tmp_path / "letter.md").write_text("Dear {{ organisation }}, {{ undefined_field }}",
                                        encoding="utf-8")
    bundle.write_text(
        f"profile: {PROFILE}\n"
        "applications:\n"
        "  - {id: good, organisation: Good Org, role: Engineer}\n"
        "  - {id: bad, organisation: Bad Org, role: Engineer,\n"
        "     cover_letter: {template: letter.md}}\n", encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "error: bad: cover letter for bad: 'undefined_field' is undefined" in result.stderr
    assert list((tmp_path / "out" / "good").glob("*.pdf"))
    assert not (tmp_path / "out" / "bad").exists()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert [a["status"] for a in manifest["applications"]] == ["ok", "failed"]


def test_page_limit_overflow_is_reported(tmp_path: Path) -> None:
    bundle = tmp_path / "b.yaml"
    bundle.write_text(f"profile: {ROOT / 'examples' / 'jordan-lin.yaml'}\n"
                      "applications:\n"
                      "  - {id: short, organisation: X, role: Y, variant: {max_pages: 1}}\n",
                      encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    # The advice names the bundle file's keys: a bundle takes no command-line flags.
    assert "more than max_pages: 1; try fit_pages: N on the application, selected_only: " \
           "true in its variant, since: YEAR in its variant" in result.stderr
    assert not re.search(r"--[a-z]", result.stderr), result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert any("more than max_pages: 1" in w for w in manifest["applications"][0]["warnings"])


def test_an_application_fits_its_pages_and_is_advised_in_bundle_keys(tmp_path: Path) -> None:
    bundle = tmp_path / "b.yaml"
    bundle.write_text(f"profile: {PROFILE}\ndefaults: {{fit_pages: 2}}\napplications:\n"
                      "  - {id: two, organisation: X, role: Y}\n"
                      "  - {id: one, organisation: X, role: Y, fit_pages: 1}\n"
                      "  - {id: variant, organisation: X, role: Y,\n"
                      "     variant: {fit_pages: 1, fit_shorten: false}}\n"
                      "  - {id: whole, organisation: X, role: Y, fit_pages: 1,\n"
                      "     fit_shorten: false}\n",
                      encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    pages = {a["id"]: [f["pages"] for f in a["files"]] for a in manifest["applications"]}
    assert pages["two"] == [2] and pages["one"] == [1]
    # Tightening is not enough for one page: entries are left out, said in bundle keys.
    one = next(a for a in manifest["applications"] if a["id"] == "one")
    said = " ".join(one["warnings"])
    assert re.search(r"to fit 1 page, left out \(least important first\): \w+\[\d+", said)
    assert re.search(r"the same as max_entries: \{[^}]*\} in its variant \(fit_shorten: "
                     r"false on the application writes the CV whole\)", said), said
    # fit_shorten: false, the variant's or the application's own, keeps the CV whole, with
    # the advice it had.
    whole = next(a for a in manifest["applications"] if a["id"] == "whole")
    assert pages["whole"] == [2] and "does not fit on 1 page" in " ".join(whole["warnings"])
    variant = next(a for a in manifest["applications"] if a["id"] == "variant")
    advice = " ".join(variant["warnings"])
    assert pages["variant"] == [2] and "does not fit on 1 page" in advice
    assert re.search(r"leave entries out with max_entries: \{publications: \d+\} in its "
                     r"variant \(say\) or since: YEAR in its variant", advice), advice
    assert "--" not in advice + said


def test_fit_pages_is_the_applications_then_its_variants_then_the_defaults(
        tmp_path: Path) -> None:
    """The options each application is exported with (the ones ``_rendered`` passes on,
    merged with the layout as every export merges them)."""
    from cvkit.build.bundle import _task, load_bundle, task_options

    profile = load_profile(PROFILE)
    four = profile.model_copy(update={"layout": profile.layout.model_copy(
        update={"fit_pages": 4})})

    def fits(defaults: str, on: Profile) -> dict[str, int | None]:
        path = tmp_path / "b.yaml"
        path.write_text(f"profile: {PROFILE}\ndefaults: {{{defaults}}}\napplications:\n"
                        "  - {id: variant, organisation: X, role: Y, variant: {fit_pages: 1}}\n"
                        "  - {id: plain, organisation: X, role: Y}\n"
                        "  - {id: own, organisation: X, role: Y, fit_pages: 3,\n"
                        "     variant: {fit_pages: 1}}\n", encoding="utf-8")
        bundle = load_bundle(path)
        return {app.id: task_options(_task(app, bundle, on, tmp_path)).with_layout(on).fit_pages
                for app in bundle.applications}

    assert fits("fit_pages: 2", profile) == {"variant": 1, "plain": 2, "own": 3}
    assert fits("fit_pages: 2", four) == {"variant": 1, "plain": 2, "own": 3}
    assert fits("", four) == {"variant": 1, "plain": 4, "own": 3}
    assert fits("", profile) == {"variant": 1, "plain": None, "own": 3}
    # The defaults' variant is the application's when it names none: its fit_pages too.
    assert fits("fit_pages: 2, variant: {fit_pages: 1}", profile)["plain"] == 1
    path = tmp_path / "b.yaml"
    path.write_text(f"profile: {PROFILE}\ndefaults: {{fit_shorten: false}}\napplications:\n"
                    "  - {id: plain, organisation: X, role: Y}\n"
                    "  - {id: variant, organisation: X, role: Y, variant: {fit_shorten: true}}\n"
                    "  - {id: own, organisation: X, role: Y, fit_shorten: true,\n"
                    "     variant: {fit_shorten: false}}\n", encoding="utf-8")
    bundle = load_bundle(path)
    assert {app.id: task_options(_task(app, bundle, profile, tmp_path)).with_layout(profile)
            .fit_shorten for app in bundle.applications} == {
        "plain": False, "variant": True, "own": True}


def test_bad_bundle_file_is_located(tmp_path: Path) -> None:
    bundle = tmp_path / "b.yaml"
    bundle.write_text(f"profile: {PROFILE}\napplications:\n"
                      "  - {id: 'no/slash', organisation: X, role: Y,\n"
                      "     filename: '{Last}_{Nope}.{ext}'}\n", encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"{bundle}:3:" in result.stderr and "applications[0].id" in result.stderr
    assert "unknown field Nope" in result.stderr and "Traceback" not in result.stderr


def test_export_variant_from_the_profile(tmp_path: Path) -> None:
    result = run_cvkit("export", PROFILE, "-f", "pdf", "--variant", "one-page", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(next(tmp_path.glob("*.pdf")))
    assert all(normalise(t) in text for t in expected_titles(set(), set(), True, 3))
    assert "(1 page)" in result.stdout
    wrong = run_cvkit("export", PROFILE, "--variant", "one-pag", "-o", tmp_path)
    assert wrong.returncode == 1 and "did you mean 'one-page'" in wrong.stderr


def test_tailor_is_pure_and_keeps_untagged_entries() -> None:
    profile = load_profile(PROFILE)
    variant = Variant(include_tags=["hpc"], max_entries={"awards": 1}, sections=["awards"])
    tailored = tailor(profile, variant)
    assert tailored.publications
    assert all(not p.tags or "hpc" in p.tags for p in tailored.publications)
    assert len(tailored.publications) < len(profile.publications)
    assert len(tailored.awards) == 1 and tailored.layout.sections == ["awards"]
    assert len(profile.awards) == 3 and profile.layout.sections != ["awards"]  # untouched
    assert tailored.education == profile.education  # untagged: kept


def test_bundle_schema_is_current() -> None:
    from cvkit.profile.schema import bundle_schema_text

    assert (ROOT / "schemas" / "bundle.schema.json").read_text("utf-8") == bundle_schema_text()


def test_every_bundle_mistake_is_reported_at_once_and_located(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(BUNDLE.parent / "letters", tmp_path / "letters")
    text = BUNDLE.read_text("utf-8").replace("profile: ../weilin-cai.yaml",
                                             f"profile: {PROFILE}")
    text = text.replace("    variant: industry ", "    variant: industy ", 1)
    text = text.replace("    formats: [pdf, docx, markdown]", "    formats: [pdf, pptx, markdown]")
    text = text.replace("      template: letters/academic.md", "      template: letters/nope.md")
    bundle = tmp_path / "apps.yaml"
    bundle.write_text(text, encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert re.match(r".*apps\.yaml:\d+:\d+: applications\[0\]\.cover_letter: application "
                    r"hkust-faculty: cover letter template 'letters/nope\.md' not found", lines[0])
    assert re.match(r".*apps\.yaml:\d+:\d+: applications\[1\]\.variant: application "
                    r"research-lab: unknown variant 'industy'; did you mean 'industry'\?",
                    lines[1])
    assert re.match(r".*apps\.yaml:\d+:\d+: applications\[1\]\.formats: .*'pptx'", lines[2])
    assert "3 problems found; nothing was written." in result.stderr
    assert not (tmp_path / "out").exists()


def test_hidden_entries_never_take_a_max_entries_place() -> None:
    from cvkit.profile.model import Profile
    from cvkit.profile.model.layout import Variant
    from cvkit.profile.tailor import tailor

    profile = Profile.model_validate({"name": "A", "awards": [
        {"title": "Hidden", "hidden": True}, {"title": "First"}, {"title": "Second"}]})
    kept = tailor(profile, Variant(max_entries={"awards": 2}))
    assert [a.title for a in kept.awards] == ["First", "Second"]


def test_compiling_a_bundles_tex_leaves_its_pdf_alone(tmp_path: Path) -> None:
    from cvkit.exporters.latex import engine_of

    from .exporters.test_latex import require_tex

    bundle = tmp_path / "b.yaml"
    bundle.write_text(f"profile: {PROFILE}\ndefaults: {{formats: [pdf, latex]}}\n"
                      "applications:\n  - {id: lab, organisation: Lab, role: Engineer}\n",
                      encoding="utf-8")
    result = run_cvkit("bundle", bundle, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "lab"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["Cai_Weilin_CV_Lab-latex.tex", "Cai_Weilin_CV_Lab.pdf"], names
    # What a user does next: run TeX in the folder. Its PDF takes the .tex's name.
    tex = folder / "Cai_Weilin_CV_Lab-latex.tex"
    engine = engine_of(tex.read_text("utf-8"))
    require_tex(engine)
    ours = (folder / "Cai_Weilin_CV_Lab.pdf").read_bytes()
    import subprocess

    done = subprocess.run([engine, "-interaction=nonstopmode", "-no-shell-escape", tex.name],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert (folder / "Cai_Weilin_CV_Lab-latex.pdf").exists(), done.stdout[-2000:]
    assert (folder / "Cai_Weilin_CV_Lab.pdf").read_bytes() == ours


def test_an_option_a_warning_names_is_a_flag_on_the_command_line_and_a_key_in_a_bundle(
        ) -> None:
    """Warnings carry the options they name (field and value), not a flag's text: the
    command line spells them as flags, a bundle as its file's keys, where they go."""
    import pickle

    from cvkit.build.bundle import as_bundle_key
    from cvkit.profile.options import Advice, Suggestion, spelled

    advice = Advice("the CV has 3 pages, more than ", Suggestion("max_pages", 1, given=True),
                    "; try ", Suggestion("fit_pages"), ", ", Suggestion("selected_only", True),
                    ", ", Suggestion("since", "YEAR"), " or ", Suggestion("theme", "industry"),
                    "; or leave out ", Suggestion("max_entries", {"news": 3}))
    assert advice == (
        "the CV has 3 pages, more than --max-pages 1; try --fit-pages, --selected, --since "
        "YEAR or --theme industry; or leave out --max-entries news=3")
    assert spelled(advice, as_bundle_key) == (
        "the CV has 3 pages, more than max_pages: 1; try fit_pages: N on the application, "
        "selected_only: true in its variant, since: YEAR in its variant or theme: industry "
        "in its variant; or leave out max_entries: {news: 3} in its variant")
    # As a PDF worker sends it back: the options it names come too.
    again = pickle.loads(pickle.dumps(advice))
    assert again == advice and spelled(again, as_bundle_key) == spelled(advice, as_bundle_key)
    assert spelled("photo left out", as_bundle_key) == "photo left out"
