"""Median whole-process wall time of `cvkit export --format pdf`.

    python bench/export_pdf.py [--runs N]

Targets on a 2-core machine: the seed-000 example (weilin-cai) under 1.0 s, a generated
profile with 300 publications and 40 positions under 6 s.
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
        out = Path(tmp) / "out"
        cases = [(p.stem, p) for p in EXAMPLES]
        cases.append(("generated-300-pubs-40-positions", large_profile(Path(tmp) / "big.yaml")))
        for label, path in cases:
            runs = args.runs if "generated" not in label else max(3, args.runs // 2)
            for theme in ("academic", "industry"):
                t = median_wall(["export", str(path), "-f", "pdf", "-o", str(out),
                                 "--theme", theme], runs=runs)
                print(f"pdf  {label:34s} {theme:9s} median {t:6.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()
