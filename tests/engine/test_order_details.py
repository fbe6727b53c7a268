"""Order details are checked against each verb's typed definition before the engine
takes the order: a bad detail is a rejection with a reason, nothing is journaled, and
what is accepted never makes the engine raise."""

from __future__ import annotations

import pytest

from cpx.engine import Exercise, Order
from cpx.scenario.orders import DEFINITIONS, OrderProblem, definition


class Recorder:
    """A journal that keeps what the engine writes to it."""

    def __init__(self) -> None:
        self.orders: list[tuple] = []
        self.events: list = []

    def write_order(self, t, order, result) -> None:
        self.orders.append((t, order, result))

    def write_event(self, event) -> None:
        self.events.append(event)


@pytest.mark.parametrize("verb,params,why", [
    ("surveil", {"hours": "abc"}, "hours='abc' is not valid for surveil: give a whole number of hours from 1 to 72"),
    ("surveil", {"hours": "8h"}, "hours='8h'"),
    ("surveil", {"hours": float("nan")}, "hours=nan"),
    ("surveil", {"hours": -5}, "hours=-5"),
    ("surveil", {"hours": 10**400}, "a very large number"),
    ("surveil", {"hours": [1, 2]}, "hours=a list"),
    ("surveil", {"colour": "red"}, "surveil takes no detail 'colour'; its details are: hours"),
    ("surveil", {("a",): 1}, "surveil takes no detail"),
    ("border_alert", {"hours": "nan"}, "from 1 to 720"),
    ("raid", {"urgent": "perhaps"}, "yes or no"),
    ("raid", {"support": {"a": 1}}, "the id of a agency"),
    ("cross_border_request", {"kind": "letter"}, "one of mla, jit"),
    ("arrest", {"hours": 8}, "arrest takes no detail 'hours'; it takes no details"),
])
def test_a_bad_detail_is_rejected_before_anything_is_journaled(fixture_scenario, verb, params, why):
    journal = Recorder()
    ex = Exercise(fixture_scenario, seed=1, journal=journal)
    written = (len(journal.orders), len(journal.events))
    before = ex.state_hash()
    result = ex.submit(Order(verb, "crime_squad", "red_door", params))
    assert not result.accepted and why in result.reason
    assert (len(journal.orders), len(journal.events)) == written
    assert ex.state_hash() == before


def test_typed_text_is_read_by_the_definition(fixture_scenario):
    journal = Recorder()
    ex = Exercise(fixture_scenario, seed=1, journal=journal)
    result = ex.submit({"verb": "surveil", "unit": "crime_squad", "target": "red_door",
                        "params": {"hours": "3"}})
    assert result.accepted
    assert journal.orders[-1][1]["params"] == {"hours": 3}  # journaled as a number
    ex.run_until(ex.end)
    done = [e for e in ex.events if e.kind == "order.completed"
            and e.payload.get("order_id") == result.order_id]
    assert done, "the surveillance ran and ended"


def test_malformed_order_shapes_are_rejections_not_errors(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    for bad in ({"verb": "nuke"}, {"verb": ["raid"]}, {"verb": "raid", "when": 1},
                {"verb": "raid", "unit": {"x": 1}}, {"verb": "raid", "target": "x" * 500},
                {"verb": "raid", "params": [1]}, "raid", None):
        result = ex.submit(bad)
        assert not result.accepted and result.reason


def test_every_verb_is_defined_with_documented_details():
    for verb, found in DEFINITIONS.items():
        assert found.verb == verb and found.summary and found.target
        for spec in found.parameters():
            assert spec.help and spec.expects()
            if spec.type == "whole_number":
                assert spec.minimum is not None and spec.maximum is not None and spec.unit
            found.check_params({spec.name: spec.default} if spec.default is not None else {})
    with pytest.raises(OrderProblem, match="did you mean surveil"):
        definition("surveyl")
