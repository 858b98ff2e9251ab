from __future__ import annotations

from pathlib import Path

from cvkit import __version__
from cvkit.profile.options import ExportOptions

from .conftest import ROOT, run_cvkit

EXAMPLE = ROOT / 'examples' / 'weilin-cai.yaml'


def test_version() -> None:
    result = run_cvkit("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_init_writes_a_valid_profile(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    assert run_cvkit("init", target).returncode == 0
    assert target.read_text().startswith("# yaml-language-server: $schema=")
    assert run_cvkit("validate", target).returncode == 0
    again = run_cvkit("init", target)
    assert again.returncode != 0 and "exists" in again.stderr


def test_schema_command(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert run_cvkit("schema", "-o", out).returncode == 0
    assert out.read_text() == (ROOT / "schemas" / "profile.schema.json").read_text()


def test_export_names_files_after_person(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "weilin-cai.yaml", "-f", "markdown",
                       "-f", "text", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Weilin_Cai_CV.md", "Weilin_Cai_CV.txt"]
    named = run_cvkit("export", ROOT / "examples" / "weilin-cai.yaml", "-f", "text",
                      "--name", "../../escape/me", "-o", tmp_path / "n")
    assert named.returncode == 0, named.stderr
    assert [p.name for p in (tmp_path / "n").iterdir()] == ["escape_me.txt"]


def test_unchanged_files_not_rewritten(tmp_path: Path) -> None:
    args = ("export", ROOT / "examples" / "minimal.yaml", "-f", "text", "-o", tmp_path)
    run_cvkit(*args)
    target = next(tmp_path.iterdir())
    mtime = target.stat().st_mtime_ns
    second = run_cvkit(*args)
    assert "unchanged" in second.stdout
    assert target.stat().st_mtime_ns == mtime


def test_unknown_format(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "minimal.yaml", "-f", "docxx", "-o", tmp_path)
    assert result.returncode != 0
    assert "unknown format 'docxx'" in result.stderr and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_validate_does_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from cvkit.cli.app import app; "
            f"r = CliRunner().invoke(app, ['validate', r'{EXAMPLE}']);"
            "assert r.exit_code == 0, r.output;"
            "print(','.join(m for m in ('weasyprint', 'docx', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_a_homepage_export_from_the_cache_loads_no_package_metadata(tmp_path: Path) -> None:
    """importlib.metadata (with email and zipfile) is loaded only for a question about the
    installed packages: a repeat export of built-in formats, with the English month names
    Babel gave once, asks none."""
    import subprocess
    import sys

    code = ("import sys, atexit; from cvkit.cli.launch import main; "
            "atexit.register(lambda: print(sorted(m for m in ('importlib.metadata', 'email', "
            "'typer', 'babel') if m in sys.modules), file=sys.stderr)); main()")
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    args = [sys.executable, "-c", code, "export", str(EXAMPLE), "-f", "html", "-o",
            str(tmp_path / "out")]
    subprocess.run(args, env=env, capture_output=True, check=True)  # fills the cache
    again = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    assert again.stderr.strip().splitlines()[-1] == "[]", again.stderr


def test_broken_user_template_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "cv.md.j2").write_text("line one\n{% if %}\n", encoding="utf-8")
    result = run_cvkit("export", EXAMPLE, "-f", "markdown", "-o", tmp_path / "out",
                       "--templates", tmp_path / "tpl")
    assert result.returncode == 1
    assert f"{tmp_path / 'tpl' / 'cv.md.j2'}:2: template syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_all_formats_at_once_match_separate_runs(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    together = run_cvkit("export", EXAMPLE, "-f", "all", "-o", tmp_path / "all", env=env)
    assert together.returncode == 0, together.stderr
    for fmt, name in (("pdf", "Weilin_Cai_CV.pdf"), ("docx", "Weilin_Cai_CV.docx"),
                      ("html", "index.html"), ("text", "Weilin_Cai_CV.txt")):
        alone = run_cvkit("export", EXAMPLE, "-f", fmt, "-o", tmp_path / fmt, env=env)
        assert alone.returncode == 0, alone.stderr
        assert (tmp_path / "all" / name).read_bytes() == (tmp_path / fmt / name).read_bytes()


def test_failed_export_leaves_every_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cvkit("export", EXAMPLE, "-f", "all", "-o", out)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "cv.txt.j2").write_text("{{ nonsense(", encoding="utf-8")
    again = run_cvkit("export", EXAMPLE, "-f", "all", "-o", out, "--templates", tmp_path / "tpl")
    assert again.returncode == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cvkit("export", EXAMPLE, "-f", "markdown", "-o", blocker)
    assert result.returncode == 1
    assert f"{blocker} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr and blocker.read_text("utf-8") == "not a folder"


HOSTILE_NAME = ("Zoë <script>alert('n')</script> 蔡伟林 & Co. 100% #1 $x$ ~user_name^ "
                "{brace} \\textbf{x}")


def test_file_names_carry_no_shell_or_tex_specials(tmp_path: Path) -> None:
    import unicodedata

    from cvkit.support.output import safe_filename

    profile = tmp_path / "p.yaml"
    profile.write_text(f"name: '{HOSTILE_NAME.replace(chr(39), chr(39) * 2)}'\n", "utf-8")
    result = run_cvkit("export", profile, "-f", "markdown", "-f", "text", "-o", tmp_path / "o")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert names == ["Zoë_script_alert_n_script_蔡伟林_Co._100_1_x_user_name_brace_textbf_x_CV"
                     + s for s in (".md", ".txt")]
    for stem in ["--rm -rf /", "...", "", " ", "&&", "-.-x", "a/../b", "CON", "x.", "कृष्ण मेनन"]:
        safe = safe_filename(stem)
        assert safe and safe[0] not in "-." and not safe.endswith("."), (stem, safe)
        assert all(c in "-_." or unicodedata.category(c)[0] in "LMN" for c in safe), safe
    assert safe_filename("कृष्ण मेनन") == "कृष्ण_मेनन"
    # --name still decides the stem, under the same rule.
    named = run_cvkit("export", profile, "-f", "text", "--name", "my cv (2026)", "-o",
                      tmp_path / "n")
    assert named.returncode == 0 and (tmp_path / "n" / "my_cv_2026.txt").exists()


def test_counts_are_in_words(tmp_path: Path) -> None:
    one_page = tmp_path / "p.yaml"
    one_page.write_text("name: Ada Park\n", encoding="utf-8")
    result = run_cvkit("export", one_page, "-f", "pdf", "-o", tmp_path / "o")
    assert result.returncode == 0 and "(1 page)" in result.stdout, result.stdout


def test_a_flag_shows_no_type_and_an_option_with_a_value_does() -> None:
    shown = run_cvkit("export", "--help", env={"COLUMNS": "100"}).stdout
    lines = {line.split()[0]: line for line in shown.splitlines()
             if line.strip().startswith("--")}
    assert lines["--selected"].split()[1] == "Only", lines["--selected"]  # no BOOLEAN
    assert lines["--compile"].split()[1] == "LaTeX:", lines["--compile"]
    assert "--photo / --no-photo" in shown
    assert lines["--since"].split()[1] == "INTEGER"
    assert lines["--max-entries"].split()[1] == "SECTION=N"


def test_email_is_checked_with_its_position(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada\ncontact:\n  email: not-an-email\n", encoding="utf-8")
    result = run_cvkit("validate", profile)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "p.yaml:3:10: contact.email: expected an email address like ada@example.org, " \
           "found 'not-an-email'" in result.stderr
    profile.write_text("name: Ada\ncontact:\n  email: zoë.o+cv@例え.jp\n", encoding="utf-8")
    assert run_cvkit("validate", profile).returncode == 0


def test_formats_as_a_comma_list_and_in_any_case(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "minimal.yaml", "-f", "PDF,docx",
                       "-f", "Text", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf", ".txt"]


def test_help_texts_print_as_written() -> None:
    """Each command's --help prints every argument's and option's help as written (a help
    text's brackets, '[at]', once vanished in a markup pass)."""
    import re

    import click

    from cvkit.cli.app import app

    assert "'ada [at] example [dot] org'" in ExportOptions.help("obfuscate_email")
    for name, command in app.commands.items():
        if isinstance(command, click.Group):
            continue
        flat = re.sub(r"\s+", " ", run_cvkit(name, "--help", env={"COLUMNS": "100"}).stdout)
        for param in command.params:
            help_text = getattr(param, "help", None)
            if help_text:
                assert re.sub(r"\s+", " ", help_text) in flat, (name, help_text)


def test_end_now_is_one_of_the_words_the_schema_and_messages_name(tmp_path: Path) -> None:
    import json

    from cvkit.profile.model.types import PRESENT_WORDS

    schema = json.loads((ROOT / "schemas" / "profile.schema.json").read_text("utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    for word in PRESENT_WORDS:
        assert f"'{word}'" in text and word in text
    assert "seed" not in text  # descriptions speak of the profile only
    profile = tmp_path / "p.yaml"
    profile.write_text("name: A\nexperience:\n  - {organization: X, start: 2020, end: soon}\n",
                       encoding="utf-8")
    result = run_cvkit("validate", profile)
    assert "'present', 'now', 'current' or '至今'" in result.stderr


def test_json_resume_empty_dates_are_absent(tmp_path: Path) -> None:
    import json

    resume = tmp_path / "r.json"
    resume.write_text(json.dumps({"basics": {"name": "A"}, "work": [
        {"name": "X", "startDate": "2020-01", "endDate": ""},
        {"name": "Y", "startDate": "soon"}]}), encoding="utf-8")
    result = run_cvkit("import", "jsonresume", resume, "-o", tmp_path / "p.yaml")
    # Lenient per value (issue 37): the empty end is no end; 'soon' is kept aside, located.
    assert result.returncode == 0 and "/work/0" not in result.stderr
    assert "r.json:1:117: /work/1/startDate: kept: 'soon' is no date cvkit reads" \
        in result.stderr
    written = (tmp_path / "p.yaml").read_text("utf-8")
    assert "end:" not in written and "start: 2020-01" in written
    assert "^" not in result.stderr  # no regular expression


def test_letter_lines_wrap_like_commonmark() -> None:
    from cvkit.document.richtext import LineBreak
    from cvkit.profile.load import load_profile
    from cvkit.view import build_letter

    body = ("Dear committee,\n\nI am applying for the position, building\non my work on "
            "communication.\n\nSincerely,\\\nAda Park\n")
    letter = build_letter(load_profile(ROOT / "examples" / "minimal.yaml"), body)
    dated, *paragraphs = letter.sections[0].paragraphs  # the date first, as letters are
    assert "".join(getattr(n, "text", "") for n in dated)[-4:].isdigit()
    assert not any(isinstance(n, LineBreak) for n in paragraphs[1])
    assert "building on my work" in "".join(getattr(n, "text", "") for n in paragraphs[1])
    assert any(isinstance(n, LineBreak) for n in paragraphs[2])  # the signature keeps it


def test_export_help_names_every_format() -> None:
    """The --format help is made from the registry, so a format added there is listed."""
    from cvkit.exporters import BUILTIN

    shown = " ".join(run_cvkit("export", "--help", env={"COLUMNS": "200"}).stdout.split())
    for name in BUILTIN:
        assert name in shown, name
    assert "bibtex" in shown


def test_type_in_a_paper_suggests_kind(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\npublications:\n"
                       "  - {title: A Paper, authors: [Ada Park], type: journal}\n", "utf-8")
    done = run_cvkit("validate", profile)
    assert done.returncode == 2
    assert "publications[0].type: unknown field 'type' (did you mean 'kind'?)" in done.stderr


def test_markdown_of_a_paper_without_venue_has_no_stray_comma(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\npublications:\n"
                       "  - {title: A Paper, authors: [Ada Park], date: 2025}\n", "utf-8")
    assert run_cvkit("export", profile, "-f", "markdown", "-o", tmp_path).returncode == 0
    text = (tmp_path / "Ada_Park_CV.md").read_text("utf-8")
    assert "\n   2025.\n" in text and ", 2025" not in text


def test_a_misspelt_command_is_answered_with_the_closest() -> None:
    help_alone = run_cvkit("export", "--help", env={"COLUMNS": "100"})
    assert help_alone.returncode == 0 and "Usage: cvkit export [OPTIONS] FILE" in help_alone.stdout
    misspelt = run_cvkit("exprt", "x.yaml")
    assert misspelt.returncode == 2 and "unknown command 'exprt'; did you mean 'export'?" \
        in misspelt.stderr
    assert "Traceback" not in misspelt.stderr


