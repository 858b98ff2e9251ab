"""The folders an assistant may reach: every path a tool reads or writes resolves (symlinks
followed) inside one of them, or the call is refused naming them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cvkit.support.errors import CvkitError
from cvkit.support.output import is_within


class OutsideRoots(CvkitError):
    """A path that resolves outside every root: the call is refused, nothing read or
    written."""

    def __init__(self, given: str, resolved: Path, roots: tuple[Path, ...]) -> None:
        self.given = given
        self.resolved = resolved
        self.roots = roots
        where = "" if str(resolved) == given else f" (it resolves to {resolved})"
        super().__init__(f"{given!r} is outside the folders this server may read and write"
                         f"{where}; allowed: {', '.join(map(str, roots))}")


@dataclass(frozen=True)
class Roots:
    """The allowed folders, resolved; a relative path is taken from the first."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, given: Iterable[Path | str]) -> Roots:
        """The folders as given (each must exist), resolved once, each named once."""
        found: list[Path] = []
        for folder in given:
            real = Path(folder).resolve()
            if not real.is_dir():
                raise CvkitError(f"--root {folder}: no such folder")
            if real not in found:
                found.append(real)
        if not found:
            raise CvkitError("give at least one --root folder")
        return cls(tuple(found))

    def resolve(self, given: str | Path) -> Path:
        """``given`` (absolute, or relative to the first root) resolved, symlinks and ``..``
        followed; ``OutsideRoots`` unless that lands inside a root. A path that does not
        exist yet (an output folder) is resolved as far as it exists."""
        text = str(given)
        if not text or "\x00" in text:
            raise CvkitError(f"{text!r} is not a path")
        path = Path(text)
        real = (path if path.is_absolute() else self.folders[0] / path).resolve()
        if not any(is_within(root, real) for root in self.folders):
            raise OutsideRoots(text, real, self.folders)
        return real

    def check_tree(self, folder: Path) -> None:
        """Refuse a folder an importer would read (a site, an unzipped export) when a
        symlink inside it leads out of the roots."""
        for parent, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = Path(parent) / name
                if path.is_symlink():
                    self.resolve(path)

    def as_list(self) -> list[str]:
        return [str(folder) for folder in self.folders]
