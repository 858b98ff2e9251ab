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
from typing import Any, NamedTuple

import pytest

from .conftest import ROOT, require_tool

WAIT = 120  # seconds before a wait fails (CI machines are slow; nothing sleeps this long)


class Server:
    """`cvkit serve` in its own process, its output read line by line."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 python: tuple[str, ...] = ("-m", "cvkit")) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *python, "serve", *args, "--port", "0"], cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT),
                 **(env or {})})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.wait_for(r"preview of .* at ((http://127\.0\.0\.1:(\d+))/_cvkit/"
                              r"\?token=([\w-]+)) ")
        self.address = ready.group(1)  # as printed: with the secret
        self.root = ready.group(2)
        self.port = int(ready.group(3))
        self.secret = ready.group(4)
        self.wait_for(r"^watching ")

    def open(self, context: Any) -> Any:
        """A page of ``context`` (a browser's) that opened the printed address, as the
        user does first: the browser then holds the cookie every later request needs."""
        page = context.new_page()
        response = page.goto(self.address, wait_until="load")
        assert response is not None and response.status == 200
        assert page.url == self.root + "/_cvkit/"  # the secret gone from the address bar
        return page

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


def get(server: Server, path: str, host: str | None = None, *, cookie: str | None = None,
        method: str = "GET", body: bool = True) -> tuple[int, str, bytes]:
    """A request as the browser that opened the printed address sends it (its cookie), or
    with ``cookie`` instead ("" for none); ``body=False``: the status and headers only (the
    event stream never ends)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    headers = {"Host": host or f"127.0.0.1:{server.port}"}
    cookie = f"cvkit-{server.port}={server.secret}" if cookie is None else cookie
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    read = response.read() if body else b""
    connection.close()
    return response.status, response.getheader("Content-Type", ""), read


def test_a_save_reloads_the_homepage_and_the_pdf(browser: Any, served: Server,
                                                 profile: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    refused: list[str] = []
    context.on("response", lambda r: refused.append(r.url) if r.status == 403 else None)
    preview = served.open(context)  # the printed address; from here on, its cookie
    home = context.new_page()
    home.goto(served.root + "/", wait_until="load")
    assert "Ph.D. student, HKUST" in home.inner_text("body")
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
    assert refused == []  # the reloads, the event stream and the PDF went through the cookie
    assert served.root + "/_cvkit/events" in requests
    assert any(u.startswith(served.root + "/Weilin_Cai_CV.pdf?generation=") for u in requests)
    # The secret travelled once, in the address the user opened; the cookie it left is the
    # browser's alone (HttpOnly: no script reads it) and this server's (named for its port).
    assert [u for u in requests if served.secret in u] == [served.address]
    cookies = context.cookies()
    assert [(c["name"], c["httpOnly"], c["sameSite"], c["path"]) for c in cookies] == [
        (f"cvkit-{served.port}", True, "Strict", "/")]
    assert preview.evaluate("document.cookie") == ""
    context.close()


def test_an_invalid_save_shows_its_problems_and_keeps_the_last_good_output(
        browser: Any, served: Server, profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    context = browser.new_context()
    served.open(context).close()
    page = context.new_page()
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
    later = context.new_page()
    later.goto(served.root + "/", wait_until="load")
    later.wait_for_selector("#cvkit-problems", timeout=WAIT * 1000)
    # The preview page says so in its bar too.
    preview_page = context.new_page()
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
    context.close()


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
    status, _, _ = get(served, "/")
    assert status == 200


def test_a_cancelled_worker_says_so() -> None:
    from cvkit.build.workers import Worker, usable_cpus
    from cvkit.support.errors import ExportError

    if usable_cpus() < 2:
        pytest.skip("one CPU: the PDF is laid out in the preview's own process")
    worker = Worker("pdf")
    worker.cancel()
    with pytest.raises(ExportError, match="stopped unexpectedly"):
        worker.result()


FORKED_AHEAD = """
import os, sys
from pathlib import Path
from cvkit.build import workers
from cvkit.build.pipeline import ExportOptions
from cvkit.live.preview import Preview

profile, out = Path(sys.argv[1]), Path(sys.argv[2])
preview = Preview(profile, ["html", "pdf"], out, ExportOptions(), lambda _line: None)
preview.rebuild(in_this_process=True)
with workers.fork_server():
    assert workers._server is not None and workers._server.running
    preview.fork_ahead()
    ahead = preview._spare["pdf"]
    assert ahead._status is None and ahead._server is workers._server  # waiting for a job
    preview.rebuild([profile])
    assert "pdf" not in preview._spare and ahead._status == 0  # it laid this save's PDF out
    assert len(list(out.glob("*.pdf"))) == 1
    preview.fork_ahead()
    waiting = preview._spare["pdf"]
    preview.close()
    assert waiting._status is not None
    try:
        os.kill(waiting._pid, 0)
        raise AssertionError("the spare worker outlived the preview")
    except ProcessLookupError:
        pass
server = ahead._server
assert not server.running
try:
    os.kill(server.pid, 0)
    raise AssertionError("the fork server outlived its use")
except ProcessLookupError:
    pass
print("ok")
"""


def test_the_next_saves_pdf_worker_is_forked_ahead_and_ended_at_close(
        profile: Path, tmp_path: Path) -> None:
    """In a process of its own, as the preview runs: the fork server is started before any
    thread, and the spare worker it forks lays out the next save's PDF."""
    from cvkit.build.workers import usable_cpus

    if usable_cpus() < 2:
        pytest.skip("one CPU: the PDF is laid out in the preview's own process")
    done = subprocess.run([sys.executable, "-c", FORKED_AHEAD, str(profile),
                           str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=WAIT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


# cvkit as its command runs it, with every fork it makes written down as it is made: which
# process forks, and how many threads it runs then (Python's count and the system's).
COUNTING_FORKS = """
import os, sys, threading
def before_fork():
    with open(os.environ["CVKIT_FORKS"], "a", encoding="utf-8") as record:
        record.write(f"{os.getpid()} {threading.active_count()} "
                     f"{len(os.listdir('/proc/self/task'))}\\n")
os.register_at_fork(before=before_fork)
sys.argv = ["cvkit", *sys.argv[1:]]
from cvkit.cli.launch import main
main()
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_no_fork_happens_beside_a_thread(profile: Path, tmp_path: Path) -> None:
    """The preview runs HTTP, event and watcher threads: it forks once, before any of them
    (its fork server), and every worker is forked there, by a process of one thread."""
    from cvkit.build.workers import usable_cpus

    if usable_cpus() < 2:
        pytest.skip("one CPU: no worker is forked")
    forks = tmp_path / "forks"
    server = Server([str(profile), "-o", str(tmp_path / "out")], cwd=tmp_path,
                    env={"CVKIT_FORKS": str(forks)}, python=("-c", COUNTING_FORKS))
    try:
        for n in (1, 2):
            save(profile, "Ph.D. student" if n == 1 else "Save 1", f"Save {n}")
            served_pdf = server.wait_for(r"^exported pdf ")
            assert served_pdf
        status, _, _ = get(server, "/")  # the HTTP thread has answered meanwhile
        assert status == 200
    finally:
        assert server.stop() == 0, server.seen
    made = [tuple(map(int, line.split())) for line in forks.read_text().splitlines()]
    assert made and [(pid, python, system) for pid, python, system in made
                     if (python, system) != (1, 1)] == []
    by = {pid for pid, _, _ in made}
    assert [pid for pid, _, _ in made].count(server.process.pid) == 1  # the fork server
    # ... which forked the spare of the first export and of each save.
    assert len(by) == 2 and len(made) >= 4


def test_a_profile_broken_from_the_start_shows_the_homepage_once_fixed(
        browser: Any, profile: Path, tmp_path: Path) -> None:
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("name: Weilin Cai", "name: [Weilin Cai", 1),
                       encoding="utf-8")
    server = Server([str(profile), "-f", "html", "-o", str(tmp_path / "out")], cwd=tmp_path)
    try:
        assert any(line.startswith("error: ") for line in server.seen), server.seen
        context = browser.new_context()
        server.open(context).close()
        page = context.new_page()
        response = page.goto(server.root + "/", wait_until="load")
        assert response is not None and response.status == 404
        page.wait_for_selector("#cvkit-problems", timeout=WAIT * 1000)
        assert "YAML syntax error" in page.inner_text("#cvkit-problems")
        profile.write_text(good, encoding="utf-8")
        page.wait_for_selector("h1:has-text('Weilin Cai')", timeout=WAIT * 1000)
        assert page.locator("#cvkit-problems").count() == 0
        context.close()
        status, _, _ = get(server, "/publications/")  # a folder: never a listing
        assert status in (200, 404)
        status, _, body = get(server, "/assets/")
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
    status, kind, body = get(served, "/")
    assert status == 200 and kind.startswith("text/html")
    assert body.rstrip().endswith(b'<script src="/_cvkit/live.js"></script></body>\n</html>')
    # A page on another site whose name now points at 127.0.0.1 (DNS rebinding) gets nothing.
    status, _, body = get(served, "/", host=f"attacker.example:{served.port}")
    assert status == 421 and b"Weilin" not in body
    status, _, _ = get(served, "/../cv.yaml")
    assert status == 404
    status, kind, script = get(served, "/_cvkit/live.js")
    assert status == 200 and kind.startswith("text/javascript")
    assert b"http" not in script  # it loads nothing from another host


# Every route the preview has: the homepage (and its index page by name), the PDF, an asset
# of the homepage, the preview page, the event stream, the reload script, a page not
# exported, a folder.
ROUTES = ["/", "/index.html", "/Weilin_Cai_CV.pdf", "/assets/", "/_cvkit/", "/_cvkit/index.html",
          "/_cvkit/events", "/_cvkit/live.js", "/_cvkit/nothing", "/not-exported.html",
          "/publications/"]


def test_without_the_secret_every_route_is_refused(served: Server, tmp_path: Path) -> None:
    """Another local account reaches 127.0.0.1 too, but not the address printed on this
    user's terminal: without the secret (or with a wrong one, or another preview's cookie),
    every route is 403 and says nothing of the CV."""
    asset = next(p for p in (tmp_path / "out").rglob("*.css")).relative_to(tmp_path / "out")
    wrong = "x" * len(served.secret)
    for path in [*ROUTES, "/" + asset.as_posix()]:
        assert get(served, path, body=False)[0] != 403, path  # the secret's holder is let in
        for cookie in ("", f"cvkit-{served.port}={wrong}",
                       f"cvkit-{served.port + 1}={served.secret}", f"cvkit={served.secret}"):
            for method in ("GET", "HEAD"):
                status, _, body = get(served, path, cookie=cookie, method=method)
                assert status == 403, (path, cookie, method)
                assert b"Weilin" not in body and served.secret.encode() not in body
        status, _, body = get(served, f"{path}?token={wrong}", cookie="")
        assert status == 403 and b"Weilin" not in body, path


def test_the_printed_address_trades_its_secret_for_a_cookie(served: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=WAIT)
    connection.request("GET", f"/_cvkit/?token={served.secret}&generation=3",
                       headers={"Host": f"127.0.0.1:{served.port}"})
    response = connection.getresponse()
    assert response.read() == b""
    assert response.status == 303
    assert response.getheader("Location") == "/_cvkit/?generation=3"  # the rest kept
    assert response.getheader("Set-Cookie") == (
        f"cvkit-{served.port}={served.secret}; Path=/; HttpOnly; SameSite=Strict")
    # The secret goes on working (a second browser, a bookmark), and sends nowhere else.
    connection.request("GET", f"//elsewhere.example/?token={served.secret}",
                       headers={"Host": f"127.0.0.1:{served.port}"})
    response = connection.getresponse()
    response.read()
    location = response.getheader("Location", "")
    assert response.status == 303 and location.startswith("/") and \
        not location.startswith("//")  # a path of this server's, never another host
    connection.close()


def test_another_account_on_this_machine_reads_nothing(served: Server) -> None:
    """A real second user (nobody) asks for every route, as anyone on this machine can."""
    import pwd

    if os.geteuid() != 0:
        pytest.skip("not root: no second account to run as (the refusal of a request "
                    "without the secret is tested above)")
    python = shutil.which("python3", path="/usr/bin:/bin")
    runuser = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin")
    if python is None or runuser is None:
        pytest.skip("no /usr/bin/python3 or runuser to run as nobody")
    pwd.getpwnam("nobody")
    script = ("import sys, urllib.request, urllib.error\n"
              "for path in sys.argv[2:]:\n"
              "    try:\n"
              "        urllib.request.urlopen(sys.argv[1] + path, timeout=60)\n"
              "        print(path, 200)\n"
              "    except urllib.error.HTTPError as e:\n"
              "        print(path, e.code, b'Weilin' in e.read())\n")
    done = subprocess.run([runuser, "-u", "nobody", "--", python, "-c", script,
                           served.root, *ROUTES], capture_output=True, text=True,
                          timeout=WAIT, cwd="/", env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{path} 403 False" for path in ROUTES]
    whoami = subprocess.run([runuser, "-u", "nobody", "--", "id", "-u"],
                            capture_output=True, text=True, check=True)
    assert int(whoami.stdout) == pwd.getpwnam("nobody").pw_uid != 0


def test_open_opens_the_address_with_its_secret(profile: Path, tmp_path: Path) -> None:
    """--open hands the browser (here a script standing for it, named by $BROWSER as
    Python's webbrowser reads it) the printed address, secret and all."""
    opened = tmp_path / "opened"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o700)
    server = Server([str(profile), "-f", "html", "--open"], cwd=tmp_path,
                    env={"BROWSER": f"{browser} %s"})
    try:
        assert opened.read_text(encoding="utf-8") == server.address  # before "watching"
    finally:
        assert server.stop() == 0, server.seen


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
        found = re.search(r"127\.0\.0\.1:(\d+)/\?token=([\w-]+) ", line)
        assert found, line
        port, secret = int(found.group(1)), found.group(2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("GET", "/", headers={"Cookie": f"cvkit-{port}={secret}"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.read() == b"<html><body>hello</body></html>"  # no script
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 403 and b"hello" not in response.read()
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0


def test_the_preview_exports_with_the_export_options(profile: Path, tmp_path: Path) -> None:
    """`cvkit serve` takes export's options (one definition): a citation style, a variant,
    a paper size and the files' name reach what it exports."""
    out = tmp_path / "out"
    server = Server([str(profile), "-f", "markdown", "-f", "latex", "-o", str(out),
                     "--citation-style", "ieee", "--variant", "industry", "--paper", "letter",
                     "--name", "Cai_CV"], cwd=tmp_path)
    try:
        if not any(line.startswith("exported ") for line in server.seen):
            server.wait_for(r"^exported ")
    finally:
        assert server.stop() == 0, server.seen
    markdown = (out / "Cai_CV.md").read_text("utf-8")
    assert "## News" not in markdown  # the variant's sections
    assert "**W. Cai**\\*, D. Gu\\*" in markdown  # IEEE's names
    assert "letterpaper" in (out / "Cai_CV.tex").read_text("utf-8")


def _viewer_page(preview: Any, pdf_address: str) -> Any:
    """The PDF viewer's frame inside the preview's PDF pane (Chromium's built-in viewer, an
    extension page the preview itself cannot read), once it shows ``pdf_address``."""
    def find() -> Any:
        for frame in preview.frames:
            parent = frame.parent_frame
            if frame.url.startswith("chrome-extension:") and parent is not None \
                    and parent.url.endswith(pdf_address):
                return frame
        return None

    if find() is None:
        preview.wait_for_event("framenavigated", lambda _frame: find() is not None,
                               timeout=WAIT * 1000)
    return find()


def _wait_for_viewer_page(viewer: Any, page: int) -> None:
    # Before the document is laid out the viewer has no pages, and asking throws.
    shown = ("(page) => { const v = document.querySelector('pdf-viewer'); try { return "
             "v.viewport_.getMostVisiblePage() === page - 1; } catch (_) { return false; } }")
    viewer.wait_for_load_state("load", timeout=WAIT * 1000)
    require_tool(viewer.evaluate("() => document.querySelector('pdf-viewer') !== null"),
                 "Chromium's built-in PDF viewer (the pdf-viewer element)")
    viewer.wait_for_function(shown, arg=page, timeout=WAIT * 1000)


class Previewed(NamedTuple):
    profile: Path  # a copy the test may save
    server: Server
    page: Any  # the preview, open in Chromium


FOUR_PAGES_PDF = "/Jordan_Lin_CV.pdf"


@pytest.fixture
def four_pages(browser: Any, tmp_path: Path) -> Iterator[Previewed]:
    """jordan-lin (a PDF of four pages) previewed into ``tmp_path / "out"``, open in a
    window wide enough for the homepage and the PDF side by side."""
    profile = tmp_path / "cv.yaml"
    shutil.copy(ROOT / "examples" / "jordan-lin.yaml", profile)
    server = Server([str(profile), "-o", str(tmp_path / "out")], cwd=tmp_path)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        yield Previewed(profile, server, server.open(context))
        context.close()
    finally:
        assert server.stop() == 0, server.seen


def test_the_pdf_keeps_its_page_across_saves(four_pages: Previewed) -> None:
    """The reader names a page of the PDF; a save reloads the PDF on that page, not on the
    first, and so does a reload of the preview."""
    profile, server, preview = four_pages
    first = FOUR_PAGES_PDF
    assert preview.get_attribute("#pdf", "src") == first
    preview.fill("#pdf-page", "3")
    preview.press("#pdf-page", "Enter")
    preview.wait_for_function("() => document.getElementById('pdf').src.endsWith("
                              "'/Jordan_Lin_CV.pdf#page=3')", timeout=WAIT * 1000)
    _wait_for_viewer_page(_viewer_page(preview, first + "#page=3"), 3)

    save(profile, "headline: Research Engineer,", "headline: Staff Engineer,")
    server.wait_for(r"^exported pdf ")
    preview.wait_for_function(
        "() => /[?]generation=\\d+#page=3$/.test(document.getElementById('pdf').src)",
        timeout=WAIT * 1000)
    src = preview.get_attribute("#pdf", "src")
    _wait_for_viewer_page(_viewer_page(preview, src), 3)

    preview.reload(wait_until="load")  # the page box is kept for the tab
    assert preview.input_value("#pdf-page") == "3"
    assert preview.get_attribute("#pdf", "src") == first + "#page=3"


def test_a_save_that_shortens_the_pdf_shows_its_last_page(four_pages: Previewed,
                                                          tmp_path: Path) -> None:
    """The page box goes no further than the PDF (the state tells its page count): the
    fourth page of four is asked for, a save leaves fewer, and the PDF comes back on its
    last page, not past its end; so does a reload of the preview."""
    import pypdf

    profile, server, preview = four_pages
    first = FOUR_PAGES_PDF
    assert preview.get_attribute("#pdf-page", "max") == "4"
    preview.fill("#pdf-page", "4")
    preview.press("#pdf-page", "Enter")
    preview.wait_for_function("() => document.getElementById('pdf').src.endsWith("
                              "'/Jordan_Lin_CV.pdf#page=4')", timeout=WAIT * 1000)

    # One save: the projects section left out, and most of the experience's projects.
    text = profile.read_text(encoding="utf-8")
    text = text[:text.index("  - name: Training System")] \
        + text[text.index("  - name: DeepSpeed4Science"):]
    profile.write_text(text.replace("  - experience\n  - projects\n", "  - experience\n"),
                       encoding="utf-8")
    server.wait_for(r"^exported pdf ")
    pages = len(pypdf.PdfReader(tmp_path / "out" / "Jordan_Lin_CV.pdf").pages)
    assert 1 < pages < 4
    preview.wait_for_function(
        f"() => /[?]generation=\\d+#page={pages}$/.test(document.getElementById('pdf').src)",
        timeout=WAIT * 1000)
    assert preview.get_attribute("#pdf-page", "max") == str(pages)
    assert preview.input_value("#pdf-page") == str(pages)
    _wait_for_viewer_page(_viewer_page(preview, preview.get_attribute("#pdf", "src")), pages)

    preview.reload(wait_until="load")
    assert preview.get_attribute("#pdf-page", "max") == str(pages)
    assert preview.get_attribute("#pdf", "src") == f"{first}#page={pages}"
