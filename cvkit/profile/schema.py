"""JSON Schemas of what people write by hand, generated from the models (never by hand):
profiles, bundle files, and theme design files."""

from __future__ import annotations

import json
from typing import Any

from cvkit.profile.design import Design
from cvkit.profile.model import Profile
from cvkit.profile.model.bundle import Bundle

KINDS = ("profile", "bundle", "design")


def _model(kind: str) -> Any:
    if kind == "profile":
        return Profile
    if kind == "bundle":
        return Bundle
    return Design


def schema_text(kind: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"cvkit {kind}", **_model(kind).model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def profile_schema_text() -> str:
    return schema_text("profile")


def bundle_schema_text() -> str:
    return schema_text("bundle")
