"""Extending cvkit without touching it: a locale is one file, a theme one folder, a format one
module with its templates — each added here from a temporary folder and exported with."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from .conftest import ROOT, run_cvkit

PROFILE = """\
name: Ada Beispiel
layout: {locale: LOCALE}
publications:
  - {title: Ein Papier, authors: [Ada Beispiel], venue: Konf, date: 2026-05}
education:
  - {institution: Universität, degree: MSc, start: 2020-09, end: present}
"""


def _profile(tmp_path: Path, locale: str = "en") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.replace("LOCALE", locale), encoding="utf-8")
    return path


def test_a_locale_is_one_data_file(tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    (ext / "locales").mkdir(parents=True)
    (ext / "locales" / "xx.yaml").write_text(textwrap.dedent("""\
        name: Testisch
        lang: de
        babel: de
        titles: {publications: Publikationen, education: Ausbildung}
        labels: {present: heute}
        """), encoding="utf-8")
    env = {"CVKIT_PATH": str(ext)}
    result = run_cvkit("export", _profile(tmp_path, "xx"), "-f", "markdown", "-o",
                       tmp_path / "out", env=env)
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out").glob("*.md")).read_text("utf-8")
    assert "## Publikationen" in text and "## Ausbildung" in text
    assert "Mai 2026" in text  # CLDR's German month name, by the file's `babel`
    assert "Sept. 2020 – heute" in text
    # Without the folder on CVKIT_PATH the locale is unknown, and the profile says where.
    bad = run_cvkit("validate", _profile(tmp_path, "xx"), env={"CVKIT_PATH": ""})
    assert bad.returncode == 2
    assert "p.yaml:2:18: layout.locale: unknown locale 'xx'" in bad.stderr


def test_a_typo_in_a_locale_file_is_located(tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    (ext / "locales").mkdir(parents=True)
    (ext / "locales" / "xx.yaml").write_text(
        "name: X\nlang: de\nbabel: de\nlabels:\n  presnt: heute\n", encoding="utf-8")
    result = run_cvkit("export", _profile(tmp_path, "xx"), "-f", "markdown", "-o",
                       tmp_path / "out", env={"CVKIT_PATH": str(ext)})
    assert result.returncode == 2
    assert "xx.yaml:5:3: labels.presnt: unknown label key 'presnt'; did you mean 'present'?" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_profile_overrides_titles_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.replace("{locale: LOCALE}", "{locale: en, labels: {present: Now}, "
                                    "kind_titles: {conference: Refereed Papers}}"),
                    encoding="utf-8")
    result = run_cvkit("export", path, "-f", "markdown", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Sep 2020 – Now" in next((tmp_path / "out").glob("*.md")).read_text("utf-8")
    path.write_text(PROFILE.replace("{locale: LOCALE}", "{labels: {presnt: Now}}"),
                    encoding="utf-8")
    bad = run_cvkit("validate", path)
    assert bad.returncode == 2 and "did you mean 'present'?" in bad.stderr


DESIGN = """\
description: A plum test design.
accent: 5B2A86
muted: 444444
fonts:
  pdf: [DejaVu Sans, sans-serif]
  docx: Arial
  latex: mathptmx
section_order: [education]
homepage: {accent: 5B2A86}
"""


def test_a_theme_is_one_folder_with_one_design_file(tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    (ext / "themes" / "plum").mkdir(parents=True)
    (ext / "themes" / "plum" / "design.yaml").write_text(DESIGN, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cvkit("export", _profile(tmp_path), "-f", "pdf,docx,latex,html", "--theme",
                       "plum", "-o", out, env={"CVKIT_PATH": str(ext)})
    assert result.returncode == 0, result.stderr
    tex = next(out.glob("*.tex")).read_text("utf-8")
    assert "\\definecolor{cvaccent}{HTML}{5B2A86}" in tex and "\\usepackage{mathptmx}" in tex
    # A subset order: education first, the rest follow instead of vanishing.
    assert tex.index("\\section*{Education}") < tex.index("\\section*{Publications}")
    import zipfile

    with zipfile.ZipFile(next(out.glob("*.docx"))) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert 'w:color w:val="5B2A86"' in styles and 'w:ascii="Arial"' in styles
    from pypdf import PdfReader

    fonts = {str(f) for page in PdfReader(next(out.glob("*.pdf"))).pages
             for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()["/BaseFont"]]}
    assert fonts and all("DejaVu-Sans" in f for f in fonts), fonts
    assert "--accent: #5b2a86;" in (out / "assets" / "style.css").read_text("utf-8")


@pytest.mark.parametrize("theme_css", ["base", "industry"])
def test_a_design_with_one_pdf_font_prints_in_it(theme_css: str, tmp_path: Path) -> None:
    """`fonts: {pdf: [one family]}` gives the print CSS one family (it gave
    `font-family: , "X"`, which WeasyPrint drops with a warning), in the base stylesheet and
    in the one the industry design brings."""
    ext = tmp_path / "ext"
    (ext / "themes" / "solo").mkdir(parents=True)
    design = DESIGN.replace("pdf: [DejaVu Sans, sans-serif]", "pdf: [DejaVu Serif]")
    (ext / "themes" / "solo" / "design.yaml").write_text(design, encoding="utf-8")
    if theme_css == "industry":
        (ext / "themes" / "solo" / "pdf").mkdir()
        (ext / "themes" / "solo" / "pdf" / "style.css").write_text(
            (ROOT / "themes" / "industry" / "pdf" / "style.css").read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    result = run_cvkit("export", _profile(tmp_path), "-f", "pdf", "--theme", "solo", "-o", out,
                       env={"CVKIT_PATH": str(ext)})
    assert result.returncode == 0, result.stderr
    assert "WeasyPrint" not in result.stderr
    from pypdf import PdfReader

    fonts = {str(f) for page in PdfReader(next(out.glob("*.pdf"))).pages
             for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()["/BaseFont"]]}
    assert fonts and all("DejaVu-Serif" in f or "DejaVuSerif" in f for f in fonts), fonts


def test_a_typo_in_a_design_file_is_located(tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    (ext / "themes" / "plum").mkdir(parents=True)
    (ext / "themes" / "plum" / "design.yaml").write_text(
        DESIGN.replace("accent: 5B2A86", "acent: 5B2A86"), encoding="utf-8")
    result = run_cvkit("export", _profile(tmp_path), "-f", "pdf", "--theme", "plum", "-o",
                       tmp_path / "out", env={"CVKIT_PATH": str(ext)})
    assert result.returncode == 2
    assert "design.yaml:2:1: acent: unknown field" in result.stderr
    assert "did you mean 'accent'?" in result.stderr
    assert not (tmp_path / "out").exists()


TINY_FORMAT = '''
from pathlib import Path

from cvkit.exporters import Artifact, BaseExporter
from cvkit.exporters.templating import environment


class CsvExporter(BaseExporter):
    """Publications as CSV: one module and its templates, nothing else."""

    name = "pubcsv"
    suffix = ".csv"
    default_theme = "plain"
    templates_dir = Path(__file__).parent / "templates"

    def render(self, doc, ctx):
        env = environment(self.name, ctx.theme or self.default_theme, ctx.templates,
                          escape=lambda s: '"' + s.replace('"', '""') + '"', filters={})
        text = env.get_template("pubs.csv.j2").render(doc=doc)
        return Artifact(text.encode("utf-8"), self.suffix)
'''


def _tiny_format(root: Path) -> None:
    package = root / "tinyfmt"
    (package / "templates" / "pubcsv" / "plain").mkdir(parents=True)
    (package / "__init__.py").write_text(TINY_FORMAT, encoding="utf-8")
    (package / "templates" / "pubcsv" / "plain" / "pubs.csv.j2").write_text(
        "title,year\n{% for p in doc.publications %}{{ p.title }},{{ p.year }}\n{% endfor %}",
        encoding="utf-8")
    info = root / "tinyfmt-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinyfmt\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[cvkit.exporters]\npubcsv = tinyfmt:CsvExporter\n",
                                           encoding="utf-8")


def test_a_format_is_one_module_found_by_entry_point(tmp_path: Path) -> None:
    _tiny_format(tmp_path / "site")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path / "site"),
                                          os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "out"
    result = run_cvkit("export", _profile(tmp_path), "-f", "pubcsv,markdown", "-o", out,
                       env=env)
    assert result.returncode == 0, result.stderr
    assert (out / "Ada_Beispiel_CV.csv").read_text("utf-8") == \
        'title,year\n"Ein Papier",2026\n'
    typo = run_cvkit("export", _profile(tmp_path), "-f", "pubcvs", "-o", out, env=env)
    assert typo.returncode == 1 and "did you mean 'pubcsv'?" in typo.stderr


def test_format_trait_defaults_apply_to_a_bare_exporter() -> None:
    from cvkit import exporters

    class Bare:
        name, suffix, default_theme = "bare", ".txt", ""

        def render(self, doc: object, ctx: object) -> exporters.Artifact:
            return exporters.Artifact(b"", ".txt")

    traits = exporters.traits(Bare())
    assert traits == exporters.Traits()


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_packaged_locales_cover_every_english_key(locale: str) -> None:
    from cvkit.profile.locale import load

    english, other = load("en"), load(locale)
    assert set(other.labels) == set(english.labels)
    assert set(other.titles) == set(english.titles)
