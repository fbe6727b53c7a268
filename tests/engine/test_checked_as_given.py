"""An order already in canonical form is its own checked form.

``Order.checked`` returns the order itself (no copy) when its verb and details were
checked before and came out exactly as given, and its ids are the checked ones. Compared
here with :func:`check_order`, the plain computation, field by field and type by type
(``8`` and ``8.0`` are equal in Python, not in a journal), every time an order is checked.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine.orders import Order
from cpx.scenario.orders import OrderProblem, check_order

VALUES = st.sampled_from([8, "8", 8.0, -0.0, 0.0, 0, True, "yes", None, "abc", 2, 24])
PARAMS = st.dictionaries(st.sampled_from(["hours", "urgent", "hourz", "subject"]), VALUES,
                         max_size=2)
IDS = st.sampled_from([None, "u_team", " u_team ", "p1", "p 1", 3, ""])
VERBS = st.sampled_from(["surveil", "raid", "interview", "task_informant", "border_alert"])


def exact(value):
    """A value as a journal tells it apart: its type and its text."""
    if isinstance(value, dict):
        return [(type(k), k, exact(v)) for k, v in value.items()]
    return (type(value), repr(value))


def plain(verb, unit, target, params):
    try:
        return ("checked", *[exact(part) for part in check_order(verb, unit, target, dict(params))])
    except OrderProblem as problem:
        return ("rejected", problem.message)


@settings(max_examples=400, deadline=None)
@given(verb=VERBS, unit=IDS, target=IDS, params=PARAMS)
def test_checked_is_check_order_and_itself_only_when_canonical(verb, unit, target, params):
    for _time in range(3):  # the first check fills the memos; the next read them
        order = Order(verb, unit, target, dict(params))
        try:
            checked = order.checked()
        except OrderProblem as problem:
            assert plain(verb, unit, target, params) == ("rejected", problem.message)
            continue
        fields = (checked.verb, checked.unit, checked.target, checked.params)
        assert ("checked", *[exact(part) for part in fields]) == plain(verb, unit, target, params)
        assert type(checked) is Order
        if checked is order:  # returned as given: it was canonical already
            assert [exact(part) for part in (verb, unit, target, params)] == \
                list(plain(verb, unit, target, params)[1:])
