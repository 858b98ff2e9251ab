"""``cvkit skill``: a ``SKILL.md`` in the Agent Skills format (YAML front matter with a
name and a description, then Markdown) that teaches an assistant cvkit: the commands and
MCP tools, how to tailor, the conventions, and every field of a profile, listed from the
JSON Schema (``cvkit.profile.schema``) as it is generated from the model, never kept by hand.

Each field is one line, ``- `path` (type[, required]): description``, its path written as
the reference pages write it (``publications[].authors[].orcid``,
``variants.<name>.entries``), so a test reads the list back and compares it with the schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cvkit.profile.schema import schema_text
from cvkit.support.version import __version__

MARKDOWN = "Inline Markdown"  # how the schema describes a Markdown text field

FRONT = """\
---
name: cvkit
description: >-
  Keep, tailor and export a CV with cvkit: one YAML profile validated with located errors,
  exported to PDF, DOCX, LaTeX, HTML homepage, Markdown, plain text and JSON Resume, and
  read back as an applicant-tracking system reads it. Use when asked to write, update,
  check, tailor or export a CV or résumé, or to import one from JSON Resume, ORCID,
  LinkedIn, BibTeX or a PDF.
compatibility: Needs the cvkit command (pip install cvkit-cli); the MCP tools need
  cvkit mcp (pip install 'cvkit-cli[mcp]'). Exports work offline.
metadata:
  generator: cvkit {version}
---
"""

BODY = """\
# cvkit

cvkit keeps a CV as one profile (`profile.yaml`) and renders every format from it. Edit the
profile, never the outputs.

## Commands (or the same-named tools of `cvkit mcp`)

- `cvkit init profile.yaml`: a starter profile that validates.
- `cvkit validate profile.yaml`: every problem as `file:line:column: field: message
  (suggestion)`; exit 2 when there are problems. Fix them all before exporting.
- `cvkit export profile.yaml -f pdf -f docx -o out`: writes `out/<Name>_CV.pdf` ... Options:
  `--variant NAME`, `--theme NAME` (`cvkit themes`), `--citation-style ieee` (`cvkit styles
  WORD`), `--fit-pages N`, `--paper a4|letter`, `--max-entries publications=8`, `--since
  YEAR`, `--selected`.
- `cvkit check out/<Name>_CV.pdf --profile profile.yaml --json`: what a tracking system
  reads; `ok: false` lists what is missing or trips it.
- `cvkit import FILE -o profile.yaml`: a JSON Resume, ORCID record, LinkedIn export, site or
  cvkit PDF recognised from the file; `cvkit import bibtex refs.bib -o profile.yaml` merges
  papers into a profile. Each note points into the input: tell the user what was dropped.
- `cvkit schema`: the JSON Schema; `cvkit mcp --root DIR`: the MCP server, confined to DIR.

MCP tools: `validate` (profile or text), `list_entries`, `export` (formats, output, theme,
citation_style, variant, entries, fit_pages, fit_shorten, max_entries, paper), `check`,
`import` (format, file, or fetch: the only call that uses the network), `schema`, `themes`,
`styles`.

## Tailoring to a job

1. List the entries (`list_entries` tool, or `cvkit.build.api.list_entries`): each has an id such
   as `publications/<slug>` or `experience/<slug>`, with its dates and tags.
2. Choose the entries the job wants; export with them (`entries` of the export tool), or
   keep the choice in the profile as a variant and export with `--variant NAME`:

   ```yaml
   variants:
     industry:
       entries: [publications/<slug>, experience/<slug>]  # only these, in their sections
       exclude_tags: [teaching]                           # or select by tags
       sections: [about, experience, skills, education]   # order and keep sections
       fit_pages: 1
   ```
3. Check the exported PDF against the profile.

## Conventions

- Dates are partial: `2025`, `2025-07`, `2025-07-14`, or `present` for an end.
- Text fields take inline Markdown: `**bold**`, `*italic*`, `` `code` ``, `[text](url)`.
- The owner is found in author lists by `name` and `aliases` (an author may carry an ORCID
  iD: `{name: Ada Park, orcid: 0000-...}`). Marks after a name (`*`, `†`, ...) mean what
  `layout.author_marks` says; the legend is printed.
- `venue_tag` is a short tag shown before a paper (`MLSys '26`); `venue` the full name.
- `hidden: true` keeps an entry in the profile and out of every export; `tags` are free
  labels that variants select by; `selected: true` marks a paper for `--selected`.
- Relative paths (`photo`, a `.csl` file) are beside the profile.

## Profile fields

Generated from the JSON Schema (`cvkit schema`). `<name>` stands for a key you choose, `[]`
for each item of a list; a description is given at the first field it applies to.

"""


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text("profile"))
    return loaded


def _deref(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str):
        found: dict[str, Any] = defs[ref.rsplit("/", 1)[-1]]
        return found
    return node


def _options(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a value (nested ones flattened), ``null`` left out."""
    options = node.get("anyOf") or node.get("oneOf")
    if not options:
        return [] if node.get("type") == "null" else [node]
    return [o for option in options for o in _options(option)]


def _description(node: dict[str, Any], defs: dict[str, Any]) -> str:
    """What the schema says of a value: on it, on the type it names, or on its one kind."""
    found = [node, _deref(node, defs), *node.get("anyOf", [])]
    said = next((n["description"] for n in found if n.get("description")), "")
    return "" if said.startswith(MARKDOWN) else " ".join(said.split())


def _plain(option: dict[str, Any]) -> str:
    """A JSON type as a person says it."""
    kind = option.get("type", "any")
    if option.get("description", "").startswith(MARKDOWN):
        return "markdown"
    if kind == "integer" and option.get("minimum") == 1000 and option.get("maximum") == 9999 \
            or kind == "string" and "present" in option.get("pattern", ""):
        return "date"
    names = {"string": "text", "boolean": "true/false"}
    return " or ".join(names.get(k, k) for k in ([kind] if isinstance(kind, str) else kind))


def type_of(node: dict[str, Any], defs: dict[str, Any]) -> str:
    """A type as a person says it: ``text``, ``list of text or Person``, ``one of a, b``."""
    said = []
    for option in _options(node):
        ref = option.get("$ref")
        if isinstance(ref, str):
            said.append(ref.rsplit("/", 1)[-1])
        elif "enum" in option or "const" in option:
            values = option.get("enum", [option.get("const")])
            said.append("one of " + ", ".join(map(str, values)))
        elif option.get("type") == "array":
            said.append("list of " + type_of(option.get("items", {}), defs))
        elif option.get("type") == "object" and isinstance(
                option.get("additionalProperties"), dict):
            said.append("map of " + type_of(option["additionalProperties"], defs))
        else:
            said.append(_plain(option))
    return " or ".join(dict.fromkeys(said)) or "any"


def _children(node: dict[str, Any], defs: dict[str, Any]
              ) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects a value holds, each with the suffix its fields' paths take."""
    for option in _options(node):
        target = _deref(option, defs)
        if "properties" in target:
            yield "", target
        elif target.get("type") == "array":
            for suffix, found in _children(target.get("items", {}), defs):
                yield "[]" + suffix, found
        elif isinstance(target.get("additionalProperties"), dict):
            for suffix, found in _children(target["additionalProperties"], defs):
                yield ".<name>" + suffix, found


def fields(schema: dict[str, Any] | None = None) -> Iterator[tuple[str, str, bool, str]]:
    """Every field of the schema, depth first in the model's order: (path, type, required,
    description)."""
    schema = schema or _schema()
    defs = schema.get("$defs", {})

    def walk(obj: dict[str, Any], prefix: str, seen: tuple[int, ...]) -> Iterator[
            tuple[str, str, bool, str]]:
        required = set(obj.get("required", []))
        for name, node in obj.get("properties", {}).items():
            path = f"{prefix}{name}"
            yield path, type_of(node, defs), name in required, _description(node, defs)
            for suffix, child in _children(node, defs):
                if id(child) not in seen:  # a model that holds itself is listed once
                    yield from walk(child, f"{path}{suffix}.", (*seen, id(child)))

    yield from walk(schema, "", (id(schema),))


def field_lines(schema: dict[str, Any] | None = None) -> list[str]:
    """A line per field; a description is said once, at the first field that has it (the
    ``tags`` of every entry, the date of every dated one)."""
    lines = []
    said: set[str] = set()
    for path, kind, required, description in fields(schema):
        words = "" if description in said else description
        said.add(description)
        lines.append(f"- `{path}` ({kind}{', required' if required else ''})"
                     + (f": {words}" if words else ""))
    return lines


def skill_text() -> str:
    """The whole SKILL.md."""
    return FRONT.format(version=__version__) + "\n" + BODY + "\n".join(field_lines()) + "\n"
