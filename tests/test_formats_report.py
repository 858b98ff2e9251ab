"""`cvkit formats` and `cvkit doctor`: which formats this machine can make, and what to
install for the others; and the shell completion cvkit installs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvkit.cli.app import app
from cvkit.exporters import available

from .conftest import ROOT, require_tool, run_cvkit


def test_the_report_lists_every_registered_format() -> None:
    done = run_cvkit("formats")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines()
              if line and not line.startswith(" ")]
    assert listed == available()


def test_json_parses_and_names_every_format() -> None:
    done = run_cvkit("formats", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [f["format"] for f in found] == available()
    by_name = {f["format"]: f for f in found}
    assert by_name["html"]["ready"] and by_name["html"]["needs"] == []
    assert by_name["docx"]["ready"]  # LibreOffice is optional: only to preview or convert
    assert all(not n["required"] for n in by_name["docx"]["needs"])
    for report in found:
        for need in report["needs"]:
            assert set(need) == {"what", "ok", "install", "required", "note"}
            assert need["install"]  # every need names the package that brings it


def test_without_programs_latex_compile_names_the_packages() -> None:
    done = run_cvkit("formats", env={"PATH": "/nonexistent"})
    assert done.returncode == 0, done.stderr  # a report: exit 0 whatever is missing
    latex = done.stdout.split("\nlatex")[1].split("\nmarkdown")[0]
    assert "--compile cannot run here" in latex
    assert "latexmk" in latex and "apt-get install latexmk" in latex
    assert "apt-get install texlive-xetex" in latex
    assert "apt-get install fontconfig" in done.stdout
    as_json = json.loads(run_cvkit("formats", "--json", env={"PATH": "/nonexistent"}).stdout)
    latex_needs = next(f for f in as_json if f["format"] == "latex")["needs"]
    assert {"latexmk": False} == {n["install"]: n["ok"] for n in latex_needs
                                  if n["install"] == "latexmk"}


def test_show_completion_prints_a_bash_script() -> None:
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="cvkit",
                                env={"SHELL": "/bin/bash"})
    assert result.exit_code == 0, result.output
    assert "_cvkit_completion" in result.output and "complete " in result.output
    assert "_CVKIT_COMPLETE" in result.output


@pytest.mark.parametrize(("shell", "script", "start_up"), [
    ("zsh", ".zfunc/_cvkit", ".zshrc"), ("fish", ".config/fish/completions/cvkit.fish", None)])
def test_install_completion_puts_the_script_where_the_shell_reads_it(
        shell: str, script: str, start_up: str | None, tmp_path: Path) -> None:
    """The login shell's (from $SHELL) when none is named; installing twice adds the
    start-up line once; a shell Click cannot complete is refused by name."""
    env = {"HOME": str(tmp_path), "SHELL": f"/usr/bin/{shell}"}
    for _ in range(2):
        done = CliRunner().invoke(app, ["--install-completion"], prog_name="cvkit", env=env)
        assert done.exit_code == 0, done.output
    assert "_CVKIT_COMPLETE" in (tmp_path / script).read_text("utf-8")
    if start_up is not None:
        assert (tmp_path / start_up).read_text("utf-8").count("fpath+=~/.zfunc") == 1
    refused = CliRunner().invoke(app, ["--install-completion", "tcsh"], prog_name="cvkit",
                                 env=env)
    assert refused.exit_code == 2 and "expected one of bash, zsh, fish, found 'tcsh'" \
        in refused.output
    no_shell = CliRunner().invoke(app, ["--show-completion"], prog_name="cvkit",
                                  env={"SHELL": None})
    assert no_shell.exit_code == 2 and "$SHELL is not set: name the shell" in no_shell.output
    (tmp_path / "a-file").write_text("", "utf-8")  # a home that is no folder: said, no traceback
    blocked = CliRunner().invoke(app, ["--install-completion"], prog_name="cvkit",
                                 env={**env, "HOME": str(tmp_path / "a-file")})
    assert blocked.exit_code == 1 and "is a file, not a folder" in blocked.output
    assert blocked.exception is None or isinstance(blocked.exception, SystemExit)


def test_completion_of_a_misspelt_word_is_no_error_and_an_old_script_is_told() -> None:
    """Completing after a word that is no command lists what there is (no usage error's
    traceback in the terminal); a script installed when cvkit's command line was Typer's
    (it asks ``complete_bash``) is told to install again."""
    misspelt = run_cvkit(env={"_CVKIT_COMPLETE": "bash_complete",
                              "COMP_WORDS": "cvkit exprot ", "COMP_CWORD": "2"})
    assert misspelt.returncode == 0 and "Traceback" not in misspelt.stderr, misspelt.stderr
    assert "plain,export" in misspelt.stdout.splitlines()
    old = run_cvkit(env={"_CVKIT_COMPLETE": "complete_bash", "COMP_WORDS": "cvkit exp",
                         "COMP_CWORD": "1"})
    assert old.returncode == 1 and old.stdout == ""
    assert "run `cvkit --install-completion` again" in old.stderr


def test_doctor_reports_every_format_and_exits_by_them() -> None:
    done = run_cvkit("doctor", "--json")
    found = json.loads(done.stdout)
    assert [f["format"] for f in found["formats"]] == available()
    assert done.returncode == (0 if found["ok"] else 1), done.stderr
    assert found["ok"] == (found["incomplete"] == [])
    latex = next(f for f in found["formats"] if f["format"] == "latex")
    packages = [n for n in latex["needs"] if n["what"].startswith("LaTeX package")]
    assert {n["install"] for n in packages} >= {"texlive-latex-extra", "texlive-lang-cjk"}
    pdf = next(f for f in found["formats"] if f["format"] == "pdf")
    if pdf["ready"]:  # WeasyPrint imported: its versions and its Pango's are named
        assert re.search(r"WeasyPrint [\d.]+, Pango 1\.\d+\.\d+", pdf["needs"][0]["what"])
    assert [t["install"] for t in found["tools"]] == ["chromium"]


def test_doctor_without_tex_names_the_packages_and_exits_1() -> None:
    done = run_cvkit("doctor", env={"PATH": "/nonexistent"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "missing   pdflatex (for --compile) -- apt-get install texlive-latex-recommended" \
        in done.stdout
    assert "-- apt-get install texlive-latex-extra" in done.stdout  # enumitem, titlesec ...
    last = done.stdout.strip().splitlines()
    assert any(line.startswith("not every format works here: latex; install what they "
                               "need: apt-get install ") and "texlive-xetex" in line
               for line in last[-2:])
    found = json.loads(run_cvkit("doctor", "--json", env={"PATH": "/nonexistent"}).stdout)
    assert found["ok"] is False and "latex" in found["incomplete"]
    assert {"texlive-latex-base", "texlive-latex-extra", "texlive-xetex"} <= \
        set(found["install"])
    assert "chromium" in found["install_all"] and "chromium" not in found["install"]


def test_bash_completes_cvkit_commands(tmp_path: Path) -> None:
    """The script --install-completion bash writes, sourced by bash, completes the commands
    (the doctor among them) by asking cvkit itself."""
    require_tool(shutil.which("bash") is not None, "bash")
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    command = bin_dir / "cvkit"  # `cvkit` on PATH, running this checkout
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cvkit "$@"\n', encoding="utf-8")
    command.chmod(0o755)
    env = {"HOME": str(home), "SHELL": "/bin/bash", "PYTHONPATH": str(ROOT),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = run_cvkit("--install-completion", "bash", env=env)
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "cvkit.sh"
    assert f"source '{script}'" in (home / ".bashrc").read_text("utf-8")
    completed = subprocess.run(
        ["bash", "--norc", "-c", f"source '{script}'; COMP_WORDS=(cvkit ''); COMP_CWORD=1; "
         "_cvkit_completion cvkit; printf '%s\\n' \"${COMPREPLY[@]}\""],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert {"export", "doctor", "formats", "bundle", "serve"} <= set(completed.stdout.split()), \
        completed


@pytest.mark.parametrize("binding", ["present", "moved"])
def test_the_weasyprint_line_names_pango_through_its_internal_binding_or_says_unknown(
        binding: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    """The Pango version is read from WeasyPrint's internal binding; where that binding has
    moved, the line says so and the import alone decides that PDFs can be made."""
    from cvkit.build import machine

    if binding == "moved":
        monkeypatch.setitem(sys.modules, "weasyprint.text.ffi", None)  # import fails
    exec(machine._VERSIONS, {})  # noqa: S102 - the child's own code, run here
    line = capsys.readouterr().out.strip()
    assert line.startswith("WeasyPrint ")
    if binding == "moved":
        assert line.endswith("Pango version unknown")
    else:
        assert re.fullmatch(r"WeasyPrint \S+, Pango \d+\.\d+\.\d+", line)
