"""`cvkit mcp`: the server driven through the MCP SDK's in-memory client (`from mcp import
Client`), and the same tools as the pure functions they call (cvkit.assistant.tools).
tests/test_mcp_stdio.py talks to a real `cvkit mcp` process over stdio."""

from __future__ import annotations

import concurrent.futures
import io
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from docx import Document
from mcp import Client
from mcp.types import CallToolResult, TextContent

from cvkit.assistant.roots import OutsideRoots, Roots
from cvkit.assistant.server import build
from cvkit.assistant.tools import Tools

from .conftest import ROOT
from .exporters.test_contract import extract_text

T = TypeVar("T")
TOOLS = {"validate", "export", "check", "import", "list_entries", "schema", "themes", "styles"}
BROKEN = "name: Ada\npublications:\n  - title: X\n    venu: Y\n    date: 2025-13\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A root holding a profile, a broken one, and links that point out of it."""
    folder = tmp_path / "root"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "minimal.yaml", folder / "profile.yaml")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("name: Outside\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (folder / "away").symlink_to(tmp_path, target_is_directory=True)
    return folder


def talk(root: Path, work: Callable[[Client], Awaitable[T]]) -> T:
    async def main() -> T:
        async with Client(build([root])) as client:
            return await work(client)

    return in_own_thread(main)


def in_own_thread(main: Callable[[], Awaitable[T]]) -> T:
    """``anyio.run(main)`` in a thread of its own: in a whole run, the browser fixture
    (Playwright's sync API) keeps an event loop running in the main thread, where anyio.run
    refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, main).result()


def data(result: CallToolResult) -> dict[str, Any]:
    assert result.structured_content is not None
    return result.structured_content


def test_the_tools_are_listed_with_their_arguments(root: Path) -> None:
    listed = talk(root, lambda c: c.list_tools())
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == TOOLS
    export = tools["export"].input_schema["properties"]
    assert {"profile", "formats", "output", "theme", "citation_style", "variant", "entries",
            "fit_pages", "fit_shorten", "max_entries"} <= set(export)
    assert tools["export"].input_schema["required"] == ["profile"]
    assert tools["validate"].annotations is not None
    assert tools["validate"].annotations.read_only_hint is True


def test_a_broken_profile_gives_its_problems_with_line_and_column(root: Path) -> None:
    async def work(c: Client) -> list[CallToolResult]:
        return [await c.call_tool("validate", {"profile": "broken.yaml"}),
                await c.call_tool("validate", {"text": BROKEN}),
                await c.call_tool("validate", {"profile": "profile.yaml"})]

    by_path, by_text, good = talk(root, work)
    assert not by_path.is_error and data(by_path)["ok"] is False
    assert data(by_path)["problems"][0] == {
        "file": str(root / "broken.yaml"), "line": 4, "column": 5,
        "path": "publications[0].venu", "message": "unknown field 'venu'",
        "suggestion": "did you mean 'venue'?"}
    assert [(p["line"], p["column"], p["file"]) for p in data(by_text)["problems"]] == [
        (4, 5, None), (5, 11, None)]
    assert data(good) == {"ok": True, "problems": [], "warnings": []}
    assert isinstance(good.content[0], TextContent) and '"ok": true' in good.content[0].text


def test_export_writes_a_pdf_and_a_docx_into_the_root(root: Path) -> None:
    result = talk(root, lambda c: c.call_tool("export", {
        "profile": "profile.yaml", "formats": ["pdf", "docx"], "output": "cv"}))
    files = data(result)["files"]
    assert [(f["format"], Path(f["path"]).parent) for f in files] == [
        ("pdf", root / "cv"), ("docx", root / "cv")]
    assert files[0]["pages"] == 1
    assert sorted(p.suffix for p in (root / "cv").iterdir()) == [".docx", ".pdf"]
    pdf, docx = (Path(f["path"]).read_bytes() for f in files)
    assert "Example Corp" in extract_text("pdf", pdf)
    assert "Example Corp" in "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


@pytest.mark.parametrize("given", ["../outside.yaml", "{tmp}/outside.yaml", "link.yaml",
                                   "away/outside.yaml", "/etc/passwd"])
def test_a_path_outside_the_root_is_a_tool_error_and_the_server_answers_on(
        root: Path, given: str) -> None:
    given = given.format(tmp=root.parent)

    async def work(c: Client) -> list[CallToolResult]:
        return [await c.call_tool("validate", {"profile": given}),
                await c.call_tool("list_entries", {"profile": given}),
                await c.call_tool("export", {"profile": given, "formats": ["text"]}),
                await c.call_tool("check", {"pdf": given}),
                await c.call_tool("import", {"file": given}),
                await c.call_tool("validate", {"profile": "profile.yaml"})]

    *refused, after = talk(root, work)
    for result in refused:
        assert result.is_error
        error = data(result)["error"]
        assert error["kind"] == "outside_roots" and error["roots"] == [str(root.resolve())]
        assert error["path"] == given and str(root.resolve()) in error["message"]
    assert data(after)["ok"] is True
    assert not (root / "out").exists()


@pytest.mark.parametrize("output", ["../out", "{tmp}/out", "away/out", "away"])
def test_an_output_folder_outside_the_root_is_refused(root: Path, output: str) -> None:
    output = output.format(tmp=root.parent)
    result = talk(root, lambda c: c.call_tool("export", {
        "profile": "profile.yaml", "formats": ["text"], "output": output}))
    assert result.is_error and data(result)["error"]["kind"] == "outside_roots"
    assert sorted(p.name for p in root.parent.iterdir()) == ["outside.yaml", "root"]


def test_a_file_the_profile_names_outside_the_root_is_refused(root: Path) -> None:
    (root.parent / "me.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "me.png").symlink_to(root.parent / "me.png")
    (root / "photo.yaml").write_text("name: Ada\nphoto: me.png\n", encoding="utf-8")
    (root / "style.yaml").write_text("name: Ada\nlayout: {citation_style: ../s.csl}\n",
                                     encoding="utf-8")

    async def work(c: Client) -> list[CallToolResult]:
        return [await c.call_tool("export", {"profile": "photo.yaml", "formats": ["pdf"]}),
                await c.call_tool("validate", {"profile": "style.yaml"}),
                await c.call_tool("validate", {"text": "name: Ada\nphoto: away/x.png\n"}),
                await c.call_tool("export", {"profile": "profile.yaml", "formats": ["html"],
                                             "citation_style": "../s.csl"})]

    for result in talk(root, work):
        assert result.is_error and data(result)["error"]["kind"] == "outside_roots"
    assert not (root / "out").exists()


def test_a_folder_to_import_with_a_link_out_of_the_root_is_refused(root: Path) -> None:
    site = root / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "academicpages", site)
    (site / "_publications" / "leak.md").symlink_to(root.parent / "outside.yaml")
    result = talk(root, lambda c: c.call_tool("import", {"format": "academicpages",
                                                         "file": "site"}))
    assert result.is_error and data(result)["error"]["kind"] == "outside_roots"
    assert data(result)["error"]["path"].endswith("leak.md")


def test_entries_chosen_from_the_list_make_the_export(root: Path) -> None:
    shutil.copy(ROOT / "examples" / "weilin-cai.yaml", root / "long.yaml")

    async def work(c: Client) -> tuple[CallToolResult, CallToolResult, CallToolResult]:
        listed = await c.call_tool("list_entries", {"profile": "long.yaml"})
        papers = [e for e in data(listed)["entries"] if e["section"] == "publications"]
        kept = await c.call_tool("export", {"profile": "long.yaml", "formats": ["markdown"],
                                            "entries": [papers[2]["id"]]})
        wrong = await c.call_tool("export", {"profile": "long.yaml", "formats": ["markdown"],
                                             "entries": ["publications/nope"]})
        return listed, kept, wrong

    listed, kept, wrong = talk(root, work)
    papers = [e for e in data(listed)["entries"] if e["section"] == "publications"]
    text = Path(data(kept)["files"][0]["path"]).read_text("utf-8")
    assert papers[2]["label"][:30] in text
    assert not any(p["label"][:30] in text for p in papers if p is not papers[2])
    assert wrong.is_error and "unknown entry 'publications/nope'" in data(wrong)["error"][
        "message"]


def test_an_assistant_limits_entries_and_may_keep_a_cv_whole(root: Path) -> None:
    """max_entries as --max-entries takes it; fit_shorten false keeps every entry of a CV
    too long for fit_pages, and says so, as --no-shorten does."""
    shutil.copy(ROOT / "examples" / "weilin-cai.yaml", root / "long.yaml")

    async def work(c: Client) -> tuple[CallToolResult, CallToolResult, CallToolResult]:
        two = await c.call_tool("export", {"profile": "long.yaml", "formats": ["markdown"],
                                           "output": "two",
                                           "max_entries": {"publications": 2}})
        whole = await c.call_tool("export", {"profile": "long.yaml", "formats": ["pdf"],
                                             "output": "whole", "fit_pages": 1,
                                             "fit_shorten": False})
        cut = await c.call_tool("export", {"profile": "long.yaml", "formats": ["pdf"],
                                           "output": "cut", "fit_pages": 1})
        return two, whole, cut

    two, whole, cut = talk(root, work)
    text = Path(data(two)["files"][0]["path"]).read_text("utf-8")
    assert text.count("\n1. ") + text.count("\n2. ") >= 2 and "\n3. " not in text
    assert data(whole)["files"][0]["pages"] == 2
    assert any("does not fit on 1 page" in w for w in data(whole)["warnings"])
    assert data(cut)["files"][0]["pages"] == 1
    assert any("to fit 1 page, left out" in w for w in data(cut)["warnings"])


def test_export_of_a_broken_profile_writes_nothing(root: Path) -> None:
    result = talk(root, lambda c: c.call_tool("export", {"profile": "broken.yaml"}))
    assert not result.is_error and data(result)["ok"] is False
    assert data(result)["files"] == [] and data(result)["problems"][0]["line"] == 4
    assert not (root / "out").exists()


def test_check_import_and_the_lists(root: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "jsonresume-engineer.json", root / "r.json")

    async def work(c: Client) -> dict[str, CallToolResult]:
        await c.call_tool("export", {"profile": "profile.yaml", "formats": ["pdf"]})
        pdf = next((root / "out").glob("*.pdf")).name
        return {"check": await c.call_tool("check", {"pdf": f"out/{pdf}",
                                                      "profile": "profile.yaml"}),
                "unreadable": await c.call_tool("check", {"pdf": "profile.yaml"}),
                "import": await c.call_tool("import", {"file": "r.json"}),
                "unknown": await c.call_tool("import", {"format": "jsonresum",
                                                        "file": "r.json"}),
                "schema": await c.call_tool("schema", {}),
                "themes": await c.call_tool("themes", {}),
                "styles": await c.call_tool("styles", {"search": "ieee"}),
                "all styles": await c.call_tool("styles", {})}

    found = talk(root, work)
    assert data(found["check"])["ok"] is True and "findings" in data(found["check"])
    assert data(found["unreadable"])["error"]["kind"] == "unreadable_pdf"
    imported = data(found["import"])
    assert imported["format"] == "jsonresume" and "experience:" in imported["profile"]
    assert sorted(p.name for p in root.iterdir()) == [
        "away", "broken.yaml", "link.yaml", "out", "profile.yaml", "r.json"]
    assert "did you mean 'jsonresume'" in data(found["unknown"])["error"]["message"]
    assert "publications" in data(found["schema"])["properties"]
    assert "academic" in [t["name"] for t in data(found["themes"])["themes"]]
    assert "ieee" in [s["name"] for s in data(found["styles"])["styles"]]
    assert data(found["all styles"])["truncated"] is True


def test_resources_and_the_tailoring_prompt(root: Path) -> None:
    async def work(c: Client) -> tuple[Any, ...]:
        listed = await c.list_resources()
        schema = await c.read_resource("cvkit://schema/profile")
        example = await c.read_resource("cvkit://examples/minimal.yaml")
        prompts = await c.list_prompts()
        prompt = await c.get_prompt("tailor_cv", {"job_description": "Rust engineer",
                                                  "profile": "profile.yaml"})
        return listed, schema, example, prompts, prompt

    listed, schema, example, prompts, prompt = talk(root, work)
    uris = {r.uri for r in listed.resources}
    assert {"cvkit://schema/profile", "cvkit://examples/minimal.yaml"} <= uris
    assert '"publications"' in schema.contents[0].text
    assert example.contents[0].text == (ROOT / "examples" / "minimal.yaml").read_text("utf-8")
    assert [p.name for p in prompts.prompts] == ["tailor_cv"]
    said = prompt.messages[0].content.text
    assert "Rust engineer" in said and "list_entries" in said and "entries" in said


def test_roots_resolve_inside_or_refuse(tmp_path: Path, root: Path) -> None:
    roots = Roots.of([root, tmp_path / "root" / ".." / "root"])
    assert roots.folders == (root.resolve(),)
    assert roots.resolve("a/../b.yaml") == root.resolve() / "b.yaml"
    assert roots.resolve("new/folder") == root.resolve() / "new" / "folder"
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    for given in ("..", "dangling", "away", str(tmp_path)):
        with pytest.raises(OutsideRoots):
            roots.resolve(given)
    second = tmp_path / "second"
    second.mkdir()
    both = Roots.of([root, second])
    assert both.resolve(second / "x.yaml") == second.resolve() / "x.yaml"
    with pytest.raises(Exception, match="no such folder"):
        Roots.of([tmp_path / "missing"])


def test_tools_run_one_at_a_time(root: Path) -> None:
    """cvkit's caches are for one thread; the SDK runs each call on a worker thread."""
    tools = Tools(Roots.of([root]))
    inside: list[int] = []

    def work() -> int:
        inside.append(1)
        assert len(inside) == 1
        inside.pop()
        return 1

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(anyio.to_thread.run_sync, tools._run, work)

    in_own_thread(main)
    assert os.environ.get("SOURCE_DATE_EPOCH")  # set by conftest for every export
