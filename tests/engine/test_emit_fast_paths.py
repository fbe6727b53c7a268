"""Emitting events takes shortcuts that give exactly what the plain computation gives.

``Exercise.emit`` builds its events with :func:`cpx.journal.events.quick_event` instead of
the dataclass's ``__init__``, and calls a listener only for the kinds it subscribed to
(the injects and the rulings read a handful of the thousand events a run). Each shortcut
is compared here with the plain way, on real runs of the flagship.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.journal.events import Event, quick_event
from cpx.journal.scenario_source import open_scenario

UNTIL = 2 * 24 * 60


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**5), st.text(max_size=20), st.text(max_size=10),
       st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4))
def test_a_quick_event_is_the_event_init_makes(t, seq, kind, visibility, payload):
    quick = quick_event(t, seq, kind, visibility, payload)
    plain = Event(t, seq, kind, visibility, payload)
    assert type(quick) is Event
    assert quick == plain and repr(quick) == repr(plain) and quick.to_dict() == plain.to_dict()
    assert [getattr(quick, f.name) for f in dataclasses.fields(Event)] == [t, seq, kind, visibility, payload]
    assert quick.payload is payload  # no copy, as the dataclass makes none
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.kind = "other"


def played(scenario, seed: int) -> Exercise:
    ex = Exercise(scenario, seed)
    play(ex, "baseline", until=UNTIL)
    return ex


@pytest.mark.parametrize("seed", [2, 7])
def test_listeners_by_kind_change_nothing(flagship, seed, monkeypatch):
    """Every listener called for every event (the plain way) gives the same run."""
    routed = played(flagship, seed)
    plain_listen = Exercise.listen
    monkeypatch.setattr(Exercise, "listen", lambda self, listener, kinds=None: plain_listen(self, listener))
    plain = played(flagship, seed)
    assert [e.to_dict() for e in routed.events] == [e.to_dict() for e in plain.events]
    assert routed.state_hash() == plain.state_hash()
    assert routed.injects.given == plain.injects.given and routed.rulings.orders == plain.rulings.orders


def hearing(scenario, routed: bool) -> list[tuple[str, int]]:
    """What three listeners hear in a run, the middle one given its kinds (``routed``) or
    told every event and keeping those kinds itself (the plain way)."""
    ex = Exercise(scenario, 3)
    heard: list[tuple[str, int]] = []
    kinds = {"order.accepted", "order.completed", "inject.expected_taken"}
    ex.listen(lambda e: heard.append(("all", e.seq)))
    if routed:
        ex.listen(lambda e: heard.append(("orders", e.seq)), kinds)
    else:
        ex.listen(lambda e: heard.append(("orders", e.seq)) if e.kind in kinds else None)
    ex.listen(lambda e: heard.append(("all after", e.seq)))
    play(ex, "baseline", until=UNTIL)
    assert sum(1 for who, _ in heard if who == "all") == len(ex.events) - heard[0][1]
    return heard


def test_a_listener_hears_its_kinds_in_order_among_the_others(flagship):
    """Events emitted by a listener (an expected action taken, on an order) nest inside
    the event that caused them: the order of calls is the plain one all the same."""
    routed = hearing(flagship, True)
    assert routed == hearing(flagship, False)
    assert any(who == "orders" for who, _ in routed)


def test_is_place_is_a_known_venue_not_a_town(flagship):
    """``Picture.is_place`` (one lookup) against its plain definition, on a played picture."""
    from typing import get_args

    from cpx.scenario.models import LocationKind

    ex = played(flagship, 4)
    towns = get_args(LocationKind)
    for cell in ex.cells:
        picture = ex.picture_of(cell)
        asked = [None, "", "nowhere", *picture.places, *picture.people, *ex.world.venues]
        for entity in asked:
            plain = entity in picture.places and picture.places[entity]["kind"] not in towns
            assert picture.is_place(entity) == plain
        assert any(picture.is_place(p) for p in picture.places)
