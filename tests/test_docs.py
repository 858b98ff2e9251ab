"""The documentation: the site builds with `mkdocs build --strict` (a broken link, a missing
anchor or a field without a description fails it), its generated reference pages cover
every command, option and field, and the README stays a short door into it."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, require_tool

sys.path.insert(0, str(ROOT / "scripts"))
import docs_schema  # noqa: E402

import docs  # noqa: E402


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    pages, problems = docs.pages()
    assert problems == []
    return pages


def test_the_site_builds_strict(tmp_path: Path) -> None:
    found = all(importlib.util.find_spec(m) for m in ("mkdocs", "material"))
    require_tool(found, "the Python packages mkdocs and mkdocs-material (pip install -e '.[test]')")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    cli = (site / "reference" / "cli" / "index.html").read_text("utf-8")
    assert "cvkit export" in cli and "--citation-style" in cli
    papers = (site / "reference" / "profile" / "publications" / "index.html").read_text("utf-8")
    assert "publications[].venue" in papers
    assert (site / "pdf-academic-page1.png").is_file()


def _commands() -> list[tuple[str, Any]]:
    from cvkit.cli.app import app

    found = []

    def walk(cmd: Any, path: str) -> None:
        found.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, path if sub.hidden else f"{path} {name}")

    walk(app, "cvkit")
    return found


def test_the_cli_reference_has_every_command_and_option(generated: dict[str, str]) -> None:
    page = generated["reference/cli.md"]
    for path, cmd in _commands():
        if not cmd.hidden:
            assert f"`{path}`" in page, path
        for param in cmd.params:
            hidden = getattr(param, "hidden", False)  # an option's; an argument is shown
            for name in [*param.opts, *param.secondary_opts]:
                if name.startswith("-") and not hidden:
                    assert f"`{name}`" in page, (path, name)
            help_text = getattr(param, "help", None)
            if help_text and not hidden:
                words = " ".join(help_text.split())[:30]
                assert docs_cli_plain(page).count(words), (path, param.name)


def docs_cli_plain(page: str) -> str:
    """The page's text as a reader reads it: Markdown's escapes gone, lines joined."""
    return " ".join(re.sub(r"\\(.)", r"\1", page).split())


def test_the_profile_reference_has_every_field(generated: dict[str, str]) -> None:
    schema = docs_schema.load_schema("profile")
    pages = "".join(text for path, text in generated.items()
                    if path.startswith("reference/profile/"))
    fields = list(docs_schema._flatten(schema.fields()))
    assert len(fields) > 250
    for item in fields:
        heading = f"`{item.path}` {{ #"
        assert heading in pages, item.path
        entry = pages.split(heading, 1)[1].split("\n#", 1)[0]
        assert "**Type:**" in entry, item.path
        assert "```yaml" in entry or item.children, item.path
    for key in ("bundle", "design"):
        for item in docs_schema._flatten(docs_schema.load_schema(key).fields()):
            assert f"`{item.path}`" in generated[f"reference/{key}.md"], (key, item.path)


def test_the_navigation_lists_every_profile_page(generated: dict[str, str]) -> None:
    listed = {path for _, path in docs.profile_page_names()} | {"reference/profile/index.md"}
    assert listed == {p for p in generated if p.startswith("reference/profile/")}


def test_every_design_is_in_the_gallery() -> None:
    page = (ROOT / "docs" / "guide" / "formats.md").read_text("utf-8")
    for theme in sorted(p.name for p in (ROOT / "themes").iterdir() if p.is_dir()):
        assert f"| `{theme}`:" in page, theme
        for fmt in ("pdf", "latex", "docx", "html"):
            picture = f"gallery/{fmt}-{theme}.png"
            assert picture in page and (ROOT / "docs" / picture).is_file(), picture



def test_the_readme_is_a_short_door_into_the_docs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 200
    assert "pip install cvkit-cli" in readme
    assert ("bash scripts/setup.sh && cvkit export examples/weilin-cai.yaml --format all -o out"
            in readme)
    assert "bash tests/run.sh" in readme
    for target in re.findall(r"\]\((docs/[^)#\s]+)", readme):
        assert (ROOT / target).exists(), target
