"""The network's daily and periodic work gives the answers of the plain computation.

The world keeps its people's order until someone enters (:meth:`World.person_ids`),
and the network's snapshot counts members by status once; both are checked here during
played flagship runs, which bring in a named person by inject, against sorting and
counting afresh.
"""

from __future__ import annotations

import pytest

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.engine.network import NetworkProcesses
from cpx.engine.world import World, person_order
from cpx.journal.scenario_source import open_scenario


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


@pytest.mark.parametrize("seed", [2, 6])
def test_people_order_and_snapshot_match_fresh_computation(flagship, seed, monkeypatch):
    checked = {"days": 0, "snapshots": 0, "named": False}
    original_day, original_snapshot = NetworkProcesses._day, NetworkProcesses._snapshot

    def checked_day(self):
        world = self.world
        assert world.person_ids() == sorted(world.people, key=person_order)
        checked["days"] += 1
        original_day(self)
        assert world.person_ids() == sorted(world.people, key=person_order)

    def checked_snapshot(self):
        world, seen = self.world, []
        listener = seen.append
        self.ex.listen(listener)
        original_snapshot(self)
        self.ex._listeners.remove(listener)
        payload = seen[-1].payload
        assert payload == {
            "active_members": sum(1 for m in world.members if world.active_member(m)),
            "arrested_members": sum(1 for m in world.members.values()
                                    if m.status in ("arrested", "charged")),
            "victims_held": sum(1 for p in world.people.values()
                                if p.status == "held" and p.is_victim),
            "venues_active": sum(1 for v in world.venues.values() if v.active),
            "revenue_total": world.revenue_total,
        }
        checked["snapshots"] += 1
        checked["named"] |= any(not pid[1:].isdigit() for pid in world.people)

    monkeypatch.setattr(NetworkProcesses, "_day", checked_day)
    monkeypatch.setattr(NetworkProcesses, "_snapshot", checked_snapshot)
    exercise = Exercise(flagship, seed)
    play(exercise, "baseline", [], exercise.end, [])
    assert checked["days"] >= 4 and checked["snapshots"] >= 20
    assert checked["named"], "no named person came in: their place in the order is untested"


def test_person_ids_follow_every_newcomer():
    world = World()
    for pid in ["p2", "p10", "walk_in", "p1", "alpha", "p3"]:
        world.people[pid] = object()  # the order reads ids only
        assert world.person_ids() == sorted(world.people, key=person_order)
    ids = world.person_ids()
    ids.append("mine")  # a copy: the kept order is not the caller's to change
    assert "mine" not in world.person_ids()
