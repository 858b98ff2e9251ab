"""Slow formats in a worker process: started from the command line's words, fed the prepared
half of the job, and every way it can end reaching the parent as a result or a clear error."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cvkit import exporters
from cvkit.build import workers
from cvkit.exporters import Artifact, RenderContext
from cvkit.support.errors import ExportError, ProfileError

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="needs fork and two cores")


@pytest.fixture(autouse=True)
def _threads_of_the_test_run_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about what is forked and how it ends, from this test process, which
    may run a thread of the test run's own (the browser fixture's waitpid thread) beside
    them: cvkit would then rightly fork nothing. The refusal itself is tested in a process
    of its own (``test_no_fork_beside_a_thread``)."""
    from cvkit.support import processes

    monkeypatch.setattr(processes, "other_threads", lambda: 0)


@pytest.mark.parametrize("args, expected", [
    (["p.yaml"], []),
    (["p.yaml", "-f", "pdf"], ["pdf"]),
    (["p.yaml", "--format", "html,PDF"], ["html,PDF"]),
    (["p.yaml", "--format=docx", "-fpdf"], ["docx", "pdf"]),
    (["p.yaml", "-o", "-f"], []),
])
def test_formats_are_read_from_every_form_of_the_option(args: list[str],
                                                         expected: list[str]) -> None:
    assert workers._formats_named(args) == expected


@pytest.mark.parametrize("argv, started", [
    (["export", "p.yaml"], ["pdf"]),  # pdf is the default format
    (["export", "p.yaml", "-f", "all"], ["pdf"]),
    (["export", "p.yaml", "-f", "html", "-f", "docx"], []),
    (["export", "p.yaml", "-f", "nonsense"], []),
    (["export", "--help"], []),
    (["validate", "p.yaml"], []),
])
def test_only_a_slow_format_starts_a_worker_early(argv: list[str], started: list[str]) -> None:
    workers.start_early(argv)
    early = workers.take_early()
    try:
        assert sorted(early) == started
    finally:
        for worker in early.values():
            worker.close()
    assert workers.take_early() == {}


class _Crashing:
    name = "crashing"
    suffix = ".x"
    default_theme = "default"
    own_process = True

    def render(self, doc: object, ctx: RenderContext) -> Artifact:
        os._exit(3)


class _Failing(_Crashing):
    name = "failing"

    def render(self, doc: object, ctx: RenderContext) -> Artifact:
        raise ExportError("the failing format failed")


class _Collecting(_Crashing):
    name = "collecting"

    def render(self, doc: object, ctx: RenderContext) -> Artifact:
        import gc

        return Artifact(b"", ".x", info={"collecting": gc.isenabled()})


def test_a_worker_renders_without_the_cyclic_collector(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """The worker renders one job and ends: it never pauses to collect, and this process
    still does."""
    import gc

    monkeypatch.setitem(exporters._LOADED, "collecting", _Collecting())
    worker = workers.Worker("collecting")
    worker.submit(("render", exporters.get("collecting"), None, RenderContext()))
    assert worker.result().info == {"collecting": False}
    assert gc.isenabled()


def test_an_error_in_the_worker_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(exporters._LOADED, "failing", _Failing())
    worker = workers.Worker("failing")
    worker.submit(("render", exporters.get("failing"), None, RenderContext()))
    with pytest.raises(ExportError, match="the failing format failed"):
        worker.result()


class _FollowingUp(_Crashing):
    """Prepares, finishes in the worker, and makes the rest ``later`` in the parent: its
    finish tells the parent it has begun (through a pipe it was forked with) before it
    asks for the postscript."""

    name = "following"

    def __init__(self) -> None:
        self.begun_read, self.begun_write = os.pipe()

    def prepare(self, doc: object, ctx: RenderContext) -> str:
        return "page"

    def later(self, doc: object, ctx: RenderContext, prepared: str) -> bytes:
        import select

        # Made only once the worker has its job and has begun: a worker that waited for
        # the postscript before beginning would leave this to time out.
        ready, _, _ = select.select([self.begun_read], [], [], 60)
        if not ready:
            raise AssertionError("the worker did not begin before the postscript was made")
        return os.read(self.begun_read, 16) + b" then " + prepared.encode()

    def finish(self, prepared: str, ctx: RenderContext, later: Any) -> Artifact:
        os.write(self.begun_write, b"begun")
        return Artifact(later(), ".x")


def test_the_postscript_is_made_while_the_worker_begins(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The PDF's attached profile (its ``later``) is made here after the page is sent, while
    the worker lays the page out; the worker reads it when it writes the file."""
    from cvkit.build.pipeline import follow_up, worker_job

    exporter = _FollowingUp()
    monkeypatch.setitem(exporters._LOADED, "following", exporter)
    worker = workers.Worker("following")
    job = worker_job(exporter, None, RenderContext())  # type: ignore[arg-type]
    assert job[:3] == ("finish", exporter, "page")
    worker.submit(job, follow_up(job, None))  # type: ignore[arg-type]
    assert worker.result().data == b"begun then page"


class _FailingLater(_FollowingUp):
    def later(self, doc: object, ctx: RenderContext, prepared: str) -> bytes:
        raise ExportError("the profile could not be attached")


class _ValueErrorLater(_FollowingUp):
    def later(self, doc: object, ctx: RenderContext, prepared: str) -> bytes:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")


@pytest.mark.parametrize("failing", [_FailingLater, _ValueErrorLater])
def test_an_error_in_the_postscript_is_raised_here(monkeypatch: pytest.MonkeyPatch,
                                                   failing: type[_FollowingUp]) -> None:
    """Whatever ``later`` raises reaches the caller (a ValueError too, which a closed pipe
    also raises): never a PDF without the profile it should carry."""
    exporter = failing()
    monkeypatch.setitem(exporters._LOADED, "following", exporter)
    worker = workers.Worker("following")
    job = ("finish", exporter, "page", RenderContext())
    worker.submit(job, lambda: exporter.later(None, job[3], "page"))
    with pytest.raises((ExportError, UnicodeEncodeError),
                       match="could not be attached|surrogates"):
        worker.result()


def test_a_job_that_cannot_be_sent_is_an_error_not_a_wait(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A job that does not pickle (here an exporter of a class made inside a function)
    ends the worker's wait for it, and its error is raised here."""
    class Unsendable(_Failing):
        pass

    monkeypatch.setitem(exporters._LOADED, "failing", Unsendable())
    worker = workers.Worker("failing")
    worker.submit(("render", exporters.get("failing"), None, RenderContext()))
    with pytest.raises((pickle.PicklingError, AttributeError), match="local"):
        worker.result()


def test_a_worker_that_dies_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(exporters._LOADED, "crashing", _Crashing())
    worker = workers.Worker("crashing")
    worker.submit(("render", exporters.get("crashing"), None, RenderContext()))
    with pytest.raises(ExportError, match="crashing worker process stopped unexpectedly "
                                          r"\(exit code 3\)"):
        worker.result()


def test_a_worker_gets_the_prepared_page_not_the_document() -> None:
    """The PDF goes to its worker as print HTML: the worker needs no Jinja, no pydantic."""
    from cvkit.build.api import ExportOptions
    from cvkit.build.pipeline import context, document, worker_job
    from cvkit.profile.load import load_profile

    profile = load_profile(ROOT / "examples" / "minimal.yaml")
    options = ExportOptions()
    variant = options.selection(profile)
    as_of = exporters.source_date()
    pdf = exporters.get("pdf")
    ctx = context(pdf, options, variant, ROOT, as_of, lenient_theme=False)
    kind, exporter, payload, _ = worker_job(pdf, document(profile, options, variant,
                                                          as_of.date()), ctx)
    assert kind == "finish" and exporter is pdf
    assert payload.html.startswith("<!DOCTYPE html>") and profile.name in payload.html
    worker = workers.Worker("pdf")
    worker.submit((kind, exporter, payload, ctx))
    artifact = worker.result()
    assert artifact.data.startswith(b"%PDF") and artifact.info["pages"] == 1


def test_a_pdf_worker_loads_neither_templates_nor_the_model(tmp_path: Path) -> None:
    """What a PDF worker imports (the format, to warm it) and the job it is sent (the page
    and its context, the profile attachment asked for) load no Jinja, pydantic, YAML or
    document model: the worker is forked first thing and imports WeasyPrint alone, so it is
    ready when the page comes."""
    from cvkit.build.pipeline import assemble, load, worker_job

    assembly = assemble(load(ROOT / "examples" / "weilin-cai.yaml"), ["pdf"])
    exporter, doc, ctx = assembly.jobs[0]
    assert ctx.embedded is not None  # the attachment's request travels with the context
    (tmp_path / "job.pickle").write_bytes(pickle.dumps(worker_job(exporter, doc, ctx)))
    code = ("import pickle, sys; from cvkit.build import workers; from cvkit import exporters; "
            "exporters.get('pdf'); "
            f"job = pickle.loads(open(r'{tmp_path / 'job.pickle'}', 'rb').read()); "
            "assert job[0] == 'finish' and job[2].html.startswith('<!DOCTYPE html>'); "
            "print(sorted(m for m in ('jinja2', 'pydantic', 'ruamel', 'cvkit.document', "
            "'cvkit.profile.model', 'cvkit.profile.embed', 'click') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_profile_that_does_not_load_stops_the_early_worker(tmp_path: Path) -> None:
    """The worker started from the command line is closed with the command: exit 2, the
    problem located, no traceback, nothing written."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Ada\nemail: [not, an, email]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cvkit", "export", str(bad), "-f", "pdf",
                           "-o", str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0, done.stderr
    assert "bad.yaml:2" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


LAUNCH_WITH_HANDLER = """
import atexit, gc, os, sys
if os.environ.get("NO_PRIVATE_EXIT"):
    del atexit._run_exitfuncs  # a Python without it: the ordinary shutdown
atexit.register(lambda: print("exit handler ran", "collecting" if gc.isenabled() else "",
                              flush=True))
sys.argv = ["cvkit", *sys.argv[1:]]
from cvkit.cli.launch import main
main()
print("never printed: main() ends the process")
"""


@pytest.mark.parametrize("private_exit", [True, False], ids=["quick-exit", "python-exit"])
@pytest.mark.parametrize("good", [True, False], ids=["export", "bad-profile"])
def test_the_command_leaves_at_once_but_runs_its_exit_handlers(tmp_path: Path, good: bool,
                                                              private_exit: bool) -> None:
    """``cvkit`` skips Python's slow teardown of its heap: the exit handlers still run, what
    it printed arrives whole, the exit status is the command's, and its files are written.
    On a Python without ``atexit._run_exitfuncs`` (private), the same through Python's own
    shutdown: the handlers run once, no traceback."""
    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada Lovelace\n" if good else "name: Ada\nemail: [no]\n",
                       encoding="utf-8")
    env = {**os.environ, **({} if private_exit else {"NO_PRIVATE_EXIT": "1"})}
    done = subprocess.run([sys.executable, "-c", LAUNCH_WITH_HANDLER, "export", str(profile),
                           "-f", "markdown", "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == (0 if good else 2), done.stderr
    assert "Traceback" not in done.stderr
    # An export runs without the cyclic collector: the process ends with it.
    assert done.stdout.splitlines()[-1] == "exit handler ran "
    assert done.stdout.count("exit handler ran") == 1
    assert "never printed" not in done.stdout
    if good:
        assert "wrote" in done.stdout
        written = tmp_path / "out" / "Ada_Lovelace_CV.md"
        assert "Ada Lovelace" in written.read_text(encoding="utf-8")
    else:
        assert "cv.yaml:2" in done.stderr and not (tmp_path / "out").exists()


class _Listing(_Crashing):
    name = "listing"

    def render(self, doc: object, ctx: RenderContext) -> Artifact:
        held = set()
        for fd in os.listdir("/proc/self/fd"):
            try:
                held.add(os.fstat(int(fd)).st_ino)
            except OSError:
                continue  # the listing's own descriptor, closed by now
        return Artifact(b"", ".x", info={"held": held})


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_a_worker_holds_no_end_of_another_workers_pipes(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Each worker sees the end of its own pipe when this process goes: a worker forked later
    must not keep an earlier one's pipe open (it would wait for its job for ever)."""
    monkeypatch.setitem(exporters._LOADED, "listing", _Listing())
    first, second = workers.Worker("listing"), workers.Worker("listing")
    firsts = {os.fstat(fd).st_ino for fd in first._ends}
    try:
        second.submit(("render", exporters.get("listing"), None, RenderContext()))
        held = second.result().info["held"]
        assert held and not firsts & held
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("args, found", [
    (["cv.yaml", "-f", "html"], "cv.yaml"),
    (["-o", "out", "cv.json"], "cv.json"),
    (["missing.yaml"], None),
    (["cv.yaml", "other.yml"], None),  # two profiles: no guess
    (["--templates", "t"], None),
])
def test_the_profile_is_the_one_profile_file_the_command_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
        found: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("cv.yaml", "cv.json", "other.yml"):
        (tmp_path / name).write_text("name: Ada\n", encoding="utf-8")
    named = workers._profile_named(args)
    assert (str(named) if named else None) == found


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CVKIT_NO_CACHE", raising=False)
    return tmp_path / "cache" / "cvkit" / "profiles"


def test_a_profile_read_ahead_is_loaded_from_the_cache(tmp_path: Path, own_cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader validates the profile into the cache on the other core; the load that
    follows reads it from there and parses nothing itself."""
    from cvkit.profile import load

    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada Lovelace\nheadline: Analyst\n", encoding="utf-8")
    workers.read_ahead(profile)
    workers.await_read_ahead(profile)
    assert len(list(own_cache.glob("*.pickle"))) == 1

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(load, "parse_source", no_parsing)
    assert load.load_profile(profile).headline == "Analyst"


def test_a_profile_in_the_cache_starts_no_reader(tmp_path: Path, own_cache: Path) -> None:
    """Exported before and unchanged: nothing to validate, so no process is forked."""
    from cvkit.profile.load import load_profile

    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada Lovelace\n", encoding="utf-8")
    load_profile(profile)
    workers.read_ahead(profile)
    assert profile.resolve() not in workers._reading
    profile.write_text("name: Ada Lovelace\nheadline: Analyst\n", encoding="utf-8")
    workers.read_ahead(profile)  # edited: read ahead again
    assert profile.resolve() in workers._reading
    workers.await_read_ahead(profile)


def test_a_profile_with_a_mistake_leaves_nothing_read_ahead(tmp_path: Path,
                                                            own_cache: Path) -> None:
    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada\nemail: [not, an, email]\n", encoding="utf-8")
    workers.read_ahead(profile)
    workers.await_read_ahead(profile)
    assert not list(own_cache.glob("*.pickle"))
    workers.await_read_ahead(profile)  # waited for once: nothing left to wait for


def test_a_profile_too_large_is_refused_by_the_reader_at_once(tmp_path: Path,
                                                              own_cache: Path) -> None:
    """The reader reads the file as the command does: over the size limit it validates
    nothing (and the command, waiting for it, reports the size without delay)."""
    from cvkit.profile.load import load_profile
    from cvkit.profile.source import MAX_BYTES

    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada\n# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    workers.read_ahead(profile)
    workers.await_read_ahead(profile)
    assert not list(own_cache.glob("*.pickle"))
    with pytest.raises(ProfileError, match="larger than"):
        load_profile(profile)


@pytest.mark.parametrize("formats, reads", [(["-f", "html"], True), (["-f", "docx,markdown"], True),
                                           ([], False), (["-f", "html", "-f", "PDF"], False),
                                           (["-f", "all"], False)])
def test_the_profile_is_read_ahead_unless_a_worker_is_started(
        tmp_path: Path, own_cache: Path, formats: list[str], reads: bool) -> None:
    """Beside the PDF worker a third process would only slow it; alone, the reader takes
    the profile's validation off the command's path."""
    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada\n", encoding="utf-8")
    workers.start_early(["export", str(profile), *formats])
    try:
        assert (profile.resolve() in workers._reading) == reads
    finally:
        workers.await_read_ahead(profile)
        for worker in workers.take_early().values():
            worker.close()


def test_validate_reads_its_one_profile_ahead(tmp_path: Path, own_cache: Path) -> None:
    profile = tmp_path / "cv.yaml"
    profile.write_text("name: Ada\n", encoding="utf-8")
    workers.start_early(["validate", str(profile)])
    try:
        assert profile.resolve() in workers._reading
    finally:
        workers.await_read_ahead(profile)
    assert workers.take_early() == {}


@pytest.mark.parametrize("command", ["export", "validate"])
def test_a_mistake_is_reported_once_read_ahead(tmp_path: Path, command: str) -> None:
    """The reader found the mistake too, silently: the command reports it, located, exits 2
    and writes nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Ada\nemail: [not, an, email]\n", encoding="utf-8")
    extra = ["-f", "html", "-o", str(tmp_path / "out")] if command == "export" else []
    done = subprocess.run([sys.executable, "-m", "cvkit", command, str(bad), *extra],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode != 0, done.stderr
    assert done.stderr.count("bad.yaml:2") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_for_children(process: subprocess.Popen[bytes]) -> list[int]:
    """The command's children, once it has started one (bounded: the command forks its
    worker first thing)."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        found = _children(process.pid)
        if found:
            return found
        os.sched_yield()
    raise AssertionError("the command started no worker")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(os, "pidfd_open"),
                    reason="needs Linux's /proc and pidfd_open")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_a_worker_ends_with_the_command_that_started_it(signal_name: str,
                                                        tmp_path: Path) -> None:
    """Killed while its PDF worker lays out 300 papers, the command leaves no process: the
    worker sees its lifeline close and ends within a second."""
    import select
    import signal

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from common import large_profile
    finally:
        sys.path.remove(str(ROOT / "bench"))
    profile = large_profile(tmp_path / "large.yaml")
    command = subprocess.Popen([sys.executable, "-c", "from cvkit.cli.launch import main; main()",
                                "export", str(profile), "-f", "pdf", "-o", str(tmp_path / "o")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children = _wait_for_children(command)
        handles = [os.pidfd_open(pid) for pid in children]
        command.send_signal(getattr(signal, signal_name))
        command.wait(timeout=30)
        for handle in handles:  # a pidfd is readable once its process has ended
            readable, _, _ = select.select([handle], [], [], 1.0)
            assert readable, f"a worker outlived the command killed with {signal_name}"
            os.close(handle)
    finally:
        command.kill()
        command.wait()
    assert not (tmp_path / "o" / "Large_Profile_CV.pdf").exists()


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="needs Linux's /proc")
@pytest.mark.parametrize("mistake", [["--bogus"], ["-f", "pdf,nonsense"]])
def test_a_command_that_stops_early_leaves_no_worker(mistake: list[str],
                                                     tmp_path: Path) -> None:
    """A usage error, or a format that does not exist, after the PDF worker was started from
    the command line's words: when the command returns, no process of it is left."""
    marker = str(tmp_path / "marked-output")
    done = subprocess.run([sys.executable, "-c", "from cvkit.cli.launch import main; main()",
                           "export", str(ROOT / "examples" / "weilin-cai.yaml"), "-o", marker,
                           *mistake], capture_output=True, text=True)
    assert done.returncode != 0, done.stderr
    left = []
    for proc in Path("/proc").iterdir():
        try:
            if marker.encode() in (proc / "cmdline").read_bytes():
                left.append(proc.name)
        except OSError:
            continue
    assert left == []


def test_the_cpus_counted_are_those_the_process_may_use() -> None:
    """Pinned to one CPU (taskset, a CPU-limited container), cvkit forks nothing: on one
    CPU a worker only competes with the command it should help."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this platform")
    script = ("import os\n"
              "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
              "from cvkit.build import workers\n"
              "workers.start_early(['export', 'p.yaml', '-f', 'pdf'])\n"
              "print(workers.usable_cpus(), workers.can_fork(), len(workers.take_early()))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["1", "False", "0"]
    assert workers.usable_cpus() == len(os.sched_getaffinity(0))


FORK_SERVER = """
import json, os, sys, threading
from cvkit import exporters
from cvkit.support import processes
from cvkit.build import workers
from cvkit.support.errors import ExportError
from cvkit.exporters import RenderContext
from tests.test_workers import _Crashing, _Failing, _Listing

found = {}
with workers.fork_server():
    server = workers._server
    found["started"] = server is not None and server.running and workers.can_fork()
    ready = threading.Event()
    threading.Thread(target=ready.wait, daemon=True).start()  # threads may run now
    found["beside a thread"] = (processes.can_fork(), workers.can_fork())
    for kind, name in ((_Failing, "failing"), (_Crashing, "crashing")):
        worker = workers.Worker(name)
        worker.submit(("render", kind(), None, RenderContext()))
        try:
            worker.result()
        except ExportError as exc:
            found[name] = str(exc)
    first, second = workers.Worker("listing"), workers.Worker("listing")
    firsts = {os.fstat(fd).st_ino for fd in first._ends}
    second.submit(("render", _Listing(), None, RenderContext()))
    held = second.result().info["held"]
    found["holds another's pipe"] = bool(firsts & held)
    found["parent"] = int(open(f"/proc/{first._pid}/stat").read().split(")")[1].split()[1])
    found["server"] = server.pid
    first.close()
    cancelled = workers.Worker("pdf")
    cancelled.cancel()
    try:
        cancelled.result()
    except ExportError as exc:
        found["cancelled"] = str(exc)
    waiting = workers.Worker("pdf")
try:
    os.kill(waiting._pid, 0)
    found["left"] = "a worker"
except ProcessLookupError:
    try:
        os.kill(server.pid, 0)
        found["left"] = "the server"
    except ProcessLookupError:
        found["left"] = None
found["after"] = workers.can_fork()
ready.set()
print(json.dumps(found))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc")
def test_workers_forked_by_the_fork_server_behave_as_forked_here() -> None:
    """In a process of its own (a test run may hold threads): with a fork server, threads
    may run beside the workers, which report errors, crashes and cancels as ever, hold no
    other worker's pipe, and end with the server."""
    import json

    done = subprocess.run([sys.executable, "-c", FORK_SERVER], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found.pop("parent") == found.pop("server")  # forked there, not here
    assert found == {
        "started": True,
        "beside a thread": [False, True],  # no fork here; the server forks
        "failing": "the failing format failed",
        "crashing": "the crashing worker process stopped unexpectedly (exit code 3)",
        "holds another's pipe": False,
        "cancelled": "the pdf worker process stopped unexpectedly (exit code -9)",
        "left": None,
        "after": False,  # the server gone, a thread still running: nothing forks
    }


NO_FORK_BESIDE_A_THREAD = """
import threading
from cvkit.support import processes
from cvkit.build import workers
stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()
refused = []
try:
    processes.ForkServer(lambda what, fds: None)
except RuntimeError:
    refused.append("server")
with workers.fork_server():
    refused.append(workers._server is None)
workers.start_early(["export", "p.yaml", "-f", "pdf"])
print(processes.can_fork(), workers.can_fork(), refused, workers.take_early())
stop.set()
"""


def test_no_fork_beside_a_thread() -> None:
    """A process running another thread forks nothing itself, nor starts a fork server
    then: the child would copy locks that thread may hold. Its formats render in it."""
    done = subprocess.run([sys.executable, "-c", NO_FORK_BESIDE_A_THREAD],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=2) == ["False", "False", "['server', True] {}\n"]


EXPORT_ON_CPUS = """
import atexit, os, sys
from cvkit.build import workers
if sys.argv[1] == "one":
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
started = []
real = workers.Worker.__init__
def counted(self, name):
    started.append(name)
    real(self, name)
workers.Worker.__init__ = counted
atexit.register(lambda: print("workers:", started))
sys.argv = ["cvkit", "export", sys.argv[2], "-f", sys.argv[4], "-o", sys.argv[3]]
from cvkit.cli.launch import main
main()
"""


def _exported_on(cpus: str, fmt: str, out: Path) -> tuple[str, dict[Path, bytes]]:
    done = subprocess.run([sys.executable, "-c", EXPORT_ON_CPUS, cpus,
                           str(ROOT / "examples" / "weilin-cai.yaml"), str(out), fmt],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    assert done.returncode == 0, done.stderr
    return done.stdout, {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                         if p.is_file() and p.name != ".cvkit-written"}


needs_affinity = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"),
                                    reason="needs sched_setaffinity")


@needs_affinity
def test_a_pdf_with_its_profile_made_meanwhile_is_the_same_pdf(tmp_path: Path) -> None:
    """In its worker the PDF gets the profile it carries after its page (made here while
    the worker lays the page out): the file is byte for byte the one made in one process,
    attachment included."""
    import io

    from pypdf import PdfReader

    said_two, two = _exported_on("two", "pdf", tmp_path / "two")
    said_one, one = _exported_on("one", "pdf", tmp_path / "one")
    assert "workers: ['pdf']" in said_two and "workers: []" in said_one  # the paths differ
    assert two == one
    (pdf,) = two.values()
    carried = PdfReader(io.BytesIO(pdf)).attachments["cvkit-profile.yaml"][0]
    assert carried.startswith(b"name: Weilin Cai\n")
