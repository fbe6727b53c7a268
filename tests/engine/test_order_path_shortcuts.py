"""The order path's shortcuts give exactly what the plain computation gives.

* EXCON's rulings read what they follow (accepted orders, warrant decisions, raids
  entered, unlawful entries) from the exercise's events when asked, instead of a
  listener on every order: compared here with a listener that follows every event as
  it is emitted, at many moments of real runs.
* ``Order.checked`` reads the ids memo itself; the desk writes ``order.to_dict()`` out in
  ``order.accepted`` and looks a verb's capability up in one table.
* ``Agencies.set_status`` announces the unit itself, and ``release`` decides available
  or off duty itself (``_rested`` and ``on_duty`` written out).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine import events as ev
from cpx.engine.exercise import Exercise
from cpx.engine.order_handlers import _CAPABILITY, NEEDS, UNIT_OPTIONAL
from cpx.engine.orders import Order
from cpx.journal.scenario_source import open_scenario
from cpx.scenario.orders import DEFINITIONS, OrderProblem, check_order

HOURS = 60


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


class LiveFollower:
    """What the rulings follow, kept by a listener told every event as it happens (the
    plain way)."""

    def __init__(self, ex: Exercise) -> None:
        self.orders: dict = {}
        self.decided: set = set()
        self.entered: set = set()
        self.unlawful: set = set()
        ex.listen(self.follow)

    def follow(self, event) -> None:
        kind, payload = event.kind, event.payload
        if kind == ev.ORDER_ACCEPTED:
            order = payload["order"]
            self.orders[payload["order_id"]] = (order["verb"], order.get("target"),
                                                event.visibility)
        elif kind in (ev.WARRANT_GRANTED, ev.WARRANT_REFUSED):
            self.decided.add(payload.get("order_id"))
        elif kind == ev.RAID_RESULT:
            self.entered.add(payload.get("order_id"))
        elif kind == ev.UNLAWFUL_ACT and payload.get("kind") == "raid_without_warrant":
            self.unlawful.add(payload.get("order_id"))
            self.entered.add(payload.get("order_id"))


@pytest.mark.parametrize("seed", [1, 4])
def test_rulings_read_late_know_what_a_live_listener_knows(flagship, seed):
    ex = Exercise(flagship, seed)
    live = LiveFollower(ex)
    rulings = ex.rulings
    checked = 0
    for hour in range(6, 5 * 24, 7):  # asked now and then, as EXCON would
        play(ex, "baseline", until=hour * HOURS)
        assert rulings.orders == live.orders
        assert list(rulings.orders) == list(live.orders)  # in the order given
        assert rulings.decided == live.decided and rulings.entered == live.entered
        assert rulings.unlawful == live.unlawful
        checked += 1
    assert live.orders and live.decided and live.entered, "the run gave nothing to follow"
    # A ruling refused or made on what was read late answers as on what was followed.
    raid = next(order_id for order_id, (verb, _t, _c) in live.orders.items() if verb == "raid")
    assert rulings.refusal("raid", raid, "lawful") == (
        f"the raid of order {raid} has entered already; after entry a raid can only be "
        "ruled unlawful") if raid in live.entered else rulings.refusal("raid", raid, "lawful") == ""
    assert checked > 10


# --------------------------------------------------------------------------- checking an order

_IDS_GIVEN = st.one_of(st.none(), st.sampled_from(["u_team", " p1 ", "p1", "v_bar", "a b", ""]),
                       st.text(max_size=12), st.integers(-3, 3), st.lists(st.integers(), max_size=1))


def _outcome(make):
    try:
        order = make()
    except OrderProblem as problem:
        return ("rejected", problem.message)
    return ("checked", order.verb, order.unit, order.target, order.params)


@settings(max_examples=300, deadline=None)
@given(unit=_IDS_GIVEN, target=_IDS_GIVEN, hours=st.sampled_from([8, "8", 2.0, -1, None]))
def test_a_checked_order_reads_known_ids_as_check_order_does(unit, target, hours):
    """``Order.checked`` reads the ids memo itself once the details are known good: the
    same order, or the same reason, as :func:`check_order` every time."""
    params = {} if hours is None else {"hours": hours}

    def plain():
        verb, u, t, p = check_order("surveil", unit, target, dict(params))
        return Order(verb, u, t, p)

    for _time in range(3):  # the first check fills the memos, the next read them
        got = _outcome(lambda: Order("surveil", unit, target, dict(params)).checked())
        assert got == _outcome(plain)
        if got[0] == "checked":
            order = Order("surveil", unit, target, dict(params)).checked()
            assert type(order) is Order and order == plain()
            assert order.params is not params


# --------------------------------------------------------------------------- the order desk

def test_the_capability_table_is_the_verbs_own():
    """One table for the capability a verb needs (required or optional), as the two did."""
    for verb in DEFINITIONS:
        assert (verb in _CAPABILITY) == (verb in NEEDS or verb in UNIT_OPTIONAL)
        assert _CAPABILITY.get(verb) == (NEEDS.get(verb) or UNIT_OPTIONAL.get(verb))


@pytest.mark.parametrize("seed", [2, 5])
def test_an_accepted_order_is_announced_as_to_dict_writes_it(flagship, seed):
    """``order.accepted`` carries the order as :meth:`Order.to_dict` writes it (written
    out in the desk), and the journal's order line the same."""
    ex = Exercise(flagship, seed)
    given: list[dict] = []
    play(ex, "baseline", until=3 * 24 * HOURS, results=given)
    accepted = [e.payload for e in ex.events if e.kind == ev.ORDER_ACCEPTED]
    assert len(accepted) > 30
    written = {r["result"]["order_id"]: r["order"] for r in given if r["result"]["accepted"]}
    several = 0
    for payload in accepted:
        order = Order(**payload["order"])
        assert payload["order"] == order.to_dict() == written[payload["order_id"]]
        assert list(payload["order"]["params"]) == sorted(payload["order"]["params"])
        several += len(payload["order"]["params"]) > 1
    assert several, "no order with several details: the sorted branch was not seen"


# --------------------------------------------------------------------------- units

@pytest.fixture()
def desk_units(flagship):
    ex = Exercise(flagship, 3)
    units = [u for u in ex.world.units.values() if u.cell]
    assert any(u.shift_hours < 24 for u in units) and any(u.shift_hours >= 24 for u in units)
    return ex, units


def test_set_status_announces_what_announce_does(desk_units):
    """The unit's status written out in ``set_status`` is the event ``announce`` emits."""
    ex, units = desk_units
    for unit in units:
        for status, task, eta in (("on_task", "o1", None), ("en_route", "o2", 75),
                                  ("available", None, None)):
            ex.agencies.set_status(unit, status, task, eta)
            written = ex.events[-1]
            ex.agencies.announce(unit)
            plain = ex.events[-1]
            assert (written.kind, written.payload, written.visibility) == (
                plain.kind, plain.payload, plain.visibility)
            assert (unit.status, unit.task, unit.eta) == (status, task, eta)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 100), now=st.integers(0, 7 * 1440), took=st.integers(0, 8 * 60),
       status=st.sampled_from(["on_task", "en_route", "resting", "available", "off_duty"]),
       shift_start=st.integers(0, 23 * 60), shift_hours=st.sampled_from([8, 10, 12, 24]))
def test_a_unit_released_is_free_as_its_shift_says(desk_units, pick, now, took, status,
                                                    shift_start, shift_hours):
    """``release`` decides available / off duty itself (``_rested`` and ``on_duty``
    written out): the same status, at any minute, for any shift."""
    ex, units = desk_units
    unit = units[pick % len(units)]
    unit.shift_start, unit.shift_hours, unit.status = shift_start, shift_hours, status
    ex.now = now
    if took > 6 * 60:  # a long task: a rest first, as before
        expected = ("resting", now + 120)
    elif status in ("resting", "on_task", "en_route"):
        expected = ("available" if ex.agencies.on_duty(unit) else "off_duty", None)
    else:
        expected = (status, unit.eta)
    before = len(ex.events)
    ex.agencies.release(unit, now - took)
    assert (unit.status, unit.eta) == expected
    assert len(ex.events) == before + (expected[0] != status or took > 6 * 60)


# --------------------------------------------------------------------------- random streams

ORDER_STREAMS = ("operations.interview", "reactions.intimidation", "operations.inspection",
                 "operations.inspection.help", "operations.onsite", "displacement.reports")


@pytest.mark.parametrize("name,seed", [("glass_lantern", 3), ("bitter_harvest", 2)])
def test_streams_made_on_first_use_draw_what_streams_made_at_the_start_draw(name, seed,
                                                                             monkeypatch):
    """The desk no longer makes the streams orders draw from while building: the same
    run, event for event, as when it made them all first (as it did)."""
    scenario = open_scenario(name).scenario
    lazy = Exercise(scenario, seed)
    play(lazy, "baseline", until=4 * 24 * HOURS)
    from cpx.engine import order_handlers

    built = order_handlers.OrderDesk.__init__

    def building_all(self, ex):
        for stream in ORDER_STREAMS:
            ex.streams.get(stream)
        built(self, ex)

    monkeypatch.setattr(order_handlers.OrderDesk, "__init__", building_all)
    eager = Exercise(scenario, seed)
    assert set(ORDER_STREAMS) <= set(eager.streams._streams)
    play(eager, "baseline", until=4 * 24 * HOURS)
    assert [e.to_dict() for e in lazy.events] == [e.to_dict() for e in eager.events]
    assert lazy.state_hash() == eager.state_hash()
    assert set(lazy.streams._streams) < set(eager.streams._streams), "every stream was used"


def test_a_unit_travels_the_shortest_road_time_kept_or_not(desk_units):
    """``travel`` reads the kept road time itself: what the region's shortest path gives,
    the first time (worked out) and the next (kept), 0 meaning no drive."""
    ex, units = desk_units
    places = sorted(ex.region.locations)
    for unit in units[:6]:
        for destination in places[:8]:
            for _time in range(2):
                start = unit.location
                steps = ex.agencies.travel(unit, destination, "o1", then=30)
                waited = next(steps, None)
                plain = ex.region.travel(start, destination) or 0
                assert (waited or 0) == plain
                assert unit.status == ("en_route" if plain else "on_task")
                if waited:
                    assert unit.eta == ex.now + plain
                    next(steps, None)
                    assert unit.location == destination
                unit.location = start
