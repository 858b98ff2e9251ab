"""The documentation site's generated pages, made while MkDocs builds (this file is the hook
mkdocs.yml names), so they can never go stale: the profile reference from
schemas/profile.schema.json (scripts/docs_schema.py), the bundle file's and a design's from
theirs, and the command-line reference from cvkit's commands (scripts/docs_cli.py).
A problem in them (a field without a description, an example that does not validate) is
a warning, which `mkdocs build --strict` (tests/test_docs.py) turns into a failure.

    python scripts/docs.py DIR    # write the generated pages into DIR, to read them
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docs_cli  # noqa: E402
import docs_schema  # noqa: E402
from docs_schema import Field, Schema  # noqa: E402

log = logging.getLogger("mkdocs.plugins.cvkit")
PROFILE = "reference/profile"
# The top-level fields described on the profile reference's first page; every other one
# (the sections, the layout, the variants) has a page of its own.
FIRST_PAGE = {"name", "aliases", "headline", "photo", "contact", "links", "about",
              "interests", "extra"}


def pages() -> tuple[dict[str, str], list[str]]:
    """Every generated page (path in docs/ -> Markdown), and the problems found."""
    out: dict[str, str] = {"reference/cli.md": docs_cli.page()}
    profile = docs_schema.load_schema("profile")
    out.update(_profile_pages(profile))
    problems = list(profile.problems)
    for key, title, intro in (
            ("bundle", "Bundle file", "A bundle file names a profile and the job applications "
             "to build from it (`cvkit bundle FILE`; see [Bundles](../guide/bundles.md)). "
             "Generated from `schemas/bundle.schema.json`."),
            ("design", "Design file", "A design (`themes/NAME/design.yaml`) sets the colours, "
             "fonts, sizes and section order the PDF, the DOCX, the LaTeX and the homepage "
             "share (see [Extending cvkit](../extending.md)). Generated from "
             "`schemas/design.schema.json`.")):
        schema = docs_schema.load_schema(key)
        body = [f"# {title}", "", intro, ""]
        for item in schema.fields():
            body += _field(schema, item, 2, docs_schema.example_files(key), None)
        out[f"reference/{key}.md"] = "\n".join(body).rstrip() + "\n"
        problems += schema.problems
    return out, problems


def profile_page_names(profile: Schema | None = None) -> list[tuple[str, str]]:
    """(title, path) of the profile reference's pages after its first, in the profile's
    order."""
    profile = profile or docs_schema.load_schema("profile")
    return [(item.node.get("title") or item.name.replace("_", " ").capitalize(),
             f"{PROFILE}/{item.name}.md")
            for item in profile.fields() if item.name not in FIRST_PAGE]


def _profile_pages(schema: Schema) -> dict[str, str]:
    profiles = docs_schema.example_files("profile")
    headings, table = docs_schema.measured_table()
    reach = (table, len(headings))
    top = schema.fields()
    first = ["# Profile reference", "",
             "Every field a profile may hold, generated from `schemas/profile.schema.json` "
             "(the JSON Schema `cvkit schema` writes from cvkit's model) when the site is "
             "built. Each field says what it is, gives an example (from the bundled example "
             "profiles where they use it) and which formats print it: measured by "
             "`scripts/field_table.py`, which fills every field with a word of its own, "
             "exports every format and reads the outputs back (the whole table: "
             "[Which field reaches which format](../formats.md)). Field names are "
             "written as paths: `publications[].venue` is the `venue` of each entry of "
             "`publications`.", "",
             "| Field | What it holds |", "|---|---|"]
    for item in top:
        where = (f"#{_anchor(item.path)}" if item.name in FIRST_PAGE
                 else f"{item.name}.md")
        first.append(f"| [`{item.name}`]({where}) | {_summary(schema.description(item))} |")
    first.append("")
    out: dict[str, str] = {}
    for item in top:
        if item.name in FIRST_PAGE:
            first += _field(schema, item, 2, profiles, reach)
        else:
            title = item.node.get("title") or item.name.replace("_", " ").capitalize()
            body = [f"# {title}", "", f"The `{item.name}` field of a profile, and every field "
                    "of its entries. Generated from the profile's JSON Schema; see the "
                    "[profile reference](index.md) for how to read it.", ""]
            body += _field(schema, item, 2, profiles, reach)
            out[f"{PROFILE}/{item.name}.md"] = "\n".join(body).rstrip() + "\n"
    out[f"{PROFILE}/index.md"] = "\n".join(first).rstrip() + "\n"
    return out


def _field(schema: Schema, item: Field, level: int, profiles: list[Any],
           reach: tuple[dict[str, list[str]], int] | None) -> list[str]:
    lines = [f"{'#' * min(level, 4)} `{item.path}` {{ #{_anchor(item.path)} }}", ""]
    description = schema.description(item)
    if description:
        lines += [_markdown(description), ""]
    facts = [f"**Type:** {schema.type_name(item.node)}"]
    if item.required:
        facts.append("**Required**")
    default = schema.default(item.node)
    if default:
        facts.append(f"**Default:** {default}")
    if reach is not None:
        said = docs_schema.reach(schema, item, *reach)
        if said:
            facts.append(f"**Formats:** {said}")
    lines += [f"- {fact}" for fact in facts] + [""]
    shown = docs_schema.example(schema, item, profiles)
    if shown:
        lines += ["```yaml", shown, "```", ""]
    elif not item.children:
        schema.problems.append(f"{schema.key}: {item.path} has no example: give one in "
                               f"{docs_schema.WORDS.relative_to(docs_schema.ROOT)} (example:)")
    for child in item.children:
        lines += _field(schema, child, level + 1, profiles, reach)
    return lines


def _markdown(text: str) -> str:
    """A description as Markdown: its ``code`` (reStructuredText's) as Markdown's, and
    outside code its * _ < > as themselves (publications/<slug>/, marks such as *)."""
    parts = re.split(r"(`[^`]+`)", re.sub(r"``([^`]+)``", r"`\1`", text))
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([\\*_<>])", r"\\\1", parts[i])
    return "".join(parts)


def _summary(text: str) -> str:
    """The first sentence (a point inside brackets ends none)."""
    for match in re.finditer(r"\.(\s|$)", text):
        head = text[:match.start() + 1]
        if head.count("(") == head.count(")"):
            text = head
            break
    return _markdown(text).replace("|", "\\|")


def _anchor(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


# -- the MkDocs hook --------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    """The profile reference's pages in the navigation, under its first page."""
    def expand(items: list[Any]) -> list[Any]:
        out = []
        for entry in items:
            if isinstance(entry, dict):
                (title, value), = entry.items()
                if value == f"{PROFILE}/index.md":
                    value = [{"Overview": value},
                             *({t: p} for t, p in profile_page_names())]
                elif isinstance(value, list):
                    value = expand(value)
                entry = {title: value}
            out.append(entry)
        return out

    if config.get("nav"):
        config["nav"] = expand(config["nav"])
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    made, problems = pages()
    for problem in problems:
        log.warning("generated reference: %s", problem)
    for path, text in made.items():
        files.append(File.generated(config, path, content=text))
    return files


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    made, problems = pages()
    for path, text in made.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{len(made)} pages written to {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
