"""The PDF CV, read back by pypdf: text in order, real link annotations, metadata, safety."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, render
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES, ROOT, require_tool, run_cvkit
from .test_contract import assert_carries, extract_text, normalise

pypdf = pytest.importorskip("pypdf")
THEMES = ["academic", "industry"]


@cache
def rendered(path: Path, theme: str, paper: str | None = None, **extra: object) -> bytes:
    options = ExportOptions(theme=theme, paper=paper, extra=dict(extra))
    return render(load_profile(path), "pdf", options, path.parent).data


def link_targets(data: bytes) -> set[str]:
    uris = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def profile_urls(path: Path) -> set[str]:
    """Every link the profile itself names, built from the profile (not from our view)."""
    p = load_profile(path)
    urls = set()
    for pub in p.publications:
        if pub.hidden:
            continue
        if pub.doi:
            urls.add(f"https://doi.org/{pub.doi}")
        if pub.arxiv:
            urls.add(f"https://arxiv.org/abs/{pub.arxiv}")
        if pub.url:
            urls.add(pub.url)
        urls.update(pub.links.values())
    if p.contact.email:
        urls.add(f"mailto:{p.contact.email}")
    if p.contact.website:
        urls.add(p.contact.website)
    return urls


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pdf_carries_every_item_and_link(path: Path, theme: str) -> None:
    data = rendered(path, theme)
    assert data.startswith(b"%PDF-")
    assert_carries("pdf", extract_text("pdf", data), path)
    missing = profile_urls(path) - link_targets(data)
    assert not missing, f"links without an annotation: {sorted(missing)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pdf_metadata(path: Path) -> None:
    meta = pypdf.PdfReader(io.BytesIO(rendered(path, "academic"))).metadata
    name = load_profile(path).name
    assert meta.author == name
    assert name in meta.title
    assert meta.subject == f"Curriculum vitae of {name}"
    assert (meta.get("/Creator") or meta.get("/Producer"))


def test_reading_order_puts_title_before_authors_before_venue() -> None:
    path = ROOT / "examples" / "weilin-cai.yaml"
    flat = normalise(extract_text("pdf", rendered(path, "academic")))
    title = flat.index("FlexTrain: Scalable Hybrid")
    assert title < flat.index("Diandian Gu", title) < flat.index("Ninth Annual Conference", title)


def test_source_date_epoch_makes_builds_reproducible(tmp_path: Path) -> None:
    src = ROOT / "examples" / "minimal.yaml"
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
    outputs = []
    for run in ("a", "b"):
        result = run_cvkit("export", src, "-f", "pdf", "-o", tmp_path / run, env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(next((tmp_path / run).glob("*.pdf")).read_bytes())
    assert outputs[0] == outputs[1]
    meta = pypdf.PdfReader(io.BytesIO(outputs[0])).metadata
    assert meta.creation_date.year == 2026 and meta.creation_date.month == 1


def test_paper_sizes() -> None:
    path = ROOT / "examples" / "minimal.yaml"
    a4 = pypdf.PdfReader(io.BytesIO(rendered(path, "academic"))).pages[0].mediabox
    letter = pypdf.PdfReader(io.BytesIO(rendered(path, "academic", paper="letter"))).pages[0]
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.mediabox.width)), round(float(letter.mediabox.height))) == (612, 792)


def test_footer_has_name_and_page_numbers() -> None:
    path = ROOT / "examples" / "weilin-cai.yaml"
    pages = pypdf.PdfReader(io.BytesIO(rendered(path, "academic"))).pages
    assert len(pages) >= 2
    last = pages[-1].extract_text()
    assert f"{len(pages)} / {len(pages)}" in last and "Weilin Cai" in last


def test_industry_theme_puts_experience_before_education(tmp_path: Path) -> None:
    text = tmp_path / "p.yaml"
    text.write_text("name: Ada Park\neducation:\n  - institution: Kyoto University\n"
                    "experience:\n  - organization: Example Labs\n    position: Engineer\n",
                    encoding="utf-8")
    def flat(theme: str) -> str:
        artifact = render(load_profile(text), "pdf", ExportOptions(theme=theme), tmp_path)
        return normalise(extract_text("pdf", artifact.data))

    academic, industry = flat("academic"), flat("industry")
    assert academic.index("Kyoto University") < academic.index("Example Labs")
    assert industry.index("Example Labs") < industry.index("Kyoto University")


def test_selected_and_since_filter_publications() -> None:
    path = ROOT / "examples" / "weilin-cai.yaml"
    profile = load_profile(path)
    selected = [p.title for p in profile.publications if p.selected]
    others = [p.title for p in profile.publications if not p.selected]
    assert selected and others, "the example needs both selected and other papers"
    flat = normalise(extract_text("pdf", render(profile, "pdf", ExportOptions(selected_only=True),
                                                path.parent).data))
    assert all(normalise(t) in flat for t in selected)
    assert not any(normalise(t) in flat for t in others)
    since = normalise(extract_text("pdf", render(profile, "pdf", ExportOptions(since=2025),
                                                 path.parent).data))
    assert "Flexible Supervision System" not in since  # a 2022 paper
    assert "Capacity" in since


def test_max_pages_warns_with_the_count(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "jordan-lin.yaml", "-f", "pdf",
                       "-o", tmp_path, "--max-pages", "1")
    assert result.returncode == 0, result.stderr
    assert "more than --max-pages 1" in result.stderr
    pages = len(pypdf.PdfReader(next(tmp_path.glob("*.pdf"))).pages)
    assert f"has {pages} pages" in result.stderr


HOSTILE = '<script>alert(1)</script> </div> & "quotes" {{ 7*7 }} \\textbf{x}'


def test_hostile_text_appears_literally(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: 'Eve </div> <b>Mallory</b>'\n"
        f"about: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        "awards:\n  - title: '<img src=x onerror=alert(1)>'\n",
        encoding="utf-8")
    data = render(load_profile(profile), "pdf", ExportOptions(), tmp_path).data
    flat = normalise(extract_text("pdf", data))
    assert "Eve </div> <b>Mallory</b>" in flat
    # \textbf{x} makes the field LaTeX text (as pasted from arXiv): its braces group, the
    # command is bold. Nothing is evaluated: no 49 from {{ 7*7 }}.
    assert "<script>alert(1)</script> </div> & \"quotes\" 7*7 x" in flat
    assert "49" not in flat
    assert "<img src=x onerror=alert(1)>" in flat


@pytest.mark.parametrize("photo", ["/etc/passwd", "../../secret.png", "C:/x.png", "me.txt"])
def test_bad_photo_path_is_a_located_error(tmp_path: Path, photo: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(f"name: Ada\nphoto: '{photo}'\n", encoding="utf-8")
    result = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"{profile}:2:8: photo:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_photo_symlink_outside_and_missing_photo_fail_cleanly(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "cv"
    folder.mkdir()
    (folder / "me.png").symlink_to(outside)
    profile = folder / "p.yaml"
    profile.write_text("name: Ada\nphoto: me.png\n", encoding="utf-8")
    out = folder / "out"
    out.mkdir()
    good = out / "Ada_CV.pdf"
    good.write_bytes(b"previous good file")
    result = run_cvkit("export", profile, "-f", "pdf", "-o", out)
    assert result.returncode == 1 and "outside the profile's folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert good.read_bytes() == b"previous good file"
    profile.write_text("name: Ada\nphoto: gone.png\n", encoding="utf-8")
    result = run_cvkit("export", profile, "-f", "pdf", "-o", out)
    assert result.returncode == 1 and "not found" in result.stderr and "--no-photo" in result.stderr
    result = run_cvkit("export", profile, "-f", "pdf", "-o", out, "--no-photo")
    assert result.returncode == 0, result.stderr


def test_photo_is_embedded(tmp_path: Path) -> None:
    from base64 import b64decode

    (tmp_path / "me.png").write_bytes(b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada\nphoto: me.png\n", encoding="utf-8")
    with_photo = render(load_profile(profile), "pdf", ExportOptions(), tmp_path).data
    without = render(load_profile(profile), "pdf", ExportOptions(include_photo=False),
                     tmp_path).data
    assert b"/Image" in with_photo and b"/Image" not in without


def test_user_templates_cannot_fetch_outside_files(tmp_path: Path) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "style.css").write_text(
        'body { background: url("file:///etc/hostname"); }\n'
        '@import url("https://example.org/x.css");\n', encoding="utf-8")
    path = ROOT / "examples" / "minimal.yaml"
    artifact = render(load_profile(path), "pdf", ExportOptions(templates=templates), path.parent)
    assert any("fetches nothing outside" in w for w in artifact.warnings), artifact.warnings


def test_user_template_overrides_one_file(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("h1.name { color: #ff0000; }", encoding="utf-8")
    path = ROOT / "examples" / "minimal.yaml"
    data = render(load_profile(path), "pdf", ExportOptions(templates=tmp_path), path.parent).data
    default = rendered(path, "academic")

    def first_page_ops(pdf: bytes) -> bytes:
        return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()

    assert b"1 0 0 rg" in first_page_ops(data)
    assert b"1 0 0 rg" not in first_page_ops(default)


def test_pdf_a_variant() -> None:
    path = ROOT / "examples" / "minimal.yaml"
    data = rendered(path, "academic", pdf_variant="pdf/a-3b")
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"pdfaid:conformance" in xmp


def test_tagged_pdf_variant() -> None:
    path = ROOT / "examples" / "minimal.yaml"
    plain = pypdf.PdfReader(io.BytesIO(rendered(path, "academic"))).trailer["/Root"]
    tagged = pypdf.PdfReader(io.BytesIO(rendered(path, "academic", pdf_variant="tagged")))
    assert "/StructTreeRoot" in tagged.trailer["/Root"] and "/StructTreeRoot" not in plain


def test_unknown_variant_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cvkit("export", ROOT / "examples" / "minimal.yaml", "-f", "pdf", "-o",
                       tmp_path, "--pdf-variant", "pdf/z-9")
    assert result.returncode == 1
    assert "unknown PDF variant 'pdf/z-9'" in result.stderr and "Traceback" not in result.stderr


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return "Noto" in out.stdout


def test_cjk_name_extracts_back_to_the_same_characters(tmp_path: Path) -> None:
    require_tool(_has_cjk_font(), "fonts-noto-cjk")
    profile = tmp_path / "p.yaml"
    profile.write_text("name: 蔡伟林\nheadline: 香港科技大学（广州）博士生\n"
                       "layout:\n  locale: zh\n"
                       "awards:\n  - title: 国家奖学金\n    date: 2020\n", encoding="utf-8")
    artifact = render(load_profile(profile), "pdf", ExportOptions(), tmp_path)
    flat = normalise(extract_text("pdf", artifact.data))
    for text in ("蔡伟林", "香港科技大学（广州）博士生", "国家奖学金", "荣誉奖项"):
        assert normalise(text) in flat
    assert not any("no installed font" in w for w in artifact.warnings)


def test_missing_glyphs_are_reported() -> None:
    from cvkit.exporters.glyphs import missing_glyph_warnings

    # U+10FFFD is a private-use plane-16 character no font covers.
    warnings = missing_glyph_warnings("Name \U0010fffd")
    require_tool(shutil.which("fc-list") is not None, "fontconfig's fc-list")
    assert warnings and "\U0010fffd" in warnings[0]


@pytest.mark.parametrize("script,sample", [("Arabic", "ليلى"), ("Devanagari", "कृष्ण"),
                                           ("Thai", "สมชาย"), ("Hebrew", "דנה")])
def test_every_script_is_checked_for_a_font(script: str, sample: str, tmp_path: Path) -> None:
    """With only DejaVu installed (a fontconfig of one folder), the scripts DejaVu lacks warn;
    Latin, Greek, Cyrillic and punctuation are never asked about."""
    import subprocess
    import sys

    from cvkit.exporters.glyphs import characters_to_check

    assert characters_to_check("Zoë Ελένη Жанна “quoted” – € ™") == []
    assert characters_to_check(sample) == sorted(set(sample))
    require_tool(shutil.which("fc-list") is not None and
                 Path("/usr/share/fonts/truetype/dejavu").is_dir(), "fontconfig and DejaVu")
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu'
                    f'</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>', "utf-8")
    code = ("from cvkit.exporters.glyphs import missing_glyph_warnings as m; "
            f"print(m({sample!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "FONTCONFIG_FILE": str(conf)}, timeout=60)
    dejavu_has = script in ("Arabic", "Hebrew")
    assert ("print as boxes" in out.stdout) is not dejavu_has, out.stdout + out.stderr


def test_pdf_export_prints_no_library_warning(tmp_path: Path) -> None:
    """With libharfbuzz-subset0 (a runtime package of setup.sh) WeasyPrint subsets fonts
    with HarfBuzz: faster (bench/harfbuzz_subset.py) and without a deprecation warning."""
    from weasyprint.text import ffi

    require_tool(ffi.harfbuzz_subset is not None, "libharfbuzz-subset0")
    result = run_cvkit("export", ROOT / "examples" / "minimal.yaml", "-f", "pdf", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr


def test_printed_details_read_on_paper(tmp_path: Path) -> None:
    from ..conftest import FIXTURES

    result = run_cvkit("export", FIXTURES / "printed.yaml", "-f", "pdf", "-f", "docx", "-f",
                       "latex", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    text = normalise(extract_text("pdf", next(tmp_path.glob("*.pdf")).read_bytes()))
    assert "[doi:10.1101/2025.09.01.123456]" in text  # the DOI itself, not a "[DOI]" label
    assert "[Thesis]" in text and "[Paper]" not in text
    assert "COLT, June 2025 · Accepted" in text
    assert "bioRxiv, September 2025 [doi" in text  # no "Preprint" under "Preprints"
    import docx

    word = "\n".join(p.text for p in docx.Document(next(tmp_path.glob("*.docx"))).paragraphs)
    assert "COLT, June 2025 · Accepted" in word
    tex = next(tmp_path.glob("*.tex")).read_text("utf-8")
    assert "\\textperiodcentered\\ \\textbf{Accepted}" in tex
    # A linked title is drawn like the others: the same colour as its neighbours.
    from cvkit.exporters import RenderContext
    from cvkit.exporters.pdf import print_html
    from cvkit.view import build_document

    html = print_html(build_document(load_profile(FIXTURES / "printed.yaml")),
                      RenderContext(), "academic").html
    assert ".entry-title a { color: inherit; }" in html


def test_industry_theme_lists_talks_and_teaching_before_languages() -> None:
    from cvkit.profile.design import load

    order = load("industry").order()  # the one order every format of the theme follows
    assert order.index("talks") < order.index("languages")
    assert order.index("teaching") < order.index("languages")


def test_every_paper_and_section_is_a_named_destination() -> None:
    """`cv.pdf#<paper key>` opens the CV at that paper (a homepage may link there)."""
    from pypdf import PdfReader

    from cvkit.build.pipeline import ExportOptions as Options
    from cvkit.build.pipeline import document
    from cvkit.exporters import source_date

    profile = load_profile(ROOT / "examples" / "weilin-cai.yaml")
    options = Options()
    doc = document(profile, options, options.selection(profile), source_date().date())
    keys = {p.key for s in doc.sections for g in s.publication_groups for p in g.publications}
    assert len(keys) > 5
    data = render(profile, "pdf").data
    destinations = set(PdfReader(io.BytesIO(data)).named_destinations)
    assert keys <= destinations
    assert {"publications", "education"} <= destinations


def test_the_sidebar_design_draws_no_empty_column(tmp_path: Path) -> None:
    """With nothing to set beside the main column (no contact, links, photo or sidebar
    section), the sidebar design lays the page out without its grey column."""
    from cvkit.exporters import RenderContext
    from cvkit.exporters.pdf import print_html
    from cvkit.view import build_document

    bare = tmp_path / "p.yaml"
    bare.write_text("name: Ada Park\nexperience:\n  - {organization: Acme, position: Engineer, "
                    "start: 2020}\n", encoding="utf-8")
    empty = print_html(build_document(load_profile(bare)),
                       RenderContext(theme="sidebar", base_dir=tmp_path), "academic").html
    assert '<aside class="sidebar">' not in empty and "#eef3f8" not in empty
    full = print_html(build_document(load_profile(EXAMPLES[0])),
                      RenderContext(theme="sidebar", base_dir=EXAMPLES[0].parent), "academic").html
    assert '<aside class="sidebar">' in full and "#eef3f8" in full
