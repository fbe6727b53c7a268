"""Building an exercise the quick way gives what the plain computation gives.

A sweep builds thousands of exercises of one scenario, so what depends only on the
scenario is kept per scenario object (:mod:`cpx.engine.scenario_memo`), records are set
directly rather than field by field (:func:`cpx.engine.world.new_record`) and people are
drawn with Python floats (:func:`cpx.engine.victims.draw_person`). Each is compared here
with the computation it replaces, written out plainly as the engine used to do it.
"""

from __future__ import annotations

import dataclasses
import gc
import weakref

import engine_world
import numpy as np
import pytest

from cpx.engine import victims
from cpx.engine.exercise import Exercise
from cpx.engine.network import _TieLayout
from cpx.engine.scenario_memo import _FACTS, per_scenario
from cpx.engine.victims import MINOR_WORKER_AGES, draw_person, is_trafficked
from cpx.engine.world import (InformantState, MemberState, PersonState, RouteState, UnitState,
                              VenueState, World, new_record)
from cpx.journal.scenario_source import open_scenario
from cpx.scenario.cells import unit_cells


def field_values(record) -> dict:
    """A record's fields and their values (a compiled record has no ``vars()``)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def same_layout(got, want) -> bool:
    """Whether two records keep their attributes in the same order: in the Python build,
    the order they were set in (CPython keeps them inline so); a compiled record keeps its
    fields in the slots of its C struct, always the same."""
    return not hasattr(got, "__dict__") or list(vars(got)) == list(vars(want))


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


def plain_world(scenario) -> World:
    """The world at STARTEX built record by record through the dataclasses."""
    world, net = World(), scenario.network
    for m in net.members:
        world.members[m.id] = MemberState(
            id=m.id, name=m.name, roles=list(m.roles), aliases=list(m.aliases), home=m.home,
            nationality=m.nationality, vigilance=m.traits.vigilance, violence=m.traits.violence,
            loyalty=m.traits.loyalty, activity=m.traits.activity, location=m.home)
    for v in net.venues:
        world.venues[v.id] = VenueState(
            id=v.id, name=v.name, kind=v.kind, location=v.location, exploitation=v.exploitation,
            capacity=v.capacity, manager=v.manager, revenue_per_victim_day=v.revenue_per_victim_day)
    for r in net.routes:
        world.routes[r.id] = RouteState(
            id=r.id, name=r.name,
            legs=[(leg.from_, leg.to, int(leg.travel), leg.transporter) for leg in r.legs],
            destinations=list(r.destinations), alternative=r.alternative)
    cell_of = unit_cells(scenario)
    for agency in scenario.agencies:
        for u in agency.units:
            hh, mm = (int(x) for x in u.shift.start.split(":"))
            world.units[u.id] = UnitState(
                id=u.id, callsign=u.callsign, agency=agency.id, cell=cell_of[u.id],
                capabilities=list(u.capabilities), size=u.size, base=u.base, skill=u.skill,
                shift_start=hh * 60 + mm, shift_hours=u.shift.hours, location=u.base)
        for shelter in agency.shelters:
            key = f"{agency.id}@{shelter.location}"
            world.shelter_free[key] = world.shelter_free.get(key, 0) + shelter.places
    for i in scenario.informants:
        world.informants[i.id] = InformantState(
            id=i.id, codename=i.codename, handler=i.handler, members=list(i.access.members),
            venues=list(i.access.venues), routes=list(i.access.routes),
            reliability=i.reliability, accuracy=i.accuracy, report_every=int(i.report_every),
            delay=int(i.delay), exposure_risk=i.exposure_risk)
    return world


def plain_draw_person(rng, profile, pid, route, venue, worker, controls=None) -> PersonState:
    """A person drawn with numpy's scalar calls, as the engine drew them before."""
    controls = rng if controls is None else controls
    sex = "female" if rng.random() < profile.female_share else "male"
    origin = profile.origins[int(rng.integers(len(profile.origins)))]
    if worker:
        age = int(rng.integers(19, 36))
        act, means, purpose = True, [], bool(rng.random() < 0.3)
        young, young_age = controls.random(), int(controls.integers(*MINOR_WORKER_AGES))
        minor = bool(young < profile.minor_workers_share)
        age = young_age if minor else age
        docs_draw, debt_draw, draws = 1.0, 0, (1.0, 1.0)
    else:
        minor = bool(rng.random() < profile.minor_share)
        age = int(rng.integers(14, 18)) if minor else int(
            rng.uniform(max(18.0, profile.age.min), max(18.0, profile.age.max) + 1))
        picks = rng.random(len(profile.means)) < 0.6
        means = [m for m, keep in zip(profile.means, picks) if keep] or [profile.means[0]]
        docs_draw = rng.random()
        debt_draw = int(round(rng.uniform(profile.debt.min, profile.debt.max), -1))
        act, purpose = True, True
        no_means, *rest = controls.random(3)
        if minor and no_means >= profile.minor_means_share:
            means = []
        draws = tuple(rest)
    coerced = bool(means)
    bondage = coerced and bool(draws[0] < profile.debt_bondage)
    person = PersonState(
        id=pid, is_victim=False, minor=minor, age=age, sex=sex, origin=origin,
        exploitation=profile.exploitation, act=act, means=sorted(means), purpose=purpose,
        documents_withheld=coerced and bool(docs_draw < profile.documents_withheld),
        debt=debt_draw if bondage else 0, profile=profile.id, route=route, venue=venue,
        trust=round(float(rng.uniform(0.1, 0.4)), 4), debt_bondage=bondage,
        restricted_movement=coerced and bool(draws[1] < profile.restricted_movement))
    person.is_victim = is_trafficked(act, bool(person.means), purpose, minor)
    return person


def test_world_is_the_plain_world_with_its_own_lists(flagship, fixture_scenario):
    for scenario in (flagship, fixture_scenario):
        first, second = World.from_scenario(scenario), World.from_scenario(scenario)
        assert first == plain_world(scenario) == second
        for name in ("members", "venues", "routes", "units", "informants"):
            assert list(getattr(first, name)) == list(getattr(plain_world(scenario), name))
        member = next(iter(first.members))
        first.members[member].roles.append("boss")
        first.routes[next(iter(first.routes))].destinations.clear()
        assert second == plain_world(scenario), "two worlds share a list"
        assert World.from_scenario(scenario) == plain_world(scenario), "the kept values changed"


@pytest.mark.parametrize("kind", [MemberState, VenueState, RouteState, UnitState,
                                  InformantState, PersonState])
def test_new_record_is_what_the_dataclass_makes(flagship, kind):
    world = plain_world(flagship)
    samples = {MemberState: world.members, VenueState: world.venues, RouteState: world.routes,
               UnitState: world.units, InformantState: world.informants}
    if kind is PersonState:
        record = plain_draw_person(np.random.default_rng(3), flagship.network.victim_profiles[0],
                                   "p1", "r", "v", False)
    else:
        record = next(iter(samples[kind].values()))
    given = field_values(record)
    built = new_record(kind, given)
    assert built == record and type(built) is kind
    assert field_values(built) == given
    assert same_layout(built, kind(**given))  # every field, in field order
    with pytest.raises(TypeError):
        new_record(kind, {**given, "no_such_field": 1})
    required = [name for name, f in kind.__dataclass_fields__.items()
                if f.default is f.default_factory]  # both MISSING
    with pytest.raises(TypeError):
        new_record(kind, {k: v for k, v in given.items() if k != required[-1]})


def test_new_person_enters_the_venue_index_as_before(fixture_scenario):
    world = World.from_scenario(fixture_scenario)
    venue = next(iter(world.venues))
    person = new_record(PersonState, field_values(plain_draw_person(
        np.random.default_rng(1), fixture_scenario.network.victim_profiles[0], "p1", None,
        venue, False)))
    world.add_person(person)
    assert world.victims_at(venue) == [person]
    person.status = "met"
    assert world.victims_at(venue) == []


@pytest.mark.parametrize("worker", [False, True])
def test_drawn_people_and_the_streams_after_them_are_as_before(flagship, fixture_scenario,
                                                               worker):
    profiles = list(flagship.network.victim_profiles) + list(
        fixture_scenario.network.victim_profiles)
    for seed in range(40):
        for profile in profiles:
            fast = (np.random.default_rng(seed), np.random.default_rng(seed + 1000))
            slow = (np.random.default_rng(seed), np.random.default_rng(seed + 1000))
            for n in range(6):
                got = draw_person(fast[0], profile, f"p{n}", "r", None, worker, fast[1])
                want = plain_draw_person(slow[0], profile, f"p{n}", "r", None, worker, slow[1])
                assert got == want
                assert same_layout(got, want)
            for mine, theirs in zip(fast, slow):
                assert mine.bit_generator.state == theirs.bit_generator.state
    # one stream for both (controls=None) draws the same too
    rng, ref = np.random.default_rng(9), np.random.default_rng(9)
    assert draw_person(rng, profiles[0], "p1", None, None, worker) == plain_draw_person(
        ref, profiles[0], "p1", None, None, worker)


@pytest.mark.parametrize("low,high", [(0.1, 0.4), (18.0, 36.0), (2000.0, 6000.0), (5, 5),
                                      (-3.5, 1e6), (18, 27.0)])
def test_uniform_is_numpys_uniform(low, high):
    mine, numpys = np.random.default_rng(11), np.random.default_rng(11)
    for _ in range(5000):
        assert victims.uniform(mine, low, high) == numpys.uniform(low, high)


@pytest.mark.parametrize("low,high", [(1.0, 0.0), (0.0, float("inf")), (float("nan"), 1.0)])
def test_uniform_refuses_what_numpy_refuses(low, high):
    with pytest.raises((ValueError, OverflowError)) as numpys:
        np.random.default_rng(1).uniform(low, high)
    with pytest.raises(numpys.type):
        victims.uniform(np.random.default_rng(1), low, high)


def test_tie_layout_is_the_fresh_one_and_kept_per_scenario(flagship):
    first, second = Exercise(flagship, 1), Exercise(flagship, 2)
    assert first.network.ties is second.network.ties  # worked out once for the scenario
    net = first.network
    ties = sorted(flagship.network.ties, key=lambda t: (t.between[0], t.between[1], t.kind))
    assert list(net.ties) == ties
    order = {mid: i for i, mid in enumerate(first.world.members)}
    assert net._tie_a.tolist() == [order[t.between[0]] for t in ties]
    assert net._tie_b.tolist() == [order[t.between[1]] for t in ties]
    assert net._tie_strength.tolist() == [t.strength for t in ties]
    for member in first.world.members:
        fresh = [(t.kind, t.between[1]) if t.between[0] == member else (t.kind, t.between[0])
                 for t in ties if member in t.between]
        assert list(net.tie_partners(member)) == fresh
    with pytest.raises(ValueError):
        net._tie_strength[0] = 9.0  # shared by every run: read-only


def test_kept_values_go_with_their_scenario():
    builds = []
    scenario = engine_world.scenario()  # a scenario object of this test's own

    def build(s):
        builds.append(s)
        return _TieLayout.of(s)

    kept = per_scenario(scenario, "test.layout", build)
    assert per_scenario(scenario, "test.layout", build) is kept and len(builds) == 1
    assert per_scenario(engine_world.scenario(), "test.layout", build) is not kept
    key = id(scenario)
    assert "test.layout" in _FACTS[key][1]
    gone = weakref.ref(scenario)
    del scenario, kept
    builds.clear()
    gc.collect()
    assert gone() is None and key not in _FACTS


def plain_interview_indicators(rng, person, trust) -> list[str]:
    """What an interview reveals, compared as numpy arrays (as the engine did before)."""
    truth = victims.true_indicators(person)
    reveal = rng.random(len(truth)) < 0.25 + 0.7 * trust
    shown = [ind for ind, r in zip(truth, reveal) if r]
    others = [ind for ind in victims.ALL_INDICATORS if ind not in truth]
    spurious = rng.random(len(others)) < 0.12 * (1.0 - trust)
    shown.extend(ind for ind, s in zip(others, spurious) if s)
    return sorted(shown)


def test_interview_indicators_are_as_before(flagship):
    profiles = flagship.network.victim_profiles
    people = [draw_person(np.random.default_rng(seed), profiles[seed % len(profiles)], "p1",
                          "r", None, seed % 3 == 0) for seed in range(30)]
    seen = set()
    for seed, person in enumerate(people):
        for trust in (0.0, 0.1, 0.3, 0.3 + 1e-12, 0.5, 0.95, 1.0):
            mine, plain = np.random.default_rng(seed), np.random.default_rng(seed)
            for _ in range(5):
                got = victims.interview_indicators(mine, person, trust)
                assert got == plain_interview_indicators(plain, person, trust)
                seen.add(tuple(got))
            assert mine.bit_generator.state == plain.bit_generator.state
    assert len(seen) > 20, "the interviews revealed too little to compare"
