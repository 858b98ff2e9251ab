"""-f html is a small site: a page per paper Google Scholar can index, listings, a CV page,
sitemap, robots, feed and .bib; relative links that work from file:// and from a sub-path."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.importers.bibtex import import_text
from cvkit.profile.load import load_profile
from cvkit.view import build_document

from ..conftest import EXAMPLES, ROOT
from .test_html import open_page

WEILIN = ROOT / "examples" / "weilin-cai.yaml"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.append((str(a["name"]), str(a.get("content"))))
        for key in ("href", "src"):
            if a.get(key):
                self.hrefs.append(str(a[key]))


def _tags(path: Path) -> _Tags:
    tags = _Tags()
    tags.feed(path.read_text("utf-8"))
    return tags


def _site(tmp_path: Path, path: Path = WEILIN, **extra: Any) -> Path:
    export(path, ["html"], tmp_path, options=ExportOptions(extra=extra))
    return tmp_path


def test_every_paper_has_a_page_with_citation_tags(tmp_path: Path) -> None:
    site = _site(tmp_path)
    doc = build_document(load_profile(WEILIN))
    assert doc.publications
    for p in doc.publications:
        page = site / "publications" / p.key / "index.html"
        meta = _tags(page).meta
        names = [n for n, _ in meta]
        assert ("citation_title", p.title) in meta
        assert [c for n, c in meta if n == "citation_author"] == \
            [a.name for a in p.authors if not a.is_et_al]
        assert any(n == "citation_publication_date" and re.fullmatch(r"\d{4}(/\d\d){0,2}", c)
                   for n, c in meta)
        venue = "citation_journal_title" if p.kind == "journal" else \
            "citation_conference_title" if p.kind in ("conference", "workshop") else None
        if venue and p.venue:
            assert (venue, p.venue) in meta
        if p.doi:
            assert ("citation_doi", p.doi) in meta
        if p.arxiv:
            assert ("citation_arxiv_id", p.arxiv) in meta
        assert names.count("citation_title") == 1


def test_every_relative_link_leads_to_a_file_of_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for href in _tags(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links {href}"
            assert site.resolve() in target.parents or target.parent == site.resolve()


def _cv_page_hrefs(site: Path) -> list[str]:
    return _tags(site / "cv" / "index.html").hrefs


def test_the_cv_page_links_a_pdf_only_where_there_is_one(tmp_path: Path) -> None:
    """HTML alone (cvkit watch's default) links no PDF; exported with -f pdf in the same
    run, or beside a PDF already in the folder, the CV page links it."""
    from cvkit.build import pipeline

    site = _site(tmp_path / "alone")
    assert not [h for h in _cv_page_hrefs(site) if h.endswith(".pdf")]
    assert "../publications.bib" in _cv_page_hrefs(site)

    made = pipeline.assemble(pipeline.load(WEILIN), ["html", "pdf"], name="cv")
    html = next((e, d, c) for e, d, c in made.jobs if e.name == "html")
    page = pipeline.render_one(*html).side_files["cv/index.html"].decode("utf-8")
    assert 'href="../cv.pdf"' in page

    there = tmp_path / "there"
    there.mkdir()
    (there / "Weilin_Cai_CV.pdf").write_bytes(b"%PDF-1.7\n")
    pdf = [h for h in _cv_page_hrefs(_site(there)) if h.endswith(".pdf")]
    assert pdf == ["../Weilin_Cai_CV.pdf"]


def test_sitemap_robots_feed_and_bib(tmp_path: Path) -> None:
    site = _site(tmp_path, base_url="https://user.github.io/project")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").findall(".//s:loc", ns)]
    assert locs[0] == "https://user.github.io/project/"
    assert all(loc.startswith("https://user.github.io/project/") for loc in locs)
    doc = build_document(load_profile(WEILIN))
    assert len([loc for loc in locs if "/publications/" in loc]) == len(doc.publications) + 1
    assert "Sitemap: https://user.github.io/project/sitemap.xml" in \
        (site / "robots.txt").read_text("utf-8")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml")
    titles = [e.text for e in feed.findall("a:entry/a:title", atom)]
    news = doc.section("news")
    assert news is not None and len(titles) == len(news.news)
    canonical = _tags(site / "index.html").hrefs
    assert "https://user.github.io/project/" in canonical
    bib = import_text((site / "publications.bib").read_text("utf-8"), site / "x.bib")
    assert [p["title"] for p in bib.data["publications"]] and not bib.problems


def test_without_an_address_there_is_no_sitemap(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada\nnews:\n  - {date: 2026-01, text: Hello}\n", encoding="utf-8")
    site = _site(tmp_path / "site", path)
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.find("{http://www.w3.org/2005/Atom}id").text.startswith("tag:cvkit,")


AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"


def _internal_links(page: Path, site: Path) -> list[Path]:
    out = []
    for href in _tags(page).hrefs:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#") or href.endswith(".pdf"):
            continue
        out.append((page.parent / unquote(parts.path)).resolve())
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_page_in_chromium_and_axe(browser: Any, path: Path, tmp_path: Path) -> None:
    """A crawler from index.html reaches every page, finds no broken internal link, and each
    page loads cleanly at 375 px with no serious or critical axe-core violation."""
    from ..conftest import require_tool

    require_tool(AXE.is_file(), "axe-core (npm; scripts/setup.sh --test installs it)")
    site = _site(tmp_path, path)
    seen_pages: set[Path] = set()
    todo = [(site / "index.html").resolve()]
    while todo:
        page_path = todo.pop()
        if page_path in seen_pages:
            continue
        seen_pages.add(page_path)
        for target in _internal_links(page_path, site):
            assert target.is_file(), f"{page_path.relative_to(site.resolve())} -> {target}"
            if target.suffix == ".html":
                todo.append(target)
    assert seen_pages == {p.resolve() for p in site.rglob("*.html")}  # none unreachable
    for page_path in sorted(seen_pages):
        page, seen = open_page(browser, page_path, 375)
        assert not seen["console"] and not seen["errors"], (page_path, seen)
        assert all(u.startswith(site.as_uri()) for u in seen["requests"]), seen["requests"]
        scroll, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, page_path
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: "
                              "['violations']})).violations.filter(v => ['serious', "
                              "'critical'].includes(v.impact)).map(v => v.id + ': ' + "
                              "v.nodes[0].target.join(' '))")
        assert found == [], (page_path.relative_to(site.resolve()), found)
        page.context.close()


def test_a_renamed_paper_leaves_no_old_page_and_a_slug_keeps_its_address(
        tmp_path: Path) -> None:
    """Renaming a paper removes the page an earlier export wrote for it (and only that: a
    file of the person's own, or a page they edited, stays); `slug:` keeps an address Google
    Scholar has indexed through a title's change."""
    from ..conftest import run_cvkit

    profile = tmp_path / "p.yaml"
    site = tmp_path / "site"

    def export(first: str, second: str) -> str:
        profile.write_text(
            "name: Ada Park\npublications:\n"
            f"  - {{title: '{first}', authors: [Ada Park], date: 2025}}\n"
            f"  - {{title: '{second}', authors: [Ada Park], date: 2024, slug: kept-address}}\n"
            f"  - {{title: Third, authors: [Ada Park], date: 2023}}\n", encoding="utf-8")
        done = run_cvkit("export", profile, "-f", "html", "-o", site)
        assert done.returncode == 0, done.stderr
        return done.stderr

    export("First Title", "Kept Paper")
    pages = site / "publications"
    assert {p.name for p in pages.iterdir() if p.is_dir()} == {"first-title", "kept-address",
                                                                "third"}
    (pages / "mine.html").write_text("my own page", encoding="utf-8")
    (pages / "third" / "index.html").write_text("edited by hand", encoding="utf-8")
    notes = export("Second Title", "Kept Paper, Renamed")
    assert "removed publications/first-title/index.html" in notes
    assert not (pages / "first-title").exists()
    assert (pages / "kept-address" / "index.html").read_text("utf-8").count("Renamed") >= 1
    assert (pages / "mine.html").read_text("utf-8") == "my own page"  # never ours
    assert (pages / "third" / "index.html").is_file()  # rewritten: this export writes it
    # A page written before and edited since, no longer written: left, and said so.
    (pages / "second-title" / "index.html").write_text("edited", encoding="utf-8")
    notes = export("Yet Another", "Kept Paper, Renamed")
    assert "publications/second-title/index.html: an earlier export wrote it and it was " \
           "edited since; left in place" in notes
    assert (pages / "second-title" / "index.html").read_text("utf-8") == "edited"


def test_the_site_reads_dates_without_dumping_the_profile(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A paper page's date and the feed's come from the document's ``iso_date``, the date
    as the profile gives it: dumping a paper's model builds its serializer, a cost the
    homepage need not pay. Each date is the profile's own, padded only where the tag asks."""
    import cvkit.document

    def no_dump(origin: Any, *, defaults: bool = True) -> dict[str, Any]:
        raise AssertionError("the site dumped a profile model")

    monkeypatch.setattr(cvkit.document, "_record", no_dump)
    site = _site(tmp_path)
    profile = load_profile(WEILIN)
    for paper in build_document(profile).publications:
        given = str(paper.origin.date)
        meta = _tags(site / "publications" / paper.key / "index.html").meta
        assert ("citation_publication_date", given.replace("-", "/")) in meta
    atom = {"a": "http://www.w3.org/2005/Atom"}
    updated = [e.text for e in ET.parse(site / "feed.xml").findall("a:entry/a:updated", atom)]
    assert len(updated) == len(profile.news) > 0
    assert all(u and u.startswith(str(n.date)) for u, n in zip(updated, profile.news, strict=True))
