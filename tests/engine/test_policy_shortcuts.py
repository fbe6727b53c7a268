"""The baseline's shortcuts give exactly the orders it gives working everything out afresh.

The baseline keeps views of its cell's picture across hours and skips an hour when
nothing it reads changed (:mod:`cpx.engine.policy_views`). These tests play real runs
hour by hour with two baselines per cell, one with its shortcuts and one without, give
the orders of the first, and require the second to have asked for the same, in the same
order, every hour; and they check on real runs that each event kind writes only the
picture tables ``TOUCHES`` says it may, which the shortcuts rely on.
"""

from __future__ import annotations

import pytest

from cpx.engine.exercise import Exercise
from cpx.engine.picture import Picture
from cpx.engine.policies import Baseline
from cpx.engine.policy_views import TABLES, TOUCHES
from cpx.journal.scenario_source import open_scenario


def _scenario(name: str):
    return open_scenario(f"scenarios/{name}.yaml").scenario


@pytest.mark.parametrize("name,seed", [("glass_lantern", 1), ("glass_lantern", 3),
                                       ("glass_lantern", 8), ("bitter_harvest", 2)])
def test_the_baseline_with_shortcuts_orders_as_without_hour_by_hour(name, seed):
    exercise = Exercise(_scenario(name), seed)
    pairs = [(cell, Baseline(exercise, cell), Baseline(exercise, cell, shortcuts=False))
             for cell in exercise.cells]
    hours = given = 0
    while exercise.now < exercise.end:
        for cell, fast, plain in pairs:
            orders = fast.decide(exercise)
            assert orders == plain.decide(exercise), (cell, exercise.now)
            for order in orders:
                exercise.submit(order, cell)
            given += len(orders)
            messages = fast.messages(exercise)
            assert messages == plain.messages(exercise), (cell, exercise.now)
            for to, text in messages:
                exercise.message(cell, to, text)
        hours += 1
        exercise.run_until(min(exercise.end, (exercise.now // 60 + 1) * 60))
    assert hours >= 48 and given >= 20, (hours, given)  # a real run (3 to 5 days), with orders
    # the shortcuts were taken (else the comparison proves nothing about them)
    assert sum(fast.quiet_hours for _cell, fast, _plain in pairs) > 0
    assert all(plain.quiet_hours == 0 for _cell, _fast, plain in pairs)


def _tables(pic: Picture) -> dict[str, str]:
    """Each table a policy reads, as text (the parts as policy_views.TABLES says)."""
    shown = {name: repr(getattr(pic, name)) for name in TABLES
             if name not in ("cases", "warrants", "custody", "roles")}
    shown["cases"] = repr({t: {k: v for k, v in row.items() if k != "warrant"}
                           for t, row in pic.cases.items() if row["evidence"] or "items" in row})
    shown["warrants"] = repr({t: row["warrant"] for t, row in pic.cases.items()
                              if row["warrant"] is not None})
    shown["custody"] = repr({pid: row["status"] for pid, row in pic.people.items()
                             if row["status"] != "at_large"})
    shown["roles"] = repr({pid: row["roles_suspected"] for pid, row in pic.people.items()
                           if row["roles_suspected"]})
    return shown


@pytest.mark.parametrize("name,seed", [("glass_lantern", 2), ("bitter_harvest", 1),
                                       ("tutorial", 4)])
def test_each_event_kind_writes_only_the_tables_it_is_said_to(name, seed, monkeypatch):
    written: dict[str, set[str]] = {}
    apply = Picture.apply

    def watched_apply(pic: Picture, event) -> None:
        before = _tables(pic)
        apply(pic, event)
        after = _tables(pic)
        changed = {name for name in TABLES if before[name] != after[name]}
        assert changed <= TOUCHES.get(event.kind, TABLES), (event.kind, changed)
        written.setdefault(event.kind, set()).update(changed)

    monkeypatch.setattr(Picture, "apply", watched_apply)
    scenario = _scenario(name)
    from cpx.session.scripted import play

    play(Exercise(scenario, seed), "baseline")
    # the run exercised the kinds that arrive most hours
    assert {"unit.status", "order.accepted", "report.informant"} <= set(written)


def test_a_rebuilt_picture_is_looked_at_afresh():
    """A picture replaced under the policy (a restored session) is read anew, not through
    views of the old one."""
    exercise = Exercise(_scenario("glass_lantern"), 5)
    fast, plain = Baseline(exercise), Baseline(exercise, shortcuts=False)
    exercise.run_until(6 * 60)
    assert fast.decide(exercise) == plain.decide(exercise)
    cell = exercise.cells[0]
    fresh = Picture(cell, exercise)
    for event in exercise.events_for(cell):
        fresh.apply(event)
    exercise._pictures[cell] = fresh  # as a restore would leave it
    exercise.run_until(7 * 60)
    assert fast.decide(exercise) == plain.decide(exercise)
