"""Entries named by stable ids (cvkit.profile.entries), and a selection by those ids
(Variant.entries, ExportOptions.entries) applied once, in tailor."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvkit.build import api
from cvkit.profile.entries import LABELS, SECTIONS, list_entries
from cvkit.profile.load import load_profile
from cvkit.profile.model.layout import Variant
from cvkit.profile.tailor import tailor
from cvkit.support.errors import ExportError

from .conftest import EXAMPLES

PROFILE = """\
name: Ada Example
news:
  - {date: 2025-07, text: Paper accepted}
publications:
  - {title: Fast Training of Sparse Models, authors: [Ada Example], date: 2025, tags: [ml]}
  - {title: Same Title, authors: [Ada Example], date: 2024}
  - {title: Same Title, authors: [Ada Example], date: 2023, slug: kept-slug}
  - {title: A Hidden Paper, authors: [Ada Example], hidden: true}
experience:
  - {organization: Acme, position: Research Scientist, start: 2022, end: present}
  - {organization: Acme, roles: [{title: Intern, start: 2020}], start: 2020, end: 2021}
awards:
  - {title: Best Paper Award, date: 2024}
  - {title: Best Paper Award, date: 2023}
variants:
  short:
    entries: [publications/same-title, 'awards[1]']
"""


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def test_every_entry_has_an_id_unique_in_its_section(profile: Path) -> None:
    listed = list_entries(load_profile(profile))
    assert [e.id for e in listed] == [  # in the default order of the sections
        "news/2025-07-paper-accepted",
        "experience/acme-research-scientist", "experience/acme-intern",
        "publications/fast-training-of-sparse-models", "publications/same-title",
        "publications/kept-slug", "publications/a-hidden-paper",
        "awards/best-paper-award", "awards/best-paper-award-2"]
    by_id = {e.id: e for e in listed}
    first = by_id["publications/fast-training-of-sparse-models"]
    assert (first.section, first.index, first.date, first.tags, first.selected) == \
        ("publications", 0, "2025", ["ml"], False)
    assert by_id["publications/a-hidden-paper"].hidden
    scientist = by_id["experience/acme-research-scientist"]
    assert (scientist.start, scientist.end, scientist.label) == \
        ("2022", "present", "Acme Research Scientist")


def test_every_list_section_is_named_by_its_fields() -> None:
    assert set(SECTIONS) - {"publications"} == set(LABELS)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_ids_are_unique_in_every_example(example: Path) -> None:
    ids = [e.id for e in list_entries(load_profile(example))]
    assert len(ids) == len(set(ids))


def test_a_paper_id_is_its_homepage_key(profile: Path) -> None:
    html = api.render(load_profile(profile), "html").data.decode("utf-8")
    for key in ("fast-training-of-sparse-models", "same-title", "kept-slug"):
        assert f'id="{key}"' in html


def test_ids_do_not_move_when_a_selection_leaves_entries_out(profile: Path) -> None:
    loaded = load_profile(profile)
    before = [e.id for e in list_entries(loaded)]
    shorter = tailor(loaded, Variant(exclude_tags=["ml"]))
    assert [e.id for e in list_entries(loaded)] == before
    assert [p.title for p in shorter.publications] == ["Same Title", "Same Title"]


def test_a_variant_keeps_only_the_entries_it_names_in_their_sections(profile: Path) -> None:
    loaded = load_profile(profile)
    kept = tailor(loaded, loaded.variants["short"])
    assert [(p.title, p.date and p.date.year) for p in kept.publications] == [
        ("Same Title", 2024)]
    assert [a.date and a.date.year for a in kept.awards] == [2023]
    assert len(kept.experience) == 2 and len(kept.news) == 1  # sections it does not name


def test_a_named_hidden_entry_stays_hidden(profile: Path) -> None:
    kept = tailor(load_profile(profile), Variant(entries=["publications/a-hidden-paper"]))
    assert kept.publications == []


def test_the_other_rules_still_apply_to_the_named_entries(profile: Path) -> None:
    kept = tailor(load_profile(profile), Variant(
        entries=["publications/fast-training-of-sparse-models", "publications/kept-slug"],
        exclude_tags=["ml"]))
    assert [p.slug for p in kept.publications] == ["kept-slug"]


@pytest.mark.parametrize(("given", "said"), [
    ("publications/fast", "did you mean 'publications/fast-training-of-sparse-models'?"),
    ("publications/same-titel", "did you mean 'publications/same-title'?"),
    ("awards[7]", "unknown entry 'awards[7]'"),
    ("talks/anything", "unknown entry 'talks/anything'"),
])
def test_an_id_that_names_nothing_says_which_was_meant(profile: Path, given: str,
                                                        said: str) -> None:
    with pytest.raises(ExportError, match="list_entries gives every entry's id") as found:
        tailor(load_profile(profile), Variant(entries=[given]))
    assert said in str(found.value)


def test_an_export_takes_ids_over_the_variant(profile: Path, tmp_path: Path) -> None:
    options = api.ExportOptions(variant="short", entries=["publications/kept-slug"])
    result = api.export(profile, ["markdown"], tmp_path / "out", options=options)
    text = result.written[0].path.read_text("utf-8")
    assert "Same Title" in text and "Fast Training" not in text
    assert "Best Paper Award" in text  # the variant's awards[1] is replaced, not kept
    assert text.count("Best Paper Award") == 2


def test_a_variant_naming_no_entry_is_a_located_problem(profile: Path) -> None:
    text = profile.read_text("utf-8").replace("'awards[1]'", "'awards[5]', awards/best")
    profile.write_text(text, encoding="utf-8")
    result = api.validate(profile)
    written = "    entries: [publications/same-title, 'awards[5]', awards/best]"
    line = text.splitlines().index(written) + 1
    assert [(p.line, p.column, p.path, p.message) for p in result.problems] == [
        (line, written.index("'awards[5]'") + 1, "variants.short.entries[1]",
         "unknown entry 'awards[5]'; list_entries gives every entry's id"),
        (line, written.index("awards/best") + 1, "variants.short.entries[2]",
         "unknown entry 'awards/best'; did you mean 'awards/best-paper-award' or "
         "'awards/best-paper-award-2'? list_entries gives every entry's id")]
