"""Which dollars are formulas: the way arXiv's MathJax reads a pasted abstract, and the way
pandoc reads prose about money.

MathJax pairs ``$...$`` left to right, so ``Mixtral-8$\\times$7B`` is one formula between
text and ``10$^{-3}$`` is ten to the minus three. Pandoc adds rules for prose: no space just
inside the dollars and no digit just outside them, so "raised $2M and cut $300k" stays text.
Both hold here: a pair whose content is TeX (a command, a sub- or superscript, a brace) is a
formula wherever it stands, as MathJax reads it; a pair of plain words is a formula only by
pandoc's rules. A dollar after a backslash (``\\$5``) is a dollar.

The rule is a markdown-it inline rule giving the tokens mdit-py-plugins' dollarmath gives
(``math_inline``, ``math_inline_double``).
"""

from __future__ import annotations

import re
from typing import Any

_TEX = re.compile(r"[\\^_{}]")


def _escaped(src: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and src[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def is_formula(src: str, start: int, end: int, width: int) -> bool:
    """Whether ``src[start + width:end]``, between dollars at ``start`` and ``end`` (each
    ``width`` long), is a formula."""
    text = src[start + width:end]
    if not text.strip():
        return False
    if _TEX.search(text):
        return True  # TeX: a formula, as MathJax pairs it, whatever stands around it
    if text[0].isspace() or text[-1].isspace():
        return False
    before = src[start - 1] if start > 0 else ""
    after = src[end + width] if end + width < len(src) else ""
    return not (before.isdigit() or after.isdigit())


def closing(src: str, start: int, width: int) -> int:
    """Where the dollar(s) closing the one at ``start`` are, or -1."""
    pos = start + width
    while True:
        end = src.find("$" * width, pos)
        if end < 0 or not _escaped(src, end):
            return end
        pos = end + 1


def dollar_math(state: Any, silent: bool) -> bool:
    """markdown-it's inline rule for ``$...$`` and ``$$...$$``."""
    src, start = state.src, state.pos
    if src[start] != "$" or _escaped(src, start):
        return False
    width = 2 if src.startswith("$$", start) else 1
    end = closing(src, start, width)
    if end < 0 or not is_formula(src, start, end, width):
        return False
    if not silent:
        token = state.push("math_inline_double" if width == 2 else "math_inline", "math", 0)
        token.content = src[start + width:end]
        token.markup = "$" * width
    state.pos = end + width
    return True
