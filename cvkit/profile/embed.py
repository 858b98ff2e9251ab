"""The PDF carries its profile: the profile a CV shows, attached to it.

By default the attachment is built from the Document the PDF was laid out from, so it holds
exactly what that CV shows: the entries the selection kept (hidden ones out, whatever the
spelling of ``hidden`` pydantic accepted; a tailored CV's other entries out), the sections the
design prints, and none of the notes to self a file can hold: no comments, no tags, no
variants, no imported ``extra`` data. ``cvkit import pdf`` gives it back, and exporting it
again gives the same CV.

Asked for (``--embed-archive``), the attachment is instead the file as written, byte for
byte: comments, hidden entries, tags and variants included, for its owner's own archive.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvkit.profile.model.kinds import DEFAULT_SECTION_ORDER
from cvkit.profile.options import Embedding
from cvkit.profile.source import read_text
from cvkit.profile.yamlio import dump_plain
from cvkit.support.errors import ExportError
from cvkit.support.limits import (
    MAX_ATTACHMENT_BYTES,
    MAX_PDF_BYTES,
    MAX_PDF_STREAM_BYTES,
    LimitError,
    read_bytes,
    size,
    too_big,
)

if TYPE_CHECKING:
    from cvkit.document import Document

NAME = "cvkit-profile"  # + the profile's suffix: .yaml or .json
DESCRIPTION = "The cvkit profile this CV was made from: what the CV shows, nothing more"
ARCHIVE_DESCRIPTION = ("The cvkit profile this CV was made from, as written: comments, "
                       "hidden entries, tags and variants included")
# The PDF's document information says it carries a profile (readers show it as a property).
INFO_KEY = "CvkitProfile"
# ... and the limits its entries were chosen by (section=N ..., cvkit.build.check reads it).
LIMITS_KEY = "CvkitMaxEntries"
# Keys that select or annotate entries but print nowhere: a CV never carries them.
_UNSHOWN_KEYS = ("tags", "hidden")
_UNSHOWN_TOP = ("variants", "extra")


def embedding(path: Path, text: str | None = None, *, archive: bool = False) -> Embedding:
    """What a PDF made from ``path`` attaches; ``text`` is what the export read (read here
    only when the caller has not), so an archive is the file the CV was made from even if
    it is saved again meanwhile."""
    suffix = ".json" if path.suffix.lower() == ".json" else ".yaml"
    if not archive:
        return Embedding(suffix)

    text = read_text(path) if text is None else text
    return Embedding(suffix, text.encode("utf-8"))


def description(request: Embedding) -> str:
    """What the PDF says of the profile it carries (before the profile is written)."""
    return ARCHIVE_DESCRIPTION if request.archive is not None else DESCRIPTION


def attachment(doc: Document, request: Embedding, shown: Iterable[str]
               ) -> tuple[str, bytes, str]:
    """(file name, bytes, description) of the profile a PDF of ``doc`` attaches, ``shown``
    being the keys of the sections that PDF prints."""
    name = NAME + request.suffix
    if request.archive is not None:
        return name, request.archive, description(request)
    data = shown_profile(doc, shown)
    if request.suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = dump_plain(data)
    return name, text.encode("utf-8"), description(request)


def shown_profile(doc: Document, shown: Iterable[str]) -> dict[str, Any]:
    """The profile ``doc`` was made from, as profile data, holding only what a CV that
    prints the sections ``shown`` shows."""
    data = doc.record(defaults=False)
    keep = set(shown)
    for key in (*_UNSHOWN_TOP, *(k for k in DEFAULT_SECTION_ORDER if k not in keep)):
        data.pop(key, None)
    _drop_unshown(data)
    layout = data.get("layout")
    if isinstance(layout, dict) and isinstance(layout.get("sections"), list):
        layout["sections"] = [k for k in layout["sections"] if k in keep]
    return data


def _drop_unshown(value: Any) -> None:
    """Remove, at any depth, entries the validated model marks hidden (the selection has
    taken them out already; this holds whatever a later selection rule forgets) and the
    keys no format prints."""
    if isinstance(value, dict):
        for key in _UNSHOWN_KEYS:
            value.pop(key, None)
        for item in value.values():
            _drop_unshown(item)
    elif isinstance(value, list):
        value[:] = [item for item in value
                    if not (isinstance(item, dict) and item.get("hidden") is True)]
        for item in value:
            _drop_unshown(item)


def extract(pdf: Path) -> tuple[str, bytes]:
    """The profile a cvkit PDF carries: (file name, bytes), read within the limits
    (``cvkit.support.limits``): the PDF up to MAX_PDF_BYTES, each stream unpacked up to pypdf's cap
    (ours, MAX_PDF_STREAM_BYTES, where pypdf takes one: 6.18 on), the profile packed as
    cvkit packs it (FlateDecode alone) and no larger than a profile may be."""
    import pypdf
    from pypdf.errors import LimitReachedError, PyPdfError

    configure = getattr(pypdf, "apply_configuration", None)  # scoped to this context
    try:
        with configure(zlib_maximum_output_length=MAX_PDF_STREAM_BYTES) if configure \
                else contextlib.nullcontext():
            reader = pypdf.PdfReader(io.BytesIO(read_bytes(pdf, "PDF", MAX_PDF_BYTES)))
            for entry in reader.attachment_list:
                if not entry.name.startswith(NAME + "."):
                    continue
                spec: Any = entry.pdf_object
                stream = spec["/EF"]["/F"].get_object()
                packed = stream.get("/Filter")
                packed = [packed] if isinstance(packed, str) else list(packed or [])
                if packed not in ([], ["/FlateDecode"]) or "/DecodeParms" in stream:
                    raise ExportError(f"{pdf}: its profile is packed as cvkit never packs it "
                                      f"({' '.join(map(str, packed)) or '/DecodeParms'}); "
                                      "not read")
                stated = int(entry.size or 0)
                data = b"" if stated > MAX_ATTACHMENT_BYTES else entry.content
                if max(stated, len(data)) > MAX_ATTACHMENT_BYTES:
                    raise too_big(pdf, "attached profile", max(stated, len(data)),
                                  MAX_ATTACHMENT_BYTES)
                if data:
                    return entry.name, data
    except LimitReachedError as exc:
        raise LimitError(pdf, f"a stream unpacks past pypdf's cap ({exc}); an attached "
                         f"profile larger than {size(MAX_ATTACHMENT_BYTES)} is refused") from None
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(f"{pdf}: not a PDF that can be read ({exc})") from None
    raise ExportError(f"{pdf} carries no cvkit profile: it was made by another tool, or "
                      "exported with --no-embed-source")
