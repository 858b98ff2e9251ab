"""Templates ship inside the wheel: a plain install, run from another folder, works."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


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
