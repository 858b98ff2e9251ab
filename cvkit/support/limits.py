"""How much cvkit reads from a file it did not write: one policy for every input.

A profile, a page of an academicpages site, a LinkedIn export's CSV files, a BibTeX file,
an ORCID record, the profile a PDF carries: each is read with a cap on its bytes, an archive
with caps on each member it reads (only those), on the ratio of unpacked to packed size and
on the bytes all of them unpack to; YAML with caps on its depth and on the values its aliases
expand to (``cvkit.profile.source``); CSV with a cap on a cell. A file past a limit ends the command
in one line naming the file and the limit (``LimitError``), and nothing is written.

The figures are far above what a CV needs (a two-page profile is ~10 KB and a few thousand
values; LinkedIn caps a summary at 2,600 characters) and far below what hurts (the command
stays under ~250 MiB and a few seconds on any input). This module imports nothing of cvkit
but its errors, so every floor may use it.
"""

from __future__ import annotations

import csv
import io
import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from cvkit.support.errors import CvkitError

MiB = 1024 * 1024

# A text file read whole: a profile, a .bib, a page of a site, one CSV file of an export.
MAX_BYTES = 5 * MiB
# Values a YAML document may expand to (a hand-written CV has a few thousand; an alias
# bomb of 1 KB expands to billions), and how deep it may nest (a profile goes about eight
# levels deep; the parsers recurse once per level and overflow near a thousand).
MAX_NODES = 200_000
MAX_DEPTH = 64
EXPANDS = (f"expands to more than {MAX_NODES:,} values (nested YAML aliases?); YAML that "
           "expands further is refused")
NESTED = f"values nested more than {MAX_DEPTH} levels deep; YAML nested deeper is refused"
# Archives (a LinkedIn export): a member unpacked, all the members one import reads, and
# how many times its packed size a member may unpack to (Apache POI's zip-bomb guard uses
# 100 too; CSV text packs 3-10 times). The ratio is checked once a member passes
# RATIO_FROM, so a small file of one repeated line is never refused for it.
MAX_MEMBER_BYTES = MAX_BYTES
MAX_UNPACKED_BYTES = 32 * MiB
MAX_RATIO = 100
RATIO_FROM = 1 * MiB
# An archive's table of contents, read whole before any member: a LinkedIn export lists
# ~50 files, a full one a few hundred.
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 2 * MiB
# All the files one import of a folder reads (an academicpages site's pages).
MAX_FOLDER_BYTES = 32 * MiB
# One CSV cell: LinkedIn's longest field (a summary) holds 2,600 characters; a cell of a
# MiB is an unbalanced quote that swallowed the rest of the file, or not LinkedIn's.
MAX_CSV_CELL = 1 * MiB
# A PDF cvkit reads a profile back from (a CV with its fonts and a photo is under 2 MB), and
# the profile it carries (a profile, so the profile's own cap).
MAX_PDF_BYTES = 64 * MiB
MAX_ATTACHMENT_BYTES = MAX_BYTES
# A stream of that PDF unpacked, where pypdf takes a cap for one read (6.18 on); older
# versions stop each filter at their own 75 MB.
MAX_PDF_STREAM_BYTES = 16 * MiB


def size(n: int) -> str:
    """A byte count as people read it: 812 bytes, 3.4 KiB, 5 MiB, 1.2 GiB."""
    if n < 1024:
        return f"{n} bytes"
    value, unit = n / 1024, "KiB"
    for bigger in ("MiB", "GiB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


class LimitError(CvkitError):
    """An input past one of the limits above: ``file`` (and ``line`` when known), what was
    found and the limit, as one line."""

    def __init__(self, file: Path | str | None, message: str, line: int | None = None):
        self.file = file
        self.line = line
        where = str(file) if file is not None else "<input>"
        super().__init__(f"{where}{f':{line}' if line else ''}: {message}")


class Budget:
    """Bytes one import may still read, across all the files or members it reads."""

    def __init__(self, source: Path, total: int, what: str) -> None:
        self.source = source
        self.left = total
        self.total = total
        self.what = what  # "the members of one archive", "the files of one site"

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise LimitError(self.source, f"more than {size(self.total)} to read in "
                             f"{self.what}; refused")


def read_bytes(path: Path, what: str, cap: int = MAX_BYTES,
               budget: Budget | None = None) -> bytes:
    """A file's bytes, refused beyond ``cap`` (checked before reading, and again while
    reading, as the file may grow meanwhile) and charged to ``budget``."""
    found = path.stat().st_size
    if found > cap:
        raise too_big(path, what, found, cap)
    with path.open("rb") as file:
        data = file.read(cap + 1)
    if len(data) > cap:
        raise too_big(path, what, len(data), cap, more=True)
    if budget is not None:
        budget.take(len(data))
    return data


def too_big(file: Path | str, what: str, found: int, cap: int,
            more: bool = False) -> LimitError:
    """'<file>: a page is 6 MiB; a page larger than 5 MiB is refused'."""
    article = "an" if what[:1].lower() in "aeiou" else "a"
    return LimitError(file, f"{article} {what} is {'over ' if more else ''}{size(found)}; "
                      f"{article} {what} larger than {size(cap)} is refused")


class _Capped(io.RawIOBase):
    """A binary stream that gives at most ``cap`` bytes (past it, ``over()`` is raised),
    charges each to ``budget`` and shows the running count to ``check``."""

    def __init__(self, inner: IO[bytes], cap: int, over: Callable[[], LimitError],
                 budget: Budget, check: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.inner = inner
        self.cap = cap
        self.count = 0
        self.over = over
        self.budget = budget
        self.check = check

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.inner.read(min(len(view), self.cap + 1 - self.count))
        self.count += len(data)
        if self.count > self.cap:
            raise self.over()
        self.budget.take(len(data))
        if self.check is not None:
            self.check(self.count)
        view[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_file(path: Path, what: str, budget: Budget, cap: int = MAX_BYTES) -> IO[bytes]:
    """A file opened to stream its bytes, refused past ``cap`` and charged to ``budget``."""
    found = path.stat().st_size
    if found > cap:
        raise too_big(path, what, found, cap)
    return io.BufferedReader(_Capped(path.open("rb"), cap,
                                     lambda: too_big(path, what, cap + 1, cap, more=True),
                                     budget))


# -- YAML (cvkit.profile.source applies these to every YAML it reads) -------------------------


def too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets or indentation first nest deeper than MAX_DEPTH, before any parser
    (each recursive) sees the text; None when the nesting is reasonable."""
    depth = 0
    quote = ""
    line, column = 1, 0
    indents: list[int] = []
    at_line_start = True
    indent = 0
    previous = "\n"
    for ch in text:
        column += 1
        if ch == "\n":
            line, column, at_line_start, indent = line + 1, 0, True, 0
            if quote == "#":
                quote = ""  # a comment ends with its line; quoted text may go on
            previous = ch
            continue
        if at_line_start:
            if ch == " ":
                indent += 1
                previous = ch
                continue
            at_line_start = False
            if ch != "#" and not quote and depth == 0:
                while indents and indents[-1] >= indent:
                    indents.pop()
                indents.append(indent)
                if len(indents) > MAX_DEPTH:
                    return line, column
        if quote:
            if ch == quote and previous != "\\":
                quote = ""
        elif ch == "#" and previous in " \t\n":
            quote = "#"  # a comment runs to the end of the line
        elif ch in "\"'" and previous in " \t\n[{,:-":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth + len(indents) > MAX_DEPTH:
                return line, column
        elif ch in "]}":
            depth = max(0, depth - 1)
        previous = ch
    return None


def past_limits(root: Any) -> tuple[Any, str] | None:
    """Where a composed YAML document, its aliases followed, passes MAX_NODES nodes (keys
    and values) or nests deeper than MAX_DEPTH: (the node, what it passes), or None. Each
    alias is walked again, as whoever reads the data would, so a bomb is stopped after
    MAX_NODES steps, however far it would expand."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    count = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            return node, EXPANDS
        if depth > MAX_DEPTH:
            return node, NESTED
        if isinstance(node, SequenceNode):
            stack += ((item, depth + 1) for item in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += ((key, depth + 1), (value, depth + 1))
    return None


# -- zip archives --------------------------------------------------------------------------

_END = b"PK\x05\x06"  # end of central directory: "<4s4H2LH", 22 bytes
_END64_LOCATOR = b"PK\x06\x07"  # "<4sLQL", 20 bytes, just before _END
_END64 = b"PK\x06\x06"  # "<4sQ2H2L4Q", 56 bytes


def check_zip_directory(path: Path) -> None:
    """Refuse an archive whose table of contents lists more than MAX_MEMBERS members or
    takes more than MAX_DIRECTORY_BYTES, before ``zipfile`` reads it whole (a few hundred
    bytes of memory per member). A file without one is left for ``zipfile`` to name."""
    with path.open("rb") as file:
        file.seek(0, io.SEEK_END)
        end = file.tell()
        file.seek(max(0, end - 22 - 0xFFFF))  # the record, then a comment of up to 64 KiB
        tail = file.read()
        at = tail.rfind(_END)
        if at < 0 or len(tail) - at < 22:
            return
        *_, members, directory, _, _ = struct.unpack("<4s4H2LH", tail[at:at + 22])
        if (members == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 and \
                tail[at - 20:at - 16] == _END64_LOCATOR:
            _, _, offset, _ = struct.unpack("<4sLQL", tail[at - 20:at])
            file.seek(offset)
            record = file.read(56)
            if len(record) == 56 and record[:4] == _END64:
                fields = struct.unpack("<4sQ2H2L4Q", record)
                members, directory = fields[7], fields[8]
    if members > MAX_MEMBERS:
        raise LimitError(path, f"the archive lists {members:,} members; one with more than "
                         f"{MAX_MEMBERS:,} is refused")
    if directory > MAX_DIRECTORY_BYTES:
        raise LimitError(path, f"the archive's table of contents is {size(directory)}; one "
                         f"larger than {size(MAX_DIRECTORY_BYTES)} is refused")


def open_member(archive: Any, info: Any, path: Path, budget: Budget) -> IO[bytes]:
    """A member of ``archive`` (a ``zipfile.ZipFile``; ``info`` its ``ZipInfo``) opened to
    stream its bytes: refused at once when its stated size passes MAX_MEMBER_BYTES, what
    ``budget`` has left, or MAX_RATIO times its packed size; and while it is read, at the
    first byte past any of them (``zipfile`` itself also stops at the stated size)."""
    name = info.filename
    packed = max(info.compress_size, 1)

    def over(found: int, more: bool = False) -> LimitError:
        return LimitError(path, f"{name} unpacks to {'over ' if more else ''}{size(found)}; "
                          f"an archive member larger than {size(MAX_MEMBER_BYTES)} is "
                          "refused")

    def check_ratio(found: int) -> None:
        if found > RATIO_FROM and found > MAX_RATIO * packed:
            raise LimitError(path, f"{name} unpacks to {found // packed:,} times its packed "
                             f"size ({size(packed)}); a member packed more than "
                             f"{MAX_RATIO} times is refused")

    if info.file_size > MAX_MEMBER_BYTES:
        raise over(info.file_size)
    check_ratio(info.file_size)
    if info.file_size > budget.left:
        budget.take(info.file_size)  # raises: the members read unpack to too much
    return io.BufferedReader(_Capped(archive.open(info), MAX_MEMBER_BYTES,
                                     lambda: over(MAX_MEMBER_BYTES, True), budget,
                                     check_ratio))


def csv_cell_limit() -> None:
    """Let the csv module read cells up to MAX_CSV_CELL (its default stops at 128 KiB with
    an error of its own) and one byte more, so a reader sees a longer cell and refuses it
    itself. Never lowered: the limit is the process's, shared with whoever else reads CSV."""
    if csv.field_size_limit() < MAX_CSV_CELL + 1:
        csv.field_size_limit(MAX_CSV_CELL + 1)


def cell_too_long(file: Path | str, member: str, line: int) -> LimitError:
    return LimitError(file, f"{member} line {line}: a cell of more than {MAX_CSV_CELL:,} "
                      f"characters; a CSV cell longer than {MAX_CSV_CELL:,} is refused (a "
                      "quote left open?)")
