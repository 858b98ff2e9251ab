"""A 20-application bundle (pdf + docx each) against 20 separate `cvkit export` runs.

    python bench/bundle.py

Target: the bundle takes under a third of the separate runs' total wall time.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT

PROFILE = ROOT / "examples" / "weilin-cai.yaml"
VARIANTS = ["industry", "one-page", None, "industry", None]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = [f"profile: {PROFILE}", "defaults: {formats: [pdf, docx]}", "applications:"]
        for i in range(20):
            variant = VARIANTS[i % len(VARIANTS)]
            lines.append(f"  - {{id: app{i:02d}, organisation: Org {i}, role: Role {i}"
                         + (f", variant: {variant}" if variant else "") + "}")
        bundle = folder / "bundle.yaml"
        bundle.write_text("\n".join(lines) + "\n", encoding="utf-8")

        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "cvkit", "bundle", str(bundle), "-o",
                        str(folder / "bundle-out")], check=True, capture_output=True)
        bundle_time = time.perf_counter() - start

        start = time.perf_counter()
        for i in range(20):
            variant = VARIANTS[i % len(VARIANTS)]
            cmd = [PYTHON, "-m", "cvkit", "export", str(PROFILE), "-f", "pdf", "-f", "docx",
                   "-o", str(folder / f"sep{i:02d}")]
            if variant:
                cmd += ["--variant", variant]
            subprocess.run(cmd, check=True, capture_output=True)
        separate_time = time.perf_counter() - start
    print(f"bundle of 20 applications (pdf+docx): {bundle_time:6.2f} s")
    print(f"20 separate cvkit export runs:        {separate_time:6.2f} s")
    print(f"ratio: {bundle_time / separate_time:.2f} (target < 0.33)")


if __name__ == "__main__":
    main()
