"""Save → page reloaded, for `cvkit serve PROFILE`, measured in a real Chromium.

    python bench/preview.py [--runs N] [--cpus 0]

A copy of the bundled example (examples/weilin-cai.yaml) is previewed; each run changes
its headline and saves it. Both ends are read off this machine's one clock:

- homepage: from the save to the first frame drawn with the new page (its body replaced);
- PDF: from the save to the load event of the preview page's PDF frame (Chromium's viewer
  has the new file).

Targets (issue 30): 150 ms for the homepage, 0.5 s for the PDF. ``--cpus 0`` runs the server
under ``taskset -c 0`` (one CPU for cvkit; the browser keeps its own).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import ROOT

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cpus", help="taskset's CPU list for the server, e.g. 0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "cv.yaml"
        shutil.copy(ROOT / "examples" / "weilin-cai.yaml", profile)
        command = [sys.executable, "-m", "cvkit", "serve", str(profile), "--port", "0",
                   "-o", str(Path(tmp) / "out")]
        if args.cpus:
            command = ["taskset", "-c", args.cpus, *command]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env,
                                  cwd=ROOT)
        try:
            assert server.stdout is not None
            address = ""
            for line in server.stdout:
                found = re.search(r"at (http://127\.0\.0\.1:\d+/_cvkit/\?token=\S+)", line)
                if found:
                    address = found.group(1)  # with its secret, as printed
                if line.startswith("watching"):
                    break
            took = measure(profile, address, args.runs, pdf_written(server.stdout))
        finally:
            server.terminate()
            server.wait()
    took["PDF written (the server's own count)"] = written[-args.runs:]
    for what, times in took.items():
        runs = ", ".join(f"{1000 * t:.0f}" for t in times)
        print(f"save -> {what} shown: median {1000 * statistics.median(times):.0f} ms "
              f"(runs: {runs})")


written: list[float] = []  # seconds from the save to the PDF written, as the server says


def pdf_written(output: Any) -> Callable[[], None]:
    """A wait for the server's next "exported pdf" line: a save is measured once the one
    before it is wholly done (a save during an export waits for it)."""
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    written.clear()

    def read() -> None:
        for line in output:
            if line.startswith("exported pdf"):
                lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    def wait() -> None:
        line = lines.get(timeout=60)
        written.append(float(re.search(r"([\d.]+) s after the save", line).group(1)))

    return wait


def measure(profile: Path, address: str, runs: int,
            wait_for_pdf: Callable[[], None]) -> dict[str, list[float]]:
    """Two sittings: the homepage alone in a tab, then the preview page (homepage and PDF
    side by side, as `cvkit serve` offers them). The printed address is opened first: its
    cookie lets the browser in from then on."""
    root = address.split("/_cvkit/")[0]
    from playwright.sync_api import sync_playwright

    took: dict[str, list[float]] = {"homepage alone": [], "homepage beside the PDF": [],
                                    "PDF beside the homepage": []}
    text = profile.read_text(encoding="utf-8")
    saves = iter(range(10_000))

    def save() -> float:
        saved = time.time()
        profile.write_text(text.replace("Ph.D. student, HKUST",
                                        f"Ph.D. student (save {next(saves)}), HKUST"),
                           encoding="utf-8")
        return saved

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        first = context.new_page()
        first.goto(address, wait_until="load")
        first.close()  # (open, it would reload the PDF at every save: not what is measured)
        home = context.new_page()
        home.goto(root + "/", wait_until="load")
        for run in range(runs + 1):  # the first save warms what the first export left cold
            home.evaluate("window.cvkitShownAt = 0")
            saved = save()
            home.wait_for_function("() => window.cvkitShownAt > 0", timeout=60_000)
            shown = home.evaluate("window.cvkitShownAt") / 1000
            wait_for_pdf()
            if run:
                took["homepage alone"].append(shown - saved)
        home.close()
        page = context.new_page()
        page.goto(root + "/_cvkit/", wait_until="load")
        frame = page.frame_locator("#homepage").locator("body")
        page.evaluate("""() => document.getElementById('pdf').addEventListener(
            'load', () => { window.pdfLoadedAt = performance.timeOrigin + performance.now(); })""")
        for run in range(runs + 1):
            page.evaluate("window.pdfLoadedAt = 0")
            frame.evaluate("() => { window.cvkitShownAt = 0; }")
            saved = save()
            page.wait_for_function("() => window.pdfLoadedAt > 0", timeout=60_000)
            wait_for_pdf()
            shown = frame.evaluate("() => window.cvkitShownAt") / 1000
            if run:
                took["homepage beside the PDF"].append(shown - saved)
                took["PDF beside the homepage"].append(page.evaluate("window.pdfLoadedAt") / 1000
                                                       - saved)
        browser.close()
    return took


if __name__ == "__main__":
    main()
