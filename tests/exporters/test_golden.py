"""Golden Markdown and text output: regenerate with `pytest --update-golden`, review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, render
from cvkit.profile.load import load_profile

from ..conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
SUFFIX = {"markdown": ".md", "text": ".txt"}


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden(fmt: str, path: Path, update_golden: bool) -> None:
    out = render(load_profile(path), fmt, ExportOptions(), path.parent).data.decode("utf-8")
    golden = GOLDEN / f"{path.stem}{SUFFIX[fmt]}"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}; run pytest --update-golden"
    assert out == golden.read_text(encoding="utf-8"), \
        f"{golden.name} differs; if intended, run pytest --update-golden and review the diff"
