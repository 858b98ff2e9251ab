"""Files a profile points at (its photo): found beside the profile, never outside it."""

from __future__ import annotations

from pathlib import Path

from cvkit.support.errors import ExportError
from cvkit.support.output import is_within


def local_file(base_dir: Path, relative: str, what: str = "photo") -> Path:
    """``base_dir/relative`` as a real file inside ``base_dir``, or a clear ExportError.

    The model already refuses absolute paths and ``..``; this also catches symlinks that
    point outside the profile's folder.
    """
    root = base_dir.resolve()
    target = (root / relative).resolve()
    if not is_within(root, target):
        raise ExportError(f"{what} {relative!r} resolves outside the profile's folder {root}; "
                          "copy the image next to the profile")
    if not target.is_file():
        raise ExportError(f"{what} {relative!r} not found (looked for {target}); "
                          "fix the path or export with --no-photo")
    return target
