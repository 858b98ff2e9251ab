"""The LaTeX CV: a hand-editable ``.tex`` that compiles unmodified with the engine it names.

pdflatex when every character is within what T1/TS1 fonts print, otherwise xelatex with
fontspec (and xeCJK when CJK text is present). ``compile_tex`` runs latexmk (or the engine
twice) for ``--compile``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from cvkit.document import Document, Publication
from cvkit.document.markup import latex as tex
from cvkit.document.richtext import Math
from cvkit.document.scripts import has_cjk
from cvkit.exporters import Artifact, RenderContext
from cvkit.exporters.templating import Safe, design_for, environment
from cvkit.profile.options import Advice, Suggestion
from cvkit.support import casing
from cvkit.support.assets import local_file
from cvkit.support.errors import ExportError
from cvkit.support.output import write_atomic
from cvkit.support.version import __version__

DELIMITERS = {
    "block_start_string": "((*", "block_end_string": "*))",
    "variable_start_string": "(((", "variable_end_string": ")))",
    "comment_start_string": "((=", "comment_end_string": "=))",
}


class LatexExporter:
    name = "latex"
    suffix = ".tex"
    default_theme = "academic"
    options = ("compile",)
    designs = True
    letters = True
    paged = True

    def compile(self, tex_path: Path) -> tuple[Path, list[str]]:
        """``--compile``: the PDF TeX makes of the written file, as NAME-latex.pdf."""
        return compile_tex(tex_path)

    def render(self, doc: Document, ctx: RenderContext) -> Artifact:
        theme = ctx.theme or self.default_theme
        # In a right-to-left document every left-to-right run is marked for polyglossia.
        ltr = r"\textenglish" if doc.tex_language else ""
        env = environment("latex", theme, ctx.templates,
                          escape=lambda s: tex.escape(s, ltr), filters={
            "rich": lambda r: Safe(tex.render(r, ltr)),
            "plain": lambda s: Safe(tex.escape(str(s))),  # the design's words, not the profile's
            "url": lambda u: Safe(tex.url(u)),
            "raw": Safe,
            "own_capitals": casing.own_capitals,
        }, options=DELIMITERS)
        design = design_for(theme, self.default_theme, doc)
        sections, sidebar = doc.columns(design.order(), design.sidebar)
        warnings: list[str] = []
        if doc.fit_pages:
            warnings.append(Advice(
                Suggestion("fit_pages", doc.fit_pages, given=True),
                " is not applied to the LaTeX source (TeX lays out its own pages; the "
                "design's sizes are kept)" + (
                    f"; it leaves out what the PDF does, {doc.fit_left_out}"
                    if doc.fit_left_out else "")))
        side_files: dict[str, bytes] = {}
        photo = ""
        if doc.photo:
            path = local_file(ctx.base_dir, doc.photo)
            if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
                # Beside the .tex under a fixed name, so the source stays portable.
                photo = f"photo{path.suffix.lower()}"
                side_files[photo] = path.read_bytes()
            else:
                warnings.append(f"photo {doc.photo!r} left out: TeX takes PNG or JPEG")
        text = _all_text(doc)
        # A font chosen by family name (layout.design.font) is one fontspec loads.
        engine = "xelatex" if tex.needs_unicode_engine(text) or (
            doc.design_options and doc.design_options.font) else "pdflatex"
        source = env.get_template("cv.tex.j2").render(
            doc=doc, labels=doc.labels, sections=sections, engine=engine, design=design,
            sidebar=sidebar,
            cjk=has_cjk(text), paper=doc.paper, version=__version__, photo=photo,
            file_name=f"{ctx.file_stem}.tex" if ctx.file_stem else "this-file.tex",
            limits=ctx.options.limits_shown())
        beyond = sorted({c for c in text if ord(c) > 0xFFFF})
        if beyond:
            warnings.append("characters outside the Basic Multilingual Plane (emoji?) may "
                            "print as nothing in LaTeX fonts: " + "".join(beyond[:10]))
        return Artifact(source.encode("utf-8"), ".tex", side_files=side_files,
                        warnings=warnings, info={"engine": engine})


def _all_text(doc: Document) -> str:
    """Every string the document prints, to choose the engine and fonts."""
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Math):
            # A safe formula's Greek and symbols become math commands; only the rest counts.
            parts.append(tex.math_text_characters(value) if value.safe else value.source)
        elif isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                if not (isinstance(value, Publication) and name == "title"):  # title_rich
                    walk(getattr(value, name))

    walk(doc)
    return "".join(parts)


def engine_of(source: str) -> str:
    match = re.search(r"^% !TEX program = (\w+)", source, re.M)
    return match.group(1) if match else "pdflatex"


def compiled_pdf_path(tex_path: Path) -> Path:
    """``Name_CV-latex.pdf`` beside ``Name_CV.tex``: never the name ``-f pdf`` writes."""
    return tex_path.with_name(f"{tex_path.stem}-latex.pdf")


def compile_tex(tex_path: Path, timeout: float = 300) -> tuple[Path, list[str]]:
    """Compile ``tex_path`` in a scratch folder; return the PDF (``-latex.pdf``) and warnings.

    Nothing is written beside the .tex but the finished PDF; a failed run leaves any older
    PDF in place and reports the first TeX error with its line.
    """
    source = tex_path.read_text("utf-8")
    engine = engine_of(source)
    latexmk = shutil.which("latexmk")
    if shutil.which(engine) is None:
        raise ExportError(
            f"--compile needs {engine}, which is not installed; on Debian: apt-get install "
            "latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
            "texlive-xetex texlive-lang-chinese (or run scripts/setup.sh as root)")
    with tempfile.TemporaryDirectory(prefix="cvkit-tex-") as tmp:
        work = Path(tmp)
        (work / "cv.tex").write_text(source, "utf-8")
        for image in tex_path.parent.glob("photo.*"):  # the side file the exporter wrote
            shutil.copyfile(image, work / image.name)
        base = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
        if latexmk:
            runs = [[latexmk, "-pdfxe" if engine == "xelatex" else "-pdf", "-silent",
                     *(f"-latexoption={o}" for o in base), "cv.tex"]]
        else:
            runs = [[engine, *base, "cv.tex"]] * 2
        for cmd in runs:
            done = subprocess.run(cmd, cwd=work, capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                raise ExportError(f"{engine} failed on {tex_path}: {_first_error(work)}")
        log = (work / "cv.log").read_text("utf-8", errors="replace")
        missing = sorted(set(re.findall(r"Missing character: There is no (.+?) \(", log)))
        warnings = [f"{engine}: no font has these characters: {' '.join(missing)}"] \
            if missing else []
        pdf = compiled_pdf_path(tex_path)

        write_atomic(pdf, (work / "cv.pdf").read_bytes())
    return pdf, warnings


def _first_error(work: Path) -> str:
    log = work / "cv.log"
    if not log.exists():
        return "no log written"
    lines = log.read_text("utf-8", errors="replace").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            where = next((x for x in lines[i:i + 10] if x.startswith("l.")), "")
            return f"{line[1:].strip()} {where}".strip()
    return "see the TeX log"
