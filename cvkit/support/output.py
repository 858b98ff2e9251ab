"""The one place that writes files: atomic, unchanged files left alone, deterministic zips."""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

from cvkit.support.errors import ExportError


def _kept(ch: str) -> bool:
    # Letters, marks (the vowel signs of Devanagari, Thai ...) and digits of every script.
    return ch in "-_." or unicodedata.category(ch)[0] in "LMN"


def safe_filename(name: str, fallback: str = "cv") -> str:
    """A file name every shell, TeX engine and file system takes as it is.

    Our rule is which characters stay: letters and digits of every script, ``-``, ``_`` and
    ``.``; any other run (spaces, quotes, ``& % # $ ~ ^ { } \\``, slashes) becomes one ``_``,
    and the name never starts with ``-`` (an option to most commands) or ``.`` (hidden).
    pathvalidate does the rest for every platform: reserved device names (``CON`` ->
    ``CON_``), trailing dots, length.
    """
    from pathvalidate import sanitize_filename

    name = unicodedata.normalize("NFC", name)
    name = "".join(ch if _kept(ch) else "_" for ch in name)
    name = re.sub(r"_+", "_", name).lstrip("-._")
    name = sanitize_filename(name, platform="universal", max_len=120).rstrip("._")
    return name or fallback


def is_within(root: Path, target: Path) -> bool:
    """Whether ``target`` resolves to ``root`` or a path inside it (symlinks followed)."""
    root, target = root.resolve(), target.resolve()
    return target == root or root in target.parents


def inside(folder: Path, relative: str) -> Path:
    """``folder/relative``, refusing anything that would land outside ``folder``."""
    target = (folder / relative).resolve()
    if not is_within(folder, target):
        raise ExportError(f"refusing to write {relative!r}: it is outside {folder}")
    return target


def default_mode() -> int:
    """The mode a new file gets from any program: 0666 less the process's umask. Read from
    /proc where there is one (setting the umask to read it back is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> bool:
    """Write ``data`` to ``path`` via a temp file and rename; False when nothing changed.

    The file gets ``mode``; by default a file replaced keeps its own (a profile its owner
    made private stays private) and a new one gets what the umask gives (as any program
    writes). A file with the same bytes already there is left as it is, mode and all."""
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        if mode is None and path.is_file():
            mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        blocker = next((p for p in (path.parent, *path.parent.parents)
                        if p.exists() and not p.is_dir()), None)
        reason = f"{blocker} is a file, not a folder" if blocker else (exc.strerror or str(exc))
        raise ExportError(f"cannot write {path}: {reason}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, default_mode() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):  # disk full, quota: the old file is still in place
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return True


# What each format wrote in a folder, with each file's hash: the files an export no longer
# writes (a paper renamed, a page gone) are removed, and only those. JSON, but named without
# .json, so a glob for the exported JSON Resume (*.json) never finds it.
MANIFEST = ".cvkit-written"


def replace_written(root: Path, owner: str, files: dict[str, bytes]) -> list[str]:
    """Record what ``owner`` (a format) has just written under ``root`` (paths relative to
    it); remove what it wrote there before and no longer writes, where the file is still as
    it was written. A file cvkit did not write, or one edited since, is never removed. The
    notes say what was done."""
    manifest = root / MANIFEST
    try:
        known = json.loads(manifest.read_text("utf-8"))
        if not isinstance(known, dict):
            known = {}
    except (OSError, ValueError):
        known = {}
    recorded = known.get(owner)
    before: dict[str, str] = recorded if isinstance(recorded, dict) else {}
    now = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    notes = []
    for rel, digest in sorted(before.items()):
        path = root / rel
        if rel in now or not is_within(root, path) or not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            notes.append(f"{rel}: an earlier export wrote it and it was edited since; left in "
                         "place")
            continue
        path.unlink()
        notes.append(f"removed {rel}: an earlier export wrote it, this one does not")
        for folder in path.parents:
            if folder == root or not is_within(root, folder):
                break
            try:
                folder.rmdir()  # only an empty one
            except OSError:
                break
    known[owner] = now
    if known.get(owner) != before or notes:
        write_atomic(manifest, (json.dumps(known, indent=1, sort_keys=True) + "\n").encode())
    return notes


def deterministic_zip(entries: Iterable[tuple[str, bytes]], when: _dt.datetime) -> bytes:
    """A zip whose bytes depend only on its entries and ``when`` (SOURCE_DATE_EPOCH): fixed
    entry times and permissions, in the order given. DOCX packages and bundle zips use it."""
    stamp = max(when.astimezone(_dt.UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()
