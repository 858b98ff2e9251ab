"""The text a citation style made, as the Document's parts: the owner's name found by the
private characters around the family name and what the given name can have become beside
it, the marks after it, the style's formatting, formulas and links as rich text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cvkit.document import Author, ReferencePart
from cvkit.document.richtext import Bold, Italic, Link, Math, Node, Rich, Text, merge_text
from cvkit.support.links import doi_url

# Formatting the style asks for, as characters no profile text holds (plane 16).
_OPEN = {"i": "\U0010ff01", "b": "\U0010ff03", "x": "\U0010ff05"}  # x: drawn plainly
_CLOSE = {"i": "\U0010ff02", "b": "\U0010ff04", "x": "\U0010ff06"}
_NAME_END = "\U0010fdff"
_NAME = 0x10FE00  # + the author's index: the start of a marked family name
_FORMULA = 0x10FC00  # + the formula's index in the title
_PRIVATE = re.compile("([\U0010fc00-\U0010ffff])")  # (grouped: split keeps them)


@dataclass(frozen=True)
class Styled:
    parts: tuple[ReferencePart, ...]
    label: str  # the style's own number ("[3]") where it has one, else ""


@lru_cache(maxsize=4096)
def _given_patterns(author: Author, points: bool = True
                    ) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The given name just before the family name (display order), or just after it
    (sort order: "Park, A."); an initial's point only where the style writes them."""
    given = _given_pattern(author, points)
    if not given:
        return None
    return (re.compile(f"{given}[\\s\u00a0]*$"), re.compile(f",?[\\s\u00a0]*{given}"))


def _given_pattern(author: Author, points: bool = True) -> str:
    """What a given name can have become: whole, or initials with or without points."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(author.name, strict=False).first
    if not parts:
        return ""
    pieces = []
    for part in " ".join(parts).replace("-", " - ").split():
        if part == "-":
            pieces.append("-?")
            continue
        bare = part.rstrip(".")
        whole = re.escape(part)  # a full name's point after it is the sentence's
        point = "\\.?" if points else ""
        pieces.append(f"(?:{whole}|{re.escape(bare[0])}{point})")
    tokens = "[\U0010ff01-\U0010ff06]*"
    return tokens + f"[\\s\u00a0]*{tokens}".join(pieces) + tokens


def styled(text: str, marked: Sequence[Author], number: int, formulas: list[Math],
           numbered: bool, term: str, *, closes_et_al: bool = False,
           points: bool = True) -> Styled:
    """The style's text as the Document's parts: each marked person (``marked[j]`` is the
    one whose family name the private character _NAME + j opens) found with the given
    name beside it, and drawn as the owner, with their marks after the name."""
    spans: list[tuple[int, int, Author]] = []
    for j, author in enumerate(marked):
        start = text.find(chr(_NAME + j))
        if start < 0:
            continue
        end = text.find(_NAME_END, start)
        patterns = _given_patterns(author, points)
        before = patterns[0].search(text[:start]) if patterns else None
        after = patterns[1].match(text[end + 1:]) if patterns else None
        if before is not None and before.group(0).strip():
            spans.append((before.start(), end + 1, author))
        elif after is not None and after.group(0).strip(", \u00a0"):
            spans.append((start, end + 1 + after.end(), author))
        else:
            spans.append((start, end + 1, author))
    if closes_et_al and term not in text and spans:
        # A style with no et-al rule of its own: "others" says the list goes on.
        _, end, _ = max(spans, key=lambda s: s[0])
        text = f"{text[:end]} {term}{text[end:]}"
    parts: list[ReferencePart] = []
    cursor = 0
    for start, end, author in sorted(spans, key=lambda s: s[0]):
        if start < cursor:
            continue
        parts.append(ReferencePart(_rich(text[cursor:start], formulas), ""))
        name = _rich(text[start:end], formulas)
        parts.append(ReferencePart(name, "owner" if author.is_owner else ""))
        if author.marks:
            parts.append(ReferencePart((Text(author.marks),), "mark"))
        cursor = end
    parts.append(ReferencePart(_rich(text[cursor:], formulas), ""))
    kept = tuple(p for p in parts if p.text)
    return Styled(*_label(kept, number, numbered))


def _label(parts: tuple[ReferencePart, ...], number: int,
           numbered: bool) -> tuple[tuple[ReferencePart, ...], str]:
    """A numeric style's own number ("[3]", "3.") is taken off the front: the design puts
    it where it puts its numbers."""
    if not numbered or not parts or parts[0].role or not parts[0].text:
        return parts, ""
    first = parts[0].text[0]
    if not isinstance(first, Text):
        return parts, ""
    found = re.match(rf"\s*[\[(]?{number}[\]).]?\s*", first.text)
    if found is None:
        return parts, ""
    rest = (Text(first.text[found.end():]),) if first.text[found.end():] else ()
    head = ReferencePart((*rest, *parts[0].text[1:]), "")
    return tuple(p for p in (head, *parts[1:]) if p.text), found.group(0).strip()


_URL = re.compile(r"https?://[^\s\U0010fc00-\U0010ffff]+?(?=[.,;]?(?:\s|$|[\U0010fc00-\U0010ffff]))")
_DOI = re.compile(r"(?<![/\w])(?:doi:\s?)?(10\.\d{4,9}/[^\s\U0010fc00-\U0010ffff]+?)"
                  r"(?=[.,;]?(?:\s|$|[\U0010fc00-\U0010ffff]))")


def _rich(text: str, formulas: list[Math]) -> Rich:
    """The style's text with its formatting, formulas and links as the document's nodes."""
    stack: list[tuple[str, list[Node]]] = [("", [])]
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            stack[-1][1].extend(_linked("".join(buffer).replace("\u2063", "")
                                        .replace("\u2060", "")))
            buffer.clear()

    for char in _PRIVATE.split(text):  # runs of text, and the private characters between
        if not _PRIVATE.fullmatch(char):
            buffer.append(char)
            continue
        code = ord(char)
        if char in _OPEN.values():
            flush()
            stack.append((char, []))
        elif char in _CLOSE.values() and len(stack) > 1:
            flush()
            opener, children = stack.pop()
            if opener == _OPEN["i"]:
                stack[-1][1].append(Italic(tuple(children)))
            elif opener == _OPEN["b"]:
                stack[-1][1].append(Bold(tuple(children)))
            else:
                stack[-1][1].extend(children)
        elif _FORMULA <= code < _FORMULA + len(formulas):
            flush()
            stack[-1][1].append(formulas[code - _FORMULA])
        # Any other private character (a name's marks) has done its work: dropped.
    flush()
    while len(stack) > 1:
        _, children = stack.pop()
        stack[-1][1].extend(children)
    return tuple(merge_text(stack[0][1]))


def _linked(text: str) -> list[Node]:
    """URLs and DOIs the style prints become links to them."""
    out: list[Node] = []
    cursor = 0
    found = sorted([*((mt.start(), mt.end(), mt.group(0)) for mt in _URL.finditer(text)),
                    *((mt.start(), mt.end(), doi_url(mt.group(1)))
                      for mt in _DOI.finditer(text))])
    for start, end, url in found:
        if start < cursor:
            continue
        if start > cursor:
            out.append(Text(text[cursor:start]))
        out.append(Link(url, (Text(text[start:end]),)))
        cursor = end
    if cursor < len(text):
        out.append(Text(text[cursor:]))
    return out
