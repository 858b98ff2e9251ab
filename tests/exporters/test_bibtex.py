"""-f bibtex: every paper in LaTeX form, read back by `cvkit import bibtex` as the same paper."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from cvkit.build.api import render
from cvkit.document.authors import is_et_al, split_marks
from cvkit.importers.bibtex import import_text
from cvkit.profile.load import load_profile
from cvkit.view import build_document

from ..conftest import EXAMPLES

TRICKY = """\
name: José Ångström
publications:
  - title: "Bounds of $O(\\\\sqrt{T})$ for **Sparse** & Dense Regret"
    authors: ["José Ångström*", "Łukasz Żółć", "Zoë Brontë", others]
    venue: "Journal of Ω & Friends"
    kind: journal
    date: 2024-03
    volume: "12"
    issue: "3"
    pages: "1–20"
    doi: 10.1145/3695053.3731001
  - {title: A Preprint on Things, authors: [José Ångström], arxiv: 2401.01234, kind: preprint,
     date: 2024}
  - {title: My Thesis, authors: [José Ångström], venue: Universidad de Sevilla, kind: thesis,
     date: 2020, url: "https://example.org/thesis.pdf"}
  - {title: A Book, authors: [José Ångström], venue: Lecture Notes, kind: book, date: 2019,
     publisher: Springer}
  - {title: Same Start, authors: [José Ångström], venue: Conf, date: 2019}
  - {title: Same Start Again, authors: [José Ångström], venue: Conf, date: 2019}
"""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2011", "-").replace("\u2010", "-")
    return re.sub(r"[\s*$\\\\]+", " ", text).strip()


@pytest.mark.parametrize("source", [*EXAMPLES, "tricky"],
                         ids=[*(p.stem for p in EXAMPLES), "tricky"])
def test_bibtex_reads_back_to_the_same_papers(source: Path | str, tmp_path: Path) -> None:
    if source == "tricky":
        path = tmp_path / "tricky.yaml"
        path.write_text(TRICKY, encoding="utf-8")
    else:
        assert isinstance(source, Path)
        path = source
    profile = load_profile(path)
    text = render(profile, "bibtex").data.decode("utf-8")
    back = import_text(text, tmp_path / "out.bib")
    assert not back.problems, back.problems
    shown = [v.origin for v in build_document(profile).publications]
    assert len(back.data["publications"]) == len(shown)
    for pub, got in zip(shown, back.data["publications"], strict=True):
        if pub.bibtex:
            continue  # a paper's own BibTeX is written as it was given
        assert _norm(got["title"]) == _norm(pub.title) or pub.title.count("$"), \
            (got["title"], pub.title)
        expected = [("et al." if i and is_et_al(a) else split_marks(a)[0])
                    for i, a in enumerate(pub.authors)]
        assert [_norm(a) for a in got["authors"]] == [_norm(a) for a in expected]
        assert got.get("date") == (str(pub.date) if pub.date else None)
        assert got.get("doi") == pub.doi and got.get("arxiv") == pub.arxiv
        assert got.get("url") == pub.url
        if pub.venue:
            # A thesis's university comes back as its institution, a book's series as its
            # series: the fields that say what they are.
            back_venue = got.get("venue") or got.get("institution") or got.get("series")
            assert _norm(back_venue) == _norm(pub.venue)
        kind = {"workshop": "conference"}.get(pub.kind, pub.kind)  # BibTeX has no workshop
        assert got["kind"] == kind, (pub.title, got["kind"])


def test_bibtex_is_latex_and_keys_are_unique(tmp_path: Path) -> None:
    path = tmp_path / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    text = render(load_profile(path), "bibtex").data.decode("utf-8")
    assert "author = {Jos\\'e \\r{A}ngstr\\\"om and {\\L}ukasz" in text
    assert " and others}" in text
    assert "$O(\\sqrt{T})$" in text and "\\& Dense" in text
    assert "eprint = {2401.01234}" in text and "archiveprefix = {arXiv}" in text
    keys = re.findall(r"^@\w+\{([^,]+),", text, re.M)
    assert len(keys) == len(set(keys)) == 6
    assert "angstrom2019same" in keys and "angstrom2019samea" in keys


def test_the_site_shows_the_same_entries_as_the_bib_file(tmp_path: Path) -> None:
    """Keys are made unique once, in the view: the BibTeX on each paper's page is the .bib's
    entry for it, colliding keys ('angstrom2019same', 'angstrom2019samea') included."""
    from html import unescape

    from cvkit.build.api import export

    path = tmp_path / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    export(path, ["html"], tmp_path / "site")
    shown = {unescape(m) for page in (tmp_path / "site" / "publications").glob("*/index.html")
             for m in re.findall(r'<pre class="bibtex"><code>(.*?)</code>',
                                 page.read_text("utf-8"), re.S)}
    bib = (tmp_path / "site" / "publications.bib").read_text("utf-8")
    in_file = {e.strip() for e in re.split(r"\n\n(?=@)", bib.split("\n\n", 1)[1])}
    assert len(shown) == 6 and shown == in_file
    assert any("{angstrom2019samea," in entry for entry in shown)


FIELDS = """\
name: Ada Park
links: {orcid: 0000-0002-1825-0097}
publications:
  - title: Regret in Practice
    authors: [{name: Ada Park*, orcid: 0000-0002-1825-0097}, Bo Chen*]
    editors: [Cy Diaz, Dee Evans]
    kind: conference
    venue: ICML 2024
    book_title: Proceedings of the 41st International Conference on Machine Learning
    series: Proceedings of Machine Learning Research
    volume: '235'
    issue: '2'
    pages: 101-120
    publisher: PMLR
    publisher_place: Vienna, Austria
    status: to appear
    date: 2024-07
  - title: Bandits, Second Edition
    authors: [Ada Park]
    kind: book
    edition: '2'
    series: Lecture Notes in Statistics
    publisher: Springer
    publisher_place: Cham
    isbn: 978-3-030-00000-0
    language: de
    original_date: 2019
    date: 2024
  - {title: Heavy Tails, authors: [Ada Park], kind: journal, venue: PLOS ONE, volume: '19',
     issue: '7', article_number: e0270533, issn: 1932-6203, date: 2024}
  - {title: A Tech Report, authors: [Ada Park], kind: report, institution: ETH Zürich,
     number: TR-2024-01, date: 2024}
  - {title: On Bandits, authors: [Ada Park], kind: thesis, institution: Stanford University,
     thesis_type: Master's thesis, date: 2020}
  - {title: Work in Progress, authors: [Ada Park], kind: journal, status: in preparation,
     date: 2026}
"""


def test_the_fields_references_need_survive_bibtex(tmp_path: Path) -> None:
    """Editors, book title, edition, series, article number (eid), place (address),
    institution, thesis type, report number, ISBN/ISSN, language, original date and the
    status (biblatex's pubstate) are written and read back as the same fields."""
    path = tmp_path / "fields.yaml"
    path.write_text(FIELDS, encoding="utf-8")
    text = render(load_profile(path), "bibtex").data.decode("utf-8")
    assert "eid = {e0270533}" in text and "pubstate = {forthcoming}" in text
    assert "@mastersthesis{" in text and "@techreport{" in text
    back = {p["title"]: p for p in import_text(text, tmp_path / "f.bib").data["publications"]}
    icml = back["Regret in Practice"]
    assert icml["editors"] == ["Cy Diaz", "Dee Evans"] and icml["venue"] == "ICML 2024"
    assert icml["issue"] == "2"  # a proceedings' issue is BibTeX's number, as an article's
    assert icml["book_title"].startswith("Proceedings of the 41st") and icml["status"] == \
        "to appear"
    assert icml["publisher_place"] == "Vienna, Austria" and icml["pages"] == "101-120"
    book = back["Bandits, Second Edition"]
    assert (book["edition"], book["series"], book["publisher_place"], book["isbn"],
            book["language"], book["original_date"]) == (
        "2", "Lecture Notes in Statistics", "Cham", "978-3-030-00000-0", "de", "2019")
    plos = back["Heavy Tails"]
    assert (plos["article_number"], plos["issue"], plos["issn"]) == \
        ("e0270533", "7", "1932-6203")
    report = back["A Tech Report"]
    assert (report["kind"], report["institution"], report["number"]) == \
        ("report", "ETH Zürich", "TR-2024-01")
    thesis = back["On Bandits"]
    assert (thesis["institution"], thesis["thesis_type"]) == \
        ("Stanford University", "Master's thesis")
    assert back["Work in Progress"]["status"] == "in preparation"


def test_a_book_with_a_venue_and_a_series_has_one_series_field() -> None:
    from cvkit.profile.model import Publication
    from cvkit.view.citation import bibtex_entry

    both = Publication(title="Notes", kind="book", venue="Lecture Notes in CS", series="LNCS")
    entry = bibtex_entry(both, "k")
    assert entry.count("series =") == 1 and "series = {LNCS}" in entry
    assert "howpublished = {Lecture Notes in CS}" in entry
    alone = bibtex_entry(Publication(title="Notes", kind="book", venue="LNCS"), "k")
    assert alone.count("series =") == 1 and "series = {LNCS}" in alone
