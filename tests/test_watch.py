"""`cvkit watch` re-exports on save; `cvkit serve` serves the folder on 127.0.0.1."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r}:\n{''.join(self.seen)}"
                                     ) from None
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


def test_serve_serves_the_folder_to_the_holder_of_its_address(tmp_path: Path) -> None:
    """The address printed carries the secret: a client that keeps cookies (as a browser
    does) is let in, and stays in; a request without it is refused."""
    import http.cookiejar

    (tmp_path / "index.html").write_text("<p>hello from cvkit</p>", encoding="utf-8")
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.7 private")
    proc = _start("serve", tmp_path, "--port", "0")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:(\d+))/\?token=([\w-]+) ", line)
        assert match, line
        root, token = match.group(1), match.group(3)
        for path in ("/", "/index.html", "/cv.pdf", "/?token=wrong"):
            try:
                urllib.request.urlopen(root + path, timeout=10)
                raise AssertionError(f"{path} answered without the secret")
            except urllib.error.HTTPError as refused:
                assert refused.code == 403 and b"private" not in refused.read()
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opened = browser.open(f"{root}/?token={token}", timeout=10)
        assert opened.url == root + "/"  # sent on without the secret in the address
        assert b"hello from cvkit" in opened.read()
        assert browser.open(root + "/cv.pdf", timeout=10).read() == b"%PDF-1.7 private"
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


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c"
                    "49444154789c63f8cf00000301010018dd8db00000000049454e44ae426082")


def _sources(profile_path: Path, out: Path, **options: object) -> object:
    from cvkit.build.api import ExportOptions
    from cvkit.live.watch import sources
    from cvkit.profile.load import load_profile

    return sources(profile_path, load_profile(profile_path), ["html", "pdf"], out,
                   ExportOptions(**options))  # type: ignore[arg-type]


def test_only_what_the_export_reads_is_a_save(tmp_path: Path) -> None:
    """The profile, its photo, its citation style file and the templates count; a write in
    .git/, notes/ or node_modules/ beside the profile, or in the output folder, does not."""
    from cvkit.profile import design
    from cvkit.support.resources import resource_dir
    from cvkit.support.styles import resolve

    folder = tmp_path / "cv"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "me.png").write_bytes(PNG)
    (folder / "mine.csl").write_bytes(resolve("apa").read_bytes())
    profile = folder / "cv.yaml"
    profile.write_text("name: Ada Park\nphoto: img/me.png\nlayout:\n  citation_style: mine.csl\n",
                       encoding="utf-8")
    templates = tmp_path / "my-templates"
    (templates / "html").mkdir(parents=True)
    out = folder / "site"
    watched = _sources(profile, out, templates=templates)
    yes = [profile, folder / "img" / "me.png", folder / "mine.csl",
           templates / "html" / "cv.html.j2",
           resource_dir("templates") / "html" / "base" / "cv.html.j2",
           design.theme_dirs()["academic"] / "design.yaml"]
    no = [folder / ".git" / "objects" / "ab" / "cdef", folder / "notes" / "todo.md",
          folder / "node_modules" / "x" / "index.js", folder / "other.yaml",
          folder / "img" / "other.png", out / "index.html", out / "Ada_Park_CV.pdf",
          templates / "html" / ".cv.html.j2.swp", templates / "html" / "cv.html.j2~",
          tmp_path / "elsewhere.yaml"]
    assert [p for p in yes if not watched(None, str(p))] == []  # type: ignore[operator]
    assert [p for p in no if watched(None, str(p))] == []  # type: ignore[operator]
    # Watched folder by folder, not recursively: .git and notes are not watched at all.
    dirs = set(watched.dirs)  # type: ignore[attr-defined]
    assert {folder, folder / "img", templates / "html"} <= dirs
    assert not {folder / ".git", folder / "notes", out} & dirs


def test_the_profile_counts_in_the_output_folder(tmp_path: Path) -> None:
    """`-o .`: the export writes beside the profile; its files are no save, the profile is."""
    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada Park\n", encoding="utf-8")
    watched = _sources(profile, tmp_path)
    assert watched(None, str(profile))  # type: ignore[operator]
    assert not watched(None, str(tmp_path / "index.html"))  # type: ignore[operator]
    assert not watched(None, str(tmp_path / "Ada_Park_CV.pdf"))  # type: ignore[operator]
    # A template folder beside the profile is the user's, though inside the output folder.
    (tmp_path / "tpl" / "html").mkdir(parents=True)
    watched = _sources(profile, tmp_path, templates=tmp_path / "tpl")
    assert watched(None, str(tmp_path / "tpl" / "html" / "cv.html.j2"))  # type: ignore[operator]
    # An output folder inside a template folder is still the export's own.
    watched = _sources(profile, tmp_path / "tpl" / "site", templates=tmp_path / "tpl")
    assert not watched(None, str(tmp_path / "tpl" / "site" / "index.html"))  # type: ignore[operator]


def test_watch_into_the_profiles_folder_sees_saves_and_nothing_else(tmp_path: Path) -> None:
    """`cvkit watch -o .` as a user runs it in a repository: writes in .git/ and notes/
    export nothing, a save of the profile does, the photo the save names is watched from
    then on, and a template of --templates counts."""
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nheadline: Before the edit\n", encoding="utf-8")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "me.png").write_bytes(PNG)
    templates = tmp_path / "tpl"
    (templates / "html").mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-m", "cvkit", "watch", "p.yaml", "-f", "html",
                             "-o", ".", "--templates", "tpl"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONUNBUFFERED": "1",
                                 "PYTHONPATH": str(ROOT)})
    output = Output(proc)
    try:
        output.wait_for(r"^exported 1 file in ")
        output.wait_for(r"^watching ")
        for noise in (tmp_path / ".git" / "objects" / "ab", tmp_path / "notes"):
            noise.mkdir(parents=True)
            (noise / "written").write_text("not a save\n", encoding="utf-8")
        (tmp_path / "scratch.txt").write_text("not a save\n", encoding="utf-8")
        # Written after the noise: had the noise counted, it would be reported first.
        profile.write_text("name: Ada Park\nheadline: After the edit\nphoto: img/me.png\n",
                           encoding="utf-8")
        assert output.wait_for(r"^changed: ").strip() == "changed: p.yaml"
        output.wait_for(r"^exported 1 file in .*changed: index\.html")
        assert "After the edit" in (tmp_path / "index.html").read_text("utf-8")
        output.wait_for(r"^watching me\.png too$")
        (tmp_path / "img" / "me.png").write_bytes(PNG + b"\0")
        assert output.wait_for(r"^changed: ").strip() == "changed: me.png"
        output.wait_for(r"^exported 1 file in ")
        (templates / "html" / "extra.html.j2").write_text("{# mine #}\n", encoding="utf-8")
        assert output.wait_for(r"^changed: ").strip() == "changed: extra.html.j2"
        output.wait_for(r"^exported 1 file in ")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not any(line.startswith("changed: ") and "written" in line for line in output.seen)


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


def test_watch_forks_no_worker_beside_its_watcher_thread(tmp_path: Path) -> None:
    """The file watcher runs a thread of its own: the PDF worker of each save is forked by
    the fork server started before it, by a process of one thread."""
    from cvkit.build.workers import usable_cpus

    if usable_cpus() < 2 or not Path("/proc/self/task").is_dir():
        pytest.skip("one CPU (no worker is forked), or no /proc to count threads in")
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nheadline: Before the edit\n", encoding="utf-8")
    forks = tmp_path / "forks"
    proc = subprocess.Popen([sys.executable, "-c", COUNTING_FORKS, "watch", str(profile),
                             "-f", "html,pdf", "-o", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1",
                                 "PYTHONPATH": str(ROOT), "CVKIT_FORKS": str(forks)})
    output = Output(proc)
    try:
        output.wait_for(r"^watching ")
        profile.write_text("name: Ada Park\nheadline: After the edit\n", encoding="utf-8")
        output.wait_for(r"^exported 2 files in .*changed: .*Ada_Park_CV\.pdf")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    made = [tuple(map(int, line.split())) for line in forks.read_text().splitlines()]
    assert made and [m for m in made if m[1:] != (1, 1)] == []
    assert any(pid != proc.pid for pid, _, _ in made)  # the save's worker: the server's


def test_watch_exports_with_the_export_options(tmp_path: Path) -> None:
    """`cvkit watch` takes export's options (one definition): --citation-style, --variant,
    --paper and the files' --name reach what it exports."""
    import shutil

    profile = tmp_path / "cv.yaml"
    shutil.copy(ROOT / "examples" / "weilin-cai.yaml", profile)
    out = tmp_path / "site"
    proc = _start("watch", profile, "-f", "markdown", "-f", "latex", "-o", out,
                  "--citation-style", "ieee", "--variant", "industry", "--paper", "letter",
                  "--name", "Cai_CV")
    output = Output(proc)
    try:
        output.wait_for(r"^exported 2 files in ")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    markdown = (out / "Cai_CV.md").read_text("utf-8")
    assert "## News" not in markdown  # the variant's sections
    assert "**W. Cai**\\*, D. Gu\\*" in markdown  # IEEE's names
    assert "letterpaper" in (out / "Cai_CV.tex").read_text("utf-8")
