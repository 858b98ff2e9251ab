"""The docs' table of which field reaches which format (docs/reference/formats.md) is what
cvkit does."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("field_table",
                                                  ROOT / "scripts" / "field_table.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_table_is_measured() -> None:
    script = _script()
    page = script.PAGE.read_text("utf-8")
    assert script.readme_with(script.table(), page) == page, (
        "docs/reference/formats.md's field table is out of date: run "
        "python scripts/field_table.py --update and read the diff")


def test_the_marker_profile_fills_every_field() -> None:
    from cvkit.profile.model import Profile

    profile, by_field = _script().marker_profile()
    Profile.model_validate(profile)
    assert len(set(by_field.values())) == len(by_field) > 100
    # Fields the table reads as never printed would be a marker lost, not a finding.
    assert {"publications[].abstract", "news[].text", "references[].text"} <= set(by_field)
