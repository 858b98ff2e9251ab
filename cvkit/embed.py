"""The PDF carries its profile: the file a CV was made from, attached to it.

The attachment is the profile as its owner wrote it (comments and all), byte for byte (a
UTF-8 byte-order mark aside), under a name no other tool uses; entries marked
``hidden: true`` are taken out first unless asked for (they are kept out of every export,
so out of this one too).
``cvkit import pdf`` gives the file back exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import ExportError

NAME = "cvkit-profile"  # + the profile's suffix: .yaml or .json
DESCRIPTION = "The cvkit profile this CV was made from"


def attachment(path: Path, text: str | None = None, *,
               with_hidden: bool = False) -> tuple[str, bytes]:
    """(name, bytes) of the profile to attach to a PDF made from ``path``: ``text`` is what
    the export read (read here only when the caller has not), so the PDF carries exactly
    the profile it was made from, even when the file is saved again meanwhile."""
    from .source import read_text

    text = read_text(path) if text is None else text
    suffix = ".json" if path.suffix.lower() == ".json" else ".yaml"
    raw = text.encode("utf-8")
    if with_hidden or "hidden" not in text:
        return NAME + suffix, raw
    if suffix == ".json":
        data = json.loads(text)
        if not _drop_hidden(data):
            return NAME + suffix, raw
        return NAME + suffix, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    from .yamlio import dump_roundtrip, parse_roundtrip

    document = parse_roundtrip(text)
    if not _drop_hidden(document):
        return NAME + suffix, raw
    return NAME + suffix, dump_roundtrip(document).encode("utf-8")


def _drop_hidden(value: Any) -> bool:
    """Remove entries with ``hidden: true`` from every list, at any depth; True if any."""
    dropped = False
    if isinstance(value, dict):
        for item in value.values():
            dropped |= _drop_hidden(item)
    elif isinstance(value, list):
        for i in range(len(value) - 1, -1, -1):
            item = value[i]
            if isinstance(item, dict) and item.get("hidden") is True:
                del value[i]
                dropped = True
            else:
                dropped |= _drop_hidden(item)
    return dropped


def extract(pdf: Path) -> tuple[str, bytes]:
    """The profile a cvkit PDF carries: (file name, bytes)."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(pdf)
        files = reader.attachments
    except (OSError, PdfReadError, ValueError) as exc:
        raise ExportError(f"{pdf}: not a PDF that can be read ({exc})") from None
    for name, contents in files.items():
        if name.startswith(NAME + ".") and contents:
            return name, contents[0]
    raise ExportError(f"{pdf} carries no cvkit profile: it was made by another tool, or "
                      "exported with --no-embed-source")
