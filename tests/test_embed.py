"""The PDF carries its profile (issue 29, item 4; issue 36, item 1): what the CV shows and
nothing more (no hidden entry in any spelling, no comment, no tag or variant), given back by
`cvkit import pdf` so it exports the same CV; the file as written only when asked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf

from .conftest import ROOT, run_cvkit

EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def _copy_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLE.parent.iterdir():  # the profile and the files it names (photo)
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder / EXAMPLE.name


def _attachments(pdf: Path) -> dict[str, list[bytes]]:
    return dict(pypdf.PdfReader(pdf).attachments)


def test_import_pdf_gives_the_profile_back_and_exports_the_same_bytes(tmp_path: Path) -> None:
    """The attached profile is what the CV shows; imported and exported again, it gives the
    same PDF, byte for byte, and carries the same profile again."""
    profile = _copy_example(tmp_path / "first")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a",
                     env=EPOCH).returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    carried = _attachments(pdf)
    assert list(carried) == ["cvkit-profile.yaml"]
    shown = carried["cvkit-profile.yaml"][0]
    assert b"#" not in shown.replace(b"C#", b"")  # no comment of the file's
    assert b"variants:" not in shown and b"tags:" not in shown
    again = _copy_example(tmp_path / "second")
    again.unlink()
    result = run_cvkit("import", "pdf", pdf, "-o", again)
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == shown
    assert run_cvkit("export", again, "-f", "pdf", "-o", tmp_path / "b",
                     env=EPOCH).returncode == 0
    assert next((tmp_path / "b").glob("*.pdf")).read_bytes() == pdf.read_bytes()


# Every spelling of "true" pydantic's lax booleans accept, as YAML hands them over.
HIDDEN_SPELLINGS = ["true", "yes", "'true'", "'True'", "'YES'", "y", "on", "'on'", "1", "'1'",
                    "t", "1.0"]


def _private_profile() -> str:
    awards = "".join(f"  - title: Secret prize {i}\n    hidden: {spelling}\n"
                     for i, spelling in enumerate(HIDDEN_SPELLINGS))
    return ("# salary talk with the dean on Friday\n"
            "name: Ada Park  # private: my legal name differs\n"
            "awards:\n"
            "  - title: Shown prize\n    tags: [apply-acme]\n"
            "  # left out until the committee decides\n"
            + awards +
            "publications:\n"
            "  - title: Shown paper\n    authors: [Ada Park]\n    venue: ICML\n"
            "    date: 2024\n"
            "  - title: Draft with the rival lab\n    authors: [Ada Park]\n"
            "    hidden: 'yes'\n"
            "experience:\n"
            "  - organization: Acme\n    position: Engineer\n    start: 2020\n"
            "    projects:\n"
            "      - {name: Shown project}\n"
            "      - {name: Layoff plan, hidden: on}\n"
            "variants:\n  acme: {include_tags: [apply-acme]}\n")


def test_hidden_entries_and_comments_never_travel(tmp_path: Path) -> None:
    """Checked with pypdf's own reading of the attachments, not cvkit's."""
    profile = tmp_path / "p.yaml"
    profile.write_text(_private_profile(), encoding="utf-8")
    result = run_cvkit("validate", profile)
    assert result.returncode == 0, result.stderr
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a").returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    shown_text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Shown prize" in shown_text and "Secret" not in shown_text
    attachments = _attachments(pdf)
    assert list(attachments) == ["cvkit-profile.yaml"]
    carried = attachments["cvkit-profile.yaml"][0].decode("utf-8")
    for text in ("Shown prize", "Shown paper", "Shown project", "Ada Park"):
        assert text in carried
    for private in ("Secret", "Draft with", "Layoff", "salary", "private", "committee",
                    "apply-acme", "variants", "hidden", "#"):
        assert private not in carried, private
    # The file as written travels only when asked for, and the export says what it carries.
    result = run_cvkit("export", profile, "-f", "pdf", "--embed-archive", "-o", tmp_path / "b")
    assert result.returncode == 0
    assert "comments, hidden entries, tags and variants" in result.stderr
    archive = _attachments(next((tmp_path / "b").glob("*.pdf")))["cvkit-profile.yaml"][0]
    assert archive == profile.read_bytes()


def test_a_json_profile_carries_json(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"name": "Ada Park", "awards": [{"title": "Shown"}, '
                       '{"title": "Secret", "hidden": "yes"}]}\n', encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a").returncode == 0
    carried = _attachments(next((tmp_path / "a").glob("*.pdf")))["cvkit-profile.json"][0]
    assert json.loads(carried) == {"name": "Ada Park", "awards": [{"title": "Shown"}]}


def test_check_says_a_profile_is_attached(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\ncontact: {email: ada@example.org}\n",
                       encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a").returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    info = pypdf.PdfReader(pdf).metadata
    assert "what the CV shows" in str(info.get("/cvkitprofile"))
    result = run_cvkit("check", pdf)
    assert result.returncode == 0, result.stdout
    assert "ATTACHED cvkit-profile.yaml: The cvkit profile this CV was made from: what the " \
           "CV shows" in result.stdout
    report = json.loads(run_cvkit("check", pdf, "--json").stdout)
    assert report["attachments"] == ["cvkit-profile.yaml"]
    assert run_cvkit("export", profile, "-f", "pdf", "--embed-archive", "-o",
                     tmp_path / "b").returncode == 0
    result = run_cvkit("check", next((tmp_path / "b").glob("*.pdf")))
    assert result.returncode == 1 and "without --embed-archive before you send it" \
        in result.stdout


def test_embedding_is_turned_off_by_flag_or_layout(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\n", encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "--no-embed-source", "-o",
                     tmp_path / "a").returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    assert _attachments(pdf) == {}
    result = run_cvkit("import", "pdf", pdf, "-o", tmp_path / "back.yaml")
    assert result.returncode == 2 and "carries no cvkit profile" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "back.yaml").exists()
    profile.write_text("name: Ada Park\nlayout: {embed_source: false}\n", encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "b").returncode == 0
    assert _attachments(next((tmp_path / "b").glob("*.pdf"))) == {}


def test_pdf_a3b_keeps_the_attachment(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"name": "Ada Park"}\n', encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "--pdf-variant", "pdf/a-3b", "-o",
                     tmp_path / "a").returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    reader = pypdf.PdfReader(pdf)
    assert list(reader.attachments) == ["cvkit-profile.json"]
    assert json.loads(reader.attachments["cvkit-profile.json"][0]) == {"name": "Ada Park"}
    # PDF/A-3 asks every embedded file to say how it relates to the document.
    spec = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    assert spec["/AFRelationship"] == "/Source"
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_a_pdf_from_another_tool_is_a_clear_error(tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    with other.open("wb") as handle:
        writer.write(handle)
    result = run_cvkit("import", "pdf", other, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2 and "made by another tool" in result.stderr
    not_pdf = tmp_path / "cv.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    result = run_cvkit("import", "pdf", not_pdf, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2 and "not a PDF" in result.stderr


def test_bundle_cvs_carry_the_profile_and_letters_do_not(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nawards:\n  - title: Secret prize\n    hidden: y\n"
                       "  - {title: Systems prize, tags: [systems]}\n"
                       "  - {title: Theory prize, tags: [theory]}\n"
                       "variants:\n  systems: {exclude_tags: [theory]}\n", encoding="utf-8")
    bundle = tmp_path / "b.yaml"
    bundle.write_text("profile: p.yaml\ndefaults: {formats: [pdf], cover_letter: {text: Hi}}\n"
                      "applications:\n  - {id: lab, organisation: Lab, role: Engineer, "
                      "variant: systems}\n", encoding="utf-8")
    assert run_cvkit("bundle", bundle, "-o", tmp_path / "out").returncode == 0
    pdfs = {p.name: _attachments(p) for p in (tmp_path / "out" / "lab").glob("*.pdf")}
    cv = next(v for k, v in pdfs.items() if "_CV_" in k)
    letter = next(v for k, v in pdfs.items() if "Cover_Letter" in k)
    assert list(cv) == ["cvkit-profile.yaml"]
    carried = cv["cvkit-profile.yaml"][0]
    # Only what this application's CV shows: not the other application's entries either.
    assert b"Systems prize" in carried
    assert b"Secret" not in carried and b"Theory" not in carried and b"variants" not in carried
    assert letter == {}
