"""The MSEL's shortcuts on the event path give what the plain computation gives.

:mod:`cpx.engine.injects` reads each waiting inject's trigger, each fired inject's
expected action and the MSEL's contingencies once, instead of reading the scenario's
pydantic models at every event; it removes an inject from its lists by identity instead
of ``list.remove`` (which compares every earlier entry field by field). Each is compared
here with the plain way, on random lists and during played runs of every bundled scenario.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.engine.injects import Injects, _drop, _drop_at
from cpx.journal.scenario_source import open_scenario

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")


@pytest.fixture(scope="module")
def msel():
    return list(open_scenario("glass_lantern").scenario.injects)[:5]


@settings(max_examples=150, deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 4), st.booleans(), st.integers(0, 2)),
                      min_size=1, max_size=10), data=st.data())
def test_dropping_removes_what_list_remove_removes(msel, picks, data):
    """Injects and (inject, minute) pairs, some of them equal copies of another entry
    (another object): the same list as ``list.remove`` leaves, entry for entry."""
    injects = [msel[i].model_copy() if copy else msel[i] for i, copy, _t in picks]
    pairs = [(inject, t) for inject, (_i, _c, t) in zip(injects, picks)]
    index = data.draw(st.integers(0, len(picks) - 1))
    plain, mine = list(injects), list(injects)
    plain.remove(injects[index])
    _drop(mine, injects[index])
    assert [id(i) for i in mine] == [id(i) for i in plain]
    plain_pairs, mine_pairs = list(pairs), list(pairs)
    plain_pairs.remove(pairs[index])
    _drop_at(mine_pairs, index)
    assert [id(p) for p in mine_pairs] == [id(p) for p in plain_pairs]


@pytest.mark.parametrize("name", SCENARIOS)
def test_read_once_is_what_the_models_say(name, monkeypatch):
    """Conditions, contingencies and expected actions read once are the models' own,
    at every event of a played run (the injects still waiting, fired or missed)."""
    original = Injects.on_event
    looked = []

    def checked(self, event):
        for inject in self.waiting:
            kept, subject, after = self._conditions[id(inject)]
            assert kept is inject
            assert (subject, after) == (inject.when.subject, int(inject.when.after))
        for inject, _t in (*self.expecting, *self.missed):
            kept, verb, target = self._wants[id(inject)]
            want = inject.expected_action
            assert kept is inject and (verb, target) == (want.order, want.target)
        looked.append(event.kind)
        original(self, event)

    monkeypatch.setattr(Injects, "on_event", checked)
    exercise = Exercise(open_scenario(name).scenario, 3)
    injects = exercise.injects
    plain: dict = {}
    for spec in injects.specs:  # every inject the MSEL has, asked as _deadline first did
        covering = [other for other in injects.specs if other.contingency_for == spec.id]
        if covering:
            plain[spec.id] = covering
    assert {key: [id(s) for s in value] for key, value in injects._contingencies.items()} == \
        {key: [id(s) for s in value] for key, value in plain.items()}
    play(exercise, "baseline", [], exercise.end, [])
    assert looked


@pytest.mark.parametrize("name", SCENARIOS)
def test_what_firing_reads_of_an_inject_once_is_what_the_model_says(name):
    """An inject's parts read once (:class:`cpx.engine.injects._Parts`, kept for the
    scenario's runs) are the model's own fields; a run that fires from the kept parts
    delivers the events a run reading the models afresh delivers."""
    from cpx.engine.injects import _Parts

    scenario = open_scenario(name).scenario
    for inject in (*scenario.injects, *scenario.library):
        parts = _Parts(inject)
        want = inject.expected_action
        assert parts.inject is inject
        assert (parts.id, parts.from_, parts.channel, parts.type, parts.text, parts.mentions,
                parts.danger_at, parts.to, parts.brings_person, parts.expected) == (
            inject.id, inject.from_, inject.channel, inject.type, inject.text,
            list(inject.mentions), list(inject.danger_at), inject.to,
            inject.person is not None, want)
        assert (parts.verb, parts.target, parts.within) == (
            (want.order, want.target, int(want.within)) if want is not None else ("", None, 0))

    def injects_of(exercise: Exercise) -> list:
        play(exercise, "baseline", [], exercise.end, [])
        return [(e.t, e.kind, e.visibility, e.payload) for e in exercise.events
                if e.kind.startswith("inject")]

    first = Exercise(scenario, 5)
    assert not first.injects._parts or all(p.inject in (*scenario.injects, *scenario.library)
                                           for p in first.injects._parts.values())
    fresh = injects_of(first)
    kept = Exercise(scenario, 5)
    assert kept.injects._parts is first.injects._parts  # shared by the scenario's runs
    assert injects_of(kept) == fresh
    afresh = Exercise(open_scenario(name).scenario, 5)  # the same file read again
    assert afresh.injects._parts is not first.injects._parts
    assert injects_of(afresh) == fresh
    assert any(kind == "inject" for _t, kind, _v, _p in fresh)
