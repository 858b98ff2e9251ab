"""What `cvkit watch` costs per save: re-exports in one warm process, as the watcher runs them.

    python bench/watch_warm.py [--runs N]

Goals (issue 18): the example's homepage in at most 50 ms, its PDF in at most 0.35 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT))


def main() -> None:
    from cvkit.build.api import ExportOptions
    from cvkit.exporters import warm
    from cvkit.live.watch import export_once

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    example = next(p for p in EXAMPLES if p.stem == "weilin-cai")
    with tempfile.TemporaryDirectory() as tmp:
        warm(["html", "pdf"])  # as `cvkit watch` does before its first export
        for fmt in ("html", "pdf", "html,pdf"):
            out = Path(tmp) / fmt
            export_once(example, [fmt], out, ExportOptions(), lambda m: None)  # warm
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                export_once(example, [fmt], out, ExportOptions(), lambda m: None)
                times.append(time.perf_counter() - start)
            print(f"watch re-export {fmt:8s} median {statistics.median(times) * 1000:7.1f} ms "
                  f"({args.runs} runs, warm process)")


if __name__ == "__main__":
    main()
