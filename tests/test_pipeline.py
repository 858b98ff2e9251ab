"""The one path from profile to files: every selection rule once, for every format."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cvkit import exporters
from cvkit.build.api import ExportOptions, expand_formats, export, render
from cvkit.profile.load import load_profile
from cvkit.support.errors import ExportError

from .conftest import run_cvkit
from .exporters.test_contract import extract_text

# Every kind of entry, hidden, each carrying a word that must appear in no output.
HIDDEN_PROFILE = """\
name: Ada Example
about: Works on systems.
news:
  - {date: 2026-01, text: Shown news}
  - {date: 2026-02, text: Hiddennews item, hidden: true}
publications:
  - {title: Shown Paper, authors: [Ada Example], venue: Conf, date: 2025}
  - {title: Hiddenpaper Title, authors: [Ada Example], venue: Conf, date: 2025, hidden: true}
experience:
  - organization: Shown Lab
    position: Engineer
    start: 2020-01
    roles:
      - {title: Shown role, start: 2020-01}
      - {title: Hiddenrole title, start: 2021-01, hidden: true}
    projects:
      - {name: Shown project, summary: Did things}
      - {name: Hiddensubproject name, summary: Secret, hidden: true}
  - {organization: Hiddenlab Org, start: 2019, hidden: true}
education:
  - {institution: Shown University, degree: BSc, start: 2015, end: 2019}
  - {institution: Hiddenschool University, start: 2010, end: 2014, hidden: true}
awards:
  - {title: Shown Award, date: 2024}
  - {title: Hiddenaward Prize, date: 2023, hidden: true}
patents:
  - {title: Hiddenpatent Widget, hidden: true}
projects:
  - {name: Hiddenproject Tool, hidden: true}
talks:
  - {title: Hiddentalk Keynote, hidden: true}
teaching:
  - {course: Hiddencourse 101, hidden: true}
service:
  - {role: Hiddenservice Reviewer, hidden: true}
skills:
  - {category: Languages, items: [Python]}
  - {category: Hiddenskill Group, items: [COBOL], hidden: true}
languages:
  - {language: Hiddenlanguage Klingon, hidden: true}
hobbies:
  - {name: Hiddenhobby Chess, hidden: true}
certificates:
  - {name: Hiddencert AWS, hidden: true}
references:
  - {name: Hiddenref Person, hidden: true}
"""
HIDDEN_WORD = re.compile(r"hidden\w+", re.I)


def _docx_text(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", " ", xml)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "latex", "html", "markdown", "text",
                                 "jsonresume", "jekyll"])
def test_hidden_entries_reach_no_format(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HIDDEN_PROFILE, encoding="utf-8")
    data = render(load_profile(path), fmt, ExportOptions(), tmp_path).data
    if fmt == "jsonresume":
        import json

        shown = json.loads(data)
        shown.pop("x-cvkit")  # the profile copy, for the way back, keeps them: it is the source
        text = json.dumps(shown, ensure_ascii=False)
    else:
        text = _docx_text(data) if fmt == "docx" else extract_text(fmt, data)
    assert "Shown Paper" in text and "Shown Award" in text  # the check can see entries
    assert HIDDEN_WORD.findall(text) == []


def test_json_resume_follows_the_chosen_sections(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HIDDEN_PROFILE + "layout:\n  sections: [about, education, publications]\n",
                    encoding="utf-8")
    import json

    resume = json.loads(render(load_profile(path), "jsonresume").data)
    assert [p["name"] for p in resume["publications"]] == ["Shown Paper"]
    assert "awards" not in resume and "work" not in resume
    assert [e["institution"] for e in resume["education"]] == ["Shown University"]


def test_max_entries_count_only_shown_entries_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: A\nawards:\n  - {title: Hiddenaward One, hidden: true}\n"
                    "  - {title: First Award}\n  - {title: Second Award}\n  - {title: Third}\n"
                    "variants:\n  two: {max_entries: {awards: 2}}\n", encoding="utf-8")
    for fmt in ("markdown", "jsonresume", "html"):
        text = render(load_profile(path), fmt, ExportOptions(variant="two")).data.decode()
        assert "First Award" in text and "Second Award" in text, fmt
        assert "Third" not in text and "Hiddenaward" not in text.split('"x-cvkit"')[0], fmt


SUB_PROJECTS = """\
name: A
experience:
  - organization: Acme Labs
    position: Engineer
    projects:
      - {name: Alphaproject}
      - {name: Betaproject}
      - {name: Gammaproject}
  - organization: Beta Works
    position: Intern
    projects:
      - {name: Deltaproject}
      - {name: Epsilonproject}
variants:
  short: {max_entries: {experience.projects: 1}}
"""


def test_max_entries_limits_each_positions_sub_projects(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(SUB_PROJECTS, encoding="utf-8")
    done = run_cvkit("export", path, "-f", "pdf", "-o", tmp_path / "two",
                     "--max-entries", "experience.projects=2")
    assert done.returncode == 0, done.stderr
    text = extract_text("pdf", next((tmp_path / "two").glob("*.pdf")).read_bytes())
    assert all(name in text for name in ("Alphaproject", "Betaproject", "Deltaproject",
                                         "Epsilonproject", "Beta Works"))
    assert "Gammaproject" not in text
    one = render(load_profile(path), "markdown", ExportOptions(variant="short")).data.decode()
    assert "Alphaproject" in one and "Deltaproject" in one
    assert "Betaproject" not in one and "Epsilonproject" not in one


def test_max_entries_names_the_lists_it_can_limit(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(SUB_PROJECTS, encoding="utf-8")
    done = run_cvkit("export", path, "-f", "text", "-o", tmp_path,
                     "--max-entries", "experience.roles=1")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--max-entries experience.roles=1: unknown list inside an entry " \
           "'experience.roles'" in done.stderr
    assert done.stderr.rstrip().endswith(
        "available: experience.projects, experience.highlights, projects.highlights")
    done = run_cvkit("export", path, "-f", "text", "-o", tmp_path, "--max-entries", "talk=1")
    assert done.returncode == 1 and "experience.projects" in done.stderr.split("available:")[1]

class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]


def test_publication_ids_are_unique_and_readable(tmp_path: Path) -> None:
    long = "Scaling Mixture of Experts Training Across Thousands of Accelerators"
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: A\npublications:\n"
        f"  - {{title: '{long} with Pipelines', authors: [A]}}\n"
        f"  - {{title: '{long} with Experts', authors: [A]}}\n"
        "  - {title: Same Title, authors: [A]}\n  - {title: Same Title, authors: [A]}\n"
        "  - {title: 基于混合专家模型的高效训练系统, authors: [A]}\n", encoding="utf-8")
    page = render(load_profile(path), "html").data.decode("utf-8")
    parser = _Ids()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids)), sorted(parser.ids)
    pubs = [i for i in parser.ids if i.startswith(("scaling", "same", "ji-yu"))]
    # Cut at a word (cvkit.document.slugs), never inside one.
    assert pubs == ["scaling-mixture-of-experts-training-across",
                    "scaling-mixture-of-experts-training-across-2",
                    "same-title", "same-title-2",
                    "ji-yu-hun-he-zhuan-jia-mo-xing-de-gao-xiao-xun"]


def test_loader_warnings_come_back_from_export(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: \"Ada\\u0007 Example\"\n", encoding="utf-8")
    result = export(path, ["markdown"], tmp_path / "out")
    assert [w.path for w in result.load_warnings] == ["name"]
    cli = run_cvkit("export", path, "-f", "markdown", "-o", tmp_path / "out2")
    assert cli.returncode == 0
    assert "p.yaml:1:7: name: control characters removed" in cli.stderr


def test_an_option_no_chosen_format_reads_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada\n", encoding="utf-8")
    result = run_cvkit("export", path, "-f", "markdown", "--compile", "-o", tmp_path / "o")
    assert result.returncode == 0
    assert "--compile is ignored: none of the chosen formats (markdown) reads it" in result.stderr


def test_all_with_a_jekyll_style_includes_jekyll() -> None:
    from cvkit.exporters import ALL_FORMATS

    assert expand_formats(["all"]) == list(ALL_FORMATS)
    assert expand_formats(["all"], {"jekyll_style": "acad"}) == [*ALL_FORMATS, "jekyll"]
    assert expand_formats(["pdf"], {"jekyll_style": "acad"}) == ["pdf"]


def test_a_bad_paper_size_is_the_model_s_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada\n", encoding="utf-8")
    with pytest.raises(ExportError, match="--paper: Input should be 'a4' or 'letter'"):
        render(load_profile(path), "markdown", ExportOptions(paper="a5"))
    result = run_cvkit("export", path, "-f", "pdf", "--paper", "a5", "-o", tmp_path / "o")
    assert result.returncode == 1 and "--paper: Input should be 'a4' or 'letter'" in result.stderr
    assert not (tmp_path / "o").exists()


def test_every_builtin_format_declares_itself() -> None:
    for name in exporters.BUILTIN:
        exporter = exporters.get(name)
        traits = exporters.traits(exporter)
        assert exporter.name == name and exporter.suffix.startswith(".")
        assert set(traits.options) <= {"pdf_variant", "max_pages", "obfuscate_email",
                                       "compile", "jekyll_style", "base_url",
                                       "no_embed_source", "embed_archive"}
    assert exporters.traits(exporters.get("latex")).compiles
    assert exporters.traits(exporters.get("pdf")).own_process
    assert not exporters.traits(exporters.get("jsonresume")).letters
