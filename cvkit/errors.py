"""Errors the library raises; the CLI turns them into compiler-style lines and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PathKey = tuple[str | int, ...]


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out




@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: Path | None
    line: int | None  # 1-based
    column: int | None  # 1-based
    path: str  # field path such as ``publications[1].date``; "" for the whole file
    message: str
    hint: str = ""

    def format(self) -> str:
        where = str(self.file) if self.file else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"

    def as_dict(self) -> dict[str, str | int | None]:
        """As JSON gives it (``cvkit.api.validate``, the MCP server): the hint is the
        ``suggestion``."""
        return {"file": str(self.file) if self.file else None, "line": self.line,
                "column": self.column, "path": self.path, "message": self.message,
                "suggestion": self.hint or None}


class CvkitError(Exception):
    """Base for every error a user can cause; never shown with a traceback."""


class ProfileError(CvkitError):
    """A profile (or bundle, or import) that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class ExportError(CvkitError):
    """An export that could not be completed (bad option, missing tool, unsafe path)."""
