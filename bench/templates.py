"""An export with cvkit's templates served by the modules compiled when the package was built,
against the same export compiling every template from its source in each process (as cvkit
did before it shipped them compiled: ``CVKIT_NO_COMPILED_TEMPLATES=1``). Whole processes of
this checkout, taken in turn, so drift in a noisy machine hits both alike.

    python bench/templates.py [--runs N] [--format html] [--example weilin-cai]

Prints the median wall and CPU (user + system) seconds of each, and their ratio. The
checkout's modules are built first (``python -m cvkit.exporters.template_modules``), as an
editable install's build hook builds them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import EXAMPLES, PYTHON, ROOT, compile_checkout


def timed(args: list[str], compiled: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one ``cvkit ARGS`` process."""
    env = {k: v for k, v in os.environ.items() if k != "CVKIT_NO_COMPILED_TEMPLATES"}
    if not compiled:
        env["CVKIT_NO_COMPILED_TEMPLATES"] = "1"
    start = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-m", "cvkit", *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - start
    if status != 0:
        raise SystemExit(process.stderr.read().decode() if process.stderr else "failed")
    return took, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", default="html")
    parser.add_argument("--example", default="weilin-cai")
    options = parser.parse_args()
    compile_checkout(ROOT)
    example = next(p for p in EXAMPLES if p.stem == options.example)
    with tempfile.TemporaryDirectory() as tmp:
        args = ["export", str(example), "-f", options.format, "-o", str(Path(tmp) / "out")]
        timed(args, True), timed(args, False)  # warm-up
        runs: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for _ in range(options.runs):
            for compiled in (True, False):
                runs[compiled].append(timed(args, compiled))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"{example.stem} -f {options.format} ({options.runs} runs each): "
          f"compiled modules {wall[True]:.3f} s wall, {cpu[True]:.3f} s CPU; "
          f"from source {wall[False]:.3f} s wall, {cpu[False]:.3f} s CPU; "
          f"ratio {wall[True] / wall[False]:.2f} wall, {cpu[True] / cpu[False]:.2f} CPU")


if __name__ == "__main__":
    main()
