"""Templates ship inside the wheel: a plain install, run from another folder, works; and the
install line the GitHub Pages workflow writes resolves to this project (issue 36, item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib.metadata import distributions
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cvkit.support.version import __version__

from .conftest import ROOT, run_cvkit


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                             "--outdir", str(out), str(ROOT)], capture_output=True, text=True)
    if result.returncode != 0 and "No module named build" in result.stderr:
        pytest.skip("the 'build' package is not installed (pip install '.[test]')")
    assert result.returncode == 0, result.stderr[-2000:]
    return next(out.glob("*.whl"))


def test_wheel_contains_templates_and_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cvkit/templates/markdown/default/cv.md.j2" in names
    assert "cvkit/schemas/profile.schema.json" in names
    for fmt in ("pdf", "html", "latex", "docx", "text"):
        assert any(n.startswith(f"cvkit/templates/{fmt}/") for n in names) or \
            fmt == "docx", fmt  # Word styles are built from the design, with no template
    for theme in ("academic", "industry"):
        assert f"cvkit/themes/{theme}/design.yaml" in names
    assert "cvkit/locales/en.yaml" in names and "cvkit/locales/zh.yaml" in names
    assert "cvkit/schemas/jsonresume.schema.json" in names


def test_installed_wheel_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(target), str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "p.yaml").write_text((ROOT / "examples" / "minimal.yaml").read_text("utf-8"),
                                 encoding="utf-8")
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "cvkit", "export", "p.yaml", "-f", "all",
                             "-o", "o"], cwd=work, capture_output=True, text=True,
                            env={**env, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    for name in ("José_Ångström_CV.md", "José_Ångström_CV.txt", "José_Ångström_CV.pdf",
                 "José_Ångström_CV.docx", "José_Ångström_CV.tex", "José_Ångström_CV.json",
                 "index.html", "assets/style.css"):
        assert (work / "o" / name).is_file(), name
    assert "cvkit" in (work / "o" / "index.html").read_text("utf-8")


def test_wheel_carries_the_compiled_templates(wheel: Path) -> None:
    """Every template of every built-in format, compiled into a module the wheel carries as
    source (pip byte-compiles it on install, as any module); none of a checkout's bytecode."""
    from cvkit.exporters.template_modules import FORMATS

    packed = zipfile.ZipFile(wheel)
    names = set(packed.namelist())
    manifest = json.loads(packed.read("cvkit/exporters/_compiled_templates/manifest.json"))
    assert manifest["python"] is None
    compiled = set()
    for folders in manifest["environments"].values():
        for key, folder in folders.items():
            for name, entry in folder["templates"].items():
                assert entry["module"].endswith(".py")
                compiled_dir = f"cvkit/exporters/_compiled_templates/{folder['dir']}"
                assert f"{compiled_dir}/{entry['module']}" in names
                compiled.add(f"cvkit/{key}/{name}")
    parts = [n.split("/") for n in names]
    shipped = {"/".join(p) for p in parts if len(p) > 4 and (  # templates/<fmt>/<set>/...
        p[1] == "templates" and p[2] in FORMATS or p[1] == "themes" and p[3] in FORMATS)}
    assert shipped and shipped == compiled
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]


HOMEPAGE = """
import json, sys
from cvkit.build import api
from cvkit.exporters import templating
api.export("p.yaml", ["html"], sys.argv[1])
print(json.dumps(templating.served()))
"""


def test_installed_wheel_renders_the_homepage_from_its_compiled_templates(
        wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(target), str(wheel)], check=True)
    (tmp_path / "p.yaml").write_text((ROOT / "examples" / "weilin-cai.yaml")
                                     .read_text("utf-8"), encoding="utf-8")
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "SOURCE_DATE_EPOCH": "1767225600"}
    served = {}
    for out, switch in (("compiled", {}), ("source", {"CVKIT_NO_COMPILED_TEMPLATES": "1"})):
        done = subprocess.run([sys.executable, "-c", HOMEPAGE, out], cwd=tmp_path,
                              capture_output=True, text=True, env={**env, **switch})
        assert done.returncode == 0, done.stderr
        served[out] = json.loads(done.stdout.splitlines()[-1])
    index = str(target / "cvkit" / "templates" / "html" / "base" / "index.html.j2")
    assert served["compiled"][index] == "compiled"
    assert set(served["compiled"].values()) == {"compiled"}
    assert set(served["source"].values()) == {"source"}
    files = sorted(p.relative_to(tmp_path / "compiled") for p in
                   (tmp_path / "compiled").rglob("*") if p.is_file())
    assert Path("index.html") in files
    for name in files:
        assert (tmp_path / "compiled" / name).read_bytes() == \
            (tmp_path / "source" / name).read_bytes(), name


def test_the_pages_workflow_installs_this_project(wheel: Path, tmp_path: Path) -> None:
    """The requirement `cvkit init --github-pages` writes, resolved by pip against this
    project's wheel alone (no index, no network, no pip configuration), installs this
    project: its name, its version, its `cvkit` command, its workflow templates. (`cvkit`
    on the package index is an unrelated library: that requirement would not resolve here.)"""
    repo = tmp_path / "repo"
    repo.mkdir()
    done = run_cvkit("init", "profile.yaml", "--github-pages", cwd=repo)
    assert done.returncode == 0, done.stderr
    workflow = YAML(typ="safe").load((repo / ".github" / "workflows" / "cvkit.yml")
                                     .read_text("utf-8"))
    requirement = workflow["env"]["CVKIT_INSTALL"]
    assert requirement == f"cvkit-cli=={__version__}"

    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    target = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps",
                          "--no-cache-dir", "--find-links", str(wheel.parent), "--target",
                          str(target), requirement], capture_output=True, text=True, env=env)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    installed = list(distributions(path=[str(target)]))
    assert [(d.metadata["Name"], d.version) for d in installed] == \
        [("cvkit-cli", __version__)]
    scripts = [(e.name, e.value) for e in installed[0].entry_points
               if e.group == "console_scripts"]
    assert scripts == [("cvkit", "cvkit.cli.launch:main")]
    for name in ("github-pages.yml", "github-pages-jekyll.yml"):
        assert (target / "cvkit" / "live" / name).is_file(), name
    command = subprocess.run([str(target / "bin" / "cvkit"), "--version"], capture_output=True,
                             text=True, env={**env, "PYTHONPATH": str(target)})
    assert command.returncode == 0, command.stderr
    assert command.stdout.strip() == f"cvkit {__version__}"
    unrelated = subprocess.run([sys.executable, "-m", "pip", "download", "--no-index",
                                "--no-deps", "--find-links", str(wheel.parent), "-d",
                                str(tmp_path / "x"), f"cvkit=={__version__}"],
                               capture_output=True, text=True, env=env)
    assert unrelated.returncode != 0  # the old line named another distribution
