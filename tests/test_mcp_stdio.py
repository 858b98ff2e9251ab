"""A real `cvkit mcp --root DIR` process spoken to over stdio in raw JSON-RPC, one message a
line, as an MCP client does: initialize, tools/list, tools/call."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from .conftest import ROOT

TOOLS = {"validate", "export", "check", "import", "list_entries", "schema", "themes", "styles"}
# A reply is awaited this long at most before the test fails (never a timing assertion: a
# server that answers nothing would otherwise hang the suite).
PATIENCE = 300


class Server:
    """The process, and its replies read on a thread so a silent server fails the test."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cvkit", "mcp", "--root", str(root)], cwd=root,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env={**os.environ, "NO_COLOR": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put("")  # end of output

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", **message}) + "\n")
        self.process.stdin.flush()

    def ask(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params or {}})
        while True:
            line = self.lines.get(timeout=PATIENCE)
            assert line, f"the server ended: {self.stderr()}"
            reply: dict[str, Any] = json.loads(line)  # every line on stdout is JSON-RPC
            if reply.get("id") == self.next_id:
                return reply

    def call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        reply = self.ask("tools/call", {"name": tool, "arguments": arguments})
        assert "result" in reply, reply
        result: dict[str, Any] = reply["result"]
        return result

    def stderr(self) -> str:
        self.process.kill()
        return self.process.communicate()[1]

    def close(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()  # end of input: the server leaves
        return self.process.wait(timeout=PATIENCE)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(ROOT / "examples" / "minimal.yaml", root / "profile.yaml")
    (root / "broken.yaml").write_text("name: Ada\nexperience:\n  - organisation: Acme\n",
                                      encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("name: Secret\n", encoding="utf-8")
    (root / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    running = Server(root)
    try:
        yield running, root
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_a_client_over_stdio_lists_calls_and_is_refused_outside_the_root(
        server: tuple[Server, Path]) -> None:
    process, root = server
    hello = process.ask("initialize", {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw-test", "version": "1"}})
    assert hello["result"]["serverInfo"]["name"] == "cvkit"
    assert "tools" in hello["result"]["capabilities"]
    process.send({"method": "notifications/initialized"})

    listed = process.ask("tools/list")["result"]["tools"]
    assert {t["name"] for t in listed} == TOOLS

    broken = process.call("validate", {"profile": "broken.yaml"})
    assert broken["isError"] is False
    problem = broken["structuredContent"]["problems"][-1]
    assert (problem["line"], problem["column"], problem["path"]) == \
        (3, 5, "experience[0].organisation")
    assert problem["suggestion"] == "did you mean 'organization'?"

    exported = process.call("export", {"profile": "profile.yaml",
                                       "formats": ["pdf", "docx"]})
    assert exported["isError"] is False, exported
    files = [Path(f["path"]) for f in exported["structuredContent"]["files"]]
    assert [f.suffix for f in files] == [".pdf", ".docx"]
    assert all(f.parent == (root / "out").resolve() and f.stat().st_size > 0 for f in files)
    assert files[0].read_bytes().startswith(b"%PDF-")

    for outside in ("../secret.yaml", str(root.parent / "secret.yaml"), "link.yaml"):
        refused = process.call("validate", {"profile": outside})
        assert refused["isError"] is True
        error = refused["structuredContent"]["error"]
        assert error["kind"] == "outside_roots" and error["roots"] == [str(root.resolve())]
        assert "Secret" not in json.dumps(refused)

    still = process.call("list_entries", {"profile": "profile.yaml"})
    assert [e["id"] for e in still["structuredContent"]["entries"]][:1] == [
        "education/universidad-de-sevilla-b-sc"]
    unknown = process.ask("tools/call", {"name": "nope", "arguments": {}})
    assert unknown.get("error") or unknown["result"]["isError"]
    assert process.call("themes", {})["isError"] is False
    assert process.close() == 0


def test_without_the_sdk_the_command_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "mcp").mkdir()
    (blocker / "mcp" / "__init__.py").write_text("raise ImportError('no', name='mcp')\n")
    done = subprocess.run([sys.executable, "-m", "cvkit", "mcp"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=PATIENCE,
                          env={**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{ROOT}"})
    assert done.returncode == 1
    assert done.stderr == "error: cvkit mcp needs the MCP SDK: pip install 'cvkit-cli[mcp]'\n"
