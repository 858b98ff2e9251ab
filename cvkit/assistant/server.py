"""``cvkit mcp``: the tools of ``tools.py`` served over the Model Context Protocol with the
official SDK's ``MCPServer`` (the ``mcp`` package, 2.x: ``pip install 'cvkit-cli[mcp]'``),
with resources (the JSON Schemas, the bundled example profiles) and a prompt that walks an
assistant through tailoring a CV to a job description.

Every tool answers with structured content (and the same JSON as text, for clients that
read only text). A failure is a tool error (``isError``) whose structured content is
``{"error": {"kind", "message", ...}}``; the server keeps answering.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.resources import FunctionResource, TextResource
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from cvkit.assistant.roots import Roots
from cvkit.assistant.tools import Tools, error_of
from cvkit.profile.schema import KINDS, schema_text
from cvkit.support.errors import CvkitError
from cvkit.support.resources import resource_dir
from cvkit.support.version import __version__

INSTRUCTIONS = """\
cvkit turns one profile (YAML) into a CV in PDF, DOCX, LaTeX, HTML, Markdown and more.
Paths are relative to the first allowed folder ({roots}); nothing outside them is read or
written. Validate a profile before exporting; list_entries gives every entry an id that
export's `entries` keeps; check reads an exported PDF back as a tracking system does."""

READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True,
                         open_world_hint=False)
FETCHES = ToolAnnotations(read_only_hint=True, open_world_hint=True)

Profile = Annotated[str, Field(description="The profile's path (.yaml or .json), relative "
                                           "to the first allowed folder or absolute.")]


def answer(work: Callable[[], dict[str, Any]]) -> CallToolResult:
    """A tool's result as MCP gives it: structured, or a structured tool error."""
    try:
        data = work()
    except CvkitError as exc:
        error = error_of(exc)
        return CallToolResult(content=[TextContent(type="text", text=error["message"])],
                              structured_content={"error": error}, is_error=True)
    except OSError as exc:  # a file the call needed could not be read or written
        error = {"kind": "os", "message": f"{exc.filename or ''}: {exc.strerror or exc}"}
        return CallToolResult(content=[TextContent(type="text", text=error["message"])],
                              structured_content={"error": error}, is_error=True)
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(
        data, ensure_ascii=False))], structured_content=data)


def build(roots: Sequence[Path | str]) -> MCPServer:
    """The server, its tools confined to ``roots``."""
    allowed = Roots.of(roots)
    server = MCPServer("cvkit", version=__version__, log_level="WARNING",
                       instructions=INSTRUCTIONS.format(roots=", ".join(allowed.as_list())))
    tools = Tools(allowed)
    _profile_tools(server, tools)
    _other_tools(server, tools)
    _resources(server)
    _prompts(server)
    return server


def _export_tool(server: MCPServer, tools: Tools) -> None:
    """export, with the options an assistant tailoring a CV chooses."""

    @server.tool(annotations=WRITES)
    def export(
        profile: Profile,
        formats: Annotated[list[str], Field(description="pdf, docx, html, latex, markdown, "
                                                        "text, jsonresume ... or all.")
                           ] = ["pdf"],  # noqa: B006 - the SDK copies defaults
        output: Annotated[str, Field(description="The folder to write into.")] = "out",
        theme: Annotated[str, Field(description="A design (see themes).")] = "",
        citation_style: Annotated[str | None, Field(
            description="A citation style (see styles) or a .csl file.")] = None,
        variant: Annotated[str | None, Field(
            description="A selection declared under `variants:` in the profile.")] = None,
        entries: Annotated[list[str] | None, Field(
            description="Keep only these entries (ids from list_entries) in the sections "
                        "they name; other sections keep theirs.")] = None,
        fit_pages: Annotated[int | None, Field(ge=1, le=20, description="Fit the PDF (and "
                                               "the DOCX) on this many pages.")] = None,
        fit_shorten: Annotated[bool | None, Field(
            description="With fit_pages: leave the least important entries out when "
                        "tightening is not enough (the default); false keeps every entry "
                        "and warns.")] = None,
        max_entries: Annotated[dict[str, int] | None, Field(
            description="At most N entries of a section ({\"publications\": 6}), or in each "
                        "entry of one ({\"experience.projects\": 2}).")] = None,
        paper: Annotated[str | None, Field(description="a4 or letter.")] = None,
    ) -> CallToolResult:
        """Export a profile: {ok, files: [{path, format, changed, pages}], warnings}; a
        profile with mistakes gives {ok: false, problems} and writes nothing."""
        return answer(lambda: tools.export(
            profile, formats, output, theme=theme, citation_style=citation_style,
            variant=variant, entries=entries, fit_pages=fit_pages, fit_shorten=fit_shorten,
            max_entries=max_entries, paper=paper))


def _profile_tools(server: MCPServer, tools: Tools) -> None:
    """The tools that read a profile: validate, export (``_export_tool``), check,
    list_entries."""
    _export_tool(server, tools)

    @server.tool(annotations=READS)
    def validate(
        profile: Annotated[str | None, Field(description="The profile's path.")] = None,
        text: Annotated[str | None, Field(description="Or the profile itself, as YAML.")
                        ] = None,
    ) -> CallToolResult:
        """Check a profile: {ok, problems: [{file, line, column, path, message,
        suggestion}], warnings}. Give `profile` or `text`."""
        return answer(lambda: tools.validate(profile, text))

    @server.tool(annotations=READS)
    def check(
        pdf: Annotated[str, Field(description="A CV as PDF (cvkit's or any).")],
        profile: Annotated[str | None, Field(
            description="The profile the CV should carry: every item is looked for.")] = None,
    ) -> CallToolResult:
        """Read a PDF as an applicant-tracking system does: the report `cvkit check --json`
        gives ({ok, findings, missing, problems, pages ...})."""
        return answer(lambda: tools.check(pdf, profile))

    @server.tool(annotations=READS)
    def list_entries(profile: Profile) -> CallToolResult:
        """Every entry with its stable id, section, label, dates, tags and whether it is
        hidden: choose what a tailored CV keeps, then give the ids to export's `entries`."""
        return answer(lambda: tools.list_entries(profile))


def _other_tools(server: MCPServer, tools: Tools) -> None:
    """Import, and what there is to choose from: schema, themes, styles."""

    @server.tool(name="import", annotations=FETCHES)
    def import_(
        format: Annotated[str | None, Field(description="jsonresume, bibtex, orcid, linkedin, "
                                                        "academicpages, pdf; recognised from "
                                                        "the file when left out.")] = None,
        file: Annotated[str | None, Field(description="The file (or folder) to import.")
                        ] = None,
        fetch: Annotated[str | None, Field(description="Instead of a file, a record the "
                                                       "importer downloads (an ORCID iD): the "
                                                       "one call that uses the network.")
                         ] = None,
    ) -> CallToolResult:
        """Import another format: {format, profile (the YAML), counts, notes (each pointing
        into the input)}. Nothing is written."""
        return answer(lambda: tools.import_(format, file, fetch))

    @server.tool(annotations=READS)
    def schema(kind: Annotated[str, Field(description="profile, bundle or design.")
                               ] = "profile") -> CallToolResult:
        """The JSON Schema of a profile (every field, its type and description)."""
        return answer(lambda: tools.schema(kind))

    @server.tool(annotations=READS)
    def themes() -> CallToolResult:
        """The designs: name, what it looks like, the formats it styles."""
        return answer(tools.themes)

    @server.tool(annotations=READS)
    def styles(search: Annotated[str | None, Field(
            description="Only styles whose name or title holds this (ieee, apa, chicago).")
            ] = None) -> CallToolResult:
        """Citation styles (the Citation Style Language collection): name and title."""
        return answer(lambda: tools.styles(search))


def _resources(server: MCPServer) -> None:
    for kind in KINDS:
        server.add_resource(FunctionResource(
            uri=f"cvkit://schema/{kind}", name=f"{kind}-schema",
            description=f"The JSON Schema of a {kind} file, generated from cvkit's model.",
            mime_type="application/schema+json",
            fn=lambda kind=kind: schema_text(kind)))
    for example in sorted(resource_dir("examples").glob("*.yaml")):
        server.add_resource(TextResource(
            uri=f"cvkit://examples/{example.name}", name=f"example-{example.stem}",
            description="A complete example profile that validates.",
            mime_type="application/yaml", text=example.read_text("utf-8")))


TAILOR = """\
Tailor the CV in {profile} to this job description:

{job}

1. Call `validate` with profile={profile}; if it has problems, show them (file:line:column,
   the field, the suggestion) and fix them first.
2. Call `list_entries` with profile={profile}. Choose the entries this job wants: papers,
   positions, projects and skills that match its words, newest first where it is a tie.
   Keep the sections whole that have nothing to choose between (education, contact).
3. Call `export` with profile={profile}, formats ["pdf", "docx"], `entries` the ids you
   chose, and fit_pages 1 or 2 as the job asks (two for research posts, one otherwise).
4. Call `check` with the PDF written and profile={profile}: every kept item must read back.
5. Say which entries you kept and why in one line each, and give the files' paths. Do not
   change the profile itself unless asked; a lasting selection belongs under `variants:`
   (`entries: [...]`)."""


def _prompts(server: MCPServer) -> None:
    @server.prompt(name="tailor_cv", title="Tailor a CV to a job description")
    def tailor_cv(
        job_description: Annotated[str, Field(description="The job posting's text.")],
        profile: Annotated[str, Field(description="The profile's path.")] = "profile.yaml",
    ) -> str:
        """Walks through validate, list_entries, export with entries, and check."""
        return TAILOR.format(profile=profile, job=job_description.strip())


def run(roots: Sequence[Path | str]) -> None:
    """Serve over stdio until the client closes the connection."""
    build(roots).run("stdio")
