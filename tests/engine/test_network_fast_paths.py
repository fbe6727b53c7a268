"""The network lane's kept answers and shortcuts are the plain computations.

The MSEL looks only at the injects waiting for an event's kind, asks whether the event
concerns a subject without listing its subjects, and matches an order only against the
injects awaiting its verb (:mod:`cpx.engine.injects`); the network's contact chances are
worked out in Python floats (:mod:`cpx.engine.network`); a person's uniform draws are
read in one call (:func:`cpx.engine.victims.draw_person`).
Each shortcut is compared here with the computation it replaces, on random input and
during played runs of every bundled scenario.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.engine.injects import SUBJECT_KEYS, TRIGGER_KINDS, Injects, concerns, subjects_of
from cpx.engine.network import CONTACTS_PER_HOUR, QUIET_FACTOR
from cpx.engine.victims import draw_person
from cpx.journal.events import Event
from cpx.journal.scenario_source import open_scenario

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")
NAMES = st.sampled_from(["v1", "m2", "p3", "inf_a", "", "o1"])
VALUES = st.one_of(st.none(), NAMES, st.integers(0, 3), st.lists(NAMES, max_size=2))


@settings(max_examples=200, deadline=None)
@given(payload=st.dictionaries(st.sampled_from([*SUBJECT_KEYS, "order", "other"]), VALUES),
       target=st.one_of(st.none(), NAMES), order_is_dict=st.booleans(),
       subject=NAMES.filter(bool))
def test_concerns_is_membership_in_the_subjects(payload, target, order_is_dict, subject):
    if order_is_dict:
        payload["order"] = {"verb": "raid", "target": target}
    event = Event(t=0, seq=0, kind="raid.result", visibility="excon", payload=payload)
    assert concerns(event, subject) == (subject in subjects_of(event))


def plain_fired(waiting: list, event: Event) -> list:
    """The injects an event releases, found as the MSEL first did: every waiting inject
    looked at, the event's subjects listed."""
    fired = []
    for inject in waiting:
        cond = inject.when
        if TRIGGER_KINDS.get(cond.event) != event.kind:
            continue
        if cond.subject and cond.subject not in subjects_of(event):
            continue
        fired.append(inject)
    return fired


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("seed", [1, 7])
def test_triggers_release_the_plain_injects(name, seed, monkeypatch):
    original = Injects.on_event
    released, matched = [], []

    def checked(self, event):
        before = list(self.waiting)
        before_pools = [*self.expecting, *self.missed]
        fired = plain_fired(before, event)
        original(self, event)
        assert self.waiting == [inject for inject in before if inject not in fired]
        kept = [inject for injects in self._waiting_for.values() for inject in injects]
        assert sorted(map(id, kept)) == sorted(map(id, self.waiting))
        awaited: dict[str, int] = {}
        for inject, _t in (*self.expecting, *self.missed):
            verb = inject.expected_action.order
            awaited[verb] = awaited.get(verb, 0) + 1
        assert {verb: n for verb, n in self._awaited.items() if n} == awaited
        for spec in self.specs:  # orders found by verb are those found in all given
            want = spec.expected_action
            if want is not None:
                plain = next((order_id for verb, target, order_id in self.given
                              if verb == want.order and (not want.target or want.target == target)),
                             None)
                assert self._taken_already(want) == plain
        matched.extend(item for item in before_pools if item not in
                       (*self.expecting, *self.missed))
        released.extend(fired)

    monkeypatch.setattr(Injects, "on_event", checked)
    exercise = Exercise(open_scenario(name).scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    if name == "glass_lantern":
        assert released, "no trigger fired: the comparison saw nothing"
        assert matched, "no expected action was taken: the verb counts were not used"


UNIT = st.floats(0, 1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(members=st.lists(st.tuples(UNIT, st.booleans(), st.booleans()), min_size=2, max_size=12),
       ties=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), UNIT), max_size=30))
def test_contact_chances_in_python_are_numpys(members, ties):
    """The network's contact chances, now worked out in Python floats, are the numbers
    the arrays gave (the draws are compared with them, so one ulp would matter)."""
    ties = [(a % len(members), b % len(members), s) for a, b, s in ties]
    level = [activity * (QUIET_FACTOR if quiet else 1.0) if active else 0.0
             for activity, quiet, active in members]
    mine = [min(level[a], level[b]) * s * CONTACTS_PER_HOUR for a, b, s in ties]
    levels = np.array(level, dtype=float)
    first = np.array([a for a, _b, _s in ties], dtype=np.intp)
    second = np.array([b for _a, b, _s in ties], dtype=np.intp)
    numpys = np.minimum(levels[first], levels[second]) * np.array([s for *_ab, s in ties],
                                                                  dtype=float)
    numpys *= CONTACTS_PER_HOUR
    assert mine == numpys.tolist()


@settings(max_examples=120, deadline=None)
@given(name=st.sampled_from(SCENARIOS), which=st.integers(0, 7), seed=st.integers(0, 2**32 - 1),
       minor_share=st.sampled_from([None, 0.0, 0.5, 1.0]), shared=st.booleans(),
       worker=st.booleans())
def test_people_drawn_in_one_call_are_the_scalar_draws(name, which, seed, minor_share, shared,
                                                       worker):
    """draw_person reads a person's uniform numbers in one call: the same person, and
    both streams where the scalar calls leave them, for every bundled profile, minors
    (an integer age drawn between) and adults, one stream or two."""
    from test_build_fast_paths import plain_draw_person, same_layout  # the plain draws, kept there

    profiles = open_scenario(name).scenario.network.victim_profiles
    profile = profiles[which % len(profiles)]
    if minor_share is not None:
        profile = profile.model_copy(update={"minor_share": minor_share})
    fast = [np.random.default_rng(seed), np.random.default_rng(seed + 1)]
    slow = [np.random.default_rng(seed), np.random.default_rng(seed + 1)]
    for n in range(4):
        got = draw_person(fast[0], profile, f"p{n}", "r", None, worker,
                          None if shared else fast[1])
        want = plain_draw_person(slow[0], profile, f"p{n}", "r", None, worker,
                                 None if shared else slow[1])
        assert got == want and same_layout(got, want)
    for mine, plain in zip(fast, slow):
        assert mine.bit_generator.state == plain.bit_generator.state


@pytest.mark.parametrize("name", SCENARIOS)
def test_timed_injects_kept_per_scenario_are_the_plain_schedule(name):
    """The timed injects' minutes, worked out once per scenario, are those each exercise
    worked out for itself."""
    from cpx.engine.injects import _timed
    from cpx.scenario.timefmt import clock_to_minutes

    exercise = Exercise(open_scenario(name).scenario, 0)
    plain = []
    for inject in exercise.scenario.injects:
        if inject.at is not None and inject.contingency_for is None:
            at = clock_to_minutes(inject.at, exercise.startex_minute)
            if 0 <= at < exercise.end:
                plain.append((at, inject))
    assert list(_timed(exercise.scenario)) == plain and plain


@pytest.mark.parametrize("name", SCENARIOS)
def test_kept_tie_members_and_client_facts_are_the_scenarios(name):
    """The two members of each tie, and each client group's id and kind, kept off the
    scenario's models for the hourly contacts and visits, are the models' own."""
    ex = Exercise(open_scenario(name).scenario, 3)
    net = ex.network
    assert net._tie_pairs == tuple((t.between[0], t.between[1]) for t in net.ties)
    play(ex, "baseline", until=24 * 60)
    groups = net._client_groups()
    assert [(floor, gid, international) for floor, gid, international in net._client_floors] == [
        (math.exp(-rate), g.id, g.kind == "international_personnel") for g, _v, rate in groups]
