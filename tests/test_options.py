"""The export options: one typed, frozen object; the command line's flags come from it, one
definition for export, watch and serve."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvkit.cli.app import app
from cvkit.profile.options import ExportOptions
from cvkit.support.errors import ExportError

from .conftest import ROOT


def test_the_options_are_frozen() -> None:
    options = ExportOptions(theme="academic")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.theme = "industry"  # type: ignore[misc]


def test_a_format_sees_only_the_format_options_it_declares() -> None:
    options = ExportOptions(compile=True, obfuscate_email=True, max_authors=3)
    seen = options.for_format(("obfuscate_email",))
    assert seen.obfuscate_email and not seen.compile and seen.max_authors == 3
    assert options.format_options() == {"compile": True, "obfuscate_email": True}


def test_the_old_mapping_of_format_options_is_still_taken() -> None:
    assert ExportOptions(extra={"jekyll_style": "acad"}).jekyll_style == "acad"
    with pytest.raises(ExportError, match="unknown export option 'jekyl_style'"):
        ExportOptions(extra={"jekyl_style": "acad"})


def _flags(command: str) -> set[str]:
    """Every flag a command of the CLI takes, read from the command itself (Click's)."""
    return {flag for param in app.commands[command].params
            for flag in (*param.opts, *param.secondary_opts) if flag.startswith("-")}


@pytest.mark.parametrize("command", ["watch", "serve"])
def test_watch_and_serve_take_every_flag_export_takes(command: str) -> None:
    export = _flags("export")
    # What issue 39 found missing, and an option of each kind the options object holds.
    assert {"--citation-style", "--variant", "--paper", "--name", "--compile",
            "--photo", "--no-photo", "--max-entries"} <= export
    assert export - _flags(command) == set(), command


def test_an_option_no_chosen_format_reads_is_said_to_be_ignored(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(ROOT / "examples" / "weilin-cai.yaml"),
                                      "-f", "markdown", "-o", str(tmp_path), "--compile"])
    assert result.exit_code == 0, result.output
    assert "--compile is ignored: none of the chosen formats (markdown) reads it" \
        in result.output


def test_every_option_a_builtin_format_declares_is_a_field() -> None:
    from cvkit import exporters

    fields = {f.name for f in dataclasses.fields(ExportOptions)}
    for name in exporters.BUILTIN:
        declared = set(exporters.traits(exporters.get(name)).options)
        assert declared <= fields, (name, declared - fields)


def test_one_assembly() -> None:
    """The Document, each format's context and the profile attachment are made in
    cvkit.build.pipeline alone: the library, bundles, the preview, watch and the MCP server call
    it (pipeline.assemble, run or render) and make none of them themselves."""
    import re

    made_here = re.compile(r"\b(build_document|pipeline\.document|pipeline\.context|"
                           r"embedding|RenderContext)\(")
    callers = ["build/api.py", "build/bundle.py", "live/preview.py", "live/watch.py",
               "assistant/tools.py", "cli/app.py", "cli/live.py"]
    for name in callers:
        text = (ROOT / "cvkit" / name).read_text("utf-8")
        assert not made_here.search(text), name
        assert name.startswith("cli") or re.search(r"\b(pipeline|api)\.", text), name


def _page_width(pdf: Path) -> float:
    from pypdf import PdfReader

    return round(float(PdfReader(pdf).pages[0].mediabox.width))


A4_WIDTH, LETTER_WIDTH = 595, 612


def test_a_flag_overrides_the_layout_in_the_cli_the_library_and_the_mcp_tool(
        tmp_path: Path) -> None:
    """``layout.paper: letter`` is the default (ExportOptions.with_layout); a4 asked for by
    the command line, the library or the MCP server's export tool wins over it."""
    from cvkit.build import api

    from .conftest import run_cvkit
    from .test_mcp import data, talk

    folder = tmp_path / "root"
    folder.mkdir()
    profile = folder / "profile.yaml"
    profile.write_text((ROOT / "examples" / "minimal.yaml").read_text("utf-8")
                       + "\nlayout: {paper: letter}\n", encoding="utf-8")
    widths = {}
    for given, out in (((), "layout"), (("--paper", "A4"), "cli")):
        done = run_cvkit("export", profile, "-f", "pdf", "-o", tmp_path / out, *given)
        assert done.returncode == 0, done.stderr
        widths[out] = _page_width(next((tmp_path / out).glob("*.pdf")))
    written = api.export(profile, ["pdf"], tmp_path / "api",
                         options=ExportOptions(paper="a4")).written
    widths["api"] = _page_width(written[0].path)
    result = talk(folder, lambda c: c.call_tool("export", {
        "profile": "profile.yaml", "formats": ["pdf"], "output": "mcp", "paper": "A4"}))
    widths["mcp"] = _page_width(Path(data(result)["files"][0]["path"]))
    assert widths == {"layout": LETTER_WIDTH, "cli": A4_WIDTH, "api": A4_WIDTH,
                      "mcp": A4_WIDTH}


def test_the_layout_is_the_default_and_a_variant_sits_between() -> None:
    from cvkit.profile.model import Profile

    profile = Profile.model_validate({
        "name": "Ada", "layout": {"paper": "letter", "max_authors": 6, "fit_pages": 2},
        "variants": {"short": {"max_authors": 3}}})
    merged = ExportOptions(variant="short").with_layout(profile)
    assert (merged.paper, merged.max_authors, merged.fit_pages) == ("letter", 3, 2)
    flagged = ExportOptions.from_flags(variant="short", paper="A4", max_authors=4)
    merged = flagged.with_layout(profile)
    assert (merged.paper, merged.max_authors, merged.fit_pages) == ("a4", 4, 2)
    assert merged.with_layout(profile) == merged
    with pytest.raises(ExportError, match="--paper: Input should be 'a4' or 'letter'"):
        ExportOptions(paper="a5").with_layout(profile)


def test_values_the_profile_holds_build_no_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging the layout checks only what a flag adds: the values the profile holds were
    checked with it, so a plain export (and the merged result, merged again) builds no
    Variant validator; a flag's own value is still checked."""
    from cvkit.profile import options
    from cvkit.profile.model import Profile

    profile = Profile.model_validate({"name": "Ada", "layout": {"paper": "letter"}})
    checked: list[dict[str, object]] = []
    real = options._checked_variant
    monkeypatch.setattr(options, "_checked_variant",
                        lambda data: checked.append(data) or real(data))
    merged = ExportOptions().with_layout(profile)
    assert merged.with_layout(profile) == merged
    assert ExportOptions(paper="letter").with_layout(profile).paper == "letter"
    assert checked == []
    assert ExportOptions(paper="a4").with_layout(profile).paper == "a4"
    assert checked == [{"paper": "a4"}]
    with pytest.raises(ExportError, match="--paper"):
        ExportOptions(paper="a5").with_layout(profile)
