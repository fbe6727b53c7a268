"""The clock's light queue entries keep SimPy's order exactly (cpx.engine.clock).

Each fast path is compared with the plain SimPy computation it replaces, on schedules
drawn by hypothesis that mix processes, timeouts, timed calls and ticks, some of them
made while the clock runs, at equal times: a call, a tick, a run-to must happen in the
same order, at the same time, as with ``env.timeout`` callbacks and ``env.run(until=)``.
"""

from __future__ import annotations

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st
from simpy.events import URGENT

from cpx.engine import clock
from cpx.engine.exercise import Exercise
import engine_world


def plain_later(env, delay, action, args):
    env.timeout(delay).callbacks.append(lambda _event: action(*args))


def plain_every(env, interval, action, offset=0):
    """Exercise.every as it was: a timeout re-armed from its own callback."""

    def tick(_event=None):
        action()
        env.timeout(interval).callbacks.append(tick)

    def begin(_event):
        if offset:
            env.timeout(offset).callbacks.append(tick)
        else:
            tick()

    start = simpy.Event(env)
    start.callbacks.append(begin)
    start._ok, start._value = True, None
    env.schedule(start, URGENT)


def plain_run_to(env, target):
    env.run(until=target)


_SCENARIO = engine_world.scenario()


def Owner() -> Exercise:  # noqa: N802 (stands where a stand-in class stood)
    """The environment's owner: an exercise (of the fixture scenario), whose ``now`` the
    clock keeps; :func:`clock.run_to` serves nothing else (compiled, it sets the
    exercise's ``now`` in its slot). Its own environment is left unused."""
    return Exercise(_SCENARIO, seed=0)


def play(plan, later, every, run_to, fast_env=False):
    """Run ``plan`` on a fresh environment with the given primitives; the log of what ran
    (with the owner's ``now`` beside SimPy's on the fast environment)."""
    owner = Owner()
    env = clock.ExerciseEnvironment(owner) if fast_env else simpy.Environment()
    log = []

    def note(label):
        log.append((env.now, label))
        if fast_env:
            assert owner.now == env.now and type(owner.now) is int

    def process(name, gaps):
        for gap in gaps:
            yield env.timeout(gap)
            note(f"{name} woke")
            later(env, gap % 3, note, (f"{name} later {gap}",))

    for index, (kind, a, b) in enumerate(plan["items"]):
        if kind == "process":
            env.process(process(f"p{index}", [a, b, a + b]))
        elif kind == "later":
            later(env, a, note, (f"l{index}",))
        else:
            def tick(index=index, interval=a + 1):
                note(f"e{index}")  # and something due with its next tick: which comes first?
                later(env, interval, note, (f"e{index} later",))
            every(env, a + 1, tick, b)
    for target in plan["targets"]:
        if target > env.now:
            run_to(env, target)
            note("stop")
    if plan.get("drain"):  # and SimPy's own run, on the environment's own step
        env.run(until=env.now + 50)
        note("drained")
    return log


schedules = st.fixed_dictionaries({
    "items": st.lists(st.tuples(st.sampled_from(["process", "later", "every"]),
                                st.integers(0, 30), st.integers(0, 30)), max_size=12),
    "targets": st.lists(st.integers(1, 200), min_size=1, max_size=8).map(sorted),
    "drain": st.booleans(),
})


@settings(max_examples=60, deadline=None)
@given(schedules)
def test_light_entries_keep_simpy_order(plan):
    fast = play(plan, clock.later, clock.every, clock.run_to, fast_env=True)
    plain = play(plan, plain_later, plain_every, plain_run_to)
    assert fast == plain


@settings(max_examples=30, deadline=None)
@given(schedules)
def test_run_to_is_env_run_until(plan):
    """With SimPy's own timeouts throughout, only the run-to and the step differ."""
    fast = play(plan, plain_later, plain_every, clock.run_to, fast_env=True)
    plain = play(plan, plain_later, plain_every, plain_run_to)
    assert fast == plain


def test_a_failing_process_fails_the_run_as_in_simpy():
    def failing(env):
        yield env.timeout(5)
        raise ValueError("bad order of things")

    raised = []
    for env, run_to in ((simpy.Environment(), plain_run_to),
                        (clock.ExerciseEnvironment(Owner()), clock.run_to)):
        env.process(failing(env))
        try:
            run_to(env, 10)
        except ValueError as error:
            raised.append((str(error), env.now, type(error.__cause__)))
    assert raised == [("bad order of things", 5, ValueError)] * 2
