"""Page images of every theme and example, from another checkout and from this one.

    python scripts/compare_pages.py /path/to/other/checkout [--dpi 50] [--keep DIR]

Exports each example PDF with every design from both checkouts, renders every page with
pdftoppm and compares the pixels. Prints one line per PDF (pages, and how many pixels differ
on the pages that differ) and exits 1 if any page differs, so a change meant to be invisible
(a faster stylesheet, fewer boxes per paper) is shown to be. With --keep, the images stay
in DIR (other/ and this/) to be looked at side by side.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent


def export(checkout: Path, example: Path, theme: str, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "cvkit", "export", str(example), "-f", "pdf",
                           "--theme", theme, "-o", str(out)], cwd=checkout,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr}")
    return next(out.glob("*.pdf"))


def pages(pdf: Path, dpi: int) -> list[Image.Image]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("RGB")
            for p in sorted(pdf.parent.glob(prefix.name + "-*.png"))]


def differing_pixels(a: Image.Image, b: Image.Image) -> int:
    if a.size != b.size:
        return a.size[0] * a.size[1]
    # Anti-aliasing may move by a shade; a difference above 16 of 255 is a real one.
    return sum(ImageChops.difference(a, b).convert("L").histogram()[17:])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("other", type=Path)
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--examples", nargs="*", type=Path,
                        default=sorted((ROOT / "examples").glob("*.yaml")))
    args = parser.parse_args()
    themes = sorted(p.name for p in (ROOT / "themes").iterdir() if (p / "design.yaml").is_file())
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for example in args.examples:
            for theme in themes:
                name = f"{example.stem}-{theme}"
                before = pages(export(args.other, example.resolve(), theme,
                                      base / "other" / name), args.dpi)
                after = pages(export(ROOT, example.resolve(), theme, base / "this" / name),
                              args.dpi)
                diffs = [differing_pixels(a, b) for a, b in zip(before, after, strict=False)]
                differ = [(i + 1, n) for i, n in enumerate(diffs) if n]
                same = len(before) == len(after) and not differ
                changed += not same
                print(f"{'same   ' if same else 'CHANGED'} {name:32s} pages {len(before)} → "
                      f"{len(after)}" + ("" if same else f"  differing pixels by page: {differ}"))
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
