"""Bad input gets a clear error naming file, line, column and field; exit 2; nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cvkit.errors import ProfileError
from cvkit.load import load_profile

from .conftest import run_cvkit

GOOD_HEAD = "name: Ada Lovelace\n"

CASES = {
    # id: (file content, expected (line, path) in the first problem, words in the message)
    "yaml-syntax": ("name: Ada\npublications:\n  - title: [unclosed\n", 4, "", "YAML syntax"),
    "wrong-type": (GOOD_HEAD + "interests: 42\n", 2, "interests", "valid list"),
    "unknown-key": (GOOD_HEAD + "publications:\n  - title: T\n    authors: [A]\n    venu: X\n",
                    5, "publications[0].venu", "did you mean 'venue'"),
    "missing-required": (GOOD_HEAD + "experience:\n  - position: Engineer\n", 3,
                         "experience[0].organization", "missing required field"),
    "bad-month": (GOOD_HEAD + "news:\n  - {date: 2025-13, text: hi}\n", 3, "news[0].date",
                  "month 13"),
    "bad-date": (GOOD_HEAD + "awards:\n  - title: X\n    date: banana\n", 4, "awards[0].date",
                 "expected a date"),
    "end-before-start": (GOOD_HEAD + "education:\n  - institution: U\n    start: 2021-05\n"
                         "    end: 2020\n", 5, "education[0].end", "before start"),
    "duplicate-key": (GOOD_HEAD + "headline: A\nheadline: B\n", 3, "headline", "duplicate key"),
    "bad-link": (GOOD_HEAD + "about: '[x](javascript:alert(1))'\n", 2, "about", "not allowed"),
    "kind-typo": (GOOD_HEAD + "publications:\n  - {title: T, authors: [A], kind: jurnal}\n", 3,
                  "publications[0].kind", "did you mean 'journal'"),
}


def _write(tmp_path: Path, content: str | bytes, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_located(tmp_path: Path, case: str) -> None:
    content, line, field, words = CASES[case]
    path = _write(tmp_path, content)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    problem = info.value.problems[0]
    assert problem.file == path
    assert problem.line == line, problem.format()
    assert problem.column is not None
    assert problem.path == field
    assert words in problem.format()


@pytest.mark.parametrize("case", ["unknown-key", "bad-month", "yaml-syntax", "duplicate-key"])
def test_cli_reports_and_writes_nothing(tmp_path: Path, case: str) -> None:
    content, line, field, _ = CASES[case]
    path = _write(tmp_path, content)
    out = tmp_path / "out"
    result = run_cvkit("export", path, "-f", "markdown", "-o", out)
    assert result.returncode == 2
    assert f"{path}:{line}:" in result.stderr
    assert field in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_HEAD + "headlin: x\nnews:\n  - {date: 2025-13, text: a}\n"
                  "awards:\n  - {title: A, date: banana}\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert [p.path for p in info.value.problems] == ["headlin", "news[0].date", "awards[0].date"]
    assert [p.line for p in info.value.problems] == [2, 4, 6]


@pytest.mark.parametrize("content,words", [
    ("", "empty"),
    ("   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"name: \xff\xfe bad\n", "not UTF-8"),
    ("- just\n- a list\n", "expected a mapping"),
])
def test_unusable_files(tmp_path: Path, content: str | bytes, words: str) -> None:
    path = _write(tmp_path, content)
    result = run_cvkit("validate", path)
    assert result.returncode == 2
    assert str(path) in result.stderr and words in result.stderr
    assert ":1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    result = run_cvkit("validate", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr and "no such file" in result.stderr


def test_huge_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as fh:
        fh.write(GOOD_HEAD + "about: |\n")
        line = "  " + "x" * 1000 + "\n"
        for _ in range(50 * 1024):
            fh.write(line)
    result = run_cvkit("validate", path)
    assert result.returncode == 2
    assert "MB" in result.stderr and "refused" in result.stderr


def test_alias_bomb_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = _write(tmp_path, "name: Bomb\n" + "\n".join(lines) + "\ninterests: *a11\n")
    result = run_cvkit("validate", path)
    assert result.returncode == 2
    assert "refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_profile_positions(tmp_path: Path) -> None:
    text = '{\n  "name": "Ada",\n  "awards": [{"title": "X", "date": "2025-13"}]\n}\n'
    path = _write(tmp_path, text, "p.json")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems[0].line == 3
    assert info.value.problems[0].path == "awards[0].date"


def test_broken_json(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "name": "Ada",\n  "x": \n}\n', "p.json")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems[0].line == 4
    assert "invalid JSON" in info.value.problems[0].message


def test_control_characters_removed_with_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name: "Ada\\u0007 Lovelace"\n')
    warnings: list = []
    profile = load_profile(path, warnings)
    assert profile.name == "Ada Lovelace"
    assert warnings and warnings[0].path == "name" and warnings[0].line == 1


def test_deep_nesting_is_a_located_error(tmp_path: Path) -> None:
    cases = {
        "flow.yaml": "name: Ada\nabout: " + "[" * 500 + "]" * 500 + "\n",
        "flow.json": '{"name": "Ada", "about": ' + "[" * 500 + "]" * 500 + "}\n",
        "block.yaml": "name: Ada\nabout:\n" + "".join("  " * i + "- \n" for i in range(1, 300)),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = run_cvkit("validate", tmp_path / name)
        assert result.returncode == 2, (name, result.stderr)
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert re.search(rf"{re.escape(name)}:\d+:\d+: values nested more than 64 levels",
                         result.stderr), result.stderr
    # Brackets inside quoted text and comments are text, not nesting.
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text("name: Ada  # " + "[" * 100 + "\nabout: '" + "[" * 100 + "'\n", "utf-8")
    assert run_cvkit("validate", quoted).returncode == 0
