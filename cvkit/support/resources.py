"""Where bundled templates, schemas and examples live: inside the wheel, or the source tree."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from cvkit.support.version import __version__

_PACKAGE = Path(__file__).resolve().parent.parent  # cvkit/, above support/


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
