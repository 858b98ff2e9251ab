"""A first look at a file, for importers to recognise what they read (``sniff``) and for a
refusal to say what a file is. Everything here reads little, within the limits
(``cvkit.support.limits``), and never raises: a file that cannot be looked at is "nothing known"."""

from __future__ import annotations

import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from cvkit.support.errors import CvkitError
from cvkit.support.limits import MAX_BYTES, check_zip_directory

HEAD = 64 * 1024


def _key(path: Path) -> tuple[str, int, int] | None:
    try:
        found = path.stat()
    except (OSError, ValueError):
        return None
    return (str(path), found.st_mtime_ns, found.st_size)


def head(path: Path, n: int = HEAD) -> bytes:
    """The first ``n`` bytes of a file (``b""`` for a folder or what cannot be read)."""
    key = _key(path)
    return _head(key)[:n] if key is not None else b""


@lru_cache(maxsize=16)
def _head(key: tuple[str, int, int]) -> bytes:
    try:
        with open(key[0], "rb") as file:
            return file.read(HEAD)
    except (OSError, ValueError):
        return b""


def text(path: Path) -> str:
    """The head of a file as text (UTF-8, a byte-order mark dropped), "" if it is not."""
    data = head(path)
    if b"\x00" in data:
        return ""
    return data.decode("utf-8-sig", errors="replace")


def forget() -> None:
    """Let go of what was looked at (a parsed JSON file may take tens of MB): the registry
    calls it once a file is read, so a long-running process keeps none of it."""
    for cached in (_head, _json, _zip):
        cached.cache_clear()


def json_value(path: Path) -> Any:
    """The JSON a file holds (within the size cap), or None: not JSON, or too large."""
    key = _key(path)
    return _json(key) if key is not None and key[2] <= MAX_BYTES else None


@lru_cache(maxsize=4)
def _json(key: tuple[str, int, int]) -> Any:
    try:
        return json.loads(Path(key[0]).read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None


_KEY = re.compile(r'"((?:[^"\\\n]|\\.){1,80})"\s*:')


def json_keys(path: Path) -> set[str]:
    """The keys of a JSON object's top level; for a file that is not valid JSON (a trailing
    comma), every key its head names: enough to tell an ORCID record from a resume."""
    value = json_value(path)
    if isinstance(value, dict):
        return set(value)
    if value is not None:
        return set()
    start = text(path).lstrip()
    return set(_KEY.findall(start)) if start.startswith("{") else set()


def zip_names(path: Path) -> list[str] | None:
    """The members a zip archive lists (its table of contents within the limits), or None
    for a file that is no zip archive."""
    key = _key(path)
    return _zip(key) if key is not None else None


def is_zip(path: Path) -> bool:
    """A file that ends as a zip archive does (its table of contents may still be refused)."""
    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=4)
def _zip(key: tuple[str, int, int]) -> list[str] | None:
    path = Path(key[0])
    try:
        if not is_zip(path):
            return None
        check_zip_directory(path)
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (OSError, zipfile.BadZipFile, CvkitError, ValueError, EOFError, RuntimeError):
        return None


def listing(folder: Path, limit: int = 2000) -> list[str]:
    """Names of a folder's files and folders (at most ``limit``), or [] if none."""
    try:
        found = []
        for i, child in enumerate(folder.iterdir()):
            if i >= limit:
                break
            found.append(child.name)
        return sorted(found)
    except (OSError, ValueError):
        return []


def _shown(names: list[str], n: int = 4) -> str:
    return ", ".join(names[:n]) + (", ..." if len(names) > n else "")


def describe(path: Path) -> str:
    """What a file is, in a few words: "a zip archive of 3 files (a.txt, ...)", "a JSON
    object with keys name, work", "a text file starting 'Hello'"."""
    try:
        if not path.exists():
            return "no such file or folder"
        if path.is_dir():
            names = listing(path)
            return f"a folder holding {_shown(names)}" if names else "an empty folder"
    except (OSError, ValueError):
        return "a file that cannot be read"
    start = head(path)
    if not start:
        return "an empty file"
    if start.startswith(b"%PDF"):
        return "a PDF"
    members = zip_names(path)
    if members is not None:
        return f"a zip archive of {len(members)} files ({_shown(members)})" if members \
            else "an empty zip archive"
    if b"\x00" in start:
        return "a binary file"
    value = json_value(path)
    if isinstance(value, dict):
        return f"a JSON object with keys {_shown(sorted(value), 6)}" if value \
            else "an empty JSON object"
    if isinstance(value, list):
        return f"a JSON array of {len(value)} values"
    body = text(path).strip()
    if body[:1] in "{[" and value is None:
        return "a file that starts like JSON but is not valid JSON"
    first = body.splitlines()[0] if body else ""
    return f"a text file starting {first[:40]!r}" if first else "a file of blank lines"
