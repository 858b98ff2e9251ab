"""Status and genre in every style (issue 38, item 2): a preprint as a preprint (arXiv as
its repository, its identifier once), a paper under review or in preparation as a manuscript
that names no journal it has not appeared in, a paper in press with its status where the
style puts one (APA and Chicago: in the date's place), no punctuation doubled after a title
that ends in "?", and the text export printing each reference as the style wrote it.

Each line was read against the style's guide: APA 7 (10.8: "[Manuscript submitted for
publication]", "[Manuscript in preparation]", "(in press)"; 9.41: preprints "(arXiv:…).
arXiv."), the IEEE Reference Guide (preprints "arXiv:…"; "in press"), Citing Medicine
(Vancouver), Chicago 18 (14.15 preprints; "forthcoming"/"in press" for the year; 6.119: no
comma after a title's question mark), MLA 9, Cite Them Right (Harvard: a journal article
without volume and pages is "[Preprint]") and the ACM reference format. Where the style file
has no place for a status (IEEE's and ACM's manuscripts, Harvard, MLA, Vancouver), cvkit says
it after the reference, so nothing unpublished reads as published.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.build.pipeline import document
from cvkit.document.richtext import plain
from cvkit.profile.load import load_profile

from .conftest import FIXTURES

PROFILE = FIXTURES / "standing.yaml"

EXPECTED = {
    "apa": [
        "Chen, B., & Park, A. (2025). Heavy tails everywhere (arXiv:2501.01234). arXiv. "
        "https://arxiv.org/abs/2501.01234",
        "Park, A., & Chen, B. (2025). Regret bounds under drift [Manuscript submitted for "
        "publication].",
        "Park, A. (2026). Bandits with knapsacks revisited [Manuscript in preparation].",
        "Park, A., & Diaz, C. (in press). Exploration in sparse games. Machine Learning.",
        "Park, A., & Chen, B. (2024). Do we need attention? International Conference on "
        "Learning Representations, 1–10.",
    ],
    "ieee": [
        "[1] B. Chen and A. Park, “Heavy tails everywhere,” Jan. 2025, arXiv:2501.01234. "
        "[Online]. Available: https://arxiv.org/abs/2501.01234",
        "[2] A. Park and B. Chen, “Regret bounds under drift,” 2025. Under review.",
        "[3] A. Park, “Bandits with knapsacks revisited,” 2026. In preparation.",
        "[4] A. Park and C. Diaz, “Exploration in sparse games,” Machine Learning, In press.",
        "[5] A. Park and B. Chen, “Do we need attention?” in International Conference on "
        "Learning Representations, May 2024, pp. 1–10.",
    ],
    "vancouver": [
        "1. Chen B, Park A. Heavy tails everywhere [Internet]. arXiv; 2025. Available from: "
        "https://arxiv.org/abs/2501.01234",
        "2. Park A, Chen B. Regret bounds under drift [Manuscript submitted for publication]. "
        "2025.",
        "3. Park A. Bandits with knapsacks revisited [Manuscript in preparation]. 2026.",
        "4. Park A, Diaz C. Exploration in sparse games. Machine Learning. 2025. In press.",
        "5. Park A, Chen B. Do we need attention? In: International Conference on Learning "
        "Representations. 2024. p. 1–10.",
    ],
    "chicago": [
        # The style's preprint: its identifier, then "Preprint, arXiv" (Zotero's data).
        "Chen, Bo, and Ada Park. 2025. “Heavy Tails Everywhere.” arXiv:2501.01234. Preprint, "
        "arXiv, January. https://arxiv.org/abs/2501.01234.",
        "Park, Ada, and Bo Chen. 2025. “Regret Bounds Under Drift.” Manuscript submitted for "
        "publication.",
        "Park, Ada. 2026. “Bandits with Knapsacks Revisited.” Manuscript in preparation.",
        "Park, Ada, and Cy Diaz. In press. “Exploration in Sparse Games.” Machine Learning.",
        "Park, Ada, and Bo Chen. 2024. “Do We Need Attention?” International Conference on "
        "Learning Representations, May, 1–10.",
    ],
    "mla": [
        "Chen, Bo, and Ada Park. “Heavy Tails Everywhere.” arXiv:2501.01234, arXiv, Jan. 2025, "
        "https://arxiv.org/abs/2501.01234.",
        "Park, Ada, and Bo Chen. “Regret Bounds Under Drift.” Manuscript submitted for "
        "publication. 2025.",
        "Park, Ada. “Bandits with Knapsacks Revisited.” Manuscript in preparation. 2026.",
        "Park, Ada, and Cy Diaz. “Exploration in Sparse Games.” Machine Learning, 2025. In "
        "press.",
        "Park, Ada, and Bo Chen. “Do We Need Attention?” International Conference on Learning "
        "Representations, 2024, pp. 1–10.",
    ],
    "harvard": [
        "Chen, B. and Park, A. (2025) “Heavy tails everywhere.” arXiv. Available at: "
        "https://arxiv.org/abs/2501.01234.",
        "Park, A. and Chen, B. (2025) “Regret bounds under drift.” Under review.",
        "Park, A. (2026) “Bandits with knapsacks revisited.” In preparation.",
        "Park, A. and Diaz, C. (2025) “Exploration in sparse games,” Machine Learning "
        "[Preprint]. In press.",
        "Park, A. and Chen, B. (2024) “Do we need attention?” International Conference on "
        "Learning Representations, pp. 1–10.",
    ],
    "acm": [
        "[1] Bo Chen and Ada Park. 2025. Heavy tails everywhere. Retrieved from "
        "https://arxiv.org/abs/2501.01234",
        "[2] Ada Park and Bo Chen. 2025. Regret bounds under drift. Under review.",
        "[3] Ada Park. 2026. Bandits with knapsacks revisited. In preparation.",
        "[4] Ada Park and Cy Diaz. 2025. Exploration in sparse games. Machine Learning (2025). "
        "In press.",
        "[5] Ada Park and Bo Chen. 2024. Do we need attention? In International Conference on "
        "Learning Representations, May 2024. 1–10.",
    ],
}


def references(path: Path, style: str) -> list[tuple[str, list[str]]]:
    """Each paper's reference as the style wrote it, and the links shown beside it."""
    profile = load_profile(path)
    options = ExportOptions(citation_style=style)
    doc = document(profile, options, options.selection(profile), datetime.date(2026, 1, 1),
                   path.parent)
    return [(f"{p.reference_label} ".lstrip() + "".join(plain(x.text) for x in p.reference),
             [link.kind for link in p.links]) for p in doc.publications]


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_preprints_and_unpublished_work_print_as_the_guides_say(style: str) -> None:
    got = references(PROFILE, style)
    assert [text for text, _ in got] == EXPECTED[style]
    for text, _ in got:
        assert not re.search(r"arXiv\W+arXiv|\bIn In\b|et al\.\.|[?!][.,]|\.\.(?!\.)", text), text
    # The published paper's arXiv id is no style's publisher: its link stays beside it; the
    # preprint's is in the reference and not repeated.
    assert got[-1][1] == ["arxiv"] and "arxiv" not in got[0][1]
    # The journal a paper was only sent to is never printed as where it appeared.
    assert not any("Journal of Machine Learning Research" in text for text, _ in got)


@pytest.mark.parametrize("style", ["ieee", "apa", "vancouver"])
def test_the_text_export_prints_the_style_unchanged(style: str, tmp_path: Path) -> None:
    """No " (https://doi.org/…)" after a DOI the style printed, the full stop where the
    style put it: each reference is in the .txt character for character (lines joined)."""
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.read_text("utf-8").replace(
        "    arxiv: '2406.05223'\n", "    arxiv: '2406.05223'\n    doi: 10.1145/3600000.3600001\n"),
        encoding="utf-8")
    export(path, ["text"], tmp_path / "out", options=ExportOptions(citation_style=style))
    text = next((tmp_path / "out").glob("*.txt")).read_text("utf-8")
    joined = re.sub(r"\n {3,4}(?=\S)", " ", text)
    for line, _ in references(path, style):
        assert line in joined, (line, joined)
    assert "(https://doi.org/" not in text
    assert "10.1145/3600000.3600001" in text


def test_a_status_written_as_the_venue_is_the_status(tmp_path: Path) -> None:
    """"In preparation" or "To appear in ICML" as the venue: the status, and the venue it
    names (never "In In preparation")."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Ada Park\nlayout: {publication_groups: none, citation_order: profile}\n"
        "publications:\n"
        "  - {title: A, authors: [Ada Park], kind: journal, venue: In preparation, date: 2026}\n"
        "  - {title: B, authors: [Ada Park], venue: To appear in ICML 2026, date: 2026}\n"
        "  - {title: C, authors: [Ada Park], kind: journal, venue: Under review, date: 2025}\n",
        encoding="utf-8")
    apa = [text for text, _ in references(path, "apa")]
    assert apa == ["Park, A. (2026). A [Manuscript in preparation].",
                   "Park, A. (to appear). B. ICML 2026.",
                   "Park, A. (2025). C [Manuscript submitted for publication]."]
    chicago = [text for text, _ in references(path, "chicago")]
    assert not any("In In" in t or "Under review." in t.split("”")[0] for t in chicago)


def test_page_ranges_as_the_style_shortens_them() -> None:
    from cvkit.view.csl import page_range

    assert page_range("1-10", "minimal") == "1–10"  # citeproc-py wrote 1–0
    assert page_range("321-328", "minimal") == "321–8"
    assert page_range("101-140", "minimal-two") == "101–40"
    assert page_range("1496-1504", "chicago") == "1496–1504"
    assert page_range("71-72", "chicago") == "71–72"
    assert page_range("101-108", "chicago") == "101–8"
    assert page_range("321-328", "chicago") == "321–28"
    assert page_range("R551-R554", "minimal") == "R551-R554"  # not numbers: as written
    assert page_range("12-24, 30-32", "expanded") == "12–24, 30–32"


@pytest.mark.parametrize("text, expected", [
    ("“Do we need attention?,” in", "“Do we need attention?” in"),
    ("Do we need attention?. Journal", "Do we need attention? Journal"),
    ("“At the earliest stage.,” Annual", "“At the earliest stage.” Annual"),
    ("Zhou, Alex et al.. 2024.", "Zhou, Alex et al. 2024."),
    ("A. Lee \U0010ff01et al.\U0010ff02, “T,”", "A. Lee \U0010ff01et al.\U0010ff02, “T,”"),
    ("Washington, D.C., USA", "Washington, D.C., USA"),
    ("Wait... what", "Wait... what"),
])
def test_punctuation_is_not_doubled(text: str, expected: str) -> None:
    from cvkit.view.csl.tidy import _single_punctuation

    assert _single_punctuation(text) == expected
