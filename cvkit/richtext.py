"""Inline Markdown parsed once into a tiny tree that every format's renderer walks.

Only inline constructs exist: bold, italic, code, links and line breaks. Raw HTML in the
input stays literal text (markdown-it's ``html`` option is off), so a ``<script>`` in a
profile is just seven characters to every exporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Bold:
    children: Rich


@dataclass(frozen=True)
class Italic:
    children: Rich


@dataclass(frozen=True)
class Link:
    url: str
    children: Rich


Node = Text | Code | LineBreak | Bold | Italic | Link
Rich = tuple[Node, ...]


class UnsafeLinkError(ValueError):
    pass


_md = (
    MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    .enable(["emphasis", "link", "backticks", "escape", "newline"])
)
# markdown-it normalises link targets (punycode, percent-encoding); we keep what the user wrote.
_md.normalizeLink = lambda url: url  # type: ignore[method-assign]
_md.validateLink = lambda url: True  # type: ignore[method-assign]


def is_allowed_url(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


@lru_cache(maxsize=4096)
def parse(source: str) -> Rich:
    """Parse inline Markdown; raises UnsafeLinkError for a link that is not http(s)/mailto."""
    tokens = _md.parseInline(source)
    children = tokens[0].children if tokens else None
    return _build(children or [])


def _build(tokens: list[Token]) -> Rich:
    stack: list[tuple[str, str, list[Node]]] = [("root", "", [])]
    for tok in tokens:
        out = stack[-1][2]
        match tok.type:
            case "text":
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + tok.content)
                else:
                    out.append(Text(tok.content))
            case "code_inline":
                out.append(Code(tok.content))
            case "softbreak":
                out.append(Text(" "))
            case "hardbreak":
                out.append(LineBreak())
            case "strong_open" | "em_open":
                stack.append((tok.type, "", []))
            case "link_open":
                url = str(tok.attrs.get("href", ""))
                if not is_allowed_url(url):
                    raise UnsafeLinkError(
                        f"link target {url!r} is not allowed; use an http, https or mailto URL"
                    )
                stack.append((tok.type, url, []))
            case "strong_close" | "em_close" | "link_close":
                kind, url, kids = stack.pop()
                node: Node
                if kind == "strong_open":
                    node = Bold(tuple(kids))
                elif kind == "em_open":
                    node = Italic(tuple(kids))
                else:
                    node = Link(url, tuple(kids))
                stack[-1][2].append(node)
            case _:
                if tok.content:
                    out.append(Text(tok.content))
    return tuple(stack[0][2])


def plain(rich: Rich) -> str:
    """The text a reader sees, without any markup."""
    parts: list[str] = []
    for node in rich:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain(node.children))
    return "".join(parts)


def links(rich: Rich) -> list[str]:
    found: list[str] = []
    for node in rich:
        if isinstance(node, Link):
            found.append(node.url)
        if isinstance(node, Bold | Italic | Link):
            found.extend(links(node.children))
    return found


def literal(text: str) -> Rich:
    """A Rich value that is exactly ``text``, no Markdown interpretation."""
    return (Text(text),) if text else ()
