"""Where bundled templates, schemas and examples live: inside the wheel, or the source tree."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """``templates``, ``schemas`` or ``examples``: the installed copy, else the checkout's."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def extension_dirs(kind: str, *, user: bool = True) -> list[Path]:
    """Folders holding ``kind`` (``locales``, ``themes``, ``templates``), searched in order:
    ``<folder>/<kind>`` for each folder on ``CVKIT_PATH`` (a user's or a team's own
    extensions), then cvkit's own."""
    found = []
    if user:
        for entry in os.environ.get("CVKIT_PATH", "").split(os.pathsep):
            if entry and (Path(entry) / kind).is_dir():
                found.append(Path(entry) / kind)
    own = resource_dir(kind)
    if own.is_dir():
        found.append(own)
    return found


@functools.cache
def code_fingerprint() -> str | None:
    """Names this copy of cvkit's code (its version and every module's size and time), so a
    cache entry made by other code, after an upgrade or an edit in a checkout, is never read.
    None where the modules are not files to look at (a zip, a frozen build): no cache then."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    try:
        modules = sorted(_PACKAGE.rglob("*.py"))
        for module in modules:
            stat = module.stat()
            digest.update(f"{module.relative_to(_PACKAGE)}:{stat.st_size}:"
                          f"{stat.st_mtime_ns};".encode())
    except OSError:
        return None
    return digest.hexdigest()[:16] if modules else None


def cache_entry(kind: str, key: tuple[str, ...]) -> Path | None:
    """The file in the user's cache (folder ``kind``) that holds the value computed from
    ``key`` by this copy of cvkit's code; None where there is no cache."""
    code = code_fingerprint()
    folder = user_cache(kind) if code else None
    if folder is None or code is None:
        return None
    name = hashlib.sha256("\0".join((code, *key)).encode()).hexdigest()[:40]
    return folder / f"{name}.pickle"


def profile_key(path: Path, text: str) -> tuple[str, ...]:
    """What a validated profile depends on: its text, how it is read (the suffix), and the
    locales on CVKIT_PATH (validation reads them, so the same text may mean another
    profile)."""
    return (os.environ.get("CVKIT_PATH", ""), path.suffix.lower(), text)


def keep_newest(folder: Path, keep: int) -> None:
    """Drop all but the ``keep`` most recently written files of a cache folder: a profile
    saved a hundred times under `cvkit watch` must not leave a hundred entries behind."""
    try:
        entries = sorted((p for p in folder.iterdir() if p.is_file()),
                         key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the folder went: either is fine


def user_cache(name: str) -> Path | None:
    """A writable folder ``name`` in the user's cache (``$XDG_CACHE_HOME/cvkit``), or None:
    CVKIT_NO_CACHE=1 turns caching off, and an unwritable place just means no cache."""
    if os.environ.get("CVKIT_NO_CACHE") == "1":
        return None
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvkit" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return folder
