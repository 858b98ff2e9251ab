"""Median whole-process wall time of exporting a profile with 50 formulas.

    python bench/export_math.py [--runs N]

The formulas are the first 50 of tests/fixtures/formulas.txt (real abstracts' formulas),
spread over titles, abstracts, highlights and about. Target: PDF under 1.5 s on a 2-core
machine. "no cache" lays out every formula (a first export); the other rows reuse the
drawn formulas kept in the user's cache folder (every later export, and `cvkit watch`).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import ROOT, median_wall

FORMULAS = [line for line in (ROOT / "tests" / "fixtures" / "formulas.txt")
            .read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def math_profile(path: Path, count: int = 50) -> Path:
    formulas = FORMULAS[:count]
    quoted = ["'$" + f.replace("'", "''") + "$'" for f in formulas]
    lines = ["name: Ada Park", "contact: {email: ada@example.org}",
             f"about: {quoted[0][:-1]} and {quoted[1][1:]}", "publications:"]
    rest = quoted[2:]
    for i in range(0, len(rest), 4):
        group = rest[i:i + 4]
        lines += [f"  - title: 'Paper {i // 4} on " + group[0][1:],
                  "    authors: [Ada Park, Bo Chen]", "    venue: COLT", "    date: 2025",
                  "    highlights:"]
        lines += [f"      - {q}" for q in group[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        profile = math_profile(Path(tmp) / "math.yaml")
        out = str(Path(tmp) / "out")
        os.environ["CVKIT_NO_CACHE"] = "1"  # every formula laid out by ziamath, every run
        t = median_wall(["export", str(profile), "-f", "pdf", "-o", out], runs=args.runs)
        print(f"50 formulas  export -f pdf   median {t:6.3f} s  ({args.runs} runs, no cache)")
        del os.environ["CVKIT_NO_CACHE"]
        for fmt in ("pdf", "html", "docx"):
            t = median_wall(["export", str(profile), "-f", fmt, "-o", out], runs=args.runs)
            print(f"50 formulas  export -f {fmt:5s} median {t:6.3f} s  ({args.runs} runs)")


if __name__ == "__main__":
    main()
