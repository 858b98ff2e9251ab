"""Shared helpers for the benchmarks: whole-process wall time and a large generated profile."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# The real interpreter: a version-manager shim in front of python3 adds its own start-up
# to every call.
PYTHON = os.path.realpath(sys.executable)


def median_wall(args: list[str], runs: int = 7, warmup: int = 1) -> float:
    """Median wall time, in seconds, of ``python -m cvkit ARGS`` as a fresh process."""
    for _ in range(warmup):
        timed(args)
    return statistics.median(timed(args) for _ in range(runs))


def large_profile(path: Path, publications: int = 300, positions: int = 40) -> Path:
    """A profile the size of a long academic career, written as YAML."""
    lines = ["name: Ada Q. Researcher", "headline: Professor of Computer Systems",
             "contact:", "  email: ada@example.org", "  website: https://ada.example.org",
             "interests: [ML Systems, Compilers, HPC]", "publications:"]
    for i in range(publications):
        year = 2026 - i // 15
        lines += [
            f"  - title: 'Paper number {i}: scalable systems for efficient training at scale'",
            "    authors: [Ada Q. Researcher, 'Bo Chen*', 'Chen Li*', Dana Ortiz, Eve Park]",
            f"    venue: International Conference on Systems {year}",
            f"    venue_tag: \"SYS '{year % 100:02d}\"",
            f"    kind: {'journal' if i % 4 == 0 else 'conference'}",
            f"    date: {year}-0{1 + i % 9}",
            f"    doi: 10.1145/{3000000 + i}",
        ]
    lines.append("experience:")
    for i in range(positions):
        year = 2026 - i
        lines += [
            f"  - organization: Institute {i}",
            f"    position: Research Scientist {i}",
            f"    start: {year - 1}-01",
            f"    end: {year}-01",
            "    location: Zürich, Switzerland",
            "    highlights:",
            "      - Led a team of **five** building a distributed training system",
            "      - Cut inference latency by 40% with speculative decoding",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def compile_checkout(checkout: Path) -> None:
    """Write the bytecode of a checkout's cvkit, as pip does for an installed package. With
    PYTHONDONTWRITEBYTECODE set (as it is on our machines), a fresh worktree would otherwise
    compile every module on every run and look slower than it is."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(checkout / "cvkit")], check=True,
                   capture_output=True)
    if (checkout / "cvkit" / "exporters" / "template_modules.py").is_file():
        # Its templates compiled as the package's build compiles them (an editable install
        # does this too): without them every run compiles each template from its source.
        subprocess.run([PYTHON, "-m", "cvkit.exporters.template_modules"], cwd=checkout,
                       check=True, capture_output=True)


def alternating_medians(first: Callable[[], float], second: Callable[[], float],
                        runs: int) -> tuple[float, float]:
    """Median seconds of two timed runs taken in turn (after one warm-up each), so drift in a
    noisy machine hits both alike."""
    first(), second()
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def timed(args: list[str], prelude: str = "") -> float:
    """Seconds of one ``cvkit ARGS`` run as a fresh process (after ``prelude``, Python code
    run first in that process, if any)."""
    run = "import sys\nfrom cvkit.cli.launch import main\nsys.argv[0] = 'cvkit'\nmain()\n"
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", prelude + run, *args], capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - start
