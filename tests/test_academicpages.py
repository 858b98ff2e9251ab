"""`cvkit import academicpages`: a real, messy Jekyll site in, a profile that loads out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cvkit.importers.academicpages import authors_from, authors_from_citation, text_of
from cvkit.profile.load import load_profile

from .conftest import FIXTURES, ROOT, require_tool, run_cvkit

SITE = FIXTURES / "academicpages"
SEEDS = ROOT.parent / "shared" / "seeds"


def test_a_messy_site_imports_with_its_problems_located(tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    result = run_cvkit("import", "academicpages", SITE, "-o", out)
    assert result.returncode == 0, result.stderr  # one file skipped (a note), the rest written
    assert "2024-broken.md:4: dropped: front matter is not valid YAML" in result.stderr
    assert "this file was skipped" in result.stderr and "Traceback" not in result.stderr
    # Not imported: the page skipped, and the avatar (an image to copy by hand).
    assert "3 papers, 1 talk, 1 teaching, 1 project, 2 news; 2 items not imported" \
        in result.stdout
    assert "_config.yml: author.avatar: dropped: 'profile.png'" in result.stderr
    profile = load_profile(out)
    assert profile.name == "Weilin Cai" and profile.aliases == ["W. Cai"]
    assert profile.links.github == "weilincai" and profile.contact.email == "weilin@example.org"
    assert str(profile.contact.website) == "https://weilin.example.org"
    titles = {p.title: p for p in profile.publications}
    flex = titles["FlexTrain: Scalable Hybrid-Parallel Training with Elastic Resource Utilization"]
    assert flex.authors[0] == "W. Cai" and flex.kind == "conference"
    assert str(flex.date) == "2026-05-01" and flex.links == {
        "slides": "https://example.org/flextrain-slides.pdf"}
    assert flex.abstract == "FlexTrain trains large models on elastic resources."  # no Liquid
    survey = titles["A Survey on Mixture of Experts in Large Language Models"]
    assert survey.authors == ["Weilin Cai", "Juyong Jiang", "Fan Wang"]  # from BibTeX
    assert str(survey.date) == "2025" and survey.kind == "journal"
    apa = titles["Paper Title Number 1"]
    assert apa.authors == ["Y. Name", "A. Other"]  # from the APA citation, entities decoded
    assert "placeholder" in result.stderr  # the template's example paper is flagged
    assert profile.extra["academicpages"]["_publications/2009-10-01-paper-title-number-1.md"] \
        == {"featured": True}
    assert profile.teaching[0].note == "Labs on MPI and CUDA, for 60 students."
    assert profile.talks[0].event == "ISCA 2025" and str(profile.talks[0].date) == "2025-06-20"
    assert [str(n.date) for n in profile.news] == ["2026-01", "2025-06"]
    assert profile.about and "<b>" not in profile.about and "**ML Systems**" in profile.about
    assert profile.projects[0].name == "MoE Kernel Library"


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    run_cvkit("import", "academicpages", SITE, "-o", out)
    first = out.read_bytes()
    again = run_cvkit("import", "academicpages", SITE, "-o", out, "--force")
    assert out.read_bytes() == first and "(file unchanged)" in again.stdout
    refused = run_cvkit("import", "academicpages", SITE, "-o", out)
    assert refused.returncode == 1 and "use --force" in refused.stderr


@pytest.mark.parametrize("seed,style,papers", [("000", "academicpages", 9), ("003", "acad", 1)])
def test_seed_sites_with_papers_in_the_about_page(seed: str, style: str, papers: int,
                                                  tmp_path: Path) -> None:
    found = sorted(SEEDS.glob(f"{seed}_*.txt"))
    require_tool(bool(found), f"the seed homepage {seed} in ../shared/seeds")
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    shutil.copyfile(found[0], site / "_pages" / "about.md")
    (site / "_config.yml").write_text("author:\n  name: Someone\n", encoding="utf-8")
    out = tmp_path / "p.yaml"
    result = run_cvkit("import", "academicpages", site, "-o", out, "--style", style)
    assert result.returncode == 0, result.stderr
    profile = load_profile(out)
    assert len(profile.publications) == papers
    first = profile.publications[0]
    assert first.title and first.authors and first.venue and first.date
    assert not any("\\" in a for p in profile.publications for a in p.authors)
    exported = run_cvkit("export", out, "-f", "markdown", "-o", tmp_path / "md")
    assert exported.returncode == 0, exported.stderr


def test_values_lose_html_liquid_and_entities() -> None:
    assert text_of("A &quot;quoted&quot; <i>word</i> {{ page.x }}<!-- no -->") == \
        'A "quoted" *word*'
    assert text_of("{% if a %}gone{% endif %}kept") == "kept"
    assert authors_from("<b>A. Me</b>, B. You and C. Them") == (
        ["A. Me", "B. You", "C. Them"], ["A. Me"])
    assert authors_from_citation('Y. Name, A. Other, and B. Third, "A Title," J., 2009.') == \
        (["Y. Name", "A. Other", "B. Third"], [])


def test_jekyll_collections_import_back_to_the_same_papers(tmp_path: Path) -> None:
    from cvkit.view import build_document

    source = ROOT / "examples" / "weilin-cai.yaml"
    site = tmp_path / "site"
    (site / "_publications").mkdir(parents=True)
    (site / "_publications" / "1999-01-01-mine.md").write_text("---\ntitle: Mine\n---\n",
                                                               encoding="utf-8")
    exported = run_cvkit("export", source, "-f", "jekyll,pdf", "-o", site)
    assert exported.returncode == 0, exported.stderr
    assert (site / "files" / "Weilin_Cai_CV.pdf").is_file()  # the PDF where the theme links it
    assert "stale: _publications/1999-01-01-mine.md" in exported.stderr
    assert (site / "_publications" / "1999-01-01-mine.md").is_file()  # never deleted
    again = run_cvkit("export", source, "-f", "jekyll", "-o", site)
    assert "(unchanged)" in again.stdout
    (site / "_publications" / "1999-01-01-mine.md").unlink()
    (site / "_config.yml").write_text("author:\n  name: Weilin Cai\n", encoding="utf-8")
    out = tmp_path / "back.yaml"
    result = run_cvkit("import", "academicpages", site, "-o", out)
    assert result.returncode == 0, result.stderr
    back = {p.title: p for p in load_profile(out).publications}
    shown = build_document(load_profile(source)).publications
    assert set(back) == {p.title for p in shown}
    for p in shown:
        got = back[p.title]
        assert got.venue == (p.venue or None)
        assert str(got.date).startswith(str(p.origin.date)) if p.origin.date else True
        assert got.authors == [a.name for a in p.authors if not a.is_et_al]


def test_import_export_import_keeps_the_collections(tmp_path: Path) -> None:
    """import → export jekyll → import: the same papers, talks and teaching, partial dates
    included (the theme's padded date is kept beside the one written, as cvkit_date)."""
    first = tmp_path / "first.yaml"
    run_cvkit("import", "academicpages", SITE, "-o", first)
    site = tmp_path / "site"
    assert run_cvkit("export", first, "-f", "jekyll", "-o", site).returncode == 0
    shutil.copyfile(SITE / "_config.yml", site / "_config.yml")
    second = tmp_path / "second.yaml"
    result = run_cvkit("import", "academicpages", site, "-o", second)
    assert result.returncode == 0, result.stderr
    a, b = load_profile(first), load_profile(second)

    def key(entries: list, *fields: str) -> list:
        return sorted(tuple(str(getattr(e, f) or "") for f in fields) for e in entries)

    assert key(a.publications, "title", "venue", "kind", "abstract") == \
        key(b.publications, "title", "venue", "kind", "abstract")
    assert sorted(p.authors for p in a.publications) == sorted(p.authors for p in b.publications)
    assert key(a.publications, "title", "date") == key(b.publications, "title", "date")
    assert "2025" in {str(p.date) for p in b.publications}  # a year alone stays a year
    assert key(a.talks, "title", "event", "location", "date") == \
        key(b.talks, "title", "event", "location", "date")
    assert key(a.teaching, "course", "role", "institution", "date", "note") == \
        key(b.teaching, "course", "role", "institution", "date", "note")


def test_et_al_survives_the_jekyll_round_trip(tmp_path: Path) -> None:
    """A paper whose authors end in `others` keeps "et al." in academicpages' `authors:` and
    `citation:` (without it the last author listed reads as the senior author), and imports
    back as `others`."""
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Jiayi Huang\n"
        "publications:\n"
        "  - title: Expanded Drop\n"
        "    authors: [Heyang Liu, Ziyang Cheng, Jiayi Huang, others]\n"
        "    venue: arXiv preprint\n"
        "    kind: preprint\n"
        "    date: 2025-02\n", encoding="utf-8")
    site = tmp_path / "site"
    exported = run_cvkit("export", profile, "-f", "jekyll", "-o", site)
    assert exported.returncode == 0, exported.stderr
    page = next((site / "_publications").glob("*.md")).read_text("utf-8")
    assert 'authors: "Heyang Liu, Ziyang Cheng, <b>Jiayi Huang</b>, et al."' in page
    assert "<b>Jiayi Huang</b>, et al. (2025) &quot;Expanded Drop.&quot;" in page
    (site / "_config.yml").write_text("author:\n  name: Jiayi Huang\n", encoding="utf-8")
    back = tmp_path / "back.yaml"
    imported = run_cvkit("import", "academicpages", site, "-o", back)
    assert imported.returncode == 0, imported.stderr
    assert load_profile(back).publications[0].authors == [
        "Heyang Liu", "Ziyang Cheng", "Jiayi Huang", "others"]


def test_citations_bold_owner_preprints_and_order(tmp_path: Path) -> None:
    """What the issue's researcher's site has: the owner in bold inside `citation:` (also as
    APA initials), a preprint known only by its venue, and files named oldest first."""
    site = tmp_path / "site"
    (site / "_publications").mkdir(parents=True)
    (site / "_config.yml").write_text("author:\n  name: Jiayi Huang\n", encoding="utf-8")
    papers = {
        "2024-05-01-heavy": ("Heavy Tails", "COLT", "Li, X., <b>Huang, J.</b>, &amp; Wang, "
                             "L. (2024). Heavy Tails. <i>COLT</i>."),
        "2025-02-01-drop": ("Expanded Drop", "arXiv preprint", "Heyang Liu, Ziyang Cheng, "
                            "<b>Jiayi Huang</b>. (2025). &quot;Expanded Drop.&quot;"),
    }
    for name, (title, venue, citation) in papers.items():
        (site / "_publications" / f"{name}.md").write_text(
            f"---\ntitle: \"{title}\"\ncollection: publications\ndate: {name[:10]}\n"
            f"venue: '{venue}'\ncitation: '{citation}'\n---\n", encoding="utf-8")
    out = tmp_path / "p.yaml"
    assert run_cvkit("import", "academicpages", site, "-o", out).returncode == 0
    profile = load_profile(out)
    assert [p.title for p in profile.publications] == ["Expanded Drop", "Heavy Tails"]
    drop, heavy = profile.publications
    assert drop.authors == ["Heyang Liu", "Ziyang Cheng", "Jiayi Huang"]
    assert drop.kind == "preprint" and heavy.kind == "conference"
    assert heavy.authors == ["X. Li", "J. Huang", "L. Wang"]
    assert "J. Huang" in profile.aliases  # so the PDF prints her in bold there too
    from cvkit.view import build_document

    shown = build_document(profile).publications
    assert sorted(a.name for p in shown for a in p.authors if a.is_owner) == ["J. Huang",
                                                                       "Jiayi Huang"]
    assert not any(a.marks for p in shown for a in p.authors)  # no ** read as marks
