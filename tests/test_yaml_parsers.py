"""Profiles are composed by libyaml (ruamel.yaml.clib) where it is installed, by ruamel's
Python parser otherwise or where libyaml refuses the text: both give the same data and the same
positions, and every mistake is explained by the Python parser, as it always was."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvkit.profile import source as reading
from cvkit.support.errors import ProfileError

from .conftest import ROOT

pytestmark = pytest.mark.skipif(reading._composed_in_c("a: 1") is None,
                                reason="ruamel.yaml.clib (libyaml) is not installed")

EDGE_CASES = """\
bools: [true, True, false, yes, no, on, off]
nulls: [~, null, Null, ""]
empty:
ints: [0, 7, -3, +5, 0o17, 017, 0x1F, 1_000, 0b101]
floats: [1.5, -0.5, .5, 1e3, 1.0e+3, .inf, -.Inf, .NaN, 6.02e23]
dates: [2024-01-02, 2024-1-2, 2024-01, 2024]
timestamp: 2024-01-02T10:00:00Z
clock: 1:20
strings: ['single', "double \\u00e9 \\t", plain text, "multi
  line", 'it''s']
block: |
  line one
    indented
folded: >-
  folded
  text
anchors:
  base: &b {x: 1, y: [1, 2]}
  ref: *b
"quoted key": 1
? complex
: value
unicode: 基于 — “quotes” — עברית — مرحبا
tagged: !!str 123
seq_of_maps:
  - name: a
    v: 1
  - {name: b, v: 2}
nested: [[1, [2, [3]]], {a: {b: {c: d}}}]
"""


def _python_parse(text: str, file: Path, monkeypatch: pytest.MonkeyPatch) -> reading.Source:
    with monkeypatch.context() as patch:
        patch.setattr(reading, "_composed_in_c", lambda text: None)
        return reading.parse_source(text, file)


def _same(a: reading.Source, b: reading.Source) -> None:
    assert a.data == b.data
    assert a.positions == b.positions
    assert a.key_positions == b.key_positions
    assert [w.format() for w in a.warnings] == [w.format() for w in b.warnings]


PROFILES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/fixtures/*.yaml"),
                   *ROOT.glob("locales/*.yaml"), *ROOT.glob("themes/*/design.yaml"),
                   ROOT / "cvkit" / "cli" / "starter.yaml"])


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_libyaml_reads_every_bundled_file_as_python_does(path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text("utf-8-sig")
    assert reading._composed_in_c(text) is not None
    _same(reading.parse_source(text, path), _python_parse(text, path, monkeypatch))


def test_libyaml_reads_every_kind_of_scalar_as_python_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tags come from the same YAML 1.2 resolver: `yes` stays text, `017` is 17, `1:20` is
    text; anchors, quoting styles, block scalars and every script read alike."""
    path = tmp_path / "edge.yaml"
    ours = reading.parse_source(EDGE_CASES, path)
    _same(ours, _python_parse(EDGE_CASES, path, monkeypatch))
    assert ours.data["bools"] == [True, True, False, "yes", "no", "on", "off"]
    assert ours.data["ints"] == [0, 7, -3, 5, 15, 17, 31, 1000, 5]
    assert ours.data["clock"] == "1:20" and ours.data["anchors"]["ref"] == {"x": 1, "y": [1, 2]}
    # A value left out is placed at its key (libyaml would say after the colon, ruamel's
    # parser at the start of the next line).
    assert ours.positions[("empty",)] == (3, 1)


@pytest.mark.parametrize("text", [
    "dates: [2024-01-02T10:00:00Z, 1:20]\n",  # ':' in a flow list: YAML 1.2 only
    "name: Ada\u2028Lovelace\n",  # a line break to YAML 1.1, a character to YAML 1.2
], ids=["colon-in-flow", "line-separator"])
def test_what_libyaml_reads_otherwise_goes_to_the_python_parser(
        tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert reading._composed_in_c(text) is None
    _same(reading.parse_source(text, tmp_path / "p.yaml"),
          _python_parse(text, tmp_path / "p.yaml", monkeypatch))


@pytest.mark.parametrize("text, where", [
    ("name: Ada\n  email: [unclosed\n", "bad.yaml:2:8: YAML syntax error: mapping values"),
    ("name: 'unterminated\n", "bad.yaml:2:1: YAML syntax error: while scanning a quoted"),
    ("- a\nb: c\n", "bad.yaml:2:1: YAML syntax error: while parsing a block collection"),
    ("name: Ada\n\tlocation: tab\n", "bad.yaml:2:1: YAML syntax error: while scanning for"),
])
def test_a_mistake_is_explained_by_the_python_parser(tmp_path: Path, text: str, where: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml accepts none of these: ruamel's parser reports each, located, word for word as
    it does where libyaml is not installed."""
    path = tmp_path / "bad.yaml"
    with pytest.raises(ProfileError) as ours:
        reading.parse_source(text, path)
    with pytest.raises(ProfileError) as python:
        _python_parse(text, path, monkeypatch)
    said = [p.format().replace(str(tmp_path) + "/", "") for p in ours.value.problems]
    assert len(said) == 1 and said[0].startswith(where)
    assert said == [p.format().replace(str(tmp_path) + "/", "")
                    for p in python.value.problems]
