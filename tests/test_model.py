from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from cvkit.profile.load import load_profile
from cvkit.profile.schema import profile_schema_text

from .conftest import EXAMPLES, ROOT

ISSUE_EXAMPLE = textwrap.dedent("""\
    name: Weilin Cai
    aliases: [W. Cai]
    headline: Ph.D. student, HKUST (Guangzhou)
    contact: {email: weilin@example.org, location: "Guangzhou, China"}
    links: {scholar: "https://scholar.google.com/citations?user=XXXX", github: weilincai}
    about: I work on **ML systems**, supervised by [Prof. Jiayi Huang](https://example.org).
    interests: [ML Systems, Efficient AI, HPC]
    news:
      - {date: 2026-01, text: "Paper **FlexTrain** accepted to **MLSys 2026**"}
    publications:
      - title: "Chimera: Communication Fusion for Hybrid Parallelism in Large Language Models"
        authors: [Le Qin, Junwei Cui, Weilin Cai, Jiayi Huang]
        venue: ACM/IEEE International Symposium on Computer Architecture
        venue_tag: ISCA '25
        kind: conference
        date: 2025-06
        award: Distinguished Artifact Award
      - title: "A Survey on Mixture of Experts in Large Language Models"
        authors: ["Weilin Cai*", "Juyong Jiang*", "Fan Wang*", Jing Tang, Sunghun Kim, Jiayi Huang]
        venue: IEEE Transactions on Knowledge and Data Engineering
        venue_tag: TKDE '25
        kind: journal
        volume: "37"
        issue: "7"
        pages: 3896–3915
        date: 2025-03
    experience:
      - organization: AutoCoder.cc
        position: LLM Algorithm Engineer
        start: 2025-12
        end: present
        highlights: ["Improve **MFU** through communication–computation overlap"]
    education:
      - institution: The University of Sydney
        degree: Bachelor of Advanced Computing (Honours)
        field: Computer Science
        start: 2017-09
        end: 2021-12
        gpa: 89 / 100
        honors: First Class Honours
    awards:
      - {title: "CPC2021 Parallel Application Challenge", rank: National Champion, date: 2021}
    """)


def test_issue_example_validates_as_written(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    p = load_profile(path)
    assert p.publications[1].authors[0] == "Weilin Cai*"
    assert str(p.experience[0].end) == "present"
    assert p.education[0].gpa == "89 / 100"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_validate(path: Path) -> None:
    assert load_profile(path).name


def test_names_in_any_script(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: 蔡伟林\naliases: [Łukasz Żółć, José Ångström]\n", encoding="utf-8")
    p = load_profile(path)
    assert p.name == "蔡伟林" and p.aliases == ["Łukasz Żółć", "José Ångström"]


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: \"Jose\u0301\"\n", encoding="utf-8")
    assert load_profile(path).name == "Jos\u00e9"


def test_schema_is_current() -> None:
    committed = (ROOT / "schemas" / "profile.schema.json").read_text(encoding="utf-8")
    assert committed == profile_schema_text(), \
        "schemas/profile.schema.json is stale: run `cvkit schema -o schemas/profile.schema.json`"


def test_examples_validate_against_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    schema = json.loads((ROOT / "schemas" / "profile.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in EXAMPLES:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_design_schema_is_current() -> None:
    from cvkit.profile.schema import schema_text

    committed = (ROOT / "schemas" / "design.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text("design"), \
        "schemas/design.schema.json is stale: run `cvkit schema --kind design -o " \
        "schemas/design.schema.json`"
