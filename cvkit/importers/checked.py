"""The one validation of imported data, lenient per value: what an importer read is checked
as the profile it will be written as; a value the model still refuses is taken out (or the
entry it belongs to, where the entry cannot be without it) and becomes a note, so one odd
value never ends the import. What is left loads back, as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cvkit.importers import DROPPED, Note
from cvkit.profile.yamlio import dump_profile
from cvkit.support.errors import ProfileError

ROUNDS = 8  # each round takes out at least one value; a model error goes away in one or two
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _key(path: str) -> tuple[str | int, ...]:
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def _order(key: tuple[str | int, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in key)


def _take_out(data: Any, key: tuple[str | int, ...]
              ) -> tuple[tuple[str | int, ...], Any] | None:
    """Remove the value at ``key``, or, where it is not there (a field the model misses),
    the list entry it belongs to: the path of what was removed, and its value."""
    found: list[tuple[Any, str | int]] = []  # (container, key in it) down the path
    node = data
    for part in key:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            found.append((node, part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            found.append((node, part))
            node = node[part]
        else:
            break
    if len(found) < len(key):  # a missing field: the nearest entry of a list goes
        while found and not isinstance(found[-1][0], list):
            found.pop()
    if not found:
        return None
    container, last = found[-1]
    return tuple(part for _, part in found), container.pop(last)


def _path(key: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in key).lstrip(".")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def checked(data: dict[str, Any], source: Path | None, target: Path,
            keep: list[Any] | None = None) -> tuple[str, list[Note]]:
    """Take out of ``data`` (in place) what the profile model refuses, each a note on
    ``source``; returns the profile's YAML as it loads, and the notes. The entries in
    ``keep`` (papers to be filled from their DOI) are left out of the check, and kept."""
    held = {id(entry) for entry in keep or ()}
    before = {k: list(v) for k, v in data.items()
              if isinstance(v, list) and any(id(e) in held for e in v)}
    for k, entries in before.items():
        data[k] = [e for e in entries if id(e) not in held]
    try:
        return _checked(data, source, target)
    finally:
        for k, entries in before.items():
            alive = held | {id(e) for e in data.get(k) or ()}
            data[k] = [e for e in entries if id(e) in alive]


def _checked(data: dict[str, Any], source: Path | None, target: Path
             ) -> tuple[str, list[Note]]:
    from cvkit.profile.load import parse_source, validate_profile

    notes: list[Note] = []
    for _ in range(ROUNDS):
        text = dump_profile(data)
        try:
            validate_profile(parse_source(text, target))
            return text, notes
        except ProfileError as exc:
            problems = exc.problems
        found = sorted(((_key(p.path), p) for p in problems if p.path),
                       key=lambda kp: _order(kp[0]), reverse=True)
        gone: list[tuple[str | int, ...]] = []
        for key, problem in found:
            if any(key[:len(g)] == g for g in gone):
                continue  # inside an entry taken out already
            out = _take_out(data, key)
            if out is None:
                continue
            gone.append(out[0])
            notes.append(Note(DROPPED, f"{problem.message}; the value was {_shown(out[1])}",
                              source, f"{_path(out[0])} (as imported)"))
        if not gone:
            break
    raise ProfileError(problems)
