"""Bad input gets a clear error naming file, line, column and field; exit 2; nothing written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from cvkit.profile.load import load_profile
from cvkit.support.errors import ProfileError

from .conftest import ROOT, run_cvkit

GOOD_HEAD = "name: Ada Lovelace\n"

CASES = {
    # id: (file content, expected (line, path) in the first problem, words in the message)
    "yaml-syntax": ("name: Ada\npublications:\n  - title: [unclosed\n", 4, "", "YAML syntax"),
    "wrong-type": (GOOD_HEAD + "interests: 42\n", 2, "interests", "expected a list"),
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


# --- profiles as people write them -------------------------------------------------------


def _messages(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, "name: Ada Park\n" + text)
    result = run_cvkit("validate", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize(("written", "meant"), [
    ("experience:\n  - {organization: Acme, title: Engineer}\n", "title: unknown field "
     "'title' (did you mean 'position'?)"),
    ("experience:\n  - {company: Acme, position: Engineer}\n", "did you mean 'organization'?"),
    ("publications:\n  - {title: T, authors: [A], year: 2024}\n", "did you mean 'date'?"),
    ("education:\n  - {school: MIT}\n", "did you mean 'institution'?"),
    ("languages:\n  - {name: Spanish}\n", "did you mean 'language'?"),
    ("languages:\n  - {language: Spanish, level: native}\n", "did you mean 'fluency'?"),
])
def test_familiar_field_names_get_their_meaning(tmp_path: Path, written: str,
                                                 meant: str) -> None:
    assert meant in _messages(tmp_path, written)


def test_unambiguous_short_forms_are_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: Ada Park\nlanguages: [Spanish, English]\n"
                  "skills:\n  - {name: Languages, keywords: [Python, Rust]}\n"
                  "teaching:\n  - {course: Algorithms, role: TA, date: 2024}\n")
    profile = load_profile(path)
    assert [lang.language for lang in profile.languages] == ["Spanish", "English"]
    assert profile.skills[0].category == "Languages"
    assert profile.skills[0].items == ["Python", "Rust"]


def test_errors_in_the_profiles_own_words(tmp_path: Path) -> None:
    found = _messages(tmp_path, "skills: ['Python, Rust']\npublications:\n"
                      "  - {title: T, authors: 'Jose Nunez, Bo Chen'}\n"
                      "experience:\n  - {organization: Acme, highlights: [{txt: x}]}\n")
    assert "skills[0]: expected a group like {category: Languages, items: [Python, Rust]}; " \
           "found text 'Python, Rust'" in found
    assert "publications[0].authors: write this as a list: [Jose Nunez, Bo Chen]" in found
    assert "experience[0].highlights[0].txt: unknown field 'txt' (did you mean 'text'?)" in found
    assert "Bullet" not in found and "SkillGroup" not in found


@pytest.mark.parametrize("written, suggested", [
    ("A Person, B Person, Liwei Wang et al.", "[A Person, B Person, Liwei Wang, others]"),
    ("A Person, B Person, et al", "[A Person, B Person, others]"),
    ("A Person, B Person and others", "[A Person, B Person, others]"),
])
def test_an_author_string_closing_with_et_al_suggests_others(tmp_path: Path, written: str,
                                                           suggested: str) -> None:
    """Pasted "…, Liwei Wang et al." is not an author called "Liwei Wang et al.": the
    suggested list closes with `others`, the profile's word for more authors."""
    found = _messages(tmp_path, f"publications:\n  - {{title: T, authors: '{written}'}}\n")
    assert f"publications[0].authors: write this as a list: {suggested}" in found


def _bad_documents() -> list[tuple[str, dict[str, Any]]]:
    """One profile per field of every entry kind, with a value of the wrong type there."""
    import typing

    from pydantic import BaseModel

    from cvkit.profile.model import Profile
    from cvkit.profile.model.types import PartialDate

    def minimal(model: type[BaseModel]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            if info.is_required():
                out[name] = good(info.annotation)
        return out

    def inner(tp: Any) -> Any:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return inner(args[0]) if typing.get_origin(tp) in (typing.Union, types.UnionType) \
            and args else tp

    def good(tp: Any) -> Any:
        tp = inner(tp)
        origin = typing.get_origin(tp)
        if origin is list:
            return [good(typing.get_args(tp)[0])]
        if origin is typing.Literal:
            return typing.get_args(tp)[0]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return minimal(tp)
        if tp is PartialDate:
            return "2020"
        return "x"

    def bad(tp: Any) -> Any:
        tp = inner(tp)
        origin = typing.get_origin(tp)
        if origin is list:
            return 42
        if origin is dict:
            return ["not", "a", "mapping"]
        if origin is typing.Literal:
            return "zzz"
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return "some text"
        if tp is bool:
            return "maybe"
        if tp is int:
            return "many"
        if tp is PartialDate:
            return "someday"
        return {"a": 1}

    docs = []
    for section, info in Profile.model_fields.items():
        tp = inner(info.annotation)
        docs.append((section, {"name": "Ada", section: bad(tp)}))
        element = typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp
        element = inner(element)
        if isinstance(element, type) and issubclass(element, BaseModel):
            for field, finfo in element.model_fields.items():
                entry = {**minimal(element), field: bad(finfo.annotation)}
                value = [entry] if typing.get_origin(tp) is list else entry
                docs.append((f"{section}.{field}", {"name": "Ada", section: value}))
    return docs


def test_no_error_message_names_python_or_pydantic(tmp_path: Path) -> None:
    import json

    from cvkit.profile import model

    classes = {name for name in dir(model.profile) if isinstance(getattr(model.profile, name),
                                                                  type)}
    classes -= {"Any", "Literal", "Field"}
    jargon = ["instance of", "valid dictionary", "Input should", "input should",
              "function-", "constrained-str", "model_type", "pydantic"]
    checked = 0
    for where, data in _bad_documents():
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            load_profile(path)
            continue
        except ProfileError as exc:
            text = "\n".join(p.format() for p in exc.problems)
        checked += 1
        for word in jargon:
            assert word not in text, (where, text)
        for name in classes:
            assert not re.search(rf"\b{name}\b", text), (where, name, text)
    assert checked > 100


def test_the_parse_cache_keeps_only_recent_entries(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A profile saved many times (cvkit watch) leaves a handful of versions in the cache
    (cvkit.support.cache.KEEP), and a cached parse names the file it was read from, warnings
    included."""
    from cvkit.profile.load import load_profile
    from cvkit.support.cache import KEEP

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CVKIT_NO_CACHE", raising=False)
    for i in range(KEEP + 6):
        path = tmp_path / f"p{i}.yaml"
        path.write_text(f'name: "Ada {i}\\u0007"\n', encoding="utf-8")
        warnings: list = []
        load_profile(path, warnings)
        assert warnings and warnings[0].file == path
    folder = tmp_path / "cache" / "cvkit" / "profiles"
    assert len(list(folder.iterdir())) == KEEP
    copy = tmp_path / "copy.yaml"
    copy.write_text(f'name: "Ada {KEEP + 5}\\u0007"\n', encoding="utf-8")  # a cache hit
    warnings = []
    assert load_profile(copy, warnings).name == f"Ada {KEEP + 5}"
    assert warnings[0].file == copy


def test_a_cached_profile_renders_as_a_fresh_one_without_markdown_it(tmp_path: Path) -> None:
    """The profile cache keeps the validated model and the Markdown parses validation made:
    a second process renders the same page without building validators or importing
    markdown-it."""
    profile = ROOT / "examples" / "weilin-cai.yaml"
    script = (
        "import sys\n"
        "from cvkit.build.api import render\n"
        "from cvkit.profile.load import load_profile\n"
        f"data = render(load_profile({str(profile)!r}), 'html').data\n"
        "sys.stdout.write(str('markdown_it' in sys.modules) + ' ' + str(len(data)) + ' ')\n"
        "sys.stdout.write(__import__('hashlib').sha256(data).hexdigest())\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("CVKIT_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    uncached = subprocess.run([sys.executable, "-c", script], env={**env, "CVKIT_NO_CACHE": "1"},
                              capture_output=True, text=True, check=True).stdout.split()
    assert runs[0][0] == "True" and runs[1][0] == "False"  # the first run parsed Markdown
    assert runs[0][1:] == runs[1][1:] == uncached[1:]


def test_cache_entries_of_other_code_are_not_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An edit to any module (or an upgrade) names the code differently, so a profile cached
    by the old code is validated again by the new."""
    from cvkit.support import resources

    package = tmp_path / "pkg"
    (package / "model").mkdir(parents=True)
    module = package / "model" / "profile.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(resources, "_PACKAGE", package)
    resources.code_fingerprint.cache_clear()
    try:
        before = resources.code_fingerprint()
        module.write_text("x = 22\n", encoding="utf-8")
        resources.code_fingerprint.cache_clear()
        assert resources.code_fingerprint() != before
    finally:
        resources.code_fingerprint.cache_clear()


def test_without_a_code_fingerprint_nothing_is_cached(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where cvkit's modules are not files (a zip, a frozen build), no cache entry could be
    told from another version's: profiles load as ever, and nothing is written."""
    from cvkit.support import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CVKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "not-a-folder")
    resources.code_fingerprint.cache_clear()
    try:
        assert resources.code_fingerprint() is None
        assert load_profile(ROOT / "examples" / "minimal.yaml").name == "José Ångström"
        for kind in ("parsed", "profiles", "data"):
            assert not (tmp_path / "cache" / "cvkit" / kind).exists()
    finally:
        resources.code_fingerprint.cache_clear()


@pytest.mark.parametrize("written, expected", [
    ('"Regret \\tilde{O} and \\frac{1}{2}"', "3:12: publications[0].title: \\tilde is a TeX "
     "command inside double quotes, where YAML reads \\t as an escape; write the text in "
     "single quotes"),
    ('"a $\\beta$-mixing process"', "3:12: publications[0].title: \\beta is a TeX command"),
    ('"$x \\in B$"', "3:17: YAML syntax error: while scanning a double-quoted scalar found "
     "unknown escape character 'i'; write the text in single quotes ('...') or as a `>-` "
     "block"),
])
def test_tex_inside_double_quotes_is_named_with_its_line(tmp_path: Path, written: str,
                                                        expected: str) -> None:
    """YAML reads \\t, \\f and \\b between double quotes as a tab, a form feed and a
    backspace, so `"\\tilde{O}"` would print as "ilde{O}"; and `"\\in"` is no escape at all.
    Either way the message names the trap and the fix."""
    path = tmp_path / "p.yaml"
    path.write_text(f"name: X\npublications:\n  - title: {written}\n    authors: [X]\n",
                    encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert f"{path}:{expected}" in str(caught.value)


def test_yaml_escapes_that_are_not_tex_stay_escapes(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('name: X\nabout: "line one\\nSecond line, \\ttabbed"\n', encoding="utf-8")
    assert load_profile(path).about == "line one\nSecond line, \ttabbed"


def test_tex_in_a_json_string_asks_for_a_doubled_backslash(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "X", "about": "a \\frac{1}{2} b"}', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"write the backslash twice \(\\\\frac\)"):
        load_profile(path)


def test_an_unquoted_comma_in_braces_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada\n"
                    "news:\n  - {date: 2026-01, text: Best paper at MLSys, with Bo and Cy}\n"
                    "publications:\n  - {title: A, B and C, authors: [Ada]}\n",
                    encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(
        "p.yaml:3:48: news[0].with Bo and Cy: unknown field 'with Bo and Cy' (an unquoted "
        "comma inside {...} ends a value; quote the value whole: "
        "text: 'Best paper at MLSys, with Bo and Cy')"), lines
    # A capitalised key is the user's, never taken for the name of a union member.
    assert lines[1].endswith("p.yaml:5:16: publications[0].B and C: unknown field 'B and C' "
                             "(an unquoted comma inside {...} ends a value; quote the value "
                             "whole: title: 'A, B and C')"), lines


@pytest.mark.parametrize("target", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                    "data:text/html,<script>x</script>", "file:///etc/passwd"])
def test_unsafe_link_in_a_title_is_a_located_validation_error(tmp_path: Path,
                                                               target: str) -> None:
    """A title's LaTeX ``\\href`` is a link: refused by validate with its place, and export
    ends in the same one line (exit 2, no traceback, nothing written)."""
    from .conftest import run_cvkit

    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\npublications:\n"
                       f"  - title: 'Fast \\href{{{target}}}{{sorting}}'\n"
                       "    authors: [Ada Park]\n", encoding="utf-8")
    result = run_cvkit("validate", profile)
    assert result.returncode == 2
    assert f"p.yaml:3:12: publications[0].title: link target '{target}' is not allowed" \
        in result.stderr
    result = run_cvkit("export", profile, "-f", "html,pdf,latex", "-o", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "publications[0].title" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_yaml_number_in_volume_or_pages_is_a_located_error_with_the_fix(
        tmp_path: Path) -> None:
    """Numbers stay as written (issue 38): YAML reads an unquoted 1.10 as 1.1 and 777e23 as
    7.77e+25; either is an error at its line and column saying to quote it, as is a whole
    number YAML writes back otherwise (010, 0x1F). A plain whole number is fine."""
    path = tmp_path / "p.yaml"
    path.write_text("name: A\npublications:\n  - title: T\n    volume: 1.10\n"
                    "    pages: 777e23\n    issue: 12\n  - title: U\n    volume: 010\n",
                    encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    lines = str(caught.value).splitlines()
    assert any(line.endswith("p.yaml:4:13: publications[0].volume: YAML reads the unquoted "
                             "1.10 as the number 1.1, not as written; write it in quotes: "
                             "'1.10'") for line in lines), lines
    assert any("p.yaml:5:12: publications[0].pages: YAML reads the unquoted 777e23 as the "
               "number 7.77e+25" in line and "'777e23'" in line for line in lines), lines
    assert not any("issue" in line for line in lines)
    path.write_text("name: A\npublications:\n  - {title: U, volume: 010, pages: '1.10'}\n",
                    encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p\.yaml:3:24: publications\[0\]\.volume: YAML "
                       r"reads the unquoted 010 as a number, printed 10; write it in quotes"):
        load_profile(path)
    path.write_text("name: A\npublications:\n  - {title: U, volume: '1.10', pages: '777e23',"
                    " issue: 12}\n", encoding="utf-8")
    pub = load_profile(path).publications[0]
    assert (pub.volume, pub.pages, pub.issue) == ("1.10", "777e23", "12")
    # JSON has the same numbers: a float there is the same mistake.
    json_path = tmp_path / "p.json"
    json_path.write_text('{"name": "A", "publications": [{"title": "T", "volume": 1.10}]}',
                         encoding="utf-8")
    with pytest.raises(ProfileError, match="write it in quotes"):
        load_profile(json_path)
