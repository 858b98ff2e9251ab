"""Rich text and plain strings to LaTeX. The only place LaTeX escaping happens.

Every character that means something to TeX is replaced by a command that prints it, so
profile text such as ``\\input{/etc/passwd}`` or ``\\write18{...}`` is typeset, never run.
Ligatures that would change the text (``--`` to an en dash, ``,,`` to a low quote, ``’’``
to a double quote) are broken with an empty group so the PDF reads back as typed.
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


# T1 fonts join these in ligatures (-- to –, –- to —, ’’ to ”, ‘‘ to “, ,, to „); an empty
# group between two of them keeps each character as typed.
_LIGATURE_PRONE = set("-–—’‘,`")


def escape(text: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        out.append(_SPECIAL.get(ch, ch) if ch not in "-," else ch)
        if ch in _LIGATURE_PRONE and i + 1 < len(text) and text[i + 1] in _LIGATURE_PRONE:
            out.append("{}")
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
    for node in rich:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Code):
            out.append(rf"\texttt{{{escape(node.text)}}}")
        elif isinstance(node, LineBreak):
            out.append(r"\newline{}")
        elif isinstance(node, Bold):
            out.append(rf"\textbf{{{render(node.children)}}}")
        elif isinstance(node, Italic):
            out.append(rf"\emph{{{render(node.children)}}}")
        elif isinstance(node, Link):
            out.append(rf"\href{{{url(node.url)}}}{{{render(node.children)}}}")
    return "".join(out)
