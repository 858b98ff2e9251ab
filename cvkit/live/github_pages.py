"""The GitHub Pages workflow `cvkit init --github-pages` writes: where it goes (the
repository's root, since GitHub reads workflows nowhere else), what it installs (this
project, by its own distribution name, at this version), and the Jekyll site it must never
replace without a word. A leaf: it imports only cvkit's version and errors, and it reads
files but writes none (the command writes what it returns).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from cvkit.support.errors import CvkitError
from cvkit.support.version import __version__

# The name this project is installed by. `cvkit` on the package index is an unrelated
# computer-vision library; the command and the import name stay `cvkit`.
DISTRIBUTION = "cvkit-cli"
WORKFLOW = Path(".github") / "workflows" / "cvkit.yml"
# What the Jekyll variant's export writes into the site (the Jekyll exporter's files).
JEKYLL_WRITES = "the CV PDF (files/) and the Jekyll pages (_pages/about.md, _publications/, " \
    "_talks/, _teaching/)"

# A `_config.yml` that says Jekyll: academicpages, its minimal-mistakes base, a Jekyll
# plugin or comment, a theme. (Other tools' `_config.yml`, Jupyter Book's, say none of it.)
_JEKYLL_CONFIG = re.compile(r"academicpages|minimal[-_]mistakes|jekyll|^\s*(remote_)?theme\s*:",
                            re.IGNORECASE | re.MULTILINE)
_JEKYLL_FOLDERS = ("_pages", "_posts", "_layouts", "_includes")
_PAGES_DEPLOY = re.compile(r"actions/(deploy-pages|upload-pages-artifact|jekyll-build-pages)"
                           r"|peaceiris/actions-gh-pages|\bgh-pages\b", re.IGNORECASE)


def requirement() -> str:
    """The pip requirement of exactly this cvkit: its distribution at its version."""
    return f"{DISTRIBUTION}=={__version__}"


def repository_root(profile: Path, cwd: Path) -> tuple[Path, bool]:
    """The nearest folder at or above the profile's that holds `.git` (a folder, or the file
    a worktree or a submodule has), and True. Without one: the current folder when the
    profile is inside it, else the profile's folder, and False."""
    start = (cwd / profile).resolve().parent
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder, True
    here = cwd.resolve()
    return (here if start.is_relative_to(here) else start), False


@dataclass(frozen=True)
class JekyllSite:
    """A Jekyll site at a repository's root, and what gave it away."""

    evidence: str  # "_config.yml names academicpages"
    workflow: Path | None = None  # a workflow (relative to the root) deploying it to Pages


def find_jekyll_site(root: Path) -> JekyllSite | None:
    """The Jekyll site at ``root``, if there is one: a `_config.yml` that says Jekyll, a
    `_config.yml` beside Jekyll's folders (`_pages`, `_posts` ...), or a workflow (other
    than cvkit's own) that builds with Jekyll and deploys to Pages."""
    for workflow in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        if workflow.name == WORKFLOW.name or not workflow.is_file():
            continue
        text = _read(workflow)
        if re.search("jekyll", text, re.IGNORECASE) and _PAGES_DEPLOY.search(text):
            return JekyllSite(f"{workflow.relative_to(root)} builds it with Jekyll and "
                              "deploys it to Pages", workflow.relative_to(root))
    config = next((root / name for name in ("_config.yml", "_config.yaml")
                   if (root / name).is_file()), None)
    if config is None:
        return None
    found = _JEKYLL_CONFIG.search(_read(config))
    if found:
        return JekyllSite(f"{config.name} names {found.group(0).strip().rstrip(':').strip()}")
    folders = [f"{name}/" for name in _JEKYLL_FOLDERS if (root / name).is_dir()]
    if folders:
        return JekyllSite(f"{config.name} beside {', '.join(folders)}")
    return None


def _read(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.read(1 << 20)  # a config or a workflow; the first MiB says enough
    except OSError:
        return ""


class JekyllSiteError(CvkitError):
    """A Pages workflow from cvkit would replace (or race) the Jekyll site at the root."""


@dataclass(frozen=True)
class Workflow:
    """The workflow to write, and where."""

    root: Path  # the repository's root (or the folder standing for it)
    in_git: bool  # False: no `.git` was found above the profile
    profile: str  # the profile's path from the root, as the workflow names it
    path: Path  # root / .github/workflows/cvkit.yml
    text: str
    jekyll: JekyllSite | None  # the site the workflow writes into (keep_jekyll)


def workflow(profile: Path, *, cwd: Path, keep_jekyll: bool = False,
             given: str | None = None) -> Workflow:
    """The Pages workflow for ``profile`` (a path from ``cwd``): at the repository's root,
    naming the profile from there. Raises JekyllSiteError where it would replace a Jekyll
    site (unless ``keep_jekyll``: then the workflow writes the CV into that site) or race a
    workflow that already deploys it; ``given`` is the profile as the user wrote it, for the
    commands the message suggests."""
    root, in_git = repository_root(profile, cwd)
    relative = (cwd / profile).resolve().relative_to(root).as_posix()
    site = find_jekyll_site(root)
    if site is not None and (site.workflow is not None or not keep_jekyll):
        message = _keep_site_message(root, site, relative, given or str(profile))
        if not (cwd / profile).exists():
            message += (f"\n(No {relative} yet: `cvkit import academicpages . -o "
                        f"{shlex.quote(relative)}` in {root} makes it from the site.)")
        raise JekyllSiteError(message)
    if site is None and keep_jekyll:
        raise JekyllSiteError(f"--keep-jekyll: {root} holds no Jekyll site (no _config.yml "
                              "that says Jekyll); without --keep-jekyll the workflow publishes "
                              "cvkit's own homepage")
    template = "github-pages-jekyll.yml" if keep_jekyll else "github-pages.yml"
    text = Path(__file__).with_name(template).read_text("utf-8")
    text = text.replace("{profile}", json.dumps(relative, ensure_ascii=False)) \
        .replace("{requirement}", json.dumps(requirement()))
    return Workflow(root, in_git, relative, root / WORKFLOW, text, site)


def _keep_site_message(root: Path, site: JekyllSite, relative: str, given: str) -> str:
    export = f"cvkit export {shlex.quote(relative)} -f jekyll,pdf -o ."
    head = f"{root} is a Jekyll site ({site.evidence})"
    commit = f"run in {root}\n  {export}\nand commit what it writes."
    if site.workflow is not None:
        return (f"{head}, and a second Pages workflow would race the one it has, so nothing "
                f"was written.\nTo put your CV into that site, add these steps to "
                f"{site.workflow} before its Jekyll build:\n{_steps(relative)}\n"
                f"Or, without a workflow, {commit}")
    return (f"{head}: a Pages workflow from cvkit would publish cvkit's homepage in its "
            "place, so nothing was written.\nTo keep your site and put your CV into it, "
            f"either\n  cvkit init {shlex.quote(given)} --github-pages --keep-jekyll\n"
            f"(a workflow that on every push writes {JEKYLL_WRITES} into the site, then "
            "builds it with GitHub's Jekyll build and deploys it), or, without a workflow, "
            + commit)


def _steps(relative: str) -> str:
    """The steps that write the CV into a Jekyll site, for a workflow of the user's own."""
    profile = shlex.quote(relative)
    return "\n".join([
        "      - uses: actions/setup-python@v5",
        "        with:",
        '          python-version: "3.11"',
        "      - run: sudo apt-get update && sudo apt-get install -y --no-install-recommends "
        "libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk",
        f"      - run: python -m pip install {shlex.quote(requirement())}",
        f"      - run: cvkit export {profile} -f jekyll,pdf -o . && rm -- {profile}",
    ])
