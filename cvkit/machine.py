"""Which formats this machine can make, and the Debian package for what it lacks
(``cvkit formats``).

Only local questions: ``shutil.which`` for programs, ``fc-list`` for fonts, and WeasyPrint
imported once in a child process (Pango, HarfBuzz and fontconfig are opened by that import;
doing it here would cost this process half a second and print WeasyPrint's advice).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field

from .exporters import available

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


def _weasyprint_imports() -> tuple[bool, str]:
    """Whether WeasyPrint imports (so Pango and its libraries load), in a child process."""
    try:
        done = subprocess.run(
            [sys.executable, "-c",
             "from cvkit.exporters.weasy import weasyprint; weasyprint()"],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    lines = (done.stderr or done.stdout).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


def _pdf() -> FormatReport:
    imports, error = _weasyprint_imports()
    needs = [Need("Pango and HarfBuzz (WeasyPrint imports)", imports,
                  "libpango-1.0-0 libpangoft2-1.0-0", note="" if imports else error)]
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
             shutil.which("xelatex") is not None, "texlive-xetex texlive-lang-chinese")]
    compiles = all(n.ok for n in needs if n.required)
    summary = "ready; --compile " + ("ready" if compiles else "cannot run here")
    return FormatReport("latex", True, summary, needs)


def _docx() -> FormatReport:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return FormatReport("docx", True, "ready (needs nothing)", [
        Need("LibreOffice (soffice), only to preview the DOCX or convert it to PDF",
             soffice is not None, "libreoffice-writer", required=False)])


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


def as_text(reports: list[FormatReport]) -> str:
    lines = []
    for r in reports:
        lines.append(f"{r.format:<11} {r.summary}")
        for n in r.needs:
            mark = "ok" if n.ok else "missing" if n.required else "optional"
            line = f"  {mark:<9} {n.what}"
            if not n.ok:
                line += f" -- apt-get install {n.install}"
            if n.note and not n.ok or n.note and "DejaVu" in n.note:
                line += f" ({n.note})"
            lines.append(line)
    return "\n".join(lines)
