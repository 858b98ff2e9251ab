"""The PDF carries its profile (issue 29, item 4): attached as written, hidden entries out
unless asked for, given back exactly by `cvkit import pdf`, in PDF/A-3b too."""

from __future__ import annotations

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
    profile = _copy_example(tmp_path / "first")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a",
                     env=EPOCH).returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    assert _attachments(pdf) == {"cvkit-profile.yaml": [profile.read_bytes()]}
    again = _copy_example(tmp_path / "second")
    again.unlink()
    result = run_cvkit("import", "pdf", pdf, "-o", again)
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == profile.read_bytes()
    assert run_cvkit("export", again, "-f", "pdf", "-o", tmp_path / "b",
                     env=EPOCH).returncode == 0
    assert next((tmp_path / "b").glob("*.pdf")).read_bytes() == pdf.read_bytes()


def test_hidden_entries_stay_out_unless_asked_for(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("# my CV\nname: Ada Park\nawards:\n  - title: Shown prize\n"
                       "  - title: Secret prize\n    hidden: true\n", encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "a").returncode == 0
    carried = _attachments(next((tmp_path / "a").glob("*.pdf")))["cvkit-profile.yaml"][0]
    assert b"Shown prize" in carried and b"Secret prize" not in carried
    assert carried.startswith(b"# my CV\n")  # comments kept
    assert run_cvkit("export", profile, "-f", "pdf", "--embed-hidden", "-o",
                     tmp_path / "b").returncode == 0
    carried = _attachments(next((tmp_path / "b").glob("*.pdf")))["cvkit-profile.yaml"][0]
    assert carried == profile.read_bytes()


def test_embedding_is_turned_off_by_flag_or_layout(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\n", encoding="utf-8")
    assert run_cvkit("export", profile, "-f", "pdf", "--no-embed-source", "-o",
                     tmp_path / "a").returncode == 0
    pdf = next((tmp_path / "a").glob("*.pdf"))
    assert _attachments(pdf) == {}
    result = run_cvkit("import", "pdf", pdf, "-o", tmp_path / "back.yaml")
    assert result.returncode == 1 and "carries no cvkit profile" in result.stderr
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
    assert reader.attachments == {"cvkit-profile.json": [profile.read_bytes()]}
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
    assert result.returncode == 1 and "made by another tool" in result.stderr
    not_pdf = tmp_path / "cv.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    result = run_cvkit("import", "pdf", not_pdf, "-o", tmp_path / "p.yaml")
    assert result.returncode == 1 and "not a PDF" in result.stderr


def test_bundle_cvs_carry_the_profile_and_letters_do_not(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nawards:\n  - title: Secret prize\n    hidden: true\n",
                       encoding="utf-8")
    bundle = tmp_path / "b.yaml"
    bundle.write_text("profile: p.yaml\ndefaults: {formats: [pdf], cover_letter: {text: Hi}}\n"
                      "applications:\n  - {id: lab, organisation: Lab, role: Engineer}\n",
                      encoding="utf-8")
    assert run_cvkit("bundle", bundle, "-o", tmp_path / "out").returncode == 0
    pdfs = {p.name: _attachments(p) for p in (tmp_path / "out" / "lab").glob("*.pdf")}
    cv = next(v for k, v in pdfs.items() if "_CV_" in k)
    letter = next(v for k, v in pdfs.items() if "Cover_Letter" in k)
    assert list(cv) == ["cvkit-profile.yaml"] and b"Secret" not in cv["cvkit-profile.yaml"][0]
    assert letter == {}
