"""What citeproc-py leaves undone in a style's text, done after it: CSL's punctuation rules
("need?." and "et al.." lose their second mark), a preprint's repository named once, a work
without authors titled once, and a status the style has no place for said after it."""

from __future__ import annotations

import re

from cvkit.view.csl.data import Entry
from cvkit.view.csl.parts import _PRIVATE


def finished(text: str, entry: Entry) -> str:
    """The style's text with what citeproc-py leaves undone done: no punctuation doubled,
    the repository named once, a title not printed twice, the paper's status where the
    style had no place for it."""
    text = _substituted_once(text, entry)
    text = _archive_once(_single_punctuation(text))
    return _with_status(text, entry)


# Formatting marks and closing quotes between a title's last character and what follows.
_CLOSERS = "[\U0010ff02\U0010ff04\U0010ff06\U0010fdff\u201d\u2019\u00bb\u201c\u300d\u300f\"']"
_OPENERS_OR_MARKS = "[\U0010ff01-\U0010ff06\U0010fdff]"
# A quoted title's closing quote: a full stop before it ends the title, and a comma or stop
# after it (or moved inside it) is dropped. After italics it is kept: "et al.," is right.
_QUOTES = "[\u201d\u2019\u00bb\u201c\u300d\u300f]"


def _single_punctuation(text: str) -> str:
    """CSL's rule that a delimiter or suffix is not added after the same or stronger
    punctuation, which citeproc-py does not apply: "need?." "need?,”" "stage.,”" and
    "et al.." lose the second mark (Chicago 6.119: a question mark ending a title takes
    the place of the comma). A full stop of a name or abbreviation keeps a comma after it
    ("D.C.," "et al.,"): only a stop that ends a quoted title swallows one."""
    text = re.sub(f"([?!])({_CLOSERS}*)[.,]", r"\1\2", text)
    text = re.sub(f"\\.({_CLOSERS}*{_QUOTES}{_CLOSERS}*)[.,]", r".\1", text)
    # The comma a locale's punctuation-in-quote put inside the quotes: "stage.,”".
    text = re.sub(f"\\.[.,](?={_CLOSERS}*{_QUOTES})", ".", text)
    return re.sub(f"(?<![.\u2026])\\.({_OPENERS_OR_MARKS}*)\\.(?![.])", r".\1", text)


def _archive_once(text: str) -> str:
    """The repository named once: "arXiv: arXiv:2501.01234" (IEEE's "publisher: number"
    with a preprint's repository and identifier) is "arXiv:2501.01234"."""
    return re.sub(f"\u2060?arXiv({_OPENERS_OR_MARKS}*): (?={_OPENERS_OR_MARKS}*\u2060?arXiv:)",
                  "", text)


def status_shown(text: str, entry: Entry) -> bool:
    """Whether the style's text says the paper's status (or its manuscript genre): more
    often than the title does ("A study under review")."""
    seen = _PRIVATE.sub("", text).replace("\u2060", "").casefold()
    title = _PRIVATE.sub("", entry.title_text).casefold()
    return any(words and seen.count(words.casefold()) > title.count(words.casefold())
               for words in (entry.status_text, entry.genre_text))


def _with_status(text: str, entry: Entry) -> str:
    """A status the style has no place for (or left out) said after the reference, so an
    unpublished or forthcoming paper never reads as published."""
    if entry.status in ("published", "preprint") or not entry.status_text \
            or status_shown(text, entry):
        return text
    label = entry.status_text[:1].upper() + entry.status_text[1:]
    end = len(text.rstrip())
    stop = "" if re.search(f"[.!?](?:{_OPENERS_OR_MARKS}|{_CLOSERS})*$", text[:end]) else "."
    return f"{text[:end]}{stop} {label}."


def _substituted_once(text: str, entry: Entry) -> str:
    """A work without authors: the style puts its title in the author's place, and CSL
    suppresses that title where it would come again; citeproc-py prints it twice."""
    if any(a.is_person for a in entry.authors):
        return text
    sentences = re.split(r"(?<=[.\u201d])\s+", text)
    first = _PRIVATE.sub("", sentences[0]).strip()
    kept = [s for i, s in enumerate(sentences) if i == 0 or _PRIVATE.sub("", s).strip() != first]
    return " ".join(kept)
