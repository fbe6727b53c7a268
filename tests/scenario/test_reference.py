"""The committed format reference and schema are what the models generate."""

from __future__ import annotations

from pathlib import Path

from cpx.scenario.reference import models_in_order, reference
from cpx.scenario.schema import json_schema_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_reference_is_current():
    committed = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    assert committed == reference(), "run: python -m cpx.scenario.reference -o docs/scenario-format.md"


def test_committed_schema_is_current():
    committed = (DOCS / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run: cpx schema -o docs/scenario.schema.json"


def test_reference_lists_every_model_and_field():
    text = reference()
    for model in models_in_order():
        assert f"### {model.__name__}\n" in text
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in text
            assert info.description, f"{model.__name__}.{name} has no docstring"


def test_reference_explains_editor_setup_and_time_notation():
    text = reference()
    assert "# yaml-language-server: $schema=" in text
    assert '"yaml.schemas"' in text
    assert "`D2 14:30`" in text and "`45m`" in text
