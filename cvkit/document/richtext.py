"""Inline Markdown parsed once into a tiny tree, and the one walk of it (``visit``) that
hands each node to a format's backend (``cvkit.document.markup``: HTML, LaTeX, Markdown,
DOCX, text).

Only inline constructs exist: bold, italic, code, links, line breaks and math. Raw HTML in
the input stays literal text (markdown-it's ``html`` option is off), so a ``<script>`` in a
profile is just seven characters to every exporter.

Math is ``$...$`` or ``\\(...\\)`` (``$$...$$`` for a displayed formula), read by
mdit-py-plugins with pandoc's rules, so "raised $2M and cut $300k" stays text. LaTeX text
markup pasted from arXiv or BibTeX (``\\emph{}``, ``\\textbf{}``, ``--``, accents) becomes the
same nodes Markdown gives (see cvkit.document.texmath).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from cvkit.document.texmath import (
    is_latex_text,
    latex_text_nodes,
    to_unicode,
    unsafe_reason,
    without_math_groups,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
T = TypeVar("T")


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


@dataclass(frozen=True)
class Math:
    """A TeX formula; ``safe`` is False when it may not reach TeX (every format then prints
    it as typed, between dollars)."""

    tex: str
    display: bool = False

    @property
    def safe(self) -> bool:
        return unsafe_reason(self.tex) is None

    @property
    def source(self) -> str:
        """The formula as typed, with its dollars: what a format prints when it cannot typeset."""
        return f"$${self.tex}$$" if self.display else f"${self.tex}$"


Node = Text | Code | LineBreak | Bold | Italic | Link | Math
Rich = tuple[Node, ...]


class UnsafeLinkError(ValueError):
    pass


def _keep_links(md: MarkdownIt) -> MarkdownIt:
    # markdown-it normalises link targets (punycode, percent-encoding); we keep what the
    # user wrote.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@cache
def _parser(kind: str, math: bool) -> MarkdownIt:
    """markdown-it set up for a kind of field, built on first use.

    ``markdown``: inline Markdown. ``title``: literal text but for formulas. ``latex``: a
    field in LaTeX's text syntax (pasted from arXiv), where backslashes, backticks, `*` and
    `_` mean what LaTeX says, so Markdown's escapes, code spans and emphasis are off.
    The math plugins are loaded only for text that has a `$` or a `\\(`.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    if kind == "markdown":
        md.enable(["emphasis", "link", "backticks", "escape", "newline"])
    elif kind == "latex":
        md.enable(["link", "newline"])
    if math:
        from mdit_py_plugins.texmath import texmath_plugin

        from cvkit.document.dollars import dollar_math

        # Dollars as MathJax pairs TeX, and as pandoc reads prose about money
        # (cvkit.document.dollars); \(...\) and \[...\] by mdit-py-plugins.
        md.inline.ruler.before("escape", "math_dollar", dollar_math)
        md.use(texmath_plugin, delimiters="brackets")
    return _keep_links(md)


def is_allowed_url(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def checked_link(url: str) -> str:
    """``url`` as a link target; UnsafeLinkError unless it is http(s) or mailto."""
    if not is_allowed_url(url):
        raise UnsafeLinkError(
            f"link target {url!r} is not allowed; use an http, https or mailto URL")
    return url


# Parses by (kind, text). The profile cache keeps the parses made while validating, so a
# cached profile renders without importing markdown-it at all.
_parsed: dict[tuple[str, str], Rich] = {}
_recorders: list[dict[tuple[str, str], Rich]] = []
_MAX_PARSED = 8192


def parse(source: str) -> Rich:
    """Parse inline Markdown; raises UnsafeLinkError for a link that is not http(s)/mailto."""
    if "$" not in source and "\\" not in source and not _MARKUP.search(source):
        if "--" in source:
            source = source.replace("---", "\u2014").replace("--", "\u2013")  # see _dashes
        return (Text(source),) if source else ()  # most fields: no markup at all
    return _memo("markdown", source)


def parse_title(source: str) -> Rich:
    """A title: literal text except formulas and LaTeX text markup (\\emph{...})."""
    if "$" not in source and "\\" not in source:
        return (Text(source),) if source else ()
    return _memo("title", source)


def _memo(kind: str, source: str) -> Rich:
    key = (kind, source)
    rich = _parsed.get(key)
    if rich is None:
        rich = _parse_with(kind, source)
        if len(_parsed) >= _MAX_PARSED:
            _parsed.clear()  # a long `cvkit watch` session: start over rather than grow
        _parsed[key] = rich
    for recorder in _recorders:
        recorder[key] = rich
    return rich


@contextmanager
def recording() -> Iterator[dict[tuple[str, str], Rich]]:
    """Collects every parse made inside the block (to be given to ``remember`` later)."""
    recorder: dict[tuple[str, str], Rich] = {}
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)


def remember(parses: dict[tuple[str, str], Rich]) -> None:
    """Parses made earlier (by ``recording``), used instead of parsing again."""
    _parsed.update(parses)


def _parse_with(kind: str, source: str) -> Rich:
    latex = "\\" in source and is_latex_text(source)
    if latex and "$" in source:
        source = without_math_groups(source)
    math = "$" in source or "\\(" in source or "\\[" in source
    md = _parser("latex" if latex and kind == "markdown" else kind, math)
    tokens = md.parseInline(source)
    rich = _build(tokens[0].children if tokens and tokens[0].children else [])
    if latex:
        return tuple(_map_text(rich, latex_rich))
    return tuple(_map_text(rich, _dashes)) if kind == "markdown" and "--" in source else rich


def _dashes(text: str) -> list[Node]:
    """-- and --- as the dashes they stand for, as in LaTeX text and pandoc's Markdown."""
    return [Text(text.replace("---", "\u2014").replace("--", "\u2013"))]


def _map_text(rich: Rich, change: Callable[[str], list[Node]]) -> list[Node]:
    """The tree with each text node replaced by what ``change`` makes of its text (code and
    formulas keep what was typed)."""
    out: list[Node] = []
    for node in rich:
        if isinstance(node, Text):
            out.extend(change(node.text))
        elif isinstance(node, Bold | Italic):
            out.append(type(node)(tuple(_map_text(node.children, change))))
        elif isinstance(node, Link):
            out.append(Link(node.url, tuple(_map_text(node.children, change))))
        else:
            out.append(node)
    return merge_text(out)


_MARKUP = re.compile(r"[*_`\[\]<\n]")


def merge_text(nodes: list[Node]) -> list[Node]:
    """Neighbouring text nodes as one, empty ones dropped."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


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
            case "math_inline" | "math_single":
                out.append(Math(tok.content.strip()))
            case "math_inline_double" | "math_block" | "math_block_eqno":
                out.append(Math(tok.content.strip(), display=True))
            case "softbreak":
                out.append(Text(" "))
            case "hardbreak":
                out.append(LineBreak())
            case "strong_open" | "em_open":
                stack.append((tok.type, "", []))
            case "link_open":
                url = checked_link(str(tok.attrs.get("href", "")))
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


class Backend(Protocol[T]):
    """What one format makes of each kind of node, as pybtex's backends: ``text`` is where
    the format escapes (one place per format). ``bold``, ``italic`` and ``link`` get the
    children and render them with ``visit(inner, self)``, so a backend that builds a
    document (DOCX runs on a paragraph) sets its state around them and one that writes a
    string wraps what comes back (``Strings``: the marks around bold and italic). ``join``
    puts the outputs of neighbouring nodes together: ``"".join`` for strings, nothing for a
    backend that accumulates."""

    merges_text: bool  # neighbouring text nodes reach ``text`` as one string

    def join(self, parts: list[T]) -> T: ...
    def text(self, text: str) -> T: ...
    def code(self, text: str) -> T: ...
    def math(self, node: Math) -> T: ...
    def line_break(self) -> T: ...
    def bold(self, inner: Rich) -> T: ...
    def italic(self, inner: Rich) -> T: ...
    def link(self, target: str, inner: Rich) -> T: ...


def visit(rich: Rich, backend: Backend[T]) -> T:
    """The one walk of the tree: each node handed to the backend's method for its kind."""
    parts: list[T] = []
    for node in merge_text(list(rich)) if backend.merges_text else rich:
        if isinstance(node, Text):
            parts.append(backend.text(node.text))
        elif isinstance(node, Bold):
            parts.append(backend.bold(node.children))
        elif isinstance(node, Italic):
            parts.append(backend.italic(node.children))
        elif isinstance(node, Link):
            parts.append(backend.link(node.url, node.children))
        elif isinstance(node, Code):
            parts.append(backend.code(node.text))
        elif isinstance(node, Math):
            parts.append(backend.math(node))
        else:
            parts.append(backend.line_break())
    return backend.join(parts)


class Strings(Backend[str]):
    """The part every backend that writes a string shares: the parts joined, bold and italic
    as the marks a format writes around their children (pybtex's ``format_tag``)."""

    merges_text = False
    bold_marks = ("", "")
    italic_marks = ("", "")

    def join(self, parts: list[str]) -> str:
        return "".join(parts)

    def bold(self, inner: Rich) -> str:
        return self.bold_marks[0] + visit(inner, self) + self.bold_marks[1]

    def italic(self, inner: Rich) -> str:
        return self.italic_marks[0] + visit(inner, self) + self.italic_marks[1]


class PlainText(Strings):
    """The text a reader sees, without any markup; formulas in readable Unicode. With
    ``targets``, a link's address in parentheses after its words (unless the words are the
    address)."""

    def __init__(self, targets: bool = False) -> None:
        self.targets = targets

    def text(self, text: str) -> str:
        return text

    def math(self, node: Math) -> str:
        return math_text(node)

    def line_break(self) -> str:
        return "\n"

    code = text

    def link(self, target: str, inner: Rich) -> str:
        label = visit(inner, self)
        target = target.removeprefix("mailto:")
        return label if label == target or not self.targets else f"{label} ({target})"


def plain(rich: Rich) -> str:
    """The text a reader sees, without any markup; formulas in readable Unicode."""
    return visit(rich, PlainText())


def math_text(node: Math) -> str:
    """A formula as plain Unicode text (``Õ(d√T)``), or as typed when it is not safe TeX."""
    return to_unicode(node.tex) if node.safe else node.source


def formulas_in(value: object) -> list[Math]:
    """Every formula in a value made of dataclasses, tuples and lists (a Document)."""
    found: list[Math] = []

    def walk(v: object) -> None:
        if isinstance(v, Math):
            found.append(v)
        elif isinstance(v, list | tuple):
            for item in v:
                walk(item)
        elif hasattr(v, "__dataclass_fields__") and not isinstance(v, Text | Code):
            for name in v.__dataclass_fields__:
                walk(getattr(v, name))

    walk(value)
    return found


def has_math(rich: Rich) -> bool:
    return any(isinstance(n, Math) or (isinstance(n, Bold | Italic | Link)
                                       and has_math(n.children)) for n in rich)


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


def latex_rich(text: str) -> list[Any]:
    """LaTeX text as rich-text nodes: the same tree its Markdown equivalent gives."""
    def nodes(pieces: list[tuple[str, Any]]) -> list[Any]:
        out: list[Any] = []
        for kind, value in pieces:
            if kind == "text":
                out.append(Text(value))
            elif kind == "math":
                out.append(Math(*value))
            elif kind == "code":
                out.append(Code(value))
            elif kind == "italic":
                out.append(Italic(tuple(nodes(value))))
            elif kind == "bold":
                out.append(Bold(tuple(nodes(value))))
            elif kind == "plain":
                out.extend(nodes(value))
            elif kind == "link":
                url, label = value
                out.append(Link(checked_link(url), tuple(nodes(label))))
        return merge_text(out)

    return nodes(latex_text_nodes(text))
