"""The exercise's clock on SimPy's queue: timed calls, ticks, and running to a time.

:class:`cpx.engine.exercise.Exercise` schedules most of its own work (an inject's time, a
report's delay, the network's hour) as plain calls at a sim time, not as SimPy processes.
A SimPy ``Timeout`` with one callback would do; this module puts a lighter entry on the
same queue instead, with the same key SimPy gives a timeout — ``(time, priority, event
id)``, the id drawn from the environment's own counter at the same moment — so every
entry keeps its place among SimPy's own events and nothing observable changes order.
What it saves is the ``Timeout`` and its closure per call (a run has hundreds), and, in
:func:`run_to`, the stop event and the exception ``Environment.run(until=...)`` spends
each time the clock is moved (once an hour in a headless run).

An entry needs only what ``Environment.step`` reads from an event: ``callbacks`` (set to
None when processed) and ``_ok`` (True: a call never "fails" as an event; an exception
in the action propagates out of ``step`` as a callback's would).

:class:`ExerciseEnvironment` also keeps the exercise's ``now`` as a plain attribute,
set where SimPy's time changes, instead of a property read thousands of times a run.
"""

from __future__ import annotations

from heapq import heappop, heappush
from typing import Any, Callable

import simpy
from simpy.core import EmptySchedule, StopSimulation
from simpy.events import NORMAL, URGENT


class ExerciseEnvironment(simpy.Environment):
    """SimPy's environment that keeps its owner's ``now`` (whole minutes) in step with its
    own time, so reading the time (thousands of times a run) is reading an attribute.

    The time changes only where an event is taken off the queue (:meth:`step`, which is
    SimPy's own with that one line added) and at the end of :func:`run_to`.
    """

    def __init__(self, owner: Any) -> None:
        super().__init__()
        self.owner = owner
        owner.now = int(self._now)

    def step(self) -> None:
        """Process the next event (as ``simpy.Environment.step``), the owner's ``now`` first."""
        try:
            self._now, _, _, event = heappop(self._queue)
        except IndexError:
            raise EmptySchedule from None
        self.owner.now = int(self._now)
        callbacks, event.callbacks = event.callbacks, None
        try:
            for callback in callbacks:
                callback(event)
        except StopSimulation:
            # as SimPy: the rest of the callbacks run when the simulation resumes
            event.callbacks = callbacks[callbacks.index(callback) + 1:]
            self.schedule(event, -1)
            raise
        if not event._ok and not hasattr(event, "_defused"):
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc


class Call:
    """A queue entry that calls ``action(*args)`` when the clock reaches it."""

    __slots__ = ("callbacks", "_ok", "action", "args")

    def __init__(self, action: Callable[..., Any], args: tuple) -> None:
        self.callbacks = _CALL
        self._ok = True
        self.action = action
        self.args = args


def _call(entry: Call) -> None:
    entry.action(*entry.args)


_CALL = (_call,)
"""The callbacks of every :class:`Call` (``step`` iterates them and never mutates them)."""


class Tick:
    """A queue entry that calls ``action()`` and puts itself back ``interval`` later.

    One object serves every tick of an :func:`every`: ``step`` takes it off the queue
    before calling it, so it is never on the queue twice.
    """

    __slots__ = ("callbacks", "_ok", "action", "interval", "env")

    def __init__(self, env: simpy.Environment, interval: int, action: Callable[[], Any]) -> None:
        self.callbacks = _TICK
        self._ok = True
        self.action = action
        self.interval = interval
        self.env = env


def _tick(entry: Tick) -> None:
    entry.action()
    # re-armed after the action, as a timeout made at the end of the tick would be:
    # its event id is drawn after everything the action scheduled
    env = entry.env
    entry.callbacks = _TICK
    heappush(env._queue, (env._now + entry.interval, NORMAL, next(env._eid), entry))


_TICK = (_tick,)


def later(env: simpy.Environment, delay: int, action: Callable[..., Any], args: tuple) -> None:
    """Call ``action(*args)`` ``delay`` minutes from now: ``env.timeout(delay)`` with that
    callback, as one lighter entry."""
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), Call(action, args)))


def every(env: simpy.Environment, interval: int, action: Callable[[], Any], offset: int = 0) -> None:
    """Call ``action()`` every ``interval`` minutes, first ``offset`` minutes from now.

    Scheduled as a SimPy process would be: an urgent start entry now (where a process has
    its ``Initialize``), which runs the first tick at once or arms it ``offset`` later.
    """
    tick = Tick(env, interval, action)

    def begin() -> None:
        if offset:
            heappush(env._queue, (env._now + offset, NORMAL, next(env._eid), tick))
        else:
            _tick(tick)

    heappush(env._queue, (env._now, URGENT, next(env._eid), Call(begin, ())))


def run_to(env: ExerciseEnvironment, target: int) -> None:
    """Process every entry before ``target`` and set the clock to ``target`` (> now).

    What ``env.run(until=target)`` does: SimPy puts an urgent stop event at ``target``,
    which comes after everything earlier and before anything else at ``target`` (nothing
    else at a later time is urgent: urgent entries are only ever made for "now"). The
    step is looked up on the environment each time, as ``Environment.run`` does, so an
    instrumented step (``benchmarks/engine.py``) still sees every event.
    """
    queue = env._queue
    while queue and queue[0][0] < target:
        env.step()
    env._now = target
    env.owner.now = int(target)
