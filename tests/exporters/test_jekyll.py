"""Jekyll pages shaped like the seeds: academicpages (seed 000) and AcadHomepage (seed 003)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cvkit.build.api import ExportOptions, export

from ..conftest import EXAMPLES, ROOT, profile_items, require_tool
from .test_contract import normalise

SEEDS = ROOT.parent / "shared" / "seeds"


def front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "no front matter"
    return dict(YAML(typ="safe").load(match.group(1)))


def page(path: Path, out: Path, style: str) -> str:
    export(path, ["jekyll"], out, options=ExportOptions(extra={"jekyll_style": style}))
    return (out / "_pages" / "about.md").read_text("utf-8")


def seed(prefix: str) -> str:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    require_tool(bool(files), "../shared/seeds (the shared folder beside the project)")
    return files[0].read_text("utf-8")


def test_academicpages_matches_seed_000(tmp_path: Path) -> None:
    ours = page(ROOT / "examples" / "weilin-cai.yaml", tmp_path, "academicpages")
    theirs = seed("000")
    assert front_matter(ours) == front_matter(theirs)
    # Section headings are setext (Title + ======) followed by the font-size div.
    assert re.findall(r"^(\w[^\n]*)\n======\n\n<div style=\"font-size: 14px;\" markdown=\"1\">",
                      ours, re.M)[:2] == ["News", "Education"]
    for heading in re.findall(r"^(\w[^\n]*)\n======", theirs, re.M):
        assert f"\n{heading}\n======" in ours
    # Publications as the seed writes them: bold [TAG] title, <br>, owner bold.
    assert "**[MLSys ’26] FlexTrain: Scalable Hybrid‑Parallel Training" in ours
    assert "**Weilin Cai**\\*, Diandian Gu\\*" in ours
    assert '<span style="color: #B22222">Distinguished Artifact Award</span>' in ours


def test_acad_matches_seed_003(tmp_path: Path) -> None:
    ours = page(ROOT / "examples" / "linxiao-li.yaml", tmp_path, "acad")
    theirs = seed("003")
    assert front_matter(ours) == front_matter(theirs)
    assert "<span class='anchor' id='about-me'></span>" in ours
    for anchor in ("news", "publications", "experience", "education"):
        assert f'<span id="{anchor}"></span>' in ours and f'<span id="{anchor}"></span>' in theirs
    assert re.search(r"^# 🔥 News$", ours, re.M)
    assert "<u><b>EcoThink: A Green Adaptive Inference Framework" in ours
    # Positions as the seed writes them: the place as the heading, the role in bold.
    block = "### AutoCoder.cc\n**LLM Algorithm Engineer (AI Infrastructure / Training Systems)**"
    assert block in theirs and block in ours
    assert "<li markdown=\"1\">**2026.01**:" in ours


@pytest.mark.parametrize("style", ["academicpages", "acad"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pages_carry_every_item(path: Path, style: str, tmp_path: Path) -> None:
    # The name is not on the page: these themes show it from _config.yml, as the seeds do.
    flat = normalise(page(path, tmp_path, style))
    for group, items in profile_items(path).items():
        for item in items if group != "name" else []:
            assert normalise(item) in flat, f"jekyll/{style}: {group} item {item!r} missing"


@pytest.mark.parametrize("style", ["academicpages", "acad"])
def test_liquid_and_html_in_profile_text_stay_text(style: str, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Eve\n"
        "about: '{{ site.github.token }} {% include evil.html %} <script>alert(1)</script>'\n"
        "awards:\n  - title: '{% raw %}<img src=x onerror=alert(1)>'\n", encoding="utf-8")
    text = page(profile, tmp_path / "out", style)
    body = text.split("---\n", 2)[2]
    assert "{{" not in body and "{%" not in body
    assert not re.search(r"(?<!\\)<(script|img|/script)", body)  # only kramdown-escaped \<
    assert "&#123;&#123; site.github.token &#125;&#125;" in body


def test_academicpages_publication_list(tmp_path: Path) -> None:
    from ..conftest import FIXTURES

    ours = page(ROOT / "examples" / "weilin-cai.yaml", tmp_path / "a", "academicpages")
    pubs = ours.split("\nPublications\n======", 1)[1].split("\nPreprints\n======", 1)[0]
    # The legend once, under the heading; kinds under their own subheadings.
    assert pubs.count("Equal contribution") == 1
    assert pubs.index("Equal contribution") < pubs.index("### Conference Papers")
    assert pubs.index("### Conference Papers") < pubs.index("### Journal Articles")
    thesis = page(FIXTURES / "printed.yaml", tmp_path / "b", "academicpages")
    assert thesis.index("My thesis") < thesis.index("\nPreprints\n======")


def test_acad_lines_break_and_details_are_kept(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    ours = page(ROOT / "examples" / "weilin-cai.yaml", tmp_path, "acad")
    html = MarkdownIt("commonmark", {"html": True}).render(ours.split("---\n", 2)[2])
    survey = html.split("A Survey on Mixture of Experts", 1)[1][:400]
    assert "<strong>[TKDE ’25]</strong>" in survey
    assert "<br />\n<strong>Weilin Cai</strong>" in survey  # the title line is its own line
    assert "37(7):3896–3915" in survey  # volume, issue and pages


def test_collection_front_matter_escapes_html(tmp_path: Path) -> None:
    """A `<` or `&` in a name, title or venue is text in the theme's HTML citation line."""
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada <Dev>\npublications:\n"
                       "  - {title: 'Cats & <Dogs>', authors: [Ada <Dev>, B & C],"
                       " venue: 'J <of> X', date: 2024}\n", encoding="utf-8")
    export(profile, ["jekyll"], tmp_path / "site")
    page = next((tmp_path / "site" / "_publications").glob("*.md")).read_text("utf-8")
    citation = next(line for line in page.splitlines() if line.startswith("citation:"))
    assert "<b>Ada &lt;Dev&gt;</b>, B &amp; C." in citation
    assert "&quot;Cats &amp; &lt;Dogs&gt;.&quot; <i>J &lt;of&gt; X</i>." in citation


HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def test_titles_and_venues_are_escaped_in_front_matter(tmp_path: Path) -> None:
    """academicpages prints `{{ post.title }}` and `{{ post.venue }}` into HTML unescaped,
    so the front matter holds them escaped as the homepage escapes them; cvkit's importer
    reads them back as they were written."""
    script, img = HOSTILE
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Ada Park\npublications:\n"
        f"  - {{title: '{script} & co', authors: [Ada Park], venue: '{img}', date: 2024,\n"
        "     url: 'https://example.org/p?a=1&b=\"2\"'}\n"
        f"talks:\n  - {{title: '{img}', event: '{script}', location: '<b>Rome</b>',"
        " date: 2024}\n", encoding="utf-8")
    export(profile, ["jekyll"], tmp_path / "site")
    paper = next((tmp_path / "site" / "_publications").glob("*.md")).read_text("utf-8")
    talk = next((tmp_path / "site" / "_talks").glob("*.md")).read_text("utf-8")
    paper_front, talk_front = front_matter(paper), front_matter(talk)
    assert paper_front["title"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert paper_front["venue"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert paper_front["paperurl"] == "https://example.org/p?a=1&amp;b=&#34;2&#34;"
    assert talk_front["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert talk_front["venue"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert talk_front["location"] == "&lt;b&gt;Rome&lt;/b&gt;"
    for front in (paper_front, talk_front):
        assert not any("<" in str(value) for key, value in front.items()
                       if key not in ("citation", "authors")), front
    from cvkit.importers import academicpages

    back = academicpages.import_site(tmp_path / "site")[0].data
    assert back["publications"][0]["title"] == f"{script} & co"
    assert back["publications"][0]["venue"] == img
    assert back["publications"][0]["url"] == 'https://example.org/p?a=1&b="2"'
