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
