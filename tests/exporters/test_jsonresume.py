"""-f jsonresume: where JSON Resume has a place for what a paper needs (issue 38)."""

from __future__ import annotations

import json
from pathlib import Path

from cvkit.build.api import render
from cvkit.profile.load import load_profile


def test_a_papers_place_and_status_have_their_place(tmp_path: Path) -> None:
    """JSON Resume's publisher is where the work appeared: a thesis's university, a
    chapter's book; a status the CV shows is said in the summary; everything else travels
    in x-cvkit and comes back."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Ada Park\nlayout: {publication_groups: none}\npublications:\n"
        "  - {title: Thesis, authors: [Ada Park], kind: thesis, institution: Stanford"
        " University, thesis_type: PhD thesis, date: 2022}\n"
        "  - {title: Chapter, authors: [Ada Park], kind: chapter, book_title: Handbook,"
        " editors: [Bo Chen], date: 2023}\n"
        "  - {title: Draft, authors: [Ada Park, Bo Chen], kind: journal, status: under review,"
        " date: 2025}\n", encoding="utf-8")
    resume = json.loads(render(load_profile(path), "jsonresume").data)
    pubs = resume["publications"]
    assert [p.get("publisher") for p in pubs] == ["Stanford University", "Handbook", None]
    assert pubs[2]["summary"] == "Authors: Ada Park, Bo Chen. Under review."
    kept = resume["x-cvkit"]["profile"]["publications"]
    assert kept[0]["thesis_type"] == "PhD thesis" and kept[1]["editors"] == ["Bo Chen"]
