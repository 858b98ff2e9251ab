"""`--fit-pages N` when tightening is not enough: the least important entries are left out
(cvkit.build.shorten), the same in every format, said in a warning that points into the
profile, reproducible with the --max-entries it prints, and known to `cvkit check`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from cvkit.build import pipeline
from cvkit.profile import design
from cvkit.profile.options import ExportOptions

from .conftest import ROOT, run_cvkit

LONG = [ROOT / "examples" / "jordan-lin.yaml", ROOT / "examples" / "linxiao-li.yaml"]
JORDAN = LONG[0]
SIX_PAPERS = ("--max-entries", "publications=6")


@pytest.fixture(scope="module")
def long_profiles() -> list[pipeline.Loaded]:
    return [pipeline.load(path) for path in LONG]


@pytest.mark.parametrize("theme", design.names())
def test_the_long_examples_fit_one_page_in_every_design(
        theme: str, long_profiles: list[pipeline.Loaded], tmp_path: Path) -> None:
    """Issue 40's promise: every design fits every example on one page with six papers,
    the nine-page one too, by leaving entries out when the tightest step is not enough;
    and the page passes `cvkit check` against the whole profile."""
    import pypdf

    from cvkit.build.check import check

    options = ExportOptions(theme=theme, fit_pages=1, max_entries={"publications": 6})
    for loaded in long_profiles:
        made = pipeline.render(loaded, "pdf", options)
        pages = pypdf.PdfReader(io.BytesIO(made.data)).pages
        assert len(pages) == 1, (theme, loaded.path)
        assert "on 1 page" in made.info["fit"] and "leaving out" in made.info["fit"]
        # Never the header or education: every degree stays, however many.
        text = " ".join(pages[0].extract_text().split())
        for kept in (loaded.profile.name, *(d.institution for d in loaded.profile.education)):
            assert kept in text, (theme, kept)
        pdf = tmp_path / f"{loaded.path.stem}.pdf"
        pdf.write_bytes(made.data)
        report = check(pdf, loaded.profile)
        assert report.ok and report.limits, (theme, report.missing, report.problems)


def _left_out(stderr: str) -> tuple[int, int, str]:
    """The first sub-project left out, the line the warning gives for it, and the
    --max-entries the warning says reproduce the page."""
    found = re.search(r"left out \(least important first\): .*experience\[0\]\.projects"
                      r"\[(\d+)\.\.11\] \(profile line (\d+)\)", stderr)
    assert found, stderr
    again = re.search(r"the same as ((?:--max-entries \S+ ?)+)", stderr)
    assert again, stderr
    return int(found[1]), int(found[2]), again[1].strip()


def test_every_format_leaves_out_the_same_and_says_where(tmp_path: Path) -> None:
    import pypdf
    from docx import Document

    from cvkit.build.api import load

    done = run_cvkit("export", JORDAN, "-f", "pdf", "-f", "docx", "-f", "latex", "-f", "html",
                     "-o", tmp_path / "fit", *SIX_PAPERS, "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    first, line, limits = _left_out(done.stderr)
    projects = load(JORDAN).experience[0].projects
    # The line given is where that sub-project starts in the profile.
    assert projects[first].name in JORDAN.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "--max-entries publications=6" in limits
    assert f"--max-entries experience.projects={first}" in limits
    assert "fitted: on 1 page " in done.stdout and "leaving out" in done.stdout
    assert "it leaves out what the PDF does" in done.stderr  # the LaTeX's note
    pdf = tmp_path / "fit" / "Jordan_Lin_CV.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == 1
    pdf_text = pypdf.PdfReader(pdf).pages[0].extract_text()
    docx_text = "\n".join(p.text for p in Document(
        str(tmp_path / "fit" / "Jordan_Lin_CV.docx")).paragraphs)
    tex = (tmp_path / "fit" / "Jordan_Lin_CV.tex").read_text(encoding="utf-8")
    homepage = (tmp_path / "fit" / "index.html").read_text(encoding="utf-8")
    # One-word names, unique in the profile: no format breaks or escapes them.
    gone = [p.name for p in projects[first:] if re.fullmatch(r"\w+", p.name)]
    assert len(gone) >= 2
    for text in (pdf_text, docx_text, tex, homepage):
        assert projects[0].name in text and not any(name in text for name in gone)
    # The printed limits give the same page again, without any shortening.
    again = run_cvkit("export", JORDAN, "-f", "pdf", "-o", tmp_path / "again",
                      *limits.split(), "--fit-pages", "1", "--no-shorten")
    assert again.returncode == 0 and "(1 page)" in again.stdout, again.stderr
    assert "left out" not in again.stderr
    assert pypdf.PdfReader(tmp_path / "again" / "Jordan_Lin_CV.pdf").pages[0]\
        .extract_text() == pdf_text
    # cvkit check knows those entries were left out on purpose.
    checked = run_cvkit("check", pdf, "--profile", JORDAN)
    assert checked.returncode == 0, checked.stdout
    # ... and names them as flags the command line takes, the export's own.
    line = next(x for x in checked.stdout.splitlines() if "LIMITED" in x)
    assert sorted(re.findall(r"--max-entries \S+", line.partition(":")[0])) == \
        sorted(re.findall(r"--max-entries \S+", limits))


def test_opting_out_writes_the_cv_whole(tmp_path: Path) -> None:
    import pypdf

    done = run_cvkit("export", JORDAN, "-f", "pdf", "-o", tmp_path / "flag", *SIX_PAPERS,
                     "--fit-pages", "1", "--no-shorten")
    assert done.returncode == 0, done.stderr
    assert "the CV does not fit on 1 page" in done.stderr and "left out" not in done.stderr
    assert 3 <= len(pypdf.PdfReader(tmp_path / "flag" / "Jordan_Lin_CV.pdf").pages) <= 4
    profile = tmp_path / "cv.yaml"
    text = JORDAN.read_text(encoding="utf-8")
    assert "\nlayout:\n" in text
    profile.write_text(text.replace("\nlayout:\n", "\nlayout:\n  fit_shorten: false\n", 1),
                       encoding="utf-8")
    done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "layout", *SIX_PAPERS,
                     "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    assert "the CV does not fit on 1 page" in done.stderr and "left out" not in done.stderr
    # The flag over the layout's choice.
    done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "over", *SIX_PAPERS,
                     "--fit-pages", "1", "--shorten")
    assert "(1 page)" in done.stdout and "left out" in done.stderr, done.stderr


def test_a_format_without_pages_alone_keeps_every_entry(tmp_path: Path) -> None:
    """--fit-pages shortens for a format laid out in pages; Markdown alone (or a homepage)
    keeps every entry and lays no PDF out, while beside a PDF it leaves out what the PDF
    does."""
    whole = run_cvkit("export", JORDAN, "-f", "markdown", "-o", tmp_path / "alone",
                      "--fit-pages", "1")
    assert whole.returncode == 0 and "left out" not in whole.stderr, whole.stderr
    beside = run_cvkit("export", JORDAN, "-f", "markdown,pdf", "-o", tmp_path / "beside",
                       "--fit-pages", "1")
    assert beside.returncode == 0 and "left out" in beside.stderr, beside.stderr
    alone, = (tmp_path / "alone").glob("*.md")
    shortened, = (tmp_path / "beside").glob("*.md")
    assert len(shortened.read_text("utf-8")) < len(alone.read_text("utf-8"))
    plain = run_cvkit("export", JORDAN, "-f", "markdown", "-o", tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    assert alone.read_bytes() == next((tmp_path / "plain").glob("*.md")).read_bytes()


def test_check_leaves_out_what_max_entries_left_out(tmp_path: Path) -> None:
    """Six of eleven papers: the other five are not reported missing, as the PDF says the
    export limited them; a PDF without limits is checked whole."""
    weilin = ROOT / "examples" / "weilin-cai.yaml"
    run_cvkit("export", weilin, "-f", "pdf", "-o", tmp_path / "six", *SIX_PAPERS)
    checked = run_cvkit("check", tmp_path / "six" / "Weilin_Cai_CV.pdf", "--profile", weilin)
    assert checked.returncode == 0, checked.stdout
    assert "LIMITED --max-entries publications=6:" in checked.stdout
    assert "MISSING" not in checked.stdout
    run_cvkit("export", weilin, "-f", "pdf", "-o", tmp_path / "all")
    whole = run_cvkit("check", tmp_path / "all" / "Weilin_Cai_CV.pdf", "--profile", weilin)
    assert whole.returncode == 0 and "LIMITED" not in whole.stdout, whole.stdout


def test_exported_again_the_shortening_is_not_searched_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        long_profiles: list[pipeline.Loaded]) -> None:
    from cvkit.build import shorten

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    layouts: list[int] = []
    real = shorten.laid_out_tightest

    def counted(page: object) -> int:
        layouts.append(1)
        return real(page)  # type: ignore[arg-type]

    monkeypatch.setattr(shorten, "laid_out_tightest", counted)
    options = ExportOptions(theme="classic", fit_pages=1, max_entries={"publications": 6})
    limits, counts = [], []
    for _ in range(2):
        made = pipeline.assemble(long_profiles[0], ["pdf"], options)
        limits.append(made.jobs[0][2].options.max_entries)
        counts.append(len(layouts))
    # Searched once (a handful of layouts, halving each section), then read back.
    assert limits[0] == limits[1] and "experience.projects" in limits[0]
    assert 2 <= counts[0] <= 8 and counts[1] == counts[0]


def test_what_may_not_be_shortened_is_kept_and_said(tmp_path: Path) -> None:
    """A summary two pages long: nothing that may go would make it fit, so nothing goes."""
    import pypdf

    profile = tmp_path / "cv.yaml"
    text = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")
    words = " ".join(f"word{i}" for i in range(1800))
    profile.write_text(text + f"about: {words}\nawards:\n" + "".join(
        f"  - {{title: Prize {i}, date: 20{10 + i}}}\n" for i in range(4)), encoding="utf-8")
    done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / "out", "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    assert "even with one entry left in each section that may be shortened, the CV takes " \
           "more than 1 page, so nothing is left out" in done.stderr
    assert "the CV does not fit on 1 page" in done.stderr and "left out (" not in done.stderr
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    assert "Prize 3" in " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def test_the_latex_pdf_records_the_limits_for_check(tmp_path: Path) -> None:
    """TeX's PDF of a shortened export says what was left out as cvkit's PDF does (a
    position is left out here, which check would otherwise report missing)."""
    import shutil

    from cvkit.build.api import load
    from cvkit.build.check import check
    from cvkit.exporters.latex import compile_tex, engine_of

    from .conftest import require_tool

    linxiao = LONG[1]
    done = run_cvkit("export", linxiao, "-f", "latex", "-o", tmp_path, "--theme", "classic",
                     *SIX_PAPERS, "--fit-pages", "1")
    assert done.returncode == 0, done.stderr
    limits = re.search(r"the same as ((?:--max-entries \S+ ?)+)", done.stderr)
    assert limits and "--max-entries experience=1" in limits[1], done.stderr
    (tex,) = tmp_path.glob("*.tex")
    engine = engine_of(tex.read_text("utf-8"))
    require_tool(shutil.which(engine) is not None and shutil.which("latexmk") is not None,
                 f"{engine} and latexmk (texlive packages)")
    pdf, _ = compile_tex(tex)
    report = check(pdf, load(linxiao))
    assert report.ok, ([f.value for f in report.missing], report.problems)
    assert "experience=1" in report.limits.split()
