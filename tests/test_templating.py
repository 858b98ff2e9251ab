"""Templates shipped compiled (issue 39, item 6): cvkit's own templates are served by the
modules the package was built with, the same bytes come out as when every template is
compiled from its source, a module made from another source (stale) or changed since the
build (tampered, or one that does not load) gives way to the source, and nothing executable
is written outside the package: a user's templates are compiled in memory."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from cvkit.build.api import render
from cvkit.exporters import Artifact, template_modules, templating
from cvkit.profile.load import load_profile
from cvkit.support.resources import resource_dir

from .conftest import EXAMPLES, ROOT, run_cvkit

FORMATS = ("html", "pdf-html", "latex", "markdown", "jekyll", "text")


def _build(target: Path, *, bytecode: bool = False, templates: Path | None = None) -> Path:
    template_modules.build(templates or resource_dir("templates"), resource_dir("themes"),
                           target, bytecode=bytecode)
    return target


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Modules as a wheel carries them (.py), built from this checkout's templates."""
    return _build(tmp_path_factory.mktemp("compiled") / "modules")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """What served each template file loaded during the test."""
    record: dict[str, str] = {}
    monkeypatch.setattr(templating, "_SERVED", record)
    yield record


def _use(monkeypatch: pytest.MonkeyPatch, root: Path | None) -> None:
    """Serve from the modules under ``root``; None: compile every template from source."""
    if root is None:
        monkeypatch.setenv(template_modules.OFF, "1")
    else:
        monkeypatch.delenv(template_modules.OFF, raising=False)
        monkeypatch.setattr(templating, "COMPILED_MODULES", root)


def _render(path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The bytes a format makes of an example; for ``pdf-html``, the page WeasyPrint would
    lay out (caught before it does)."""
    profile = load_profile(path)
    if fmt == "pdf-html":
        from cvkit.exporters import pdf

        monkeypatch.setattr(pdf, "html_to_pdf",
                            lambda html, *args, **kwargs: Artifact(html.encode(), ".pdf"))
        fmt = "pdf"
    artifact = render(profile, fmt, base_dir=path.parent)
    return artifact.data + b"".join(b"\n--- " + name.encode() + b"\n" + data
                                    for name, data in sorted(artifact.side_files.items()))


def _shipped(record: dict[str, str]) -> dict[str, str]:
    roots = [str(resource_dir(kind).resolve()) for kind in ("templates", "themes")]
    return {name: how for name, how in record.items() if name.startswith(tuple(roots))}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_same_bytes_with_and_without_compiled_modules(
        path: Path, compiled: Path, served: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for fmt in FORMATS:
        _use(monkeypatch, None)
        from_source = _render(path, fmt, monkeypatch)
        assert set(_shipped(served).values()) == {"source"}, fmt
        served.clear()
        _use(monkeypatch, compiled)
        assert _render(path, fmt, monkeypatch) == from_source, fmt
        # Every built-in format's environment compiles as the build did (its fingerprint):
        # each of cvkit's templates it loaded came from its module.
        assert _shipped(served) and set(_shipped(served).values()) == {"compiled"}, fmt
        served.clear()


def test_each_module_is_the_code_the_format_s_own_environment_compiles(
        compiled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the examples' bytes: every shipped template's module is, to the character,
    what the environment an exporter really makes (its filters, its escaper) compiles from
    that template's source."""
    made: dict[str, jinja2.Environment] = {}
    environment = templating.environment

    def recorded(fmt: str, *args: Any, **kwargs: Any) -> jinja2.Environment:
        made[fmt] = environment(fmt, *args, **kwargs)
        return made[fmt]

    # The PDF module imports it where the page is made, from templating: patched here.
    monkeypatch.setattr(templating, "environment", recorded)
    for module in ("html", "latex", "markdown", "jekyll", "text"):
        monkeypatch.setattr(f"cvkit.exporters.{module}.environment", recorded)
    for fmt in FORMATS:
        _render(EXAMPLES[-1], fmt, monkeypatch)
    assert sorted(made) == sorted(template_modules.FORMATS)
    manifest = json.loads((compiled / template_modules.MANIFEST).read_text("utf-8"))
    checked = 0
    for fmt, key, folder in template_modules.shipped_folders(resource_dir("templates"),
                                                             resource_dir("themes")):
        env = made[fmt]
        entries = manifest["environments"][template_modules.fingerprint(env)][key]
        for name, entry in entries["templates"].items():
            source = (folder / name).read_text("utf-8")
            code = env.compile(source, name, str(folder / name), raw=True, defer_init=True)
            assert (compiled / entries["dir"] / entry["module"]).read_text("utf-8") == code
            checked += 1
    assert checked == sum(len(f["templates"]) for e in manifest["environments"].values()
                          for f in e.values())


def test_bytecode_modules_of_an_editable_install_serve_too(
        tmp_path: Path, served: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _build(tmp_path / "modules", bytecode=True)
    assert not list(root.rglob("*.py")) and list(root.rglob("*.pyc"))
    example = EXAMPLES[-1]
    _use(monkeypatch, None)
    expected = _render(example, "html", monkeypatch)
    _use(monkeypatch, root)
    assert _render(example, "html", monkeypatch) == expected
    assert set(_shipped(served).values()) == {"compiled"}


def _index(record: dict[str, str]) -> str:
    return next(how for name, how in record.items() if name.endswith("html/base/index.html.j2"))


def test_a_module_made_from_another_source_is_not_used(
        tmp_path: Path, served: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A stale module (its template edited since the build) gives way to the source."""
    templates = tmp_path / "templates"
    shutil.copytree(resource_dir("templates"), templates)
    index = templates / "html" / "base" / "index.html.j2"
    index.write_text(index.read_text("utf-8").replace("</body>", "STALE</body>"), "utf-8")
    root = _build(tmp_path / "modules", templates=templates)
    example = EXAMPLES[-1]
    _use(monkeypatch, None)
    expected = _render(example, "html", monkeypatch)
    _use(monkeypatch, root)
    assert _render(example, "html", monkeypatch) == expected
    assert b"STALE" not in expected
    assert _index(served) == "source"
    assert set(_shipped(served).values()) == {"compiled", "source"}  # the others still are


def _index_module(root: Path) -> tuple[dict[str, Any], Path]:
    manifest = json.loads((root / template_modules.MANIFEST).read_text("utf-8"))
    for folders in manifest["environments"].values():
        folder = folders.get("templates/html/base")
        if folder:
            entry = folder["templates"]["index.html.j2"]
            return manifest, root / folder["dir"] / entry["module"]
    raise AssertionError("no module for index.html.j2")


@pytest.mark.parametrize("damage", ["tampered", "missing", "does not load", "old jinja"])
def test_a_damaged_module_gives_way_to_the_source(
        damage: str, tmp_path: Path, served: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = _build(tmp_path / "modules")
    manifest, module = _index_module(root)
    if damage == "tampered":  # its hash no longer the build's
        module.write_text(module.read_text("utf-8").replace("</body>", "TAMPERED</body>"),
                          "utf-8")
    elif damage == "missing":
        module.unlink()
    elif damage == "does not load":  # recorded as built, but broken: the guard still holds
        module.write_text("raise RuntimeError('broken')\n", "utf-8")
        for folders in manifest["environments"].values():
            for folder in folders.values():
                for entry in folder["templates"].values():
                    if entry["module"] == module.name:
                        entry["sha256"] = template_modules._sha256(module.read_bytes())
    else:  # modules compiled by another Jinja: none is used
        manifest["jinja2"] = "0.0"
    (root / template_modules.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    example = EXAMPLES[-1]
    _use(monkeypatch, None)
    expected = _render(example, "html", monkeypatch)
    _use(monkeypatch, root)
    assert _render(example, "html", monkeypatch) == expected
    assert _index(served) == "source"
    if damage == "old jinja":
        assert set(_shipped(served).values()) == {"source"}


def test_a_user_template_is_compiled_in_memory(
        tmp_path: Path, compiled: Path, served: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """--templates DIR overrides a file; that file is compiled here, the rest still come
    from cvkit's modules, and nothing is written beside the user's file."""
    mine = tmp_path / "mine"
    mine.mkdir()
    base = resource_dir("templates") / "markdown" / "default" / "cv.md.j2"
    (mine / "cv.md.j2").write_text("MINE\n" + base.read_text("utf-8"), "utf-8")
    _use(monkeypatch, compiled)
    from cvkit.build.api import ExportOptions

    data = render(load_profile(EXAMPLES[-1]), "markdown", ExportOptions(templates=mine),
                  base_dir=EXAMPLES[-1].parent).data
    assert data.startswith(b"MINE")
    assert served[str(mine / "cv.md.j2")] == "source"
    assert sorted(p.name for p in mine.iterdir()) == ["cv.md.j2"]


def test_cvkit_filters_are_called_while_rendering_not_compiling() -> None:
    """Jinja folds a filter with constant arguments into the compiled code; cvkit's filters
    and finalize are marked so it cannot, and the code is the same whatever they do."""
    calls: list[str] = []
    env = template_modules.compile_environment("latex", jinja2.DictLoader({}))
    env.filters["mark"] = template_modules.at_render(lambda v: calls.append(v) or v.upper())
    code = env.compile('((( "x" | mark )))', raw=True)
    assert calls == [] and "'X'" not in code
    assert env.from_string('((( "x" | mark )))').render() == "X" and calls == ["x"]


def test_the_fingerprint_names_what_compiling_depends_on() -> None:
    from cvkit.exporters.latex import DELIMITERS

    assert template_modules.LATEX_DELIMITERS == DELIMITERS
    prints = {fmt: template_modules.fingerprint(
        template_modules.compile_environment(fmt, jinja2.DictLoader({})))
        for fmt in template_modules.FORMATS}
    assert prints["html"] == prints["pdf"] and prints["markdown"] == prints["jekyll"]
    assert len({prints[f] for f in ("html", "latex", "markdown", "text")}) == 4
    env = template_modules.compile_environment("html", jinja2.DictLoader({}))
    env.filters = dict(env.filters)
    env.filters["theirs"] = lambda v: v  # Jinja may call it while compiling: no modules
    assert template_modules.fingerprint(env) is None
    env.filters["theirs"] = template_modules.at_render(lambda v: v)
    assert template_modules.fingerprint(env) == prints["html"]
    env.filters["upper"] = template_modules.at_render(str.upper)  # a built-in one replaced
    assert template_modules.fingerprint(env) not in (None, prints["html"])


def test_no_compiled_template_is_written_outside_the_package(tmp_path: Path) -> None:
    """An export with a user's templates and a CVKIT_PATH template set leaves no Python
    module or bytecode in the home folder, the cache, the user's folders or the output."""
    home, cache, ext, mine = (tmp_path / n for n in ("home", "cache", "ext", "mine"))
    for folder in (home, cache, mine):
        folder.mkdir()
    shutil.copytree(resource_dir("templates") / "jekyll" / "acad", ext / "templates" /
                    "jekyll" / "mine")
    shutil.copy(resource_dir("templates") / "markdown" / "default" / "cv.md.j2", mine)
    profile = tmp_path / "p.yaml"
    profile.write_text((ROOT / "examples" / "minimal.yaml").read_text("utf-8"), "utf-8")
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(cache), "CVKIT_PATH": str(ext),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    for argv in (["-f", "html,markdown,latex,text", "--templates", mine],
                 ["-f", "jekyll", "--theme", "mine"]):
        done = run_cvkit("export", profile, "-o", tmp_path / "out", *argv, env=env)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    written = [p for p in tmp_path.rglob("*")
               if p.suffix in (".py", ".pyc") or p.name == "__pycache__"]
    assert written == []
