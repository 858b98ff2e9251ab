"""Invalid JSON said as a person would fix it: each trailing comma and each missing comma
located (line:col) and named, then whatever else ``json`` stops at.

Hand-edited resumes break in two ways above all: a comma left after the last item of a list
or object (JavaScript accepts it, JSON does not) and a comma forgotten between two items
after a merge. ``json`` reports only the first fault, as "Expecting value" or "Expecting
property name"; a scan of the tokens finds every one of them at once.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

from cvkit.support.errors import Problem

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_VALUE_END = re.compile(r'^(".*"|[^{}\[\],:]+|[}\]])$', re.S)
_VALUE_START = re.compile(r'^(".*"|[^{}\[\],:]+|[{\[])$', re.S)


def syntax_problems(text: str, file: Path | None) -> list[Problem]:
    """Nothing for valid JSON; otherwise one located problem per fault found."""
    try:
        json.loads(text)
        return []
    except json.JSONDecodeError as exc:
        first = exc
    except RecursionError:
        return []  # valid as far as the scan goes; the reader reports the depth
    found = _comma_faults(text, file)
    # The scan is trusted when it agrees with json on the first fault (an unterminated
    # string, say, would mislead it).
    if found and found[0][0] == first.pos:
        return [problem for _, problem in found]
    return [Problem(file, first.lineno, first.colno, "", _said(text, first))]


def _comma_faults(text: str, file: Path | None) -> list[tuple[int, Problem]]:
    """Each comma fault, with the offset where json stops at it."""
    lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(lines, offset)
        return line, offset - lines[line - 1] + 1

    problems: list[tuple[int, Problem]] = []
    previous: re.Match[str] | None = None
    for token in _TOKEN.finditer(text):
        word = token.group()
        if previous is not None:
            before = previous.group()
            if before == "," and word in "}]":
                problems.append((token.start(), Problem(file, *where(previous.start()), "", (
                    f"trailing comma: a ',' after the last item, before the '{word}' "
                    "(JSON allows none there); remove it"))))
            elif _VALUE_END.match(before) and _VALUE_START.match(word):
                line, column = where(previous.end())
                problems.append((token.start(), Problem(file, *where(token.start()), "", (
                    f"missing comma: a ',' is needed between the value ending at "
                    f"{line}:{column} and this one"))))
        previous = token
    return problems


def _said(text: str, exc: json.JSONDecodeError) -> str:
    """``json``'s message, with what it most often means."""
    at = text[exc.pos:exc.pos + 1]
    if exc.msg.startswith("Expecting property name") and at == "'":
        return f"invalid JSON: {exc.msg} (JSON takes double quotes only)"
    if at == "/" and text[exc.pos:exc.pos + 2] in ("//", "/*"):
        return f"invalid JSON: {exc.msg} (JSON has no comments; remove them)"
    if exc.msg.startswith("Unterminated string"):
        return f"invalid JSON: {exc.msg} (a '\"' missing at the end of the text begun here)"
    return f"invalid JSON: {exc.msg}"
