"""An order the policies make with :func:`cpx.engine.orders._made` is the order the
dataclass makes: equal, the same fields in the same order, the details the very dict
given (a policy's orders are made so, some hundred a run, and journaled from them)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine.orders import VERBS, Order, _made, checked_order

ids = st.none() | st.text("abcdef_0123456789", min_size=1, max_size=6)
details = st.dictionaries(st.sampled_from(["hours", "urgent", "support", "kind", "x"]),
                          st.none() | st.booleans() | st.integers(-3, 99) | st.text(max_size=4),
                          max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(VERBS), ids, ids, details)
def test_a_made_order_is_the_order_the_dataclass_makes(verb, unit, target, params):
    made, plain = _made(verb, unit, target, params), Order(verb, unit, target, params)
    assert type(made) is Order
    assert made == plain
    assert list(vars(made).items()) == list(vars(plain).items())
    assert made.params is params
    assert made.to_dict() == plain.to_dict()


def test_a_policys_order_checks_as_itself():
    order = _made("surveil", "u1", "v1", {"hours": 8})
    assert checked_order(order) == Order("surveil", "u1", "v1", {"hours": 8})


anything = st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.lists(st.integers(),
                                                                                    max_size=2)


@settings(max_examples=200, deadline=None)
@given(anything, anything, anything, st.dictionaries(st.text(max_size=3), anything, max_size=4))
def test_an_orders_dict_is_the_plain_one_whatever_its_giver_wrote(verb, unit, target, params):
    """order_dict (what the engine and the scripted player call) against the dict the
    order's fields make, for checked orders and for orders as a giver wrote them."""
    from cpx.engine.orders import order_dict

    order = Order(verb, unit, target, params)
    plain = {"verb": verb, "unit": unit, "target": target,
             "params": {k: params[k] for k in sorted(params)}}
    assert order_dict(order) == plain and order.to_dict() == plain
    assert list(order_dict(order)["params"]) == sorted(params)
    assert order_dict(order)["params"] is not params  # a copy: the order keeps its own
