"""Importers: other formats in, plain data shaped like profile input out.

An importer never writes and never validates against the profile model itself; it returns
an ``Imported`` (the data plus notes on what it kept aside or could not map) and the caller
validates once, like any profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem


@dataclass
class Imported:
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # kept under `extra`, or changed on the way
    problems: list[Problem] = field(default_factory=list)  # skipped input, with its place


# English month abbreviations (BibTeX's month macros, LinkedIn's dates, "Sep 2023" in pages).
MONTHS = {name: i + 1 for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
