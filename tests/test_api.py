"""The Python API's answers as structured results (cvkit.build.api): what the CLI and the MCP server
call. Exports are tested in test_pipeline.py; here validate, list_entries, check,
import_profile, themes, styles and schema, and that the CLI's commands go through them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cvkit
from cvkit.build import api
from cvkit.build.check import UnreadablePdf
from cvkit.support.errors import ExportError, ProfileError

from .conftest import EXAMPLES, FIXTURES, ROOT, run_cvkit

BROKEN = "name: Ada\npublications:\n  - title: X\n    venu: Y\n    date: 2025-13\n"


def test_a_broken_profile_is_a_result_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = api.validate(path)
    assert not result.ok
    assert result.as_dict()["problems"] == [
        {"file": str(path), "line": 4, "column": 5, "path": "publications[0].venu",
         "message": "unknown field 'venu'", "suggestion": "did you mean 'venue'?"},
        {"file": str(path), "line": 5, "column": 11, "path": "publications[0].date",
         "message": "month 13 in '2025-13' is not between 1 and 12", "suggestion": None}]


def test_text_is_validated_as_a_file_would_be(tmp_path: Path) -> None:
    result = api.validate(text=BROKEN, path=tmp_path / "p.yaml")
    assert [(p.line, p.column, p.path) for p in result.problems] == [
        (4, 5, "publications[0].venu"), (5, 11, "publications[0].date")]
    assert api.validate(text="name: Ada\n").as_dict() == {"ok": True, "problems": [],
                                                          "warnings": []}


def test_warnings_come_back_with_a_valid_profile(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('name: "Ada\\u0007 Example"\n', encoding="utf-8")
    result = api.validate(path)
    assert result.ok and [w.path for w in result.warnings] == ["name"]


def test_load_and_list_entries(tmp_path: Path) -> None:
    profile = api.load(EXAMPLES[0])
    assert [e.id for e in api.list_entries(EXAMPLES[0])] == \
        [e.id for e in api.list_entries(profile)]
    with pytest.raises(ProfileError):
        (tmp_path / "p.yaml").write_text(BROKEN, encoding="utf-8")
        api.list_entries(tmp_path / "p.yaml")


def test_check_reads_an_exported_pdf_against_its_profile(tmp_path: Path) -> None:
    example = ROOT / "examples" / "minimal.yaml"
    written = api.export(example, ["pdf"], tmp_path).written[0].path
    report = api.check(written, example)
    assert report.ok and report.as_dict()["ok"] is True
    (tmp_path / "not.pdf").write_text("no", encoding="utf-8")
    with pytest.raises(UnreadablePdf):
        api.check(tmp_path / "not.pdf")


def test_an_import_gives_the_profile_and_its_notes_writing_nothing(tmp_path: Path) -> None:
    before = set(tmp_path.iterdir())
    made = api.import_profile(FIXTURES / "jsonresume-engineer.json", path=tmp_path / "p.yaml")
    assert made.format == "jsonresume" and made.counts["experience"] >= 1
    assert set(tmp_path.iterdir()) == before
    (tmp_path / "p.yaml").write_text(made.text, encoding="utf-8")
    assert api.validate(tmp_path / "p.yaml").ok
    data = made.as_dict()
    assert data["profile"] == made.text and isinstance(data["notes"], list)


def test_papers_imported_alone_come_without_a_made_up_name() -> None:
    made = api.import_profile(FIXTURES / "papers.bib", "bibtex")
    assert "publications:" in made.text and "\nname:" not in made.text


def test_themes_styles_and_schemas() -> None:
    themes = {t.name: t for t in api.themes()}
    assert "academic" in themes and "pdf" in themes["academic"].formats
    assert any(s.name == "ieee" and s.title for s in api.styles("ieee"))
    assert any(s.name == "chicago" and s.alias_of for s in api.styles("chicago"))
    assert len(api.styles(limit=5)) == 5
    assert api.schema() == json.loads((ROOT / "schemas" / "profile.schema.json").read_text())
    with pytest.raises(ExportError, match="unknown schema kind"):
        api.schema("profil")


def test_the_package_exports_the_api() -> None:
    assert cvkit.validate is api.validate and cvkit.list_entries is api.list_entries
    assert cvkit.import_profile is api.import_profile


def test_the_cli_answers_through_the_api(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    broken = run_cvkit("validate", path, EXAMPLES[0])
    assert broken.returncode == 2
    assert broken.stderr.splitlines()[:2] == [p.format() for p in api.validate(path).problems]
    assert broken.stdout == f"{EXAMPLES[0]}: ok\n"
    styles = run_cvkit("styles", "chicago").stdout.splitlines()
    assert styles[0].split() == ["chicago", "=", "chicago-author-date"]
    themes = run_cvkit("themes").stdout
    assert all(t.name in themes and t.description in themes for t in api.themes())


def test_the_api_page_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """docs/python-api.md's code blocks, in order, from a folder holding profile.yaml."""
    import re
    import shutil

    shutil.copy(ROOT / "examples" / "weilin-cai.yaml", tmp_path / "profile.yaml")
    shutil.copy(FIXTURES / "jsonresume-engineer.json", tmp_path / "resume.json")
    monkeypatch.chdir(tmp_path)
    page = (ROOT / "docs" / "python-api.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert len(blocks) == 5
    scope: dict[str, object] = {}
    exec(compile("\n".join(blocks), "python-api.md", "exec"), scope)  # noqa: S102
    shown = capsys.readouterr().out
    assert "True" in shown and "jsonresume" in shown and "academic" in shown
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".pdf"]
    report = scope["report"]
    assert report.ok, report.as_dict()  # type: ignore[attr-defined]
