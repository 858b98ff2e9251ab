"""Median whole-process time of `cvkit export -f html` (the whole site: index, a page per
paper, listings, sitemap, feed, .bib) for the bundled example and a 300-paper profile.

    python bench/site.py [--runs N]

Goals (issue 17): under 0.4 s for the example, under 2 s for 300 papers.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import EXAMPLES, large_profile, median_wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        example = next(p for p in EXAMPLES if p.stem == "weilin-cai")
        for label, path in (("weilin-cai", example),
                            ("300 papers", large_profile(Path(tmp) / "big.yaml"))):
            t = median_wall(["export", str(path), "-f", "html", "-o", f"{tmp}/site"],
                            runs=args.runs)
            pages = len(list(Path(tmp, "site").rglob("*.html")))
            print(f"site {label:12s} median {t:6.3f} s  "
                  f"({pages} pages, {args.runs} runs)")


if __name__ == "__main__":
    main()
