"""`cvkit watch` re-exports on save; `cvkit serve` serves the folder on 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import ROOT


def _wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cvkit", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=ROOT)


def test_watch_reexports_when_the_profile_changes(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nheadline: Before the edit\n", encoding="utf-8")
    out = tmp_path / "site"
    proc = _start("watch", profile, "-f", "html", "-o", out)
    try:
        index = out / "index.html"
        assert _wait_for(lambda: index.exists() and "Before the edit" in index.read_text("utf-8"))
        time.sleep(0.5)  # let the watcher start
        started = time.monotonic()
        profile.write_text("name: Ada Park\nheadline: After the edit\n", encoding="utf-8")
        assert _wait_for(lambda: "After the edit" in index.read_text("utf-8"), timeout=10)
        assert time.monotonic() - started < 5
        # A broken save is reported and the last good page stays.
        profile.write_text("name: Ada Park\nheadline: [unclosed\n", encoding="utf-8")
        time.sleep(1.5)
        assert "After the edit" in index.read_text("utf-8")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "changed: p.yaml" in output
    assert re.search(r"exported 1 file\(s\) in \d+\.\d\d s; changed: index.html", output)
    assert "error:" in output and "YAML syntax error" in output and "p.yaml:3:1" in output


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
