"""`cvkit skill`: a SKILL.md in the Agent Skills format whose field list is the profile
schema's, read back here and compared with schemas/profile.schema.json walked on its own."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from cvkit.assistant.skill import field_lines, skill_text

from .conftest import ROOT, run_cvkit

SCHEMA = ROOT / "schemas" / "profile.schema.json"
LINE = re.compile(r"^- `([^`]+)` \(([^)]*)\)")


def _front(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head = text.split("---\n", 2)[1]
    loaded: dict[str, Any] = YAML(typ="safe").load(head)
    return loaded


def _listed(text: str) -> dict[str, bool]:
    """The field paths the SKILL.md lists, and whether each says it is required."""
    fields = text.split("## Profile fields", 1)[1]
    found = {}
    for line in fields.splitlines():
        if (match := LINE.match(line)) is not None:
            found[match[1]] = match[2].endswith(", required")
    return found


def _schema_paths(schema: dict[str, Any]) -> dict[str, bool]:
    """Every field path of the schema, walked here on its own (not with cvkit's walker)."""
    defs = schema["$defs"]
    found: dict[str, bool] = {}

    def objects(node: dict[str, Any], suffix: str, into: list[tuple[str, dict[str, Any]]]
                ) -> None:
        if "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        for option in node.get("anyOf", []):
            objects(option, suffix, into)
        if "properties" in node:
            into.append((suffix, node))
        if node.get("type") == "array" and "items" in node:
            objects(node["items"], suffix + "[]", into)
        if isinstance(node.get("additionalProperties"), dict):
            objects(node["additionalProperties"], suffix + ".<name>", into)

    def walk(obj: dict[str, Any], prefix: str, path_of_types: tuple[int, ...]) -> None:
        for name, node in obj["properties"].items():
            path = prefix + name
            found[path] = name in obj.get("required", [])
            inner: list[tuple[str, dict[str, Any]]] = []
            objects(node, "", inner)
            for suffix, child in inner:
                if id(child) not in path_of_types:
                    walk(child, f"{path}{suffix}.", (*path_of_types, id(child)))

    walk(schema, "", (id(schema),))
    return found


def test_the_field_list_is_the_schema() -> None:
    """A field added to the model (and the schema regenerated) is listed; one removed goes;
    a field listed that the schema lacks fails here."""
    schema = json.loads(SCHEMA.read_text("utf-8"))
    listed = _listed(skill_text())
    assert listed == _schema_paths(schema)
    assert "variants.<name>.entries" in listed and listed["publications[].title"] is True
    assert "publications[].authors[].orcid" in listed


def test_a_schema_that_differs_gives_a_list_that_differs() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    schema["$defs"]["Publication"]["properties"]["impact_factor"] = {"type": "number"}
    lines = field_lines(schema)
    assert "- `publications[].impact_factor` (number)" in lines
    assert _listed("## Profile fields\n" + "\n".join(lines)) == _schema_paths(schema)


def test_the_front_matter_is_what_agent_tools_install() -> None:
    front = _front(skill_text())
    assert front["name"] == "cvkit"
    assert 0 < len(front["description"]) <= 1024 and "Use when" in front["description"]
    assert len(front["compatibility"]) <= 500
    assert set(front) <= {"name", "description", "license", "compatibility", "metadata",
                          "allowed-tools"}
    assert all(isinstance(v, str) for v in front["metadata"].values())


def test_the_skill_teaches_the_commands_the_tools_and_the_conventions() -> None:
    text = skill_text()
    for said in ("cvkit validate", "cvkit export", "cvkit check", "cvkit import",
                 "list_entries", "entries:", "hidden: true", "venue_tag", "author_marks",
                 "--variant", "present"):
        assert said in text, said


def test_the_command_prints_or_writes_it(tmp_path: Path) -> None:
    printed = run_cvkit("skill")
    assert printed.returncode == 0 and printed.stdout == skill_text()
    folder = tmp_path / "skills" / "cvkit"  # a skill's folder, made where it is missing
    written = run_cvkit("skill", "-o", folder)
    assert written.returncode == 0 and written.stdout == f"wrote {folder / 'SKILL.md'}\n"
    assert (folder / "SKILL.md").read_text("utf-8") == skill_text()
    assert run_cvkit("skill", "-o", tmp_path / "mine.md").returncode == 0
    assert (tmp_path / "mine.md").read_text("utf-8") == skill_text()
