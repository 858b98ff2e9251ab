"""Median whole-process wall time of each everyday command on the bundled examples.

    python bench/export_all.py [--runs N] [--only validate|html|markdown|pdf|all ...]

Targets on a 2-core machine: validate < 0.3 s, --format html < 0.25 s, --format pdf of a
two-page CV < 1.0 s, --format all < 1.3 s.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import EXAMPLES, median_wall

FORMATS = ("html", "markdown", "pdf", "all")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=("validate", *FORMATS), action="append",
                        help="run only these rows (repeatable); all by default")
    args = parser.parse_args()
    wanted = set(args.only or ("validate", *FORMATS))
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out")
        for path in EXAMPLES:
            rows = [("validate", ["validate", str(path)])] if "validate" in wanted else []
            rows += [(f"export -f {fmt}", ["export", str(path), "-f", fmt, "-o", out])
                     for fmt in FORMATS if fmt in wanted]
            for label, argv in rows:
                t = median_wall(argv, runs=args.runs)
                print(f"{path.stem:12s} {label:20s} median {t:6.3f} s  ({args.runs} runs)")


if __name__ == "__main__":
    main()
