"""Median whole-process wall time of `cvkit import orcid` on a record of 200 works.

    python bench/import_orcid.py [--runs N]

The record is the fixture's (tests/fixtures/orcid/record.json) with 200 works, each from two
sources, 1.3 MB of JSON: a long career's record. Target (issue 29): under a second for the
import itself; the row beside it is `cvkit validate` of the profile it writes, the floor any
command pays (Python, the imports, the model's validators).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import ROOT, median_wall

sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from tests.test_records import orcid_record_with

    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "record.json"
        record.write_text(json.dumps(orcid_record_with(200)), encoding="utf-8")
        profile = Path(tmp) / "profile.yaml"
        took = median_wall(["import", "orcid", str(record), "-o", str(profile), "--force"],
                           args.runs)
        floor = median_wall(["validate", str(profile)], args.runs)
    print(f"| import orcid, 200 works | {took:.2f} s | validate the result | {floor:.2f} s |")


if __name__ == "__main__":
    main()
