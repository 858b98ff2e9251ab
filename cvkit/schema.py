"""The JSON Schema of the profile, generated from the model (never written by hand)."""

from __future__ import annotations

import json


def profile_schema_text() -> str:
    from .model import Profile

    schema = Profile.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "cvkit profile", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def bundle_schema_text() -> str:
    from .model.bundle import Bundle

    schema = Bundle.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "cvkit bundle", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
