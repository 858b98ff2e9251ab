"""The user's cache: private, authenticated, and never code.

What cvkit keeps between runs (a profile's parse and validated model, the locale and design
files, drawn formulas, month patterns) lives in ``$XDG_CACHE_HOME/cvkit`` (``~/.cache/cvkit``),
in folders only the user may enter (0700) and files only the user may read (0600): a CV's
contact details and hidden entries are in there.

Every entry starts with an HMAC-SHA256 of its bytes under a key of the user's own, kept 0600
in ``$XDG_STATE_HOME/cvkit`` (``~/.local/state/cvkit``), outside the cache folder: an entry
this user's cvkit did not write (planted in a shared folder, restored from another machine's
CI cache, edited, cut short) does not match and is dropped and made again, silently.
Validated models are read back by an unpickler that builds cvkit's own model classes and plain
values and refuses every other name, so even an entry under a stolen key cannot call a
function. Nothing executable is kept: Jinja's compiled templates are not cached.

``CVKIT_NO_CACHE=1`` (or ``--no-cache``) turns the cache off; ``cvkit cache clear`` removes it.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import io
import os
import pickle
import shutil
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from cvkit.support.errors import CvkitError
from cvkit.support.output import write_atomic
from cvkit.support.resources import code_fingerprint

KEEP = 8  # versions of one kind kept (a profile saved over and over under `cvkit watch`)
_MAC_BYTES = 32


def enabled() -> bool:
    return os.environ.get("CVKIT_NO_CACHE") != "1"


def root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvkit"


def key_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "cvkit" / "cache.key"


def _private_folder(path: Path) -> bool:
    """Make ``path`` (and its missing parents) a folder of this user's alone; False where it
    is not this user's or cannot be made so."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o077:
            os.chmod(path, 0o700)
    except OSError:
        return False
    return True


def folder(kind: str) -> Path | None:
    """The private folder of one kind of entry, or None: no cache (turned off, or a place
    that cannot be made private)."""
    if not enabled() or _key() is None:
        return None
    place = root() / kind
    if not (_private_folder(root()) and _private_folder(place)):
        return None
    return place


@lru_cache(maxsize=4)
def _key_at(path: Path) -> bytes | None:
    try:
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() \
                and not info.st_mode & 0o077 and info.st_size == 32:
            return path.read_bytes()
        path.unlink()  # someone else's, or readable by others: a new one
    except FileNotFoundError:
        pass
    except OSError:
        return None
    if not _private_folder(path.parent):
        return None
    key = os.urandom(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
    except FileExistsError:  # another cvkit made it meanwhile
        _key_at.cache_clear()
        return _key_at(path) if path.is_file() else None
    except OSError:
        return None
    return key


def _key() -> bytes | None:
    return _key_at(key_file())


def read(kind: str, name: str) -> bytes | None:
    """The bytes stored as ``name``, or None: absent, or not written by this user's cvkit
    (then it is removed)."""
    place = folder(kind)
    key = _key()
    if place is None or key is None:
        return None
    path = place / name
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    mac, data = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
    if hmac.compare_digest(mac, hmac.new(key, data, hashlib.sha256).digest()):
        return data
    try:
        path.unlink()
    except OSError:
        pass
    return None


def write(kind: str, name: str, data: bytes, *, keep: int | None = None) -> None:
    """Store ``data`` as ``name`` (0600, whole or not at all); with ``keep``, only the newest
    ``keep`` entries of the kind stay. A cache that cannot be written is only slower."""
    place = folder(kind)
    key = _key()
    if place is None or key is None:
        return
    try:
        write_atomic(place / name, hmac.new(key, data, hashlib.sha256).digest() + data,
                     mode=0o600)
    except CvkitError:
        return
    if keep is not None:
        keep_newest(place, keep)


def has(kind: str, name: str) -> bool:
    place = folder(kind)
    return place is not None and (place / name).is_file()


def entry_name(key: tuple[str, ...]) -> str | None:
    """The name of the entry holding what was computed from ``key`` by this copy of cvkit's
    code; None where the code cannot be named (then nothing is cached)."""
    code = code_fingerprint()
    if code is None:
        return None
    return hashlib.sha256("\0".join((code, *key)).encode()).hexdigest()[:40] + ".pickle"


def profile_key(path: Path, text: str) -> tuple[str, ...]:
    """What a validated profile depends on: its text, how it is read (the suffix), and the
    locales on CVKIT_PATH (validation reads them, so the same text may mean another
    profile)."""
    return (os.environ.get("CVKIT_PATH", ""), path.suffix.lower(), text)


def load_value(kind: str, key: tuple[str, ...]) -> Any:
    """The value stored under ``key``, or None."""
    name = entry_name(key)
    data = read(kind, name) if name else None
    if data is None:
        return None
    try:
        return _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - an entry of other code: computed again
        return None


def store_value(kind: str, key: tuple[str, ...], value: Any, *, keep: int = KEEP) -> None:
    name = entry_name(key)
    if name is None or folder(kind) is None:
        return
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _ModelUnpickler(io.BytesIO(data)).load()  # what could not be read back is not kept
    except Exception:  # noqa: BLE001 - not a value of the kinds kept: no cache, only slower
        return
    write(kind, name, data, keep=keep)


def keep_newest(place: Path, keep: int) -> None:
    """Drop all but the ``keep`` most recently written files of a cache folder."""
    try:
        entries = sorted((p for p in place.iterdir() if p.is_file()),
                         key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the folder went: either is fine


def clear() -> list[Path]:
    """Remove the cache and its key; the places removed."""
    removed = []
    for place in (root(), key_file()):
        if place.is_dir() and not place.is_symlink():
            shutil.rmtree(place, ignore_errors=True)
            removed.append(place)
        elif place.exists() or place.is_symlink():
            place.unlink(missing_ok=True)
            removed.append(place)
    _key_at.cache_clear()
    return removed


# What a cached value may be built from: cvkit's model classes and plain values. A pickle can
# otherwise name any function and call it; here every other name is refused. A class is taken
# only from a module already imported (whoever reads a profile, a design or a locale from the
# cache has imported their classes to use them): reading never imports a module, so this
# bottom floor depends on no package above it, and a module not loaded yet is a cache miss.
_MODEL_MODULES = ("cvkit.profile.model.", "cvkit.profile.source", "cvkit.support.errors",
                  "cvkit.document.richtext", "cvkit.profile.design", "cvkit.profile.locale")
_PLAIN = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"),
          ("datetime", "timezone"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
          ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath"), ("builtins", "set"),
          ("builtins", "frozenset")}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # Imported here, not with this module: the PDF worker imports the cache (a fitted
        # page's step is kept in it) and needs no pydantic; what reads a model back has it.
        from pydantic import BaseModel

        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        loaded = sys.modules.get(module)
        if loaded is not None and module.startswith(_MODEL_MODULES) and "." not in name:
            found = getattr(loaded, name, None)
            if isinstance(found, type) and (issubclass(found, BaseModel | enum.Enum)
                                            or dataclasses.is_dataclass(found)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a cached value's class")
