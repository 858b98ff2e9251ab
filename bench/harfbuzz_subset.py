"""PDF export with and without HarfBuzz's subsetter (libharfbuzz-subset0), in one sitting.

    python bench/harfbuzz_subset.py [--runs N]

WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed and falls back
to fontTools (with a deprecation warning) when it is not. "without" hides the library from
WeasyPrint's loader in that process only, so both paths run on the same machine, alternately.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from pathlib import Path

from common import EXAMPLES, alternating_medians, large_profile, timed

HIDE_SUBSET = (
    "import cffi\n"
    "_open = cffi.FFI.dlopen\n"
    "def dlopen(self, name, *a):\n"
    "    if 'subset' in str(name): raise OSError(name)\n"
    "    return _open(self, name, *a)\n"
    "cffi.FFI.dlopen = dlopen\n"
)
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("weilin-cai (2 pages)", next(p for p in EXAMPLES if p.stem == "weilin-cai")),
                 ("300 papers", large_profile(Path(tmp) / "big.yaml"))]
        for label, path in cases:
            cmd = ["export", str(path), "-f", "pdf", "-o", str(Path(tmp) / "out")]
            runs = args.runs if "300" not in label else max(3, args.runs // 2)
            a, b = alternating_medians(functools.partial(timed, cmd),
                                       functools.partial(timed, cmd, HIDE_SUBSET), runs)
            print(f"{label:22s} harfbuzz-subset {a:6.3f} s   fontTools {b:6.3f} s   "
                  f"ratio {a / b:4.2f}  ({runs} runs each)")


if __name__ == "__main__":
    main()
