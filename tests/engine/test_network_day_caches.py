"""The network's daily and periodic work gives the answers of the plain computation.

The world keeps its people's order until someone enters (:meth:`World.person_ids`),
and the network's snapshot counts members by status once; both are checked here during
played flagship runs, which bring in a named person by inject, against sorting and
counting afresh; so are the hourly contacts, drawn in one call, against two.
"""

from __future__ import annotations

import copy

import numpy as np
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
        self.ex.unlisten(listener)
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


def plain_hour(net: NetworkProcesses, rng) -> tuple[dict, tuple[int, int, int]]:
    """The network's hourly contacts drawn as two calls on a copy of its stream, with
    numpy scalars throughout (as the engine did before)."""
    doings: dict[str, list[tuple[str, str]]] = {}
    meetings = calls = runs = 0
    draws = rng.random(len(net.ties))
    chance, run_chance = net._levels(net.ex.now)
    for k in np.nonzero(draws < chance)[0].tolist():
        r, c = draws[k], chance[k]
        a, b = net.ties[k].between
        kind = "meeting" if r < c / 2 else "call"
        meetings, calls = meetings + (kind == "meeting"), calls + (kind == "call")
        doings.setdefault(a, []).append((kind, b))
        doings.setdefault(b, []).append((kind, a))
    launderer = net._find_launderer()
    if launderer and net._managers:
        for m, r, threshold in zip(net._managers, rng.random(len(net._managers)), run_chance):
            if threshold is not None and r < threshold:
                runs += 1
                doings.setdefault(m.id, []).append(("money_run", launderer))
    return doings, (meetings, calls, runs)


@pytest.mark.parametrize("seed", [3, 8])
def test_hourly_contacts_are_the_two_call_draws(flagship, seed, monkeypatch):
    """Each hour's contacts are those of two calls on a plain copy of the stream, drawn
    hour by hour; the engine reads its stream ahead (cpx.engine.hourly_draws), and at
    ENDEX both streams stand at the same place."""
    totals = {"hours": 0, "contacts": 0, "runs": 0}
    original_hour = NetworkProcesses._hour
    plain = {}

    def checked_hour(self):
        if "rng" not in plain:  # the first hour: nothing drawn from the stream yet
            plain["rng"] = copy.deepcopy(self._activity_rng)
        want, counts = plain_hour(self, plain["rng"])
        seen = []
        self.ex.listen(seen.append)
        original_hour(self)
        self.ex.unlisten(seen.append)
        activity = [e for e in seen if e.kind == "network.activity"][-1].payload
        assert self.doings == want
        assert (activity["meetings"], activity["calls"], activity["money_runs"]) == counts
        totals["hours"] += 1
        totals["contacts"] += counts[0] + counts[1]
        totals["runs"] += counts[2]

    monkeypatch.setattr(NetworkProcesses, "_hour", checked_hour)
    exercise = Exercise(flagship, seed)
    play(exercise, "baseline", [], exercise.end, [])
    assert totals["hours"] >= 100 and totals["contacts"] > 0 and totals["runs"] > 0
    assert (exercise.network._activity_rng.bit_generator.state
            == plain["rng"].bit_generator.state)
