"""`cvkit watch` re-exports on save; `cvkit serve` serves the folder on 127.0.0.1."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from .conftest import ROOT


class Output:
    """The lines a child process prints, read as they come; waiting blocks on the next line."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> str:
        """The first new line matching pattern; fails if the process ends or time runs out."""
        while True:
            line = self.lines.get(timeout=timeout)
            assert line is not None, f"process ended before {pattern!r}:\n{''.join(self.seen)}"
            self.seen.append(line)
            if re.search(pattern, line):
                return line


def _start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cvkit", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=ROOT)


def test_watch_reexports_when_the_profile_changes(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nheadline: Before the edit\n", encoding="utf-8")
    out = tmp_path / "site"
    proc = _start("watch", profile, "-f", "html", "-o", out)
    output = Output(proc)
    try:
        index = out / "index.html"
        output.wait_for(r"^exported 1 file in ")
        assert "Before the edit" in index.read_text("utf-8")
        output.wait_for(r"^watching ")  # printed once the notifier runs
        profile.write_text("name: Ada Park\nheadline: After the edit\n", encoding="utf-8")
        output.wait_for(r"^changed: p\.yaml")
        output.wait_for(r"^exported 1 file in \d+\.\d\d s; changed: index\.html")
        assert "After the edit" in index.read_text("utf-8")
        # A broken save is reported and the last good page stays.
        profile.write_text("name: Ada Park\nheadline: [unclosed\n", encoding="utf-8")
        error = output.wait_for(r"^error:")
        assert "YAML syntax error" in error and "p.yaml:3:1" in error
        assert "After the edit" in index.read_text("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_serves_the_folder_on_localhost(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello from cvkit</p>", encoding="utf-8")
    proc = _start("serve", tmp_path, "--port", "0")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        body = urllib.request.urlopen(f"http://127.0.0.1:{match.group(1)}/index.html",
                                      timeout=10).read()
        assert b"hello from cvkit" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_warming_loads_the_slow_formats_and_skips_unknown_ones() -> None:
    """What `cvkit watch` and bundles call first: WeasyPrint imported and the fonts open in
    this process, so a worker forked for each save's PDF starts with them; a format that does
    not exist is left to the export to report."""
    script = ("import sys\n"
              "from cvkit.exporters import warm\n"
              "warm(['html', 'nonsense', 'pdf'])\n"
              "from cvkit.exporters import weasy\n"
              "print('weasyprint' in sys.modules, weasy.font_config.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "1"]
