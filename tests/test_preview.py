"""`cvkit serve PROFILE`: the live preview driven as a user drives it, in a real Chromium.

The server runs as its own process (the command a user types); the test saves the profile
and waits, through the browser, for the page to come back with the change. Nothing waits a
fixed time: each wait is for an event (a line printed, a page reloaded, an element shown).
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

WAIT = 120  # seconds before a wait fails (CI machines are slow; nothing sleeps this long)


class Server:
    """`cvkit serve` in its own process, its output read line by line."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cvkit", "serve", *args, "--port", "0"], cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT),
                 **(env or {})})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.wait_for(r"preview of .* at (http://127\.0\.0\.1:\d+)/_cvkit/")
        self.root = ready.group(1)
        self.port = int(self.root.rsplit(":", 1)[1])
        self.wait_for(r"^watching ")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r}; saw {self.seen}") from None
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def stop(self, how: signal.Signals = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(how)
        return self.process.wait(timeout=WAIT)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "cv.yaml"
    shutil.copy(ROOT / "examples" / "weilin-cai.yaml", path)
    return path


@pytest.fixture
def served(profile: Path, tmp_path: Path) -> Iterator[Server]:
    server = Server([str(profile), "-o", str(tmp_path / "out")], cwd=tmp_path)
    yield server
    assert server.stop() == 0, server.seen


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def get(port: int, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type", ""), body


def test_a_save_reloads_the_homepage_and_the_pdf(browser: Any, served: Server,
                                                 profile: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    home = context.new_page()
    home.goto(served.root + "/", wait_until="load")
    assert "Ph.D. student, HKUST" in home.inner_text("body")
    preview = context.new_page()
    preview.goto(served.root + "/_cvkit/", wait_until="load")
    assert preview.get_attribute("#homepage", "src") == "/index.html"
    assert preview.get_attribute("#pdf", "src") == "/Weilin_Cai_CV.pdf"
    # The new page's body takes the old one's place: what this marks is gone once the page
    # shows the save.
    home.evaluate("document.body.dataset.beforeTheSave = 'yes'")
    preview.frame_locator("#homepage").locator("body").evaluate(
        "(body) => { body.dataset.beforeTheSave = 'yes'; }")

    save(profile, "headline: Ph.D. student, HKUST", "headline: Postdoc, HKUST")
    served.wait_for(r"^exported html ")
    home.wait_for_function("() => !document.body.dataset.beforeTheSave", timeout=WAIT * 1000)
    assert "Postdoc, HKUST" in home.inner_text("body")
    served.wait_for(r"^exported pdf ")
    preview.wait_for_function(
        "() => /[?]generation=\\d+$/.test(document.getElementById('pdf').src)",
        timeout=WAIT * 1000)
    frame = preview.frame_locator("#homepage").locator("body")
    assert frame.evaluate("(body) => !body.dataset.beforeTheSave")
    assert "Postdoc, HKUST" in frame.inner_text()
    assert "exported in" in preview.inner_text("#status")

    # The script is the server's, added as the page is sent: no exported file has it, and
    # every request stayed on this machine.
    out = tmp_path / "out"
    for page in out.rglob("*.html"):
        assert "_cvkit" not in page.read_text(encoding="utf-8"), page
    assert b"Postdoc, HKUST" in (out / "index.html").read_bytes()
    elsewhere = [u for u in requests if u.startswith(("http:", "https:", "ws:"))
                 and not u.startswith(served.root + "/")]  # not the PDF viewer's own
    assert requests and elsewhere == []
    context.close()


def test_an_invalid_save_shows_its_problems_and_keeps_the_last_good_output(
        browser: Any, served: Server, profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    page = browser.new_page()
    page.goto(served.root + "/", wait_until="load")
    assert page.locator("#cvkit-problems").count() == 0

    save(profile, "  email: weilin@example.org", "  email: [weilin@example.org")
    served.wait_for(r"^error: ")
    page.wait_for_selector("#cvkit-problems", timeout=WAIT * 1000)
    shown = page.inner_text("#cvkit-problems")
    place = re.search(r"cv\.yaml:(\d+):(\d+):", shown)
    assert place, shown
    pointed_at = profile.read_text(encoding="utf-8").splitlines()[int(place.group(1)) - 1]
    assert f"{place.group(1)} | {pointed_at}" in shown  # the line it points at, with a caret
    assert "Ph.D. student, HKUST" in page.inner_text("body")  # the last good page stays
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == good

    # A page opened while the profile is broken is told at once.
    later = browser.new_page()
    later.goto(served.root + "/", wait_until="load")
    later.wait_for_selector("#cvkit-problems", timeout=WAIT * 1000)
    # The preview page says so in its bar too.
    preview_page = browser.new_page()
    preview_page.goto(served.root + "/_cvkit/", wait_until="load")
    preview_page.wait_for_function(
        "() => document.body.innerText.includes('1 problem; showing the last good export')",
        timeout=WAIT * 1000)
    preview_page.close()

    page.evaluate("document.body.dataset.beforeTheFix = 'yes'")
    save(profile, "  email: [weilin@example.org", "  email: weilin@example.org")
    served.wait_for(r"^exported html ")
    page.wait_for_function("() => !document.body.dataset.beforeTheFix", timeout=WAIT * 1000)
    assert page.locator("#cvkit-problems").count() == 0
    later.close()
    page.close()


def test_a_save_during_the_pdf_comes_first(served: Server, profile: Path,
                                           tmp_path: Path) -> None:
    """The homepage of a newer save never waits for the PDF of an older one: that PDF is
    stopped (or, done already, replaced), and the files end as the last save says."""
    import pypdf

    save(profile, "headline: Ph.D. student, HKUST", "headline: First save, HKUST")
    served.wait_for(r"^exported html ")
    save(profile, "headline: First save, HKUST", "headline: Second save, HKUST")
    served.wait_for(r"^changed: cv\.yaml")
    served.wait_for(r"^exported html ")
    served.wait_for(r"^exported pdf ")
    out = tmp_path / "out"
    assert b"Second save, HKUST" in (out / "index.html").read_bytes()
    text = pypdf.PdfReader(out / "Weilin_Cai_CV.pdf").pages[0].extract_text()
    assert "Second save, HKUST" in text
    status, _, _ = get(served.port, "/")
    assert status == 200


def test_a_cancelled_worker_says_so() -> None:
    from cvkit.errors import ExportError
    from cvkit.workers import Worker, can_fork

    if not can_fork():
        pytest.skip("one CPU: the PDF is laid out in the preview's own process")
    worker = Worker("pdf")
    worker.cancel()
    with pytest.raises(ExportError, match="stopped unexpectedly"):
        worker.result()


def test_the_next_saves_pdf_worker_is_forked_ahead_and_ended_at_close(
        profile: Path, tmp_path: Path) -> None:
    from cvkit.pipeline import ExportOptions
    from cvkit.preview import Preview
    from cvkit.workers import can_fork

    if not can_fork():
        pytest.skip("one CPU: the PDF is laid out in the preview's own process")
    out = tmp_path / "out"
    preview = Preview(profile, ["html", "pdf"], out, ExportOptions(), lambda _line: None)
    preview.rebuild()
    preview.fork_ahead()
    ahead = preview._spare["pdf"]
    assert ahead._status is None  # forked, waiting for a job
    preview.rebuild([profile])
    assert "pdf" not in preview._spare and ahead._status == 0  # it laid out this save's PDF
    assert len(list(out.glob("*.pdf"))) == 1
    preview.fork_ahead()
    waiting = preview._spare["pdf"]
    preview.close()
    assert waiting._status is not None
    with pytest.raises(ProcessLookupError):
        os.kill(waiting._pid, 0)


def test_a_profile_broken_from_the_start_shows_the_homepage_once_fixed(
        browser: Any, profile: Path, tmp_path: Path) -> None:
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("name: Weilin Cai", "name: [Weilin Cai", 1),
                       encoding="utf-8")
    server = Server([str(profile), "-f", "html", "-o", str(tmp_path / "out")], cwd=tmp_path)
    try:
        assert any(line.startswith("error: ") for line in server.seen), server.seen
        page = browser.new_page()
        response = page.goto(server.root + "/", wait_until="load")
        assert response is not None and response.status == 404
        page.wait_for_selector("#cvkit-problems", timeout=WAIT * 1000)
        assert "YAML syntax error" in page.inner_text("#cvkit-problems")
        profile.write_text(good, encoding="utf-8")
        page.wait_for_selector("h1:has-text('Weilin Cai')", timeout=WAIT * 1000)
        assert page.locator("#cvkit-problems").count() == 0
        page.close()
        status, _, _ = get(server.port, "/publications/")  # a folder: never a listing
        assert status in (200, 404)
        status, _, body = get(server.port, "/assets/")
        assert status == 404 and b"style.css" not in body
    finally:
        assert server.stop() == 0, server.seen


def test_a_port_in_use_is_a_clear_error(profile: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        done = subprocess.run([sys.executable, "-m", "cvkit", "serve", str(profile), "--port",
                               str(port), "-f", "html"], capture_output=True, text=True,
                              timeout=WAIT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                 "TMPDIR": str(temporary)})
    assert list(temporary.iterdir()) == []  # its private folder went with it
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_server_answers_only_this_machine(served: Server) -> None:
    status, kind, body = get(served.port, "/")
    assert status == 200 and kind.startswith("text/html")
    assert body.rstrip().endswith(b'<script src="/_cvkit/live.js"></script></body>\n</html>')
    # A page on another site whose name now points at 127.0.0.1 (DNS rebinding) gets nothing.
    status, _, body = get(served.port, "/", host=f"attacker.example:{served.port}")
    assert status == 421 and b"Weilin" not in body
    status, _, _ = get(served.port, "/../cv.yaml")
    assert status == 404
    status, kind, script = get(served.port, "/_cvkit/live.js")
    assert status == 200 and kind.startswith("text/javascript")
    assert b"http" not in script  # it loads nothing from another host


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=["Ctrl-C", "kill", "terminal closed"])
def test_the_default_folder_is_private_and_removed(profile: Path, tmp_path: Path,
                                                   how: signal.Signals) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server([str(profile), "-f", "html"], cwd=tmp_path, env={"TMPDIR": str(temporary)})
    try:
        folders = list(temporary.iterdir())
        assert len(folders) == 1 and folders[0].name.startswith("cvkit-preview-")
        assert folders[0].stat().st_mode & 0o777 == 0o700
        assert (folders[0] / "index.html").is_file()
    finally:
        assert server.stop(how) == 0, server.seen
    assert list(temporary.iterdir()) == []


def test_a_folder_is_served_as_it_is(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>hello</body></html>", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "cvkit", "serve", str(site), "--port",
                                "0"], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1",
                                    "PYTHONPATH": str(ROOT)})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))  # type: ignore[union-attr]
        status, _, body = get(port, "/")
        assert status == 200 and body == b"<html><body>hello</body></html>"  # no script
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
