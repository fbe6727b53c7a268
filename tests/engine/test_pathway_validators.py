"""The order desk's pathway checks, bound once per exercise, answer as fresh ones do.

:func:`cpx.engine.pathway.validators` keeps each exercise's bound checks instead of
binding them again on every order; here each kept check is asked, during a played run,
the same orders as the unbound check with the exercise given afresh.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from cpx.commands.run import play
from cpx.engine import pathway
from cpx.engine.exercise import Exercise
from cpx.engine.orders import Order


def test_checks_are_bound_once_per_exercise_and_read_only(fixture_scenario):
    first, second = Exercise(fixture_scenario, 1), Exercise(fixture_scenario, 2)
    kept = pathway.validators(first)
    assert pathway.validators(first) is kept
    assert pathway.validators(second) is not kept
    assert sorted(kept) == sorted(pathway.VERBS)
    with pytest.raises(TypeError):
        kept["release"] = lambda order, cell: ""  # type: ignore[index]


def test_a_finished_exercise_is_not_kept_alive(fixture_scenario):
    exercise = Exercise(fixture_scenario, 3)
    pathway.validators(exercise)
    gone = weakref.ref(exercise)
    del exercise
    gc.collect()
    assert gone() is None, "the kept checks hold the exercise after its run"


@pytest.mark.parametrize("seed", [1, 5])
def test_kept_checks_answer_as_fresh_ones(fixture_scenario, seed):
    exercise = Exercise(fixture_scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    people = sorted(exercise.world.people)[:8] + ["nobody"]
    assert len(people) > 1, "no people met: the checks would only refuse"
    members = sorted(exercise.world.members)[:2]
    kept = pathway.validators(exercise)
    answers = set()
    for cell in exercise.cells:
        for verb, check in pathway._VALIDATORS.items():
            for target in people:
                for params in ({}, {"basis": "cooperation"}, {"offender": members[0]}):
                    if verb != "residence_permit" and "basis" in params:
                        continue
                    if verb != "claim_compensation" and "offender" in params:
                        continue
                    order = Order(verb=verb, unit=None, target=target, params=params)
                    answer = kept[verb](order, cell)
                    assert answer == check(exercise, order, cell)
                    answers.add(answer)
    assert len(answers) > 2, "every check gave the same answer: nothing was compared"
