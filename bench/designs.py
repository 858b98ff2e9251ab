"""Every design against the academic one: whole-process `cvkit export -f pdf`, taken in turn.

    python bench/designs.py [--runs N]

Prints each design's median time and its ratio to academic's in the same run, for the bundled
two-page example and a generated 300-paper, 40-position profile. The goal: no design more
than 1.10 × academic.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from common import EXAMPLES, ROOT, large_profile, timed

sys.path.insert(0, str(ROOT))


def main() -> None:
    from cvkit.profile import design

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    names = design.names()
    with tempfile.TemporaryDirectory() as tmp:
        example = next(p for p in EXAMPLES if p.stem == "weilin-cai")
        cases = [("two-page example", example, args.runs),
                 ("300 papers", large_profile(Path(tmp) / "big.yaml"), max(3, args.runs // 2))]
        for label, path, runs in cases:
            times: dict[str, list[float]] = {n: [] for n in names}
            for name in names:  # warm-up: fonts, caches
                timed(["export", str(path), "-f", "pdf", "-o", f"{tmp}/{name}", "--theme", name])
            for _ in range(runs):  # in turn, so a noisy stretch hits every design alike
                for name in names:
                    times[name].append(timed(["export", str(path), "-f", "pdf", "-o",
                                              f"{tmp}/{name}", "--theme", name]))
            base = statistics.median(times["academic"])
            for name in names:
                t = statistics.median(times[name])
                print(f"pdf  {label:18s} {name:9s} median {t:6.3f} s  "
                      f"{t / base:5.2f} × academic  ({runs} runs)")


if __name__ == "__main__":
    main()
