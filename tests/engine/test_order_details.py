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


# ---------------------------------------------------------------------------- property

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine_world import scenario  # noqa: E402
from test_robustness import TARGETS, UNITS, know_much  # noqa: E402

NAMES = sorted({p.name for d in DEFINITIONS.values() for p in d.parameters()})
WILD = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=12)
    | st.sampled_from(["8", "8h", "nan", "-5", "yes", "jit", "ngo_hope", "1e308", " 3 "]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                               max_size=3),
    max_leaves=6)
WILD_PARAMS = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=6), WILD, max_size=4)
WILD_ORDERS = st.lists(st.tuples(
    st.integers(0, 600),
    st.fixed_dictionaries({"verb": st.sampled_from(sorted(DEFINITIONS)) | WILD},
                          optional={"unit": st.sampled_from(UNITS) | WILD,
                                    "target": st.sampled_from(TARGETS) | WILD,
                                    "params": WILD_PARAMS | WILD})), max_size=20)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=WILD_ORDERS, seed=st.integers(0, 1000))
def test_any_order_shape_is_accepted_or_rejected_never_a_crash(orders, seed):
    journal = Recorder()
    ex = Exercise(scenario(know_much), seed=seed, journal=journal)
    for gap, order in orders:
        ex.run_until(ex.now + gap)
        written = len(journal.orders)
        result = ex.submit(order)
        assert result.accepted or result.reason
        if len(journal.orders) > written:  # what is journaled is plain, finite JSON
            import json
            json.dumps(journal.orders[-1], allow_nan=False)
    ex.run_until(ex.end)
    assert [e.kind for e in ex.events].count("exercise.endex") == 1
