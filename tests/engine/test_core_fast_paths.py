"""The core's shortcuts give exactly what the plain computation gives (cpx.engine.clock,
Exercise.emit).

* Light processes (``env.process`` on the exercise's environment) that wait on SimPy
  events, or make a timeout for a callback, run in SimPy's order (whole runs and minutes
  yielded: tests/engine/test_light_processes.py).
* ``Exercise.emit`` folding an event into a picture itself against ``Picture.apply``.
* ``quick_event``'s twin class has the ``Event``'s layout.
"""

from __future__ import annotations

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine import clock
from cpx.engine.exercise import Exercise
from cpx.engine.picture import Picture
from cpx.journal.events import Event, _NewEvent
from cpx.journal.scenario_source import open_scenario

UNTIL = 2 * 24 * 60


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


def played(scenario, seed: int) -> Exercise:
    ex = Exercise(scenario, seed)
    play(ex, "baseline", until=UNTIL)
    return ex


def pictures(ex: Exercise) -> dict:
    return {cell: (ex.picture(cell), list(ex.picture_of(cell).kinds),
                   ex.picture_of(cell).danger_history) for cell in ex.cells}


@pytest.mark.parametrize("seed", [4])
def test_emit_folds_as_picture_apply(flagship, seed, monkeypatch):
    inline = played(flagship, seed)
    assert inline._fold_inline
    plain_apply = Picture.apply
    monkeypatch.setattr(Picture, "apply", lambda pic, event: plain_apply(pic, event))
    applied = played(flagship, seed)
    assert not applied._fold_inline
    assert [e.to_dict() for e in inline.events] == [e.to_dict() for e in applied.events]
    assert pictures(inline) == pictures(applied)
    assert all(inline.picture_of(c).now == applied.picture_of(c).now for c in inline.cells)


def test_the_twin_has_the_event_layout():
    assert _NewEvent.__slots__ == Event.__slots__


class Owner:
    now = None


def mixed(env, log):
    """Processes that wait on light timeouts, on SimPy events (pending and already
    processed), and whose bodies make a timeout for a callback."""
    signal = env.event()

    def note(label):
        log.append((env.now, label))

    def side_timer(delay):  # a plain function called in a process body
        env.timeout(delay).callbacks.append(lambda _e: note(f"side {delay}"))

    def waiter():
        value = yield signal
        note(f"signal {value}")
        yield env.timeout(3)
        note("waiter woke")
        done = env.timeout(0)
        yield env.timeout(1)
        value = yield done  # processed already: resumed at once
        note(f"done {value}")

    def worker(name, gaps):
        for gap in gaps:
            side_timer(gap + 1)
            yield env.timeout(gap)
            note(f"{name} {gap}")
        signal.succeed("go") if name == "a" else None

    env.process(waiter())
    env.process(worker("a", [2, 0, 5]))
    env.process(worker("b", [1, 4, 0]))
    return note


def test_mixed_processes_keep_simpy_order():
    logs = []
    for env in (simpy.Environment(), clock.ExerciseEnvironment(Owner())):
        log: list = []
        mixed(env, log)
        env.run(until=40)
        logs.append(log)
    assert logs[0] == logs[1] and len(logs[0]) > 10


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=30))
def test_a_message_is_printable_as_checked_char_by_char(text):
    from cpx.engine.cell_routing import MAX_MESSAGE, message_problem

    class Cells:  # what message_problem reads of an exercise
        cells = ["a", "b"]
        finished = False

    plain = not all(ch.isprintable() or ch == "\n" for ch in text)
    problem = message_problem(Cells(), "a", "b", text)
    if text.strip() and len(text) <= MAX_MESSAGE:
        assert (problem != "") == plain


def test_only_partner_verbs_call_on_another_agency(flagship):
    """notify_partners looks for partners only for PARTNER_VERBS: every other verb, with
    any target the flagship knows, calls on none (partner_agencies, the plain way)."""
    from cpx.engine.cell_routing import PARTNER_VERBS, partner_agencies
    from cpx.engine.orders import VERBS, Order

    ex = Exercise(flagship, 1)
    targets = [None, *ex.world.members, *ex.world.venues, *ex.region.locations,
               *ex.desk.clients, *(p.id for p in flagship.region.locations)]
    for verb in VERBS:
        if verb in PARTNER_VERBS:
            continue
        for target in targets:
            order = Order(verb=verb, unit=None, target=target, params={})
            assert partner_agencies(ex, order, ex.cells[0]) == [], (verb, target)
