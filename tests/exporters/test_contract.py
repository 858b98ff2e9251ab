"""One contract over every registered exporter: renders every example and carries its items."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cvkit import exporters
from cvkit.build.api import ExportOptions, export, render
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES, profile_items

TEXT_FORMATS = ["markdown", "text"]


def extract_text(fmt: str, data: bytes) -> str:
    """Read the output back the way its real consumer does."""
    if fmt == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if fmt == "html":
        from html.parser import HTMLParser

        class Collect(HTMLParser):
            def __init__(self) -> None:
                super().__init__(convert_charrefs=True)
                self.parts: list[str] = []

            def handle_data(self, d: str) -> None:
                self.parts.append(d)

        c = Collect()
        c.feed(data.decode("utf-8"))
        return "".join(c.parts)
    return data.decode("utf-8")


def normalise(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    # Hyphen variants (U+2010/2011) print alike; LibreOffice writes U+2011 as '-'.
    text = text.replace("\u2010", "-")
    text = text.replace("\\", "")  # markdown escapes
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip()


def assert_carries(fmt: str, text: str, path: Path) -> None:
    flat = normalise(text)
    for group, items in profile_items(path).items():
        for item in items:
            assert normalise(item) in flat, f"{fmt}: {group} item {item!r} missing"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_text_exports_carry_every_item(fmt: str, path: Path) -> None:
    artifact = render(load_profile(path), fmt, ExportOptions(), path.parent)
    assert_carries(fmt, extract_text(fmt, artifact.data), path)


def test_registry_suggests() -> None:
    with pytest.raises(Exception) as info:
        exporters.get("markdwn")
    assert "did you mean 'markdown'" in str(info.value)
    assert "available:" in str(info.value)


def test_no_template_bypasses_escaping() -> None:
    """Escaping lives in cvkit/markup; a template that marks text safe would bypass it."""
    import re

    from ..conftest import ROOT

    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.j2")
                 if re.search(r"\|\s*safe\b|autoescape\s+false", p.read_text("utf-8"))]
    assert not offenders


def test_publication_numbers_agree_across_formats(tmp_path: Path) -> None:
    """One numbering rule, set in the view: straight through the groups, in every format."""
    import re
    import zipfile

    from ..conftest import ROOT

    path = ROOT / "examples" / "weilin-cai.yaml"
    export(path, ["pdf", "text", "html", "docx", "latex", "markdown"], tmp_path)
    titles = [t for t in profile_items(path)["titles"]]
    expected = list(range(1, len(titles) + 1))

    def numbers(text: str, pattern: str) -> list[int]:
        return [int(n) for n in re.findall(pattern, text, re.M)]

    pdf = extract_text("pdf", next(tmp_path.glob("*.pdf")).read_bytes())
    assert numbers(pdf, r"^(\d+)\. ?(?:\[|$)") == expected
    text = next(tmp_path.glob("*.txt")).read_text("utf-8")
    assert numbers(text, r"^\[(\d+)\] ") == expected
    md = next(tmp_path.glob("*.md")).read_text("utf-8")
    assert numbers(md, r"^(\d+)\. \*\*") == expected
    xml = zipfile.ZipFile(next(tmp_path.glob("*.docx"))).read("word/document.xml").decode()
    assert numbers(xml, r"<w:t>(\d+)\.</w:t><w:tab/>") == expected
    html = (tmp_path / "index.html").read_text("utf-8")
    starts = numbers(html, r'<ol class="pubs" start="(\d+)"')
    sizes = [len(re.findall(r'<li class="pub"', part)) for part in
             re.split(r'<ol class="pubs"', html)[1:]]
    assert [s + i for s, n in zip(starts, sizes, strict=True) for i in range(n)] == expected
    tex = next(tmp_path.glob("*.tex")).read_text("utf-8")
    tex_starts = numbers(tex, r"start=(\d+),")
    assert tex_starts == starts  # each group's list starts where the last one ended
