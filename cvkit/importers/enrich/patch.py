"""The user's YAML with only the filled keys added, every other byte as it was.

Dumping a whole round-trip document normalises what the user wrote (quotes, long lines
folded by hand, indentation), so the diff would show lines enrich never touched. Here the
new keys are rendered alone (the same dumper) and spliced into the original text where the
model orders them: before the key they precede, above that key's own comment lines, or
after the entry's last line; a paper written as a flow mapping (``- {doi: 10.1/x}``) is
rewritten as a block, that paper only. The result is parsed back and must equal the filled
document, value for value; where it does not (or the layout is one this does not know),
``None`` says to fall back to dumping the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cvkit.profile.yamlio import dump_roundtrip, parse_roundtrip


@dataclass(frozen=True)
class Edit:
    line: int  # 0-based
    column: int
    text: str  # inserted at (line, column)
    through: int | None = None  # replacing from (line, column) to the end of this line


class _Unpatchable(Exception):
    pass


def plain(value: Any) -> Any:
    """ruamel's round-trip values as plain Python, for comparing."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _render(values: dict[str, Any], indent: int, first: bool) -> str:
    """``values`` as block YAML, every line indented ``indent`` (the first one too if
    ``first``), without a final newline."""
    from ruamel.yaml.comments import CommentedMap

    block = CommentedMap(values)
    block.fa.set_block_style()
    lines = dump_roundtrip(block).rstrip("\n").split("\n")
    pad = " " * indent
    return "\n".join((pad if i or first else "") + line for i, line in enumerate(lines))


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _end_of(lines: list[str], start: int, boundary: int) -> int:
    """The last line of an entry starting at ``start``: the last one before ``boundary``
    that is neither blank nor a comment."""
    last = boundary - 1
    while last > start and _is_comment_or_blank(lines[last]):
        last -= 1
    return last


def _boundary(document: Any, seq: Any, index: int, count: int) -> int:
    if index + 1 < len(seq):
        return int(seq.lc.item(index + 1)[0])
    keys = list(document)
    after = keys[keys.index("publications") + 1:] if "publications" in keys else []
    placed = [document.lc.key(k)[0] for k in after if k in document.lc.data]
    return int(min(placed)) if placed else count


def _block_edits(entry: Any, new: list[str], lines: list[str], boundary: int) -> list[Edit]:
    if any(k in entry.lc.data for k in new):
        raise _Unpatchable("a key written empty is filled in place")
    original = [k for k in entry if k not in new]
    if not original:
        raise _Unpatchable("no key of the user's to place the new ones by")
    line0, col = entry.lc.key(original[0])
    groups: dict[str | None, dict[str, Any]] = {}
    for key in new:
        keys = list(entry)
        anchor = next((k for k in keys[keys.index(key) + 1:] if k not in new), None)
        groups.setdefault(anchor, {})[key] = entry[key]
    edits: list[Edit] = []
    for anchor, values in groups.items():
        if anchor is None:
            last = _end_of(lines, line0, boundary)
            edits.append(Edit(last + 1, 0, _render(values, col, True) + "\n"))
            continue
        line, key_col = entry.lc.key(anchor)
        if key_col != col:
            raise _Unpatchable("keys of one entry at different columns")
        if anchor != original[0]:
            while line - 1 > line0 and lines[line - 1].lstrip().startswith("#") and \
                    len(lines[line - 1]) - len(lines[line - 1].lstrip()) == col:
                line -= 1  # the comments written above the anchor stay above it
        edits.append(Edit(line, col, _render(values, col, False) + "\n" + " " * col))
    return edits


def _flow_edit(entry: Any, seq: Any, index: int, lines: list[str],
               boundary: int) -> list[Edit]:
    line, col = seq.lc.item(index)
    last = _end_of(lines, line, boundary)
    if not lines[last].rstrip().endswith("}") or "#" in lines[last]:
        raise _Unpatchable("a flow mapping with a comment or more after it")
    # The mapping's text, replaced by the whole entry in block form.
    return [Edit(line, col, _render(dict(entry), col, False) + "\n", through=last)]


def patch(text: str, document: Any, changed: list[tuple[int, list[str]]]) -> str | None:
    """``text`` with the keys ``changed`` names (per publication index) added as they are in
    ``document``; None where that cannot be done exactly."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.count("\r\n") > text.count("\n") // 2 else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    try:
        seq = document["publications"]
        edits: list[Edit] = []
        for index, new in changed:
            entry = seq[index]
            boundary = _boundary(document, seq, index, len(lines))
            if entry.fa.flow_style():
                edits += _flow_edit(entry, seq, index, lines, boundary)
            else:
                edits += _block_edits(entry, new, lines, boundary)
        out = _apply(lines, edits, newline)
        if plain(parse_roundtrip(out)) != plain(document):
            return None
    except (_Unpatchable, KeyError, IndexError, TypeError, AttributeError, ValueError):
        return None
    except Exception:  # noqa: BLE001 - YAML we made unreadable: the whole-document dump
        return None
    return out


def _apply(lines: list[str], edits: list[Edit], newline: str) -> str:
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        edit = Edit(edit.line, edit.column, edit.text.replace("\n", newline), edit.through)
        if edit.through is not None:
            lines[edit.line:edit.through + 1] = [lines[edit.line][:edit.column] + edit.text]
        elif edit.line >= len(lines):
            lines.append(edit.text)
        else:
            line = lines[edit.line]
            lines[edit.line] = line[:edit.column] + edit.text + line[edit.column:]
    return "".join(lines)
