"""Which formats this machine can make, and the Debian package for what it lacks
(``cvkit formats``, and ``cvkit doctor``: the same report with the tools beyond the formats,
one install line and an exit status).

Only local questions: ``shutil.which`` for programs, ``fc-list`` for fonts, and WeasyPrint
imported once in a child process (Pango, HarfBuzz and fontconfig are opened by that import;
doing it here would cost this process half a second and print WeasyPrint's advice).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field

from cvkit.exporters import available

TEX_PACKAGES = ("latexmk texlive-latex-recommended texlive-latex-extra "
                "texlive-fonts-recommended texlive-xetex")


@dataclass
class Need:
    what: str
    ok: bool
    install: str = ""  # the Debian package(s) that bring it
    required: bool = True  # False: the format works without it, less well
    note: str = ""


@dataclass
class FormatReport:
    format: str
    ready: bool
    summary: str
    needs: list[Need] = field(default_factory=list)


def _fonts(family: str) -> bool:
    out = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True,
                         text=True, timeout=30)
    return bool(out.stdout.strip())


# Printed by the child that imports WeasyPrint: its version and the Pango it loaded. Only
# the import decides whether PDFs can be made; the Pango version is read from WeasyPrint's
# internal binding, so where that moved the line says the version is unknown.
_VERSIONS = """
from cvkit.exporters.weasy import weasyprint
w = weasyprint()
try:
    from weasyprint.text.ffi import pango
    v = pango.pango_version()
    pango_is = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
except Exception:
    pango_is = "version unknown"
print(f"WeasyPrint {w.__version__}, Pango {pango_is}")
"""


def _weasyprint_imports() -> tuple[bool, str]:
    """Whether WeasyPrint imports (so Pango and its libraries load), in a child process, and
    its versions (or the error)."""
    try:
        done = subprocess.run([sys.executable, "-c", _VERSIONS], capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    lines = (done.stdout if done.returncode == 0 else done.stderr or done.stdout
             ).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


def _pdf() -> FormatReport:
    imports, said = _weasyprint_imports()
    needs = [Need("Pango and HarfBuzz (WeasyPrint imports)" + (f": {said}" if imports else ""),
                  imports, "libpango-1.0-0 libpangoft2-1.0-0", note="" if imports else said)]
    fc_list = shutil.which("fc-list") is not None
    needs.append(Need("fontconfig's fc-list, to check the fonts", fc_list, "fontconfig",
                      required=False, note="without it no font is checked, here or when "
                      "exporting (characters no font has print as boxes)"))
    if fc_list:
        noto = _fonts("Noto Serif") and _fonts("Noto Sans")
        dejavu = _fonts("DejaVu Serif") and _fonts("DejaVu Sans")
        needs += [
            Need("the designs' fonts (Noto Serif and Noto Sans, or DejaVu)", noto or dejavu,
                 "fonts-noto-core", note="" if noto else
                 "DejaVu is there; the designs are drawn for Noto" if dejavu else ""),
            Need("CJK fonts (Chinese, Japanese, Korean text)",
                 _fonts("Noto Sans CJK SC") or _fonts("Noto Serif CJK SC"),
                 "fonts-noto-cjk", required=False),
            *(Need(f"{script} font ({', '.join(languages)} text)", _fonts(family),
                   "fonts-noto-core", required=False)
              for script, family, languages in _SCRIPT_FONTS),
            Need("emoji font", _fonts("Noto Color Emoji"), "fonts-noto-color-emoji",
                 required=False)]
    ready = all(n.ok for n in needs if n.required)
    return FormatReport("pdf", ready, "ready" if ready else "cannot be made here", needs)


def _latex() -> FormatReport:
    needs = [
        Need("latexmk (for --compile)", shutil.which("latexmk") is not None, "latexmk",
             required=False, note="without it --compile runs the engine twice"),
        Need("pdflatex (for --compile)", shutil.which("pdflatex") is not None,
             "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended"),
        Need("xelatex (for --compile of non-Latin text or a chosen font)",
             shutil.which("xelatex") is not None, "texlive-xetex"),
        Need("lualatex (not used by --compile, which takes pdflatex or xelatex)",
             shutil.which("lualatex") is not None, "texlive-luatex", required=False),
        *_latex_packages()]
    compiles = all(n.ok for n in needs if n.required)
    summary = "ready; --compile " + ("ready" if compiles else "cannot run here")
    return FormatReport("latex", True, summary, needs)


def _docx() -> FormatReport:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return FormatReport("docx", True, "ready (needs nothing)", [
        Need("LibreOffice (soffice), only to preview the DOCX or convert it to PDF",
             soffice is not None, "libreoffice-writer", required=False)])


# The LaTeX packages the templates load (templates/latex/), by the Debian package that
# brings them, and the text only some CVs hold that a package is for ("": every CV).
_TEX_PACKAGES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("texlive-latex-base", ("geometry", "hyperref", "fontenc", "inputenc", "amsmath", "bm",
                            "fancyhdr", "graphicx", "textcomp", "charter", "helvet",
                            "mathptmx"), ""),
    ("texlive-latex-recommended", ("xcolor", "microtype", "etoolbox", "mathrsfs", "fontspec",
                                   "polyglossia"), ""),
    ("texlive-latex-extra", ("enumitem", "titlesec", "paracol", "lastpage", "changepage"), ""),
    ("texlive-lang-cjk", ("xeCJK",), "Chinese, Japanese, Korean"),
    ("texlive-lang-arabic", ("bidi",), "right-to-left (Arabic, Persian, Hebrew)"),
)
_SCRIPT_FONTS = (("Arabic", "Noto Sans Arabic", ("Arabic", "Persian")),
                 ("Hebrew", "Noto Sans Hebrew", ("Hebrew",)),
                 ("Devanagari", "Noto Sans Devanagari", ("Hindi",)))


def _latex_packages() -> list[Need]:
    """One need per Debian package of the templates' LaTeX packages, found by kpsewhich."""
    names = [f"{name}.sty" for _, names, _ in _TEX_PACKAGES for name in names]
    found: set[str] = set()
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is not None:
        done = subprocess.run([kpsewhich, *names], capture_output=True, text=True, timeout=60)
        found = {line.rsplit("/", 1)[-1] for line in done.stdout.splitlines()}
    needs = []
    for debian, packages, text in _TEX_PACKAGES:
        missing = [p for p in packages if f"{p}.sty" not in found]
        what = f"LaTeX package{'s' if len(packages) > 1 else ''} {', '.join(packages)} " \
            f"(for --compile{f' of {text} text' if text else ''})"
        some = 0 < len(missing) < len(packages)
        needs.append(Need(what, not missing, debian, required=not text,
                          note=f"missing: {', '.join(missing)}" if some else ""))
    return needs


def tools() -> list[Need]:
    """What cvkit uses beyond the formats: none of them is needed to export."""
    return [Need("chromium, for the documentation's screenshots (scripts/screenshots.py) and "
                 "the preview's browser tests", shutil.which("chromium") is not None,
                 "chromium", required=False)]


_CHECKS = {"pdf": _pdf, "latex": _latex, "docx": _docx}
_PLAIN = {"html", "jekyll", "markdown", "text", "jsonresume", "bibtex"}


def report() -> list[FormatReport]:
    """One report per registered format (built-ins and plugins), in name order."""
    out = []
    for name in available():
        if name in _CHECKS:
            out.append(_CHECKS[name]())
        elif name in _PLAIN:
            out.append(FormatReport(name, True, "ready (needs nothing)"))
        else:
            out.append(FormatReport(name, True, "a plugin's format: what it needs is its own"))
    return out


def as_dicts(reports: list[FormatReport]) -> list[dict[str, object]]:
    return [asdict(r) for r in reports]


def _need_lines(needs: list[Need]) -> list[str]:
    lines = []
    for n in needs:
        mark = "ok" if n.ok else "missing" if n.required else "optional"
        line = f"  {mark:<9} {n.what}"
        if not n.ok:
            line += f" -- apt-get install {n.install}"
        if n.note and not n.ok or n.note and "DejaVu" in n.note:
            line += f" ({n.note})"
        lines.append(line)
    return lines


def as_text(reports: list[FormatReport]) -> str:
    lines = []
    for r in reports:
        lines.append(f"{r.format:<11} {r.summary}")
        lines += _need_lines(r.needs)
    return "\n".join(lines)


@dataclass
class Diagnosis:
    """``cvkit doctor``: every format's report, the tools beyond them, and what to install."""

    formats: list[FormatReport]
    tools: list[Need]

    @property
    def incomplete(self) -> list[str]:
        """The formats that lack something they need (LaTeX: its --compile)."""
        return [r.format for r in self.formats
                if not r.ready or any(not n.ok for n in r.needs if n.required)]

    def install(self, *, required_only: bool = False) -> list[str]:
        """The Debian packages that bring what is missing, each once, in report order."""
        needs = [n for r in self.formats for n in r.needs] + self.tools
        wanted = [n.install for n in needs if not n.ok and (n.required or not required_only)]
        return list(dict.fromkeys(p for packages in wanted for p in packages.split()))

    def as_dict(self) -> dict[str, object]:
        return {"ok": not self.incomplete, "incomplete": self.incomplete,
                "install": self.install(required_only=True), "install_all": self.install(),
                "formats": as_dicts(self.formats), "tools": [asdict(n) for n in self.tools]}

    def as_text(self) -> str:
        lines = [as_text(self.formats), "tools", *_need_lines(self.tools), ""]
        needed = self.install(required_only=True)
        if self.incomplete:
            lines.append(f"not every format works here: {', '.join(self.incomplete)}; install "
                         f"what they need: apt-get install {' '.join(needed)}")
        else:
            lines.append("every format works here")
        optional = [p for p in self.install() if p not in needed]
        if optional:
            lines.append("optional, for more scripts and tools: apt-get install "
                         + " ".join(optional))
        return "\n".join(lines)


def diagnose() -> Diagnosis:
    return Diagnosis(report(), tools())
