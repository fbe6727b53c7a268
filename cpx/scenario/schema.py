"""The JSON Schema of scenario files, for editors (completion, checking as you type) and tools."""

from __future__ import annotations

import json

from cpx.scenario.models import Scenario

SCHEMA_ID = "https://cpx.example/scenario.schema.json"
"""A stable identifier for the schema (not fetched from anywhere)."""


STARTEX_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
"""Date, or date and time, as pydantic accepts them for ``meta.startex``."""


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) every scenario file must satisfy."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    # STARTEX is written without seconds or zone (2004-03-08T08:00), which the strict
    # RFC 3339 'date-time' format of editors would flag; say what cpx accepts instead.
    startex = schema["$defs"]["Meta"]["properties"]["startex"]
    startex.pop("format", None)
    startex["pattern"] = STARTEX_PATTERN
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "cpx scenario",
    }
    return schema


def json_schema_text() -> str:
    """The schema as the text ``cpx schema`` writes (stable, ends with a newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
