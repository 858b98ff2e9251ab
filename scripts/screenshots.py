"""Regenerate the pictures the README shows (docs/*.png) from the bundled example.

    python scripts/screenshots.py            # every picture
    python scripts/screenshots.py fit preview  # only these (fit-pages.png, preview.png)
    python scripts/screenshots.py gallery      # only docs/gallery/

PDF page 1 of each print theme via pdftoppm (poppler-utils); the DOCX's page 1 as
LibreOffice lays it out; the homepage at 375 px and
1280 px via Debian's chromium driven by Playwright. The gallery (docs/gallery/) shows page 1
of every design in each format: the PDF, the compiled LaTeX, the DOCX in LibreOffice and the
homepage. docs/fit-pages.png: the example fitted on one page (`--fit-pages 1`, six papers) in
every design; docs/preview.png: `cvkit serve`'s preview page after an invalid save.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"
MATH = ROOT / "tests" / "fixtures" / "math.yaml"  # a paper with formulas
ARXIV = ROOT / "tests" / "fixtures" / "arxiv.yaml"  # formulas as arXiv listings write them
DOCS = ROOT / "docs"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from cvkit.build.api import ExportOptions, export

    DOCS.mkdir(exist_ok=True)
    only = {"fit": fit_picture, "preview": preview_picture, "gallery": gallery}
    if sys.argv[1:]:
        unknown = set(sys.argv[1:]) - only.keys()
        if unknown:
            sys.exit(f"usage: {sys.argv[0]} [{' '.join(only)}] (not {', '.join(unknown)})")
        with tempfile.TemporaryDirectory() as tmp:
            for name in sys.argv[1:]:
                only[name](Path(tmp) / name)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for theme in ("academic", "industry"):
            export(EXAMPLE, ["pdf"], out, name=theme, options=ExportOptions(theme=theme))
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                            str(out / f"{theme}.pdf"), str(DOCS / f"pdf-{theme}-page1")],
                           check=True)
        export(EXAMPLE, ["docx"], out, name="word")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                        str(out / "word.docx")], check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(out / "word.pdf"), str(DOCS / "docx-page1")], check=True)
        export(EXAMPLE, ["html"], out / "site")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for width, scheme in ((375, "dark"), (1280, "light")):
                page = browser.new_page(viewport={"width": width, "height": 900},
                                        color_scheme=scheme)
                page.goto((out / "site" / "index.html").as_uri())
                page.screenshot(path=str(DOCS / f"html-{width}.png"))
            export(MATH, ["html"], out / "math-site")
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.goto((out / "math-site" / "index.html").as_uri())
            page.screenshot(path=str(DOCS / "math-html.png"))
            browser.close()
        export(MATH, ["pdf", "docx"], out, name="math")
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                        "-x", "0", "-y", "0", "-W", "827", "-H", "560",
                        str(out / "math.pdf"), str(DOCS / "math-pdf")], check=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                        str(out / "lo"), str(out / "math.docx")], check=True,
                       capture_output=True)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                        "-x", "0", "-y", "0", "-W", "827", "-H", "560",
                        str(out / "lo" / "math.pdf"), str(DOCS / "math-docx")], check=True)
        arxiv_pictures(out / "arxiv")
        gallery(out / "gallery")
        fit_picture(out / "fit")
        preview_picture(out / "preview")
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("*.png"))),
          "and", len(list((DOCS / "gallery").glob("*.png"))), "gallery pictures")


def arxiv_pictures(out: Path) -> None:
    """Formulas as arXiv writes them, in the PDF, the DOCX in LibreOffice and the LaTeX."""
    from cvkit.build.api import ExportOptions, export

    export(ARXIV, ["pdf", "docx", "latex"], out, name="arxiv",
           options=ExportOptions(extra={"compile": True}))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(out / "lo"), str(out / "arxiv.docx")], check=True, capture_output=True)
    for made, picture in ((out / "arxiv.pdf", "arxiv-pdf"),
                          (out / "lo" / "arxiv.pdf", "arxiv-docx"),
                          (out / "arxiv-latex.pdf", "arxiv-latex")):
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                        "-x", "0", "-y", "0", "-W", "827", "-H", "520", str(made),
                        str(DOCS / picture)], check=True)


def gallery(out: Path) -> None:
    """Page 1 of every design, in every format, side by side in the README."""
    from cvkit.build.api import ExportOptions, export
    from cvkit.exporters.latex import compile_tex
    from cvkit.profile import design

    folder = DOCS / "gallery"
    folder.mkdir(exist_ok=True)
    page1 = ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile"]
    sites = {}
    for theme in design.names():
        result = export(EXAMPLE, ["pdf", "docx", "latex", "html"], out / theme, name=theme,
                        options=ExportOptions(theme=theme))
        files = {w.format: w.path for w in result.written}
        subprocess.run([*page1, str(files["pdf"]), str(folder / f"pdf-{theme}")], check=True)
        tex_pdf, _ = compile_tex(files["latex"])
        subprocess.run([*page1, str(tex_pdf), str(folder / f"latex-{theme}")], check=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                        str(out / theme / "lo"), str(files["docx"])], check=True,
                       capture_output=True)
        subprocess.run([*page1, str(out / theme / "lo" / f"{theme}.pdf"),
                        str(folder / f"docx-{theme}")], check=True)
        sites[theme] = files["html"]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 900, "height": 1200}, device_scale_factor=0.4)
        for theme, index in sites.items():
            page.goto(index.as_uri())
            page.screenshot(path=str(folder / f"html-{theme}.png"))
        browser.close()


def fit_picture(out: Path) -> None:
    """Page 1 of each design with the example fitted on one page, three to a row."""
    import pypdf
    from PIL import Image

    from cvkit.build.api import ExportOptions, export
    from cvkit.profile import design

    pages = []
    for theme in design.names():
        result = export(EXAMPLE, ["pdf"], out, name=theme, options=ExportOptions(
            theme=theme, fit_pages=1, max_entries={"publications": 6}))
        pdf = result.written[0].path
        assert len(pypdf.PdfReader(pdf).pages) == 1, f"{theme}: not fitted on one page"
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(out / theme)], check=True)
        pages.append(Image.open(out / f"{theme}.png"))
    width, height = pages[0].size
    rows = -(-len(pages) // 3)  # as many rows of three as the designs need
    sheet = Image.new("RGB", (3 * width, rows * height), "white")
    for i, page in enumerate(pages):
        sheet.paste(page, ((i % 3) * width, (i // 3) * height))
    sheet.save(DOCS / "fit-pages.png")


def preview_picture(out: Path) -> None:
    """The preview page (homepage beside the PDF) as an invalid save leaves it."""
    import re
    import shutil

    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True)
    profile = out / "weilin-cai.yaml"
    shutil.copy(EXAMPLE, profile)
    server = subprocess.Popen([sys.executable, "-m", "cvkit", "serve", str(profile), "--port",
                               "0"], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert server.stdout is not None
        root = ""
        for line in server.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/_cvkit/\?token=\S+)", line)
            root = found.group(1) if found else root
            if line.startswith("watching"):
                break
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            page.goto(root, wait_until="load")
            page.wait_for_timeout(1500)  # Chromium's PDF viewer draws its pages
            text = profile.read_text(encoding="utf-8")
            profile.write_text(text.replace("  email: weilin@example.org",
                                            "  email: [weilin@example.org"), encoding="utf-8")
            page.wait_for_selector("#cvkit-problems", timeout=30_000)
            page.screenshot(path=str(DOCS / "preview.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
