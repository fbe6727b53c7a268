"""The exercise's clock on SimPy's queue: timed calls, ticks, light processes, running to a time.

:class:`cpx.engine.exercise.Exercise` schedules most of its own work (an inject's time, a
report's delay, the network's hour) as plain calls at a sim time, and the rest as
generator processes that wait on timeouts. SimPy would make a ``Timeout`` event (with its
callback list, and a closure for a call) for each wait and each call, an ``Initialize``
for each process start and a queue entry for each process end. This module puts lighter
entries on the same queue instead, with the same key SimPy gives its events —
``(time, priority, event id)``, the id drawn from the environment's own counter at the
same moment — so every entry keeps its place among the others and nothing observable
changes order.

A light entry is a 5-tuple ``(time, priority, id, function, args)``: taking it off the
queue calls ``function(*args)`` (a tick of :func:`every` adds its interval: a 6-tuple). SimPy's own events (4-tuples) are still processed as
SimPy does, so ``env.event()``, ``simpy.Timeout`` and ``env.run`` keep working.

* :func:`later` — ``function`` is the action itself: one tuple, no event, no closure.
* :func:`every` — a 6-tuple whose action the clock calls and puts back ``interval`` later.
* :class:`Process` (``env.process``) — the generator is resumed by its own bound method;
  ``env.timeout(d)`` inside it puts that method on the queue ``d`` later and returns a
  marker the process yields. No ``Timeout``, no callback list; a finished process leaves
  nothing on the queue (SimPy's end entry has no callbacks: processing it did nothing,
  and leaving it out changes no other entry's order, their ids keeping their order).
* :func:`run_to` — the loop ``env.run(until=...)`` runs, without the stop event and the
  exception SimPy spends each time the clock is moved (once an hour in a headless run),
  calling each light entry directly instead of through ``step``.

:class:`ExerciseEnvironment` also keeps the exercise's ``now`` as a plain attribute,
set where SimPy's time changes, instead of a property read thousands of times a run.
"""

from __future__ import annotations

import dis
from heapq import heappop, heappush
from sys import _getframe
from typing import Any, Callable, Generator

import simpy
from simpy.core import EmptySchedule, StopSimulation
from simpy.events import NORMAL, URGENT, Timeout


class _Wait:
    """What ``env.timeout(d)`` returns inside a light process: the wake-up is already on
    the queue, the process only has to yield it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<light timeout>"


WAIT = _Wait()


class ExerciseEnvironment(simpy.Environment):
    """SimPy's environment that keeps its owner's ``now`` (whole minutes) in step with its
    own time, so reading the time (thousands of times a run) is reading an attribute, and
    whose processes and timeouts are light queue entries (see the module's text).

    The time changes only where an entry is taken off the queue (:meth:`step`,
    :func:`run_to`) and at the end of :func:`run_to`.
    """

    def __init__(self, owner: Any) -> None:
        super().__init__()
        self.owner = owner
        owner.now = int(self._now)

    def process(self, generator: Generator) -> "Process":  # type: ignore[override]
        """Start ``generator`` as a process now (as ``simpy.Environment.process``)."""
        return Process(self, generator)

    def timeout(self, delay: Any = 0, value: Any = None) -> Any:  # type: ignore[override]
        """``simpy.Environment.timeout``; made by a light process that waits on nothing
        else, in ``yield env.timeout(d)`` (the call's value yielded at once), its wake-up
        put straight on the queue and :data:`WAIT` returned. Anywhere else (kept to be
        yielded later, or by a plain function that adds a callback, even one a process
        calls) it is SimPy's own ``Timeout``."""
        proc = self._active_proc
        if type(proc) is not Process or proc.armed or value is not None:
            return Timeout(self, delay, value)
        caller = _getframe(1)
        code = caller.f_code
        known = _YIELDS.get(id(code))  # by id: a code object's own hash is computed anew each time
        sites = known[1] if known is not None and known[0] is code else _yields(code)
        if caller.f_lasti + _AFTER_CALL not in sites:
            return Timeout(self, delay, value)
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        proc.armed = True
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), proc.resume, ()))
        return WAIT

    def wait(self, delay: int) -> Any:
        """A light process's ``yield env.wait(d)``: :meth:`timeout` without looking at the
        caller (what it returns must be yielded at once; anything else is refused when the
        process yields). Outside a light process, or when its wake-up is on the queue
        already, SimPy's own ``Timeout``."""
        proc = self._active_proc
        if type(proc) is not Process or proc.armed:
            return Timeout(self, delay)
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        proc.armed = True
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), proc.resume, ()))
        return WAIT

    def step(self) -> None:
        """Process the next entry (as ``simpy.Environment.step``), the owner's ``now`` first."""
        try:
            entry = heappop(self._queue)
        except IndexError:
            raise EmptySchedule from None
        self._now = now = entry[0]
        self.owner.now = int(now)
        size = len(entry)
        if size == 5:
            entry[3](*entry[4])
        elif size == 6:
            _tick(self, entry[3], entry[5])
        else:
            self._process_event(entry[3])

    def _process_event(self, event: simpy.Event) -> None:
        """SimPy's own processing of one of its events (the rest of its ``step``)."""
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


_YIELDS: dict[int, tuple[Any, frozenset[int]]] = {}
"""id of a code object -> (the code object, the offsets of its ``yield`` instructions);
the code object kept beside its id so that an id reused by another is never trusted."""


def _yields(code: Any) -> frozenset[int]:
    sites = frozenset(op.offset for op in dis.get_instructions(code) if op.opname == "YIELD_VALUE")
    _YIELDS[id(code)] = (code, sites)
    return sites


def _probe() -> int | None:
    """How far past a caller's ``f_lasti`` (during a call) its next instruction is, found
    on this interpreter by looking (None if ``yield f()`` cannot be recognised: then every
    timeout is SimPy's own)."""
    def caller_lasti() -> Any:
        frame = _getframe(1)
        return frame.f_lasti, frame.f_code

    def probe() -> Any:
        yield caller_lasti()
        kept = caller_lasti()
        yield kept

    gen = probe()
    (at_yield, code), (not_at_yield, _) = next(gen), next(gen)
    sites = frozenset(op.offset for op in dis.get_instructions(code) if op.opname == "YIELD_VALUE")
    for after in (2, 0, 4, 6, 8, 10):
        if at_yield + after in sites and not_at_yield + after not in sites:
            return after
    return None


_AFTER_CALL = _probe()
if _AFTER_CALL is None:  # pragma: no cover - an interpreter whose frames we cannot read
    _AFTER_CALL = -10**9  # never a yield site: every timeout is SimPy's


class Process:
    """A generator run as a SimPy process would be, on light entries.

    Started by an urgent entry now (where SimPy puts its ``Initialize``); each
    ``yield env.timeout(d)`` wakes it ``d`` later; it may also yield a SimPy event
    (resumed with its value when it is processed). A generator that raises fails the run
    as a failed SimPy process does: SimPy's copy of the error (``type(e)(*e.args)``, the
    original as its cause) is raised from an entry put on the queue at that moment.
    """

    __slots__ = ("env", "_generator", "resume", "armed", "_alive")

    def __init__(self, env: ExerciseEnvironment, generator: Generator) -> None:
        if not hasattr(generator, "throw"):
            raise ValueError(f"{generator} is not a generator.")
        self.env = env
        self._generator = generator
        self.resume = self._wake
        """The bound method the queue calls (made once, not at every wait)."""
        self.armed = False
        """Whether its wake-up is on the queue (it made a light timeout)."""
        self._alive = True
        heappush(env._queue, (env._now, URGENT, next(env._eid), self.resume, ()))

    @property
    def is_alive(self) -> bool:
        """Whether the generator has not finished yet."""
        return self._alive

    def _wake(self) -> None:
        """The queue's call: :meth:`_resume` with nothing to send, its usual case written
        out (a timeout yielded: the next wake-up is on the queue already)."""
        env = self.env
        self.armed = False
        env._active_proc = self
        try:
            target = self._generator.send(None)
        except StopIteration:
            self._alive = False
            env._active_proc = None
            return
        except BaseException as failure:
            self._alive = False
            env._active_proc = None
            heappush(env._queue, (env._now, NORMAL, next(env._eid), _fail, (failure,)))
            return
        env._active_proc = None
        if target is not WAIT or not self.armed:
            self._wait_on(target)

    def _wait_on(self, target: Any) -> None:
        """Wait on what the generator yielded other than a light timeout."""
        if target is WAIT:
            raise RuntimeError("a process yielded a timeout made by another process")
        if self.armed:
            raise RuntimeError(f"a process made a timeout and yielded {target!r} instead")
        callbacks = getattr(target, "callbacks", WAIT)
        if callbacks is WAIT:
            raise RuntimeError(f'Invalid yield value "{target}"')
        if callbacks is not None:  # not processed yet: resumed when it is
            callbacks.append(self._on_event)
        else:  # processed already: at once
            self._resume(*self._outcome(target))

    def _resume(self, value: Any = None, error: BaseException | None = None) -> None:
        env = self.env
        self.armed = False
        env._active_proc = self
        try:
            while True:
                try:
                    target = (self._generator.send(value) if error is None
                              else self._generator.throw(error))
                except StopIteration:
                    self._alive = False
                    return
                except BaseException as failure:
                    self._alive = False
                    heappush(env._queue, (env._now, NORMAL, next(env._eid), _fail, (failure,)))
                    return
                if target is WAIT:
                    if not self.armed:
                        raise RuntimeError("a process yielded a timeout made by another process")
                    return
                if self.armed:
                    raise RuntimeError(f"a process made a timeout and yielded {target!r} instead")
                callbacks = getattr(target, "callbacks", WAIT)
                if callbacks is WAIT:
                    raise RuntimeError(f'Invalid yield value "{target}"')
                if callbacks is not None:  # not processed yet: resumed when it is
                    callbacks.append(self._on_event)
                    return
                value, error = self._outcome(target)  # processed already: at once
        finally:
            env._active_proc = None

    def _on_event(self, event: simpy.Event) -> None:
        self._resume(*self._outcome(event))

    @staticmethod
    def _outcome(event: simpy.Event) -> tuple[Any, BaseException | None]:
        if event._ok:
            return event._value, None
        event._defused = True
        error = type(event._value)(*event._value.args)
        error.__cause__ = event._value
        return None, error


def _fail(failure: BaseException) -> None:
    error = type(failure)(*failure.args)
    error.__cause__ = failure
    raise error


def _begin_ticks(env: ExerciseEnvironment, interval: int, action: Callable[[], Any],
                 offset: int) -> None:
    """The start of an :func:`every`: its first tick now, or armed ``offset`` later."""
    if offset:
        heappush(env._queue, (env._now + offset, NORMAL, next(env._eid), action, (), interval))
    else:
        _tick(env, action, interval)


def _tick(env: ExerciseEnvironment, action: Callable[[], Any], interval: int) -> None:
    """One tick of an :func:`every`: the action, then the next tick put on the queue —
    after the action, as a timeout made at the end of the tick would be: its event id is
    drawn after everything the action scheduled."""
    action()
    heappush(env._queue, (env._now + interval, NORMAL, next(env._eid), action, (), interval))


def later(env: simpy.Environment, delay: int, action: Callable[..., Any], args: tuple) -> None:
    """Call ``action(*args)`` ``delay`` minutes from now: ``env.timeout(delay)`` with that
    callback, as one light entry."""
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), action, args))


def every(env: simpy.Environment, interval: int, action: Callable[[], Any], offset: int = 0) -> None:
    """Call ``action()`` every ``interval`` minutes, first ``offset`` minutes from now.

    Scheduled as a SimPy process would be: an urgent start entry now (where a process has
    its ``Initialize``), which runs the first tick at once or arms it ``offset`` later.
    A tick is a 6-tuple entry ``(time, priority, id, action, (), interval)``: the clock
    calls the action and puts the next tick on the queue itself (no object, no method
    between the clock and the action).
    """
    heappush(env._queue, (env._now, URGENT, next(env._eid), _begin_ticks,
                          (env, interval, action, offset)))


def run_to(env: ExerciseEnvironment, target: int) -> None:
    """Process every entry before ``target`` and set the clock to ``target`` (> now).

    What ``env.run(until=target)`` does: SimPy puts an urgent stop event at ``target``,
    which comes after everything earlier and before anything else at ``target`` (nothing
    else at a later time is urgent: urgent entries are only ever made for "now"). An
    instrumented step set on the environment (``benchmarks/engine.py``) is called for
    every entry, as ``Environment.run`` would.
    """
    queue = env._queue
    if "step" in env.__dict__:
        while queue and queue[0][0] < target:
            env.step()
    else:
        owner = env.owner
        while queue and queue[0][0] < target:
            entry = heappop(queue)
            env._now = now = entry[0]
            owner.now = int(now)
            size = len(entry)
            if size == 5:
                entry[3](*entry[4])
            elif size == 6:  # a tick (_tick written out)
                action = entry[3]
                action()
                heappush(queue, (env._now + entry[5], NORMAL, next(env._eid), action, (), entry[5]))
            else:
                env._process_event(entry[3])
    env._now = target
    env.owner.now = int(target)
