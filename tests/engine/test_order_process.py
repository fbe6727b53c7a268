"""Orders' processes on the clock's queue run exactly as SimPy processes would.

:mod:`cpx.engine.order_process` runs an order's generator without a SimPy ``Process``
and its ``Timeout``s. Compared here with SimPy itself: random processes that wait, start
others and wait on SimPy events resume at the same moments in the same order; and whole
runs of every bundled scenario, with the orders' processes run by SimPy instead, give
the same events.
"""

from __future__ import annotations

from typing import Any

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st
from simpy.events import Event

from cpx.commands.run import play
from cpx.engine import order_process
from cpx.engine.exercise import Exercise
from cpx.journal.scenario_source import open_scenario


def _as_simpy(env: simpy.Environment, steps: Any) -> None:
    """The plain computation: the generator as a SimPy process, each wait a Timeout made
    where the generator yields it."""
    def process():
        while True:
            try:
                wait = steps.send(None)
            except StopIteration:
                return
            yield wait if isinstance(wait, Event) else env.timeout(wait)
    env.process(process())


_plan = st.lists(  # per process: its waits; a negative wait starts a child process there
    st.lists(st.integers(-3, 4), max_size=6), min_size=1, max_size=6)


def _trace(plan: list[list[int]], runner) -> list[tuple[Any, ...]]:
    env = simpy.Environment()
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
    assert _trace(plan, order_process.start) == _trace(plan, _as_simpy)


def test_a_negative_wait_is_refused_as_simpy_refuses_it():
    env = simpy.Environment()

    def steps():
        yield -1

    order_process.start(env, steps())
    with pytest.raises(ValueError):
        env.run()


@pytest.mark.parametrize("name", ["glass_lantern", "bitter_harvest", "tutorial"])
def test_runs_are_the_runs_with_simpy_processes(name, monkeypatch):
    scenario = open_scenario(name).scenario
    for seed in range(1, 6):
        runs = []
        for runner in (order_process.start, _as_simpy):
            monkeypatch.setattr(order_process, "start", runner)
            ex = Exercise(scenario, seed)
            play(ex, "baseline")
            runs.append(([(e.t, e.kind, e.visibility, e.payload) for e in ex.events],
                         ex.state_hash()))
        assert runs[0] == runs[1], (name, seed)
