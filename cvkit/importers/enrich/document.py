"""A profile's text enriched: read keeping comments and order, filled, written back alike.

YAML goes through the round trip ``--into`` imports use (``cvkit.profile.yamlio``), within the
loader's limits. A JSON profile has no comments; its keys keep their order and the file its
indentation (the width of its first indented line).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from pathlib import Path
from typing import Any

from cvkit.importers.enrich import EnrichOptions, Report, enrich_publications, mailto_of
from cvkit.importers.enrich.patch import patch
from cvkit.profile.source import parse_source
from cvkit.profile.yamlio import check_yaml, dump_roundtrip, parse_roundtrip
from cvkit.support.errors import ExportError


def _json_indent(text: str) -> int | str:
    match = re.search(r"\n([ \t]+)\S", text)
    if match is None:
        return 2
    indent = match.group(1)
    return "\t" if indent.startswith("\t") else len(indent)


def parse(text: str, path: Path) -> Any:
    """The profile to fill; a syntax error is the loader's located one."""
    from ruamel.yaml.error import YAMLError

    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        check_yaml(text, path)
        return parse_roundtrip(text)
    except (ValueError, YAMLError):
        parse_source(text, path)  # raises the located problem
        raise ExportError(f"{path}: not a profile cvkit can read") from None


def dump(document: Any, text: str, path: Path) -> str:
    if path.suffix.lower() == ".json":
        return json.dumps(document, indent=_json_indent(text), ensure_ascii=False) + "\n"

    return dump_roundtrip(document)


def enrich_text(text: str, path: Path, options: EnrichOptions,
                select: Any = None) -> tuple[str, Report]:
    """The profile ``text`` with its papers filled, and what was done. The email for the
    User-Agent is the options' or else the profile's contact email."""
    document = parse(text, path)
    if not isinstance(document, dict):
        return text, Report(notes=["the profile is not a mapping; nothing to fill"])
    if options.mailto is None:
        options = dataclasses.replace(options, mailto=mailto_of(document))
    report = enrich_publications(document.get("publications"), options, select)
    if not report.filled:
        return text, report
    if path.suffix.lower() != ".json":
        patched = patch(text, document, [(p.index, p.fields) for p in report.filled])
        if patched is not None:
            return patched, report
        report.notes.append("the new keys could not be placed among yours alone (a key "
                            "written empty, or a layout cvkit does not know): the whole file "
                            "is written back as cvkit writes YAML (comments and order kept; "
                            "see the diff)")
    return dump(document, text, path), report


def unified_diff(before: str, after: str, path: Path) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=f"{path}", tofile=f"{path} (enriched)"))
