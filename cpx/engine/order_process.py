"""Orders' processes (and informants' reporting) run on the clock's queue, not as SimPy processes.

An accepted order is carried out by a generator that waits by yielding: ``yield 60`` waits
an hour; a SimPy event it made itself (``yield ex.env.timeout(60)``) is still waited on
as SimPy would. :func:`start` runs such a generator exactly where ``env.process`` would
have run it, and every wait takes the queue entry a ``Timeout`` would have taken:

- the start is an urgent entry now, with the next event id (SimPy's ``Initialize``);
- ``yield n`` puts one entry ``n`` minutes on, with the next event id, drawn at the
  moment the generator yields (where ``env.timeout(n)`` would have drawn it).

So SimPy's queue holds the same keys ``(time, priority, event id)`` in the same order,
and every process resumes at the same moment as before. What is saved per order and per
wait: the ``Process``, its ``Initialize``, each ``Timeout``, SimPy's resume machinery,
and the event a finished process schedules for processes waiting on it (nobody ever
waits on an order's process; that entry's id is simply not drawn, which leaves the
order of every other entry as it was). A run resumes these generators hundreds of times
(surveillance alone, once an hour for each team).

A generator that raises makes ``env.step`` raise at once (under SimPy the same exception
surfaced from the process's own event in the same instant).
"""

from __future__ import annotations

from heapq import heappush
from typing import Any, Generator

from simpy.events import NORMAL, URGENT, Event

Steps = Generator[Any, None, Any]
"""A process: yields minutes to wait (or a SimPy event to wait on)."""


class Run:
    """A running process as one queue entry, put back on the queue at each wait.

    It carries what ``Environment.step`` reads from an event: ``callbacks`` (set to None
    when taken off the queue) and ``_ok``.
    """

    __slots__ = ("callbacks", "_ok", "steps", "env")

    def __init__(self, env: Any, steps: Steps) -> None:
        self.callbacks = _RESUME
        self._ok = True
        self.steps = steps
        self.env = env

    def on_event(self, _event: Event) -> None:
        """Resume after a SimPy event the process waited on."""
        _resume(self)


def _resume(run: Run) -> None:
    """Run the process to its next wait and queue it there (or let it end)."""
    try:
        wait = run.steps.send(None)
    except StopIteration:
        return
    if wait.__class__ is int and wait >= 0:  # minutes: what the engine's processes yield
        env = run.env
        run.callbacks = _RESUME
        heappush(env._queue, (env._now + wait, NORMAL, next(env._eid), run))
        return
    _wait(run, wait)


def _wait(run: Run, wait: Any) -> None:
    """Wait on a SimPy event (or a number of minutes that is not a plain int)."""
    while isinstance(wait, Event):
        if wait.callbacks is not None:
            wait.callbacks.append(run.on_event)
            return
        try:  # already processed: SimPy resumes at once
            wait = run.steps.send(None)
        except StopIteration:
            return
    if wait < 0:
        raise ValueError(f"Negative delay {wait}")
    env = run.env
    run.callbacks = _RESUME
    heappush(env._queue, (env._now + wait, NORMAL, next(env._eid), run))


_RESUME = (_resume,)
"""The callbacks of every :class:`Run` on the queue (``step`` never mutates them)."""


def start(env: Any, steps: Steps) -> None:
    """Run ``steps`` as ``env.process(steps)`` would: from an urgent entry now."""
    heappush(env._queue, (env._now, URGENT, next(env._eid), Run(env, steps)))
