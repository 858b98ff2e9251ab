"""`cvkit init --github-pages` (issue 30, item 4; issue 36, item 5): the workflow validates
against GitHub's schema, goes to the repository's root with the profile's path from there,
and its steps, run here from that root, export a site and a PDF that pass `cvkit check`. An
existing Jekyll site is never replaced: the command refuses, writes nothing and says how to
keep it, and `--keep-jekyll` writes the CV into that site instead. (That the install line
resolves to this project: tests/test_packaging.py, against the built wheel.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cvkit.live import github_pages
from cvkit.support.version import __version__

from .conftest import ROOT, run_cvkit

WORKFLOW = Path(".github") / "workflows" / "cvkit.yml"


def _git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def _valid_for_github(workflow: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _run_steps(root: Path, workflow: Any) -> list[str]:
    """The workflow's own commands, run from the repository's root as GitHub runs them
    (system packages and the install aside: this test's cvkit is installed already)."""
    env = {**os.environ, **workflow["env"]}
    ran = []
    for step in workflow["jobs"]["build"]["steps"]:
        command = step.get("run")
        if not command or "apt-get" in command:
            continue  # system packages: .ci/run installs the same ones here
        if "pip install" in command:
            assert command == 'python -m pip install "$CVKIT_INSTALL"'
            continue
        command = command.replace("${{ steps.pages.outputs.base_url }}",
                                  "https://ada.github.io/my-cv")
        done = subprocess.run(["bash", "-ec", command.replace("cvkit ", f"{sys.executable} "
                                                              "-m cvkit ", 1)],
                              cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        ran.append(command)
    return ran


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the profile in a subfolder, `cvkit init` run from there."""
    root = tmp_path / "my-cv"
    (root / "cv").mkdir(parents=True)
    _git_init(root)
    result = run_cvkit("init", "profile.yaml", "--github-pages", cwd=root / "cv")
    assert result.returncode == 0, result.stderr
    assert "Settings > Pages > Source: GitHub Actions" in result.stdout
    assert "the profile as cv/profile.yaml" in result.stdout
    assert "note:" not in result.stderr  # a repository was found
    return root


def test_the_workflow_is_valid_for_github(repo: Path) -> None:
    workflow = repo / WORKFLOW
    _valid_for_github(workflow)
    data = _load(workflow)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert data["env"]["CVKIT_INSTALL"] == f"cvkit-cli=={__version__}"
    uses = [s.get("uses", "") for s in data["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert data["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_workflow_is_at_the_root_naming_the_profile_from_there(repo: Path) -> None:
    assert (repo / WORKFLOW).is_file()
    assert not (repo / "cv" / ".github").exists()  # GitHub would never read it there
    assert (repo / "cv" / "profile.yaml").is_file()
    assert _load(repo / WORKFLOW)["env"]["PROFILE"] == "cv/profile.yaml"


def test_the_workflow_steps_run_from_the_root(repo: Path) -> None:
    ran = _run_steps(repo, _load(repo / WORKFLOW))
    assert len(ran) == 2
    site = repo / "_site"
    assert (site / "index.html").is_file()
    assert "https://ada.github.io/my-cv/" in (site / "sitemap.xml").read_text("utf-8")
    pdf = next(site.glob("*.pdf"))
    checked = run_cvkit("check", pdf, "--profile", repo / "cv" / "profile.yaml")
    assert checked.returncode == 0, checked.stdout


def test_a_profile_at_the_root(tmp_path: Path) -> None:
    _git_init(tmp_path)
    done = run_cvkit("init", "profile.yaml", "--github-pages", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _load(tmp_path / WORKFLOW)["env"]["PROFILE"] == "profile.yaml"


def test_a_profile_named_from_elsewhere_in_the_repository(tmp_path: Path) -> None:
    _git_init(tmp_path)
    (tmp_path / "notes").mkdir()
    done = run_cvkit("init", "../cv/me.yaml", "--github-pages", cwd=tmp_path / "notes")
    assert done.returncode == 0, done.stderr
    assert _load(tmp_path / WORKFLOW)["env"]["PROFILE"] == "cv/me.yaml"
    assert (tmp_path / "cv" / "me.yaml").is_file()


def test_without_git_the_current_folder_stands_for_the_root(tmp_path: Path) -> None:
    if any((folder / ".git").exists() for folder in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git repository")
    done = run_cvkit("init", "cv/profile.yaml", "--github-pages", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no git repository" in done.stderr and "the current folder" in done.stderr
    assert _load(tmp_path / WORKFLOW)["env"]["PROFILE"] == "cv/profile.yaml"


def test_an_existing_workflow_is_kept(repo: Path) -> None:
    again = run_cvkit("init", "profile.yaml", "--github-pages", cwd=repo / "cv")
    assert again.returncode == 1 and "exists; use --force" in again.stderr


# The three ways a Jekyll site shows itself at a repository's root.
ACADEMICPAGES_CONFIG = {"_config.yml": 'title: "Ada"\nremote_theme: academicpages/'
                                       'academicpages.github.io\n'}
PLAIN_CONFIG_AND_POSTS = {"_config.yml": "title: Ada\n", "_posts/2025-01-01-hello.md": "hi\n"}
JEKYLL_WORKFLOW = {".github/workflows/jekyll.yml": """\
name: Deploy Jekyll site to Pages
on: {push: {branches: [main]}}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/jekyll-build-pages@v1
      - uses: actions/upload-pages-artifact@v3
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/deploy-pages@v4
"""}


def _site(root: Path, files: dict[str, str]) -> Path:
    _git_init(root)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("files", [ACADEMICPAGES_CONFIG, PLAIN_CONFIG_AND_POSTS,
                                   JEKYLL_WORKFLOW], ids=["config", "posts", "workflow"])
def test_an_existing_jekyll_site_is_never_replaced(tmp_path: Path,
                                                   files: dict[str, str]) -> None:
    root = _site(tmp_path / "site", files)
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
    done = run_cvkit("init", "cv/profile.yaml", "--github-pages", cwd=root)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {root} is a Jekyll site (")
    assert "nothing was written" in done.stderr
    assert "cvkit export cv/profile.yaml -f jekyll,pdf -o ." in done.stderr  # keep it by hand
    assert "cvkit import academicpages . -o cv/profile.yaml" in done.stderr  # no profile yet
    if files is JEKYLL_WORKFLOW:
        assert "add these steps to .github/workflows/jekyll.yml" in done.stderr
    else:
        assert "cvkit init cv/profile.yaml --github-pages --keep-jekyll" in done.stderr
    after = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
    assert after == before  # no workflow, no profile


def test_the_steps_offered_for_a_jekyll_workflow_are_workflow_steps(tmp_path: Path) -> None:
    root = _site(tmp_path, JEKYLL_WORKFLOW)
    with pytest.raises(github_pages.JekyllSiteError) as caught:
        github_pages.workflow(Path("cv/profile.yaml"), cwd=root, keep_jekyll=True)
    lines = str(caught.value).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("To put your CV")))
    steps = [line for line in lines[start + 1:] if line.startswith("      ")]
    parsed = YAML(typ="safe").load("\n".join(steps))
    assert parsed[0]["uses"].startswith("actions/setup-python@")
    assert parsed[2]["run"] == f"python -m pip install cvkit-cli=={__version__}"
    assert parsed[3]["run"] == ("cvkit export cv/profile.yaml -f jekyll,pdf -o . "
                                "&& rm -- cv/profile.yaml")


def test_other_tools_config_files_are_not_jekyll(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: My book\nexecute:\n  execute_notebooks: "
                                          "auto\n", encoding="utf-8")  # Jupyter Book's
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    assert github_pages.find_jekyll_site(tmp_path) is None
    assert github_pages.find_jekyll_site(_site(tmp_path / "empty", {})) is None


def test_keep_jekyll_needs_a_jekyll_site(tmp_path: Path) -> None:
    _git_init(tmp_path)
    done = run_cvkit("init", "profile.yaml", "--github-pages", "--keep-jekyll", cwd=tmp_path)
    assert done.returncode == 1 and "holds no Jekyll site" in done.stderr
    assert not (tmp_path / WORKFLOW).exists() and not (tmp_path / "profile.yaml").exists()


def test_keep_jekyll_writes_the_cv_into_the_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "academicpages", root)
    _git_init(root)
    (root / "cv").mkdir()
    shutil.copy(ROOT / "examples" / "minimal.yaml", root / "cv" / "profile.yaml")
    done = run_cvkit("init", "cv/profile.yaml", "--github-pages", "--keep-jekyll", cwd=root)
    assert done.returncode == 0, done.stderr
    workflow = root / WORKFLOW
    _valid_for_github(workflow)
    data = _load(workflow)
    assert data["env"]["PROFILE"] == "cv/profile.yaml"
    assert data["env"]["CVKIT_INSTALL"] == f"cvkit-cli=={__version__}"
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = data["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    exported = next(i for i, s in enumerate(steps) if "-f jekyll,pdf -o ." in s.get("run", ""))
    built = uses.index("actions/jekyll-build-pages")
    assert exported < built < uses.index("actions/upload-pages-artifact")
    assert steps[built]["with"] == {"source": "./", "destination": "./_site"}

    assert len(_run_steps(root, data)) == 3
    assert (root / "files" / "José_Ångström_CV.pdf").is_file()
    about = (root / "_pages" / "about.md").read_text("utf-8")
    assert "Software Engineer" in about  # the profile's, over the site's own about page
    assert not (root / "cv" / "profile.yaml").exists()  # the profile is not published
    assert (root / "_config.yml").is_file() and not (root / "_site").exists()
