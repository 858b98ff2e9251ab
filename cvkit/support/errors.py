"""Errors the library raises; the CLI turns them into compiler-style lines and exit codes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
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
        """As JSON gives it (``cvkit.build.api.validate``, the MCP server): the hint is the
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


class _Collected(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def logged_warnings(library: str, *, quiet: bool = False) -> Iterator[list[str]]:
    """The warnings ``library`` logs meanwhile (WeasyPrint's, pypdf's), for cvkit to say in
    its own words; with ``quiet`` they are not printed by logging as well."""
    messages: list[str] = []
    logger = logging.getLogger(library)
    handler = _Collected(messages)
    logger.addHandler(handler)
    propagate = logger.propagate
    if quiet:
        logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
