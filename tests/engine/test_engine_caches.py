"""The engine's kept state gives the same answers as working everything out afresh.

The engine keeps what changes rarely instead of recomputing it each hour (the network's
contact chances, the clients' open venues, venue staff, duty rosters, the policy's
running surveillance and its ranked targets). Each cache is checked here, during real
runs of the flagship, against the plain computation it replaces: a stale cache would
silently change what happens, so these tests fail on the first wrong answer.
"""

from __future__ import annotations

import numpy as np
import pytest

from cpx.commands.run import play
from cpx.engine import network as network_module
from cpx.engine.exercise import Exercise
from cpx.engine.network import ACTIVE, CONTACTS_PER_HOUR, QUIET_FACTOR, NetworkProcesses
from cpx.engine.policies import Baseline
from cpx.journal.scenario_source import open_scenario

UNTIL = 3 * 24 * 60


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


def fresh_levels(net: NetworkProcesses, now: int) -> tuple[list[float], list[float | None]]:
    """The contact chances and money-run thresholds computed from scratch (no cache)."""
    level = np.array([m.activity * (QUIET_FACTOR if m.quiet_until > now else 1.0)
                      if m.status in ACTIVE else 0.0 for m in net._originals], dtype=float)
    chance = np.minimum(level[net._tie_a], level[net._tie_b]) * net._tie_strength
    chance *= CONTACTS_PER_HOUR
    runs = [m.activity / 12 * (QUIET_FACTOR if m.quiet_until > now else 1.0)
            if m.status in ACTIVE else None for m in net._managers]
    return chance.tolist(), runs


def fresh_launderer(net: NetworkProcesses) -> str | None:
    return net._find_launderer()


def fresh_members_at(net: NetworkProcesses, venue_id: str) -> list[str]:
    """Who is at a venue, worked out from its manager's ties each time."""
    world, venue = net.world, net.world.venues[venue_id]
    staff = [venue.manager] if venue.manager else []
    if venue.manager:
        staff += [b for _k, b in net.tie_partners(venue.manager)
                  if "enforcer" in world.members[b].roles]
    return [mid for mid in sorted(set(staff))
            if world.active_member(mid) and world.members[mid].avoiding_until <= net.ex.now
            and world.members[mid].location == venue.location]


def fresh_groups(net: NetworkProcesses) -> list[tuple[str, list[str]]]:
    venues, barred = net.world.venues, net.world.misconduct_reported
    out = []
    for group in net.net.clients:
        if group.id in barred:
            continue
        open_venues = [v for v in group.venues if venues[v].active and not venues[v].hidden]
        if open_venues:
            out.append((group.id, open_venues))
    return out


@pytest.mark.parametrize("seed", [1, 4])
def test_network_caches_match_fresh_computation(flagship, seed, monkeypatch):
    checked = []
    original_hour = NetworkProcesses._hour

    def checked_hour(self):
        now = self.ex.now
        chance, runs = self._levels(now)
        assert (list(chance), runs) == fresh_levels(self, now)
        # the highest chance and the end of the first quiet spell, kept beside them
        fresh_chance, fresh_runs = fresh_levels(self, now)
        assert self._highest == max([*fresh_chance, *(r for r in fresh_runs if r is not None)],
                                    default=0.0)
        assert self._levels_until == min((m.quiet_until for m in self._originals
                                          if m.quiet_until > now), default=float("inf"))
        assert self.launderer() == fresh_launderer(self)
        assert [(g.id, v) for g, v, _rate in self._client_groups()] == fresh_groups(self)
        for venue in self.world.venues:
            assert self.members_at(venue) == fresh_members_at(self, venue)
        checked.append(now)
        original_hour(self)

    monkeypatch.setattr(network_module.NetworkProcesses, "_hour", checked_hour)
    ex = Exercise(flagship, seed)
    play(ex, "baseline", until=UNTIL)
    assert len(checked) == UNTIL // 60


def test_duty_changes_match_shift_times(flagship):
    ex = Exercise(flagship, 2)
    play(ex, "passive", until=2 * 24 * 60)
    changes = ex.agencies._changes
    assert len(changes) == 24  # one per hour of the day, worked out once each
    assert any(changes.values())
    for minute, changed in changes.items():
        t = (minute - ex.startex_minute) % 1440
        plain = [(unit.id, ex.agencies.on_duty(unit, t)) for unit in ex.world.units.values()
                 if ex.agencies.on_duty(unit, t) != ex.agencies.on_duty(unit, t - 60)]
        assert list(changed) == plain


def test_policy_views_match_full_rescan(flagship, monkeypatch):
    compared = []
    original = Baseline._surveil_targets

    def checked_targets(self, pic):
        targets = original(self, pic)
        # The rule as first written: sort everything, then skip as the loop goes.
        every = [t for t in sorted(pic.places) if pic.is_place(t)
                 and "raided_at" not in pic.places[t]] + \
                [p for p in sorted(pic.people) if pic.people[p]["status"] == "at_large"
                 and pic.people[p]["location"]]
        every.sort(key=lambda t: (-pic.cases.get(t, {}).get("strength", 0.0),
                                  -len((pic.people.get(t) or pic.places.get(t))["reports"]), t))
        expected = [t for t in every
                    if pic.cases.get(t, {}).get("strength", 0.0) < self.threshold
                    and self.jurisdiction_of.get(
                        (pic.places.get(t) or pic.people.get(t))["location"]) in self.jurisdictions]
        assert targets == expected
        running = [o["target"] for o in pic.orders.values()
                   if o["verb"] == "surveil" and o["status"] == "running"]
        assert self._watched(pic) == running
        compared.append(len(targets))
        return targets

    monkeypatch.setattr(Baseline, "_surveil_targets", checked_targets)
    play(Exercise(flagship, 3), "baseline", until=UNTIL)
    assert compared, "no hour had a free surveillance team: the check never ran"


def test_every_ticks_at_offset_then_each_interval(flagship):
    ex = Exercise(flagship, 1)
    seen, first = [], []
    ex.every(60, lambda: seen.append(ex.now), offset=30)
    ex.every(90, lambda: first.append(ex.now))
    ex.run_until(200)
    assert seen == [30, 90, 150]
    assert first == [0, 90, 180]
