"""docs/orders.md is what the verb definitions generate, and its examples parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpx.scenario.orders import DEFINITIONS
from cpx.scenario.orders_reference import (SAMPLE_TARGETS, SAMPLE_UNITS, reference,
                                           verb_entries)
from cpx.tui.order_line import parse_order
from cpx.tui.viewdata import Vocabulary

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_orders_reference_is_current():
    committed = (DOCS / "orders.md").read_text(encoding="utf-8")
    assert committed == reference(), \
        "run: python -m cpx.scenario.orders_reference -o docs/orders.md"


def test_every_verb_and_detail_is_described():
    text = reference()
    for verb, definition in DEFINITIONS.items():
        assert f"## `{verb}`\n\n{definition.summary}\n" in text
        if definition.capability:
            assert f"`{definition.capability}` capability" in text
        for spec in definition.parameters():
            assert f"| `{spec.name}=` |" in text
            assert spec.help and spec.help in text
    # ranges and units come from the pydantic Field bounds
    assert "| `hours=` | whole number, 1–72 hours | 8 |" in text
    assert "| `hours=` | whole number, 1–720 hours | 48 |" in text
    assert "choice: mla or jit" in text


# The sample words, as the command line sees them in the flagship.
WORDS = Vocabulary(
    units=tuple(dict.fromkeys(SAMPLE_UNITS.values())),
    targets=tuple(SAMPLE_TARGETS.values()),
    target_kinds={v: k for k, v in SAMPLE_TARGETS.items()},
)


@pytest.mark.parametrize("entry", verb_entries(), ids=lambda e: e.verb)
def test_each_example_is_an_order_the_command_line_accepts(entry):
    order = parse_order(entry.example.removeprefix(":"), WORDS)
    definition = DEFINITIONS[entry.verb]
    assert order.verb == entry.verb
    assert (order.unit is not None) == (definition.unit == "required")
    assert order.target in SAMPLE_TARGETS.values()
    # the example shows details with values other than their defaults
    for key, value in order.params.items():
        assert value != definition.parameter(key).default
