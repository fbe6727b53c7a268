"""The clock's light processes run exactly as SimPy processes would.

:class:`cpx.engine.clock.Process` (``env.process`` on the exercise's environment) runs a
generator that waits by yielding minutes without a SimPy ``Process`` and its
``Timeout``s. Compared here with SimPy itself: random processes that wait, start others
and wait on SimPy events resume at the same moments in the same order; and whole runs of
every bundled scenario, with every process run by SimPy instead, give the same events,
state and pictures.
"""

from __future__ import annotations

from typing import Any

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st
from simpy.events import Event

from cpx.commands.run import play
from cpx.engine import clock
from cpx.engine.exercise import Exercise
from cpx.journal.scenario_source import open_scenario


def _as_simpy(env: simpy.Environment, steps: Any) -> simpy.Process:
    """The plain computation: the generator as a SimPy process, each wait a Timeout made
    where the generator yields it."""
    def process():
        while True:
            try:
                wait = steps.send(None)
            except StopIteration:
                return
            yield wait if isinstance(wait, Event) else simpy.Timeout(env, wait)
    return simpy.Process(env, process())


class Owner:
    now = None


def _light(env: simpy.Environment, steps: Any) -> clock.Process:
    return clock.Process(env, steps)


_plan = st.lists(  # per process: its waits; a negative wait starts a child process there
    st.lists(st.integers(-3, 4), max_size=6), min_size=1, max_size=6)


def _trace(plan: list[list[int]], runner) -> list[tuple[Any, ...]]:
    env = clock.ExerciseEnvironment(Owner())
    log: list[tuple[Any, ...]] = []

    def steps(name: str, waits: list[int]):
        log.append((env.now, name, "start"))
        for n, wait in enumerate(waits):
            if wait < 0:  # start another process now, then wait on a SimPy timeout
                runner(env, steps(f"{name}.{n}", [abs(wait) % 3, 1]))
                yield env.timeout(-wait)
            else:
                yield wait
            log.append((env.now, name, n))
        env.timeout(0).callbacks.append(lambda _e: log.append((env.now, name, "after")))

    for i, waits in enumerate(plan):
        runner(env, steps(str(i), waits))
        env.timeout(i % 2).callbacks.append(lambda _e, i=i: log.append((env.now, "timer", i)))
    env.run()
    return log


@settings(max_examples=150, deadline=None)
@given(_plan)
def test_processes_resume_where_simpy_processes_would(plan):
    assert _trace(plan, _light) == _trace(plan, _as_simpy)


def test_a_negative_wait_is_refused_as_simpy_refuses_it():
    env = clock.ExerciseEnvironment(Owner())

    def steps():
        yield -1

    env.process(steps())
    with pytest.raises(ValueError):
        env.run()


def pictures(ex: Exercise) -> dict:
    return {cell: (ex.picture(cell), list(ex.picture_of(cell).kinds),
                   ex.picture_of(cell).danger_history) for cell in ex.cells}


@pytest.mark.parametrize("name", ["glass_lantern", "bitter_harvest", "tutorial"])
def test_runs_are_the_runs_with_simpy_processes(name, monkeypatch):
    scenario = open_scenario(name).scenario
    for seed in range(1, 5):
        runs = []
        for plain in (False, True):
            with monkeypatch.context() as patch:
                if plain:
                    patch.setattr(clock.ExerciseEnvironment, "process", _as_simpy)
                ex = Exercise(scenario, seed)
                play(ex, "baseline")
                runs.append(([e.to_dict() for e in ex.events], ex.state_hash(), pictures(ex)))
                assert type(ex.env.process(_nothing())) is (simpy.Process if plain else clock.Process)
        assert runs[0] == runs[1], (name, seed)


def _nothing():
    yield from ()
