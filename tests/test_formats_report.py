"""`cvkit formats`: which formats this machine can make, and what to install for the others;
and the shell completion Typer installs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cvkit.cli import app
from cvkit.exporters import available

from .conftest import run_cvkit


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
