"""The homepage, loaded by a real headless Chromium (Playwright) and a strict HTML parser."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES, ROOT
from .test_contract import assert_carries, extract_text

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def build_site(path: Path, out: Path, **extra: Any) -> Path:
    export(path, ["html"], out, options=ExportOptions(extra=dict(extra)))
    return out / "index.html"


def open_page(browser: Any, index: Path, width: int, dark: bool = False) -> tuple[Any, dict]:
    seen: dict[str, list[str]] = {"console": [], "requests": [], "dialogs": [], "errors": []}
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def on_dialog(d: Any) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(index.as_uri(), wait_until="load")
    return page, seen


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_page_in_chromium(browser: Any, path: Path, tmp_path: Path) -> None:
    index = build_site(path, tmp_path / "site")
    folder = index.parent.as_uri()
    titles = [p.title for p in load_profile(path).publications if not p.hidden]
    for width in (360, 375, 1280, 1440):
        page, seen = open_page(browser, index, width)
        assert not seen["console"] and not seen["errors"], seen
        outside = [u for u in seen["requests"] if not u.startswith(folder)]
        assert not outside, f"requests leaving the folder: {outside}"
        scroll, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"horizontal scroll at {width}px: {scroll} > {inner}"
        visible = page.inner_text("main")
        for title in titles:
            assert re.sub(r"\s+", " ", title) in re.sub(r"\s+", " ", visible)
        page.context.close()


def test_dark_mode_switches_colours(browser: Any, tmp_path: Path) -> None:
    index = build_site(ROOT / "examples" / "minimal.yaml", tmp_path / "site")
    colours = []
    for dark in (False, True):
        page, _ = open_page(browser, index, 1280, dark=dark)
        colours.append(page.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"))
        page.context.close()
    assert colours[0] != colours[1]
    assert colours[0][0] == "rgb(255, 255, 255)"


def hostile_profile(folder: Path) -> Path:
    q = HOSTILE.replace("'", "''")
    folder.mkdir(parents=True, exist_ok=True)
    text = f"""name: '{q}'
headline: '{q}'
contact: {{location: '{q}'}}
about: '{q}'
interests: ['{q}']
news: [{{date: 2026-01, text: '{q}'}}]
publications:
  - {{title: '{q}', authors: ['{q}'], venue: '{q}', venue_tag: '{q}', award: '{q}',
      note: '{q}', abstract: '{q}', highlights: ['{q}']}}
experience:
  - {{organization: '{q}', position: '{q}', location: '{q}', summary: '{q}',
      highlights: ['{q}']}}
education: [{{institution: '{q}', degree: '{q}', gpa: '{q}'}}]
awards: [{{title: '{q}', awarder: '{q}'}}]
skills: [{{category: '{q}', items: ['{q}']}}]
"""
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_profile_runs_nothing_and_shows_text(browser: Any, tmp_path: Path) -> None:
    index = build_site(hostile_profile(tmp_path), tmp_path / "site")
    page, seen = open_page(browser, index, 1280)
    assert not seen["dialogs"], seen["dialogs"]
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    body = page.inner_text("body")
    assert body.count(HOSTILE) >= 10
    assert page.title().startswith(HOSTILE)
    page.context.close()


def test_json_ld_names_every_publication(tmp_path: Path) -> None:
    for path in EXAMPLES:
        html = build_site(path, tmp_path / path.stem).read_text("utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert block
        data = json.loads(block.group(1))
        graph = data["@graph"]
        person = graph[0]
        profile = load_profile(path)
        assert person["@type"] == "Person" and person["name"] == profile.name
        names = {a["name"] for a in graph if a["@type"] == "ScholarlyArticle"}
        assert names == {p.title for p in profile.publications if not p.hidden}


def test_json_ld_cannot_be_closed_by_profile_text(tmp_path: Path) -> None:
    html = build_site(hostile_profile(tmp_path), tmp_path / "site").read_text("utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block and "<" not in block.group(1)
    assert json.loads(block.group(1))["@graph"][0]["name"] == HOSTILE


@pytest.mark.parametrize("path", [*EXAMPLES, None], ids=[p.stem for p in EXAMPLES] + ["hostile"])
def test_strict_html5_parse(path: Path | None, tmp_path: Path) -> None:
    html5lib = pytest.importorskip("html5lib")
    source = path or hostile_profile(tmp_path)
    html = build_site(source, tmp_path / "site").read_bytes()
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)  # raises ParseError on any error
    assert not parser.errors


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_html_carries_every_item(path: Path, tmp_path: Path) -> None:
    html = build_site(path, tmp_path / "site").read_bytes()
    assert_carries("html", extract_text("html", html), path)


def test_head_metadata_and_assets(tmp_path: Path) -> None:
    index = build_site(ROOT / "examples" / "weilin-cai.yaml", tmp_path / "site")
    html = index.read_text("utf-8")
    assert '<html lang="en">' in html
    assert '<link rel="canonical" href="https://weilin.example.org/">' in html
    assert '<meta property="og:title" content="Weilin Cai">' in html
    assert (index.parent / "assets" / "style.css").is_file()
    # Everything the page loads (stylesheet, images) is a file in the folder.
    loads = re.findall(r'<(?:link rel="stylesheet"|img|script)[^>]*? (?:href|src)="([^"]*)"',
                       html)
    assert loads and not [u for u in loads if re.match(r"[a-z]+:|//", u)]
    assert "<script" not in html.split("</script>", 1)[1], "no JavaScript beyond JSON-LD"


def test_chinese_locale_sets_lang(tmp_path: Path) -> None:
    index = build_site(ROOT / "examples" / "linxiao-li.yaml", tmp_path / "site")
    profile = load_profile(ROOT / "examples" / "linxiao-li.yaml")
    lang = "zh-Hans" if profile.layout.locale == "zh" else "en"
    assert f'<html lang="{lang}">' in index.read_text("utf-8")


def test_email_obfuscation(tmp_path: Path) -> None:
    index = build_site(ROOT / "examples" / "weilin-cai.yaml", tmp_path / "site",
                       obfuscate_email=True)
    html = index.read_text("utf-8")
    assert "weilin@example.org" not in html and "mailto:weilin" not in html
    assert "weilin [at] example [dot] org" in html


def test_photo_copied_into_assets(tmp_path: Path) -> None:
    from base64 import b64decode

    (tmp_path / "me.png").write_bytes(b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada\nphoto: me.png\n", encoding="utf-8")
    index = build_site(profile, tmp_path / "site")
    copied = index.parent / "assets" / "photo.png"
    assert copied.read_bytes() == (tmp_path / "me.png").read_bytes()
    assert 'src="assets/photo.png" alt="Ada"' in index.read_text("utf-8")


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    path = ROOT / "examples" / "minimal.yaml"
    index = build_site(path, tmp_path / "site")
    os.utime(index, (1_000_000_000, 1_000_000_000))
    build_site(path, tmp_path / "site")
    assert index.stat().st_mtime == 1_000_000_000


def test_each_publication_offers_bibtex_and_links(tmp_path: Path) -> None:
    path = ROOT / "examples" / "weilin-cai.yaml"
    html = build_site(path, tmp_path / "site").read_text("utf-8")
    profile = load_profile(path)
    visible = [p for p in profile.publications if not p.hidden]
    assert html.count('<details class="bibtex">') == len(visible)
    for p in visible:
        if p.doi:
            assert f'href="https://doi.org/{p.doi}"' in html
        if p.arxiv:
            assert f'href="https://arxiv.org/abs/{p.arxiv}"' in html
