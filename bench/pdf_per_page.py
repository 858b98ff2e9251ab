"""What one more page of publications costs: whole-process PDF exports of generated profiles
with 25 to 300 papers, and the slope of time over pages (least squares).

    python bench/pdf_per_page.py [--runs N] [--other /path/to/other/checkout]

With --other, the other checkout runs each profile in turn with this one, and both slopes
print (issue 18: a page should cost at most half of what it did).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, compile_checkout, large_profile

SIZES = (25, 100, 200, 300)


def export(checkout: Path, profile: Path, out: Path) -> tuple[float, int]:
    entry = ("cvkit.cli.launch" if (checkout / "cvkit" / "cli" / "launch.py").exists()
             else "cvkit.launch" if (checkout / "cvkit" / "launch.py").exists()
             else "cvkit.cli")  # the layouts of older checkouts
    run = f"import sys\nfrom {entry} import main\nsys.argv[0] = 'cvkit'\nmain()\n"
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", run, "export", str(profile), "-f", "pdf", "-o",
                           str(out)], capture_output=True, text=True, cwd=checkout)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr}")
    pages = int(done.stdout.split("(")[1].split()[0])
    return took, pages


def slope(points: list[tuple[int, float]]) -> float:
    mean_x = statistics.mean(x for x, _ in points)
    mean_y = statistics.mean(y for _, y in points)
    return (sum((x - mean_x) * (y - mean_y) for x, y in points)
            / sum((x - mean_x) ** 2 for x, _ in points))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", type=Path)
    args = parser.parse_args()
    checkouts = {"this": ROOT, **({"other": args.other.resolve()} if args.other else {})}
    for checkout in checkouts.values():
        compile_checkout(checkout)
    with tempfile.TemporaryDirectory() as tmp:
        profiles = {n: large_profile(Path(tmp) / f"p{n}.yaml", publications=n)
                    for n in SIZES}
        times: dict[str, dict[int, list[float]]] = {c: {n: [] for n in SIZES}
                                                    for c in checkouts}
        pages: dict[str, dict[int, int]] = {c: {} for c in checkouts}
        for run in range(args.runs + 1):  # the first round warms caches and is not counted
            for n, profile in profiles.items():
                for name, checkout in checkouts.items():
                    took, count = export(checkout, profile, Path(tmp) / name)
                    pages[name][n] = count
                    if run:
                        times[name][n].append(took)
        for name in checkouts:
            points = [(pages[name][n], statistics.median(times[name][n])) for n in SIZES]
            rows = ", ".join(f"{n} papers {p} pages {t:.2f} s"
                             for n, (p, t) in zip(SIZES, points, strict=True))
            print(f"{name}: {rows}; {1000 * slope(points):.0f} ms per page")


if __name__ == "__main__":
    main()
