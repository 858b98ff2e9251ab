"""Rich text and plain strings to LaTeX. The only place LaTeX escaping happens.

Every character that means something to TeX is replaced by a command that prints it, so
profile text such as ``\\input{/etc/passwd}`` or ``\\write18{...}`` is typeset, never run.
Ligatures that would change the text (``--`` to an en dash, ``,,`` to a low quote, ``?‘``
to ``¿``) are broken with an empty group so the PDF reads back as typed.
"""

from __future__ import annotations

from urllib.parse import quote

from ..richtext import Bold, Code, Italic, LineBreak, Link, Rich, Text

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "\u2011": r"\mbox{-}",  # non-breaking hyphen: few text fonts have the glyph
    "\u00a0": "~",
    "[": "{[}",  # a [ after \\ or an \item would be read as an optional argument
    "]": "{]}",
}

# What pdflatex (T1 + TS1 through inputenc's utf8) prints; anything else needs xelatex.
_PDFLATEX_EXTRA = set("–—‘’‚“”„†‡•…‰‹›€™′″·\u2011")


# Two characters that TeX fonts print as a third: the ligature programs of the T1 and TS1
# fonts pdflatex uses and XeTeX's TeX-text mapping (-- to an en dash, ?‘ to ¿, ,, to „).
# An empty group between them keeps each character as typed. Listed from the fonts
# themselves by tests/texfonts.py; a test fails when TeX Live's fonts disagree.
LIGATURES = frozenset({
    "!`", "!‘", "''", ",,", "--", "<<", ">>", "?`", "?‘", "``", "–-", "‘‘", "’’",
})


def escape(text: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        if i and text[i - 1:i + 1] in LIGATURES:
            out.append("{}")
        out.append(_SPECIAL.get(ch, ch))
    return "".join(out)


def needs_unicode_engine(text: str) -> bool:
    """True when some character is beyond what pdflatex's T1/TS1 fonts print."""
    return any(ord(c) > 0x17F and c not in _PDFLATEX_EXTRA for c in text)


def has_cjk(text: str) -> bool:
    return any(0x2E80 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF
               or 0xF900 <= ord(c) <= 0xFAFF or 0xFF00 <= ord(c) <= 0xFFEF
               or 0x20000 <= ord(c) <= 0x2FA1F for c in text)


def url(target: str) -> str:
    """A URL as \\href's first argument: unsafe bytes percent-encoded, then # and % escaped."""
    encoded = quote(target, safe=":/?#[]@!$&'()*+,;=%-._~")
    return encoded.replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#")


def render(rich: Rich) -> str:
    out: list[str] = []
    pending = ""  # neighbouring text nodes are escaped as one, so no ligature forms between
    for node in rich:
        if isinstance(node, Text):
            pending += node.text
            continue
        if pending:
            out.append(escape(pending))
            pending = ""
        if isinstance(node, Code):
            out.append(rf"\texttt{{{escape(node.text)}}}")
        elif isinstance(node, LineBreak):
            out.append(r"\newline{}")
        elif isinstance(node, Bold):
            out.append(rf"\textbf{{{render(node.children)}}}")
        elif isinstance(node, Italic):
            out.append(rf"\emph{{{render(node.children)}}}")
        elif isinstance(node, Link):
            out.append(rf"\href{{{url(node.url)}}}{{{render(node.children)}}}")
    if pending:
        out.append(escape(pending))
    return "".join(out)
