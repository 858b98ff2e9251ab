"""`cvkit init --github-pages` (issue 30, item 4): the workflow validates against GitHub's
schema, and its steps, run here in a clean folder, export a site and a PDF that pass
`cvkit check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import run_cvkit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "my-cv"
    folder.mkdir()
    result = run_cvkit("init", "profile.yaml", "--github-pages", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Settings > Pages > Source: GitHub Actions" in result.stdout
    return folder


def test_the_workflow_is_valid_for_github(repo: Path) -> None:
    workflow = repo / ".github" / "workflows" / "cvkit.yml"
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    data = YAML(typ="safe").load(workflow.read_text("utf-8"))
    assert data["env"]["PROFILE"] == "profile.yaml"
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [s.get("uses", "") for s in data["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert data["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_workflow_steps_run_in_a_clean_folder(repo: Path) -> None:
    workflow = YAML(typ="safe").load((repo / ".github" / "workflows" / "cvkit.yml")
                                     .read_text("utf-8"))
    env = {**os.environ, **workflow["env"]}
    ran = []
    for step in workflow["jobs"]["build"]["steps"]:
        command = step.get("run")
        if not command or "apt-get" in command:
            continue  # system packages: .ci/run installs the same ones here
        if "pip install" in command:
            assert '"$CVKIT_INSTALL"' in command  # this test's cvkit is installed already
            continue
        command = command.replace("${{ steps.pages.outputs.base_url }}",
                                  "https://ada.github.io/my-cv")
        done = subprocess.run(["bash", "-ec", command.replace("cvkit ", f"{sys.executable} "
                                                              "-m cvkit ", 1)],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        ran.append(command)
    assert len(ran) == 2
    site = repo / "_site"
    assert (site / "index.html").is_file()
    assert "https://ada.github.io/my-cv/" in (site / "sitemap.xml").read_text("utf-8")
    pdf = next(site.glob("*.pdf"))
    checked = run_cvkit("check", pdf, "--profile", repo / "profile.yaml")
    assert checked.returncode == 0, checked.stdout


def test_an_existing_workflow_is_kept(repo: Path) -> None:
    again = run_cvkit("init", "profile.yaml", "--github-pages", cwd=repo)
    assert again.returncode == 1 and "exists; use --force" in again.stderr
