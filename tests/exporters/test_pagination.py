"""Entries stay whole on one page in the PDF, the compiled LaTeX and the DOCX.

A long generated profile (papers, positions, schools, awards of varying length) is laid out
by each real consumer; each page's text is extracted and every entry's pieces must be found
together on one page: a paper or an award or an education entry whole, a position's heading
with its first lines (all of it when short).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export

from ..conftest import require_tool
from ..longprofile import Piece, long_profile
from .test_contract import normalise
from .test_docx import _soffice, convert_with_libreoffice
from .test_latex import require_tex


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return ["".join(normalise(page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def split_entries(pages: list[str], pieces: list[Piece]) -> list[str]:
    """The entries whose pieces are not all on one page (or are missing)."""
    broken = []
    for piece in pieces:
        wanted = ["".join(normalise(t).split()) for t in piece.together]
        if not any(all(w in page for w in wanted) for page in pages):
            where = {w: [i + 1 for i, page in enumerate(pages) if w in page] for w in wanted}
            broken.append(f"{piece.kind} {piece.together[0]!r}: pages {where}")
    return broken


@pytest.fixture(scope="module")
def long_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Piece]]:
    folder = tmp_path_factory.mktemp("long")
    text, pieces = long_profile()
    (folder / "long.yaml").write_text(text, encoding="utf-8")
    return folder, pieces


def _pdf_of(fmt: str, folder: Path) -> bytes:
    out = folder / fmt
    if fmt == "latex":
        require_tex()
        export(folder / "long.yaml", ["latex"], out, options=ExportOptions(extra={"compile": True}))
        return next(out.glob("*-latex.pdf")).read_bytes()
    export(folder / "long.yaml", [fmt], out)
    if fmt == "docx":
        require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
        return convert_with_libreoffice(next(out.glob("*.docx")), out).read_bytes()
    return next(out.glob("*.pdf")).read_bytes()


@pytest.mark.parametrize("theme", ["academic", "industry"])
def test_pdf_keeps_entries_whole(long_export: tuple[Path, list[Piece]], theme: str) -> None:
    folder, pieces = long_export
    out = folder / f"pdf-{theme}"
    export(folder / "long.yaml", ["pdf"], out, options=ExportOptions(theme=theme))
    pages = page_texts(next(out.glob("*.pdf")).read_bytes())
    assert len(pages) > 5
    assert split_entries(pages, pieces) == []


@pytest.mark.parametrize("fmt", ["latex", "docx"])
def test_entries_stay_whole(long_export: tuple[Path, list[Piece]], fmt: str) -> None:
    folder, pieces = long_export
    pages = page_texts(_pdf_of(fmt, folder))
    assert len(pages) > 5
    assert split_entries(pages, pieces) == []
