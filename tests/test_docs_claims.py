"""Claims the documentation (docs/) makes that no other test checked: each test names the
page that makes the claim."""

from __future__ import annotations

import json
from pathlib import Path

from cvkit.profile.load import load_profile

from .conftest import ROOT, run_cvkit


def test_the_first_cv_in_five_minutes(tmp_path: Path) -> None:
    """docs/getting-started.md: init, validate, serve's export, and the PDF and homepage."""
    profile = tmp_path / "profile.yaml"
    assert run_cvkit("init", profile).returncode == 0
    done = run_cvkit("validate", profile)
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr
    done = run_cvkit("export", profile, "-f", "pdf,html", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "Your_Name_CV.pdf").is_file()
    assert (tmp_path / "out" / "index.html").is_file()


def test_the_python_lines_of_getting_started(tmp_path: Path) -> None:
    import cvkit

    path = tmp_path / "profile.yaml"
    path.write_text("name: Ada Park\n", encoding="utf-8")
    assert cvkit.load_profile(path).name == "Ada Park"
    cvkit.export(path, ["html", "text"], tmp_path / "out")
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "Ada_Park_CV.txt").is_file()


def test_the_homepage_takes_the_accent_and_a_band_header_not_the_font(tmp_path: Path) -> None:
    """docs/guide/formats.md, 'Your choices over a design': the homepage takes the accent
    (light colours only) and a band header; it keeps its own fonts and the reader's size."""
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada Park\nlayout:\n  design:\n    accent: 8A1538\n"
                    "    font: Gentium Book Plus\n    size: 12.5\n    header: band\n",
                    encoding="utf-8")
    assert run_cvkit("export", path, "-f", "html", "-o", tmp_path / "site").returncode == 0
    css = (tmp_path / "site" / "assets" / "style.css").read_text("utf-8").lower()
    light, _, dark = css.partition("prefers-color-scheme: dark")
    assert "--accent: #8a1538" in light and "#8a1538" not in dark.split("}")[0]
    assert ".site-header { background: #8a1538" in css  # the band
    site = "".join(p.read_text("utf-8", errors="replace") for p in (tmp_path / "site").rglob("*")
                   if p.suffix in (".css", ".html"))
    assert "gentium" not in site.lower() and "12.5" not in css


def test_the_academic_design_puts_positions_before_papers() -> None:
    """docs/guide/formats.md: academic, education and experience before the publications;
    industry, experience and projects first."""
    from cvkit.profile import design

    academic = design.load("academic").order()
    assert academic.index("education") < academic.index("experience") \
        < academic.index("publications")
    assert design.load("industry").order()[:3] == ["about", "experience", "projects"]
    assert "publications early" not in design.load("academic").description


def test_json_resume_gives_back_what_the_export_showed(tmp_path: Path) -> None:
    """docs/guide/imports.md: the x-cvkit copy holds what the export showed (no hidden
    entry, none a variant left out, tags and variants kept); imported, it is the same model,
    written as new YAML without the comments."""
    path = tmp_path / "p.yaml"
    path.write_text("# a comment of mine\nname: Ada Park\nawards:\n"
                    "  - {title: Shown prize, tags: [a]}\n  - {title: Secret prize, hidden: yes}\n"
                    "  - {title: Other prize, tags: [b]}\nvariants:\n  v: {include_tags: [a]}\n",
                    encoding="utf-8")
    for variant, titles in ((None, ["Shown prize", "Other prize"]), ("v", ["Shown prize"])):
        out = tmp_path / f"out-{variant}"
        args = ["--variant", variant] if variant else []
        assert run_cvkit("export", path, "-f", "jsonresume", "-o", out, *args).returncode == 0
        resume = next(out.glob("*.json"))
        assert "Secret" not in json.loads(resume.read_text("utf-8"))["x-cvkit"].__repr__()
        back = tmp_path / f"back-{variant}.yaml"
        done = run_cvkit("import", "jsonresume", resume, "-o", back)
        assert done.returncode == 0 and "restored exactly" in done.stderr, done.stderr
        restored = load_profile(back)
        assert [a.title for a in restored.awards] == titles
        assert restored.variants["v"].include_tags == ["a"]
        assert [a.tags for a in restored.awards][0] == ["a"]
        assert "a comment of mine" not in back.read_text("utf-8")


def test_include_tags_keeps_entries_without_tags(tmp_path: Path) -> None:
    """docs/guide/profile.md, 'Hidden entries, tags and variants': include_tags keeps the
    entries that carry one of its tags and every entry without tags, by design."""
    page = " ".join((ROOT / "docs" / "guide" / "profile.md").read_text("utf-8").split())
    assert "untagged entries are always kept, by design" in page
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada Park\nawards:\n  - {title: Systems prize, tags: [systems]}\n"
                    "  - {title: Teaching prize, tags: [teaching]}\n  - {title: Untagged prize}\n"
                    "variants:\n  systems: {include_tags: [systems]}\n", encoding="utf-8")
    done = run_cvkit("export", path, "-f", "text", "-o", tmp_path / "out",
                     "--variant", "systems")
    assert done.returncode == 0, done.stderr
    text = next((tmp_path / "out").glob("*.txt")).read_text("utf-8")
    assert "Systems prize" in text and "Untagged prize" in text
    assert "Teaching prize" not in text
