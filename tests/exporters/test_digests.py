"""Every output of the bundled examples, pinned by digest: a refactor changes none of them.

Text formats are hashed whole. For the PDF the print HTML is hashed (everything cvkit hands
WeasyPrint, so a WeasyPrint or font upgrade does not count as our change), and for the DOCX
the document part and the styles cvkit defines. Regenerate with `pytest --update-golden`
and say in the commit why they changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, render
from cvkit.build.pipeline import document
from cvkit.exporters import RenderContext
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "digests.json"
CASES = [("html", ""), ("pdf", "academic"), ("pdf", "industry"), ("docx", "academic"),
         ("docx", "industry"), ("latex", "academic"), ("latex", "industry"),
         ("jsonresume", ""), ("jekyll", "academicpages"), ("jekyll", "acad")]


def _docx_parts(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml")
        styles = z.read("word/styles.xml").decode("utf-8")
    ours = re.findall(r'<w:style [^>]*w:styleId="(?:Normal|Title|Heading[12]|CV[^"]*)".*?'
                      r"</w:style>", styles, re.S)
    return body + "".join(ours).encode("utf-8")


def digest(path: Path, fmt: str, theme: str) -> str:
    profile = load_profile(path)
    options = ExportOptions(theme=theme)
    if fmt == "pdf":
        from cvkit.exporters.pdf import print_html

        doc = document(profile, options, options.selection(profile), RenderContext().as_of.date())
        html = print_html(doc, RenderContext(theme=theme, base_dir=path.parent),
                          "academic").html
        data = html.encode("utf-8")
    else:
        data = render(profile, fmt, options, path.parent).data
        if fmt == "docx":
            data = _docx_parts(data)
    return hashlib.sha256(data).hexdigest()


def test_outputs_are_unchanged(update_golden: bool) -> None:
    found = {f"{path.stem}/{fmt}/{theme or '-'}": digest(path, fmt, theme)
             for path in EXAMPLES for fmt, theme in CASES}
    if update_golden:
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    pinned = json.loads(GOLDEN.read_text("utf-8"))
    changed = sorted(k for k in found if pinned.get(k) != found[k])
    assert not changed, f"outputs changed: {changed}; if intended, run pytest --update-golden"
    assert set(pinned) == set(found)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_outputs_are_reproducible(fmt: str) -> None:
    """The same profile and SOURCE_DATE_EPOCH give the same bytes, twice in one process."""
    path = EXAMPLES[0]
    first = render(load_profile(path), fmt, ExportOptions(), path.parent).data
    second = render(load_profile(path), fmt, ExportOptions(), path.parent).data
    assert first == second
