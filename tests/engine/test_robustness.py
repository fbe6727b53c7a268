"""Any order, at any time, is either carried out or rejected with a reason — never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.engine import VERBS, Exercise, Order

from engine_world import scenario

UNITS = [None, "crime_squad", "nova_patrol", "viper", "gate_post", "fiu_desk", "ghost"]
TARGETS = [None, "red_door", "flat_12", "manager", "enforcer", "lt", "boss", "driver", "p1",
           "p2", "p3", "p5", "gate", "nova", "eagle_soldiers", "locals", "inf_swallow", "east"]
PARAMS = st.fixed_dictionaries({}, optional={
    "urgent": st.booleans(), "support": st.sampled_from(["ngo_hope", "nobody"]),
    "hours": st.integers(1, 12), "decision": st.booleans(), "act": st.booleans(),
    "means": st.booleans(), "purpose": st.booleans(), "interpreter": st.booleans(),
    "separated": st.booleans(), "as_offender": st.booleans(),
    "kind": st.sampled_from(["mla", "jit", "other"]), "subject": st.sampled_from(TARGETS[1:]),
})
ORDERS = st.lists(st.tuples(st.integers(0, 600),
                            st.builds(Order, st.sampled_from(VERBS), st.sampled_from(UNITS),
                                      st.sampled_from(TARGETS), PARAMS)),
                  max_size=25)


def know_much(raw):
    raw["network"]["known_members"] += ["enforcer", "lt", "boss", "driver"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=ORDERS, seed=st.integers(0, 1000))
def test_random_orders_never_crash_the_engine(orders, seed):
    ex = Exercise(scenario(know_much), seed=seed)
    for gap, order in orders:
        ex.run_until(ex.now + gap)
        result = ex.submit(order)
        assert result.accepted or result.reason
        if result.accepted:
            assert any(e.kind == "order.accepted" and e.payload["order_id"] == result.order_id
                       for e in ex.events)
    ex.run_until(ex.end)
    assert [e.kind for e in ex.events].count("exercise.endex") == 1
