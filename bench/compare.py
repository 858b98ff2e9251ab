"""Whole-process time of one cvkit command in two checkouts, alternately, in one sitting.

    python bench/compare.py /path/to/other/checkout [--runs N] -- export examples/x.yaml -f pdf

Runs ``python -m cvkit ARGS`` from the other checkout and from this one in turn (so drift in
a noisy machine hits both alike) and prints both medians and their ratio. Make the other
checkout with ``git worktree add /tmp/before <commit>``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, alternating_medians, compile_checkout


def timed(checkout: Path, args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "cvkit", *args], cwd=checkout, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser()
    parser.add_argument("other", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args(argv[:split])
    args = argv[split + 1:]
    for checkout in (options.other, ROOT):
        compile_checkout(checkout)
    with tempfile.TemporaryDirectory() as tmp:
        # Absolute paths, and the output in a scratch folder, for both checkouts.
        args = [str((ROOT / a).resolve()) if (ROOT / a).exists() else a for a in args]
        args += ["-o", tmp] if args and args[0] == "export" else []
        a, b = alternating_medians(lambda: timed(options.other, args),
                                   lambda: timed(ROOT, args), options.runs)
    print(f"{' '.join(argv[split + 1:])}: other {a:.3f} s, this {b:.3f} s, ratio {b / a:.2f} "
          f"({options.runs} runs each)")


if __name__ == "__main__":
    main()
