"""The network's hourly draws, read ahead, are the numbers drawn hour by hour.

:mod:`cpx.engine.hourly_draws` reads the contact and client-visit streams a day ahead.
Here each reader is compared with the plain calls it replaces, on random requests
(hypothesis), and the network's hours with a plain copy of their streams drawn hour by
hour, in played runs of every bundled scenario: every hour's contacts and visits must be
the plain ones, and at ENDEX each stream must stand where the plain copy does.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.engine.draws import UniformDraws
from cpx.engine.hourly_draws import ContactDraws, CountDraws
from cpx.engine.network import ROTATION_PER_DAY, NetworkProcesses
from cpx.journal.scenario_source import open_scenario

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       hours=st.lists(st.tuples(st.integers(0, 40), st.floats(0, 1), st.integers(0, 200)),
                      min_size=1, max_size=40))
def test_contact_draws_are_the_plain_draws(seed, hours):
    fast_stream = np.random.default_rng(seed)
    plain_stream = np.random.default_rng(seed)
    draws = ContactDraws(fast_stream)
    for count, bound, ahead in hours:
        got = draws.take(count, bound, ahead)
        plain = plain_stream.random(count).tolist()
        # every number below the bound, in order, and maybe some others (found under a
        # higher bound before), each at its place
        assert [(k, r) for k, r in got if r < bound] == [
            (k, r) for k, r in enumerate(plain) if r < bound]
        assert all(plain[k] == r for k, r in got) and got == sorted(got)
    draws.settle()
    assert fast_stream.bit_generator.state == plain_stream.bit_generator.state
    assert fast_stream.random(5).tolist() == plain_stream.random(5).tolist()


RATES = st.one_of(st.sampled_from([0.0, 1e-9, 0.05, 9.999999, 10.0, 25.0]),
                  st.floats(0, 12, allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rates=st.lists(RATES, min_size=1, max_size=80),
       batch=st.integers(1, 70))
def test_counts_are_numpys_poisson_draws(seed, rates, batch):
    """Counts made from uniform numbers read ahead are numpy's scalar Poisson draws, for
    small, zero and large rates (numpy's own method) alike; settled, the stream stands
    where the scalar draws leave it."""
    fast_stream = np.random.default_rng(seed)
    plain_stream = np.random.default_rng(seed)
    draws = CountDraws(fast_stream, batch)
    for rate in rates:
        assert draws.count(rate, math.exp(-rate)) == int(plain_stream.poisson(rate))
    draws.settle()
    assert fast_stream.bit_generator.state == plain_stream.bit_generator.state


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       draws_asked=st.lists(st.one_of(RATES, st.none()), min_size=1, max_size=80),
       batch=st.integers(1, 70))
def test_counts_and_uniforms_mixed_are_numpys_draws(seed, draws_asked, batch):
    """Counts and uniform numbers taken in any mix from one reader (the force's patrols
    draw both from their stream) are numpy's scalar ``poisson`` and ``random`` draws in
    that order; settled, the stream stands where the scalar draws leave it (None: a
    uniform number)."""
    fast_stream = np.random.default_rng(seed)
    plain_stream = np.random.default_rng(seed)
    draws = CountDraws(fast_stream, batch)
    for rate in draws_asked:
        if rate is None:
            assert draws.random() == plain_stream.random()
        else:
            assert draws.count(rate, math.exp(-rate)) == int(plain_stream.poisson(rate))
    draws.settle()
    assert fast_stream.bit_generator.state == plain_stream.bit_generator.state


@pytest.mark.parametrize("name", SCENARIOS)
def test_counts_for_the_bundled_client_groups(name):
    """The bundled scenarios' client rates, over many draws of many seeds."""
    rates = [g.visits_per_week / 168 for g in open_scenario(name).scenario.network.clients]
    for seed in range(40):
        fast_stream, plain_stream = np.random.default_rng(seed), np.random.default_rng(seed)
        draws = CountDraws(fast_stream)
        for _hour in range(120):
            for rate in rates:
                assert draws.count(rate, math.exp(-rate)) == int(plain_stream.poisson(rate))
        draws.settle()
        assert fast_stream.bit_generator.state == plain_stream.bit_generator.state


def test_a_refused_rate_is_refused_as_numpy_refuses_it():
    draws = CountDraws(np.random.default_rng(1))
    draws.count(0.5, math.exp(-0.5))
    with pytest.raises(ValueError):
        draws.count(-1.0, math.exp(1.0))


def plain_contacts(net: NetworkProcesses, rng) -> dict:
    """The hour's contacts from the whole arrays, drawn hour by hour (two calls)."""
    doings: dict[str, list[tuple[str, str]]] = {}
    chance, run_chance = net._levels(net.ex.now)
    draws = rng.random(len(net.ties))
    for k in np.nonzero(draws < chance)[0].tolist():
        a, b = net.ties[k].between
        kind = "meeting" if draws[k] < chance[k] / 2 else "call"
        doings.setdefault(a, []).append((kind, b))
        doings.setdefault(b, []).append((kind, a))
    launderer = net._find_launderer()
    if launderer and net._managers:
        for m, r, threshold in zip(net._managers, rng.random(len(net._managers)), run_chance):
            if threshold is not None and r < threshold:
                doings.setdefault(m.id, []).append(("money_run", launderer))
    return doings


def plain_visits(net: NetworkProcesses, rng) -> dict:
    """The hour's client visits from scalar Poisson draws over the groups found afresh."""
    venues, barred, visits = net.world.venues, net.world.misconduct_reported, {}
    for group in net.net.clients:
        open_venues = [v for v in group.venues if venues[v].active and not venues[v].hidden]
        if group.id in barred or not open_venues:
            continue
        for i in range(int(rng.poisson(group.visits_per_week / 168))):
            at = visits.setdefault(open_venues[i % len(open_venues)], {})
            at[group.id] = at.get(group.id, 0) + 1
    return visits


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("seed", [0, 5, 11])
def test_hours_are_the_plain_hours_and_streams_end_in_place(name, seed, monkeypatch):
    original_hour = NetworkProcesses._hour
    plain: dict = {}
    seen = {"hours": 0, "contacts": 0, "visits": 0}

    def checked_hour(self):
        if not plain:  # the first hour: nothing drawn from either stream yet
            plain["contacts"] = copy.deepcopy(self._activity_rng)
            plain["visits"] = copy.deepcopy(self._clients_rng)
        want_doings = plain_contacts(self, plain["contacts"])
        want_visits = plain_visits(self, plain["visits"])
        original_hour(self)
        assert self.doings == want_doings
        assert self.visits_now == want_visits
        seen["hours"] += 1
        seen["contacts"] += len(want_doings)
        seen["visits"] += len(want_visits)

    monkeypatch.setattr(NetworkProcesses, "_hour", checked_hour)
    exercise = Exercise(open_scenario(name).scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    assert seen["hours"] == -(-exercise.end // 60) and seen["contacts"] > 0
    network = exercise.network
    assert network._activity_rng.bit_generator.state == plain["contacts"].bit_generator.state
    assert network._clients_rng.bit_generator.state == plain["visits"].bit_generator.state
    if name != "bitter_harvest":  # it has no client groups
        assert seen["visits"] > 0


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), batch=st.integers(1, 50), used=st.integers(0, 120))
def test_uniform_draws_settled_leave_the_stream_where_scalar_calls_do(seed, batch, used):
    """UniformDraws.settle gives back the numbers read ahead (the network's day reads
    its rotation draws so)."""
    fast_stream, plain_stream = np.random.default_rng(seed), np.random.default_rng(seed)
    draws = UniformDraws(fast_stream, batch)
    assert [draws.random() for _ in range(used)] == [plain_stream.random() for _ in range(used)]
    draws.settle()
    assert fast_stream.bit_generator.state == plain_stream.bit_generator.state


@pytest.mark.parametrize("name", SCENARIOS)
def test_days_leave_their_stream_where_scalar_draws_do(name, monkeypatch):
    """Each day's rotations are those of scalar draws on a plain copy of the stream, and
    after each day both stand at the same place."""
    original_day = NetworkProcesses._day
    days = []

    def checked_day(self):
        plain = copy.deepcopy(self._daily_rng)
        held = [pid for pid in self.world.person_ids()
                if self.world.people[pid].status == "held" and self.world.people[pid].is_victim]
        seen = []
        self.ex.listen(seen.append)
        original_day(self)
        self.ex.unlisten(seen.append)
        rotated = [pid for pid in held if plain.random() < ROTATION_PER_DAY]
        moved = [e.payload["person_id"] for e in seen
                 if e.kind == "victim.moved" and e.payload["reason"] == "rotation"]
        assert set(moved) <= set(rotated)
        assert self._daily_rng.bit_generator.state == plain.bit_generator.state
        days.append(len(held))

    monkeypatch.setattr(NetworkProcesses, "_day", checked_day)
    exercise = Exercise(open_scenario(name).scenario, 4)
    play(exercise, "baseline", [], exercise.end, [])
    if exercise.end > 1440:  # the tutorial lasts a day: no day ends before ENDEX
        assert days and sum(days) > 0
