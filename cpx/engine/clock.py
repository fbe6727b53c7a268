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
* :class:`Process` (``env.process``) — the generator waits by yielding whole minutes
  (``yield 60``, where plain SimPy has ``yield env.timeout(60)``): its own bound method
  is put on the queue that much later. No ``Timeout``, no callback list, no end entry.
  It may still yield SimPy events (``env.timeout(d)``, ``env.event()``).
* :func:`run_to` — the loop ``env.run(until=...)`` runs, without the stop event and the
  exception SimPy spends each time the clock is moved (once an hour in a headless run),
  calling each light entry directly instead of through ``step``.

:class:`ExerciseEnvironment` also keeps the exercise's ``now`` as a plain attribute,
set where SimPy's time changes, instead of a property read thousands of times a run.
"""

from __future__ import annotations

from heapq import heappop, heappush
from numbers import Real
from typing import TYPE_CHECKING, Any, Callable, Final, Generator, Iterator

import simpy
from mypy_extensions import mypyc_attr
from simpy.core import EmptySchedule, StopSimulation
from simpy.events import NORMAL, URGENT, EventPriority

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

# Final: compiled (mypyc), each is a static read where a module global was a lookup in
# the module's dictionary at every queue entry (the same objects as SimPy's and heapq's).
_NORMAL: Final = NORMAL
_URGENT: Final = URGENT
_heappush: Final = heappush
_heappop: Final = heappop


# A Python class even when compiled (mypyc): a compiled class on SimPy's Python class
# crashed the interpreter when freed with a weak reference to it (a sweep worker's,
# tests/engine/test_exercise_dispose.py), and a benchmark sets its own ``step`` on it.
@mypyc_attr(native_class=False)
class ExerciseEnvironment(simpy.Environment):
    """SimPy's environment that keeps its owner's ``now`` (whole minutes) in step with its
    own time, so reading the time (thousands of times a run) is reading an attribute, and
    whose processes are light queue entries (see the module's text).

    The time changes only where an entry is taken off the queue (:meth:`step`,
    :func:`run_to`) and at the end of :func:`run_to`.
    """

    def __init__(self, owner: Any) -> None:
        super().__init__()
        self.owner = owner
        """The exercise, typed ``Any`` here: SimPy's own ``run`` (:meth:`step`) serves
        anything with a ``now``; :func:`run_to` serves an :class:`Exercise` only."""
        owner.now = int(self._now)

    def process(self, generator: Generator) -> "Process":  # type: ignore[override]
        """Start ``generator`` as a process now (as ``simpy.Environment.process``)."""
        return Process(self, generator)

    def step(self) -> None:
        """Process the next entry (as ``simpy.Environment.step``), the owner's ``now`` first."""
        queue: list[Any] = self._queue  # SimPy's 4-tuples and the light 5- and 6-tuples
        try:
            entry: Any = heappop(queue)
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

    def _process_event(self, event: Any) -> None:
        """SimPy's own processing of one of its events (the rest of its ``step``).

        ``event`` is a ``simpy.Event``, typed ``Any``: its stub says its callbacks are never
        None, and processing it sets them to None (as SimPy does)."""
        callbacks, event.callbacks = event.callbacks, None
        try:
            for callback in callbacks:
                callback(event)
        except StopSimulation:
            # as SimPy: the rest of the callbacks run when the simulation resumes
            event.callbacks = callbacks[callbacks.index(callback) + 1:]
            self.schedule(event, EventPriority(-1))
            raise
        if not event._ok and not hasattr(event, "_defused"):
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc


class Process:
    """A generator run as a SimPy process would be, on light entries.

    Started by an urgent entry now (where SimPy puts its ``Initialize``). The generator
    waits by yielding a number of minutes (``yield 60``): its wake-up is put on the queue
    at that moment with the next event id, where the ``Timeout`` of
    ``yield env.timeout(60)`` would have been put, but without the event, its callback
    list and SimPy's resume machinery. It may also yield a SimPy event (resumed with its
    value when the event is processed, at once if it was already). A generator that
    raises fails the run as a failed SimPy process does: SimPy's copy of the error
    (``type(e)(*e.args)``, the original as its cause) is raised from an entry put on the
    queue at that moment. A finished process leaves nothing on the queue (SimPy's end
    entry, which nobody waits on, did nothing; leaving it out changes no other entry's
    order, their ids keeping their order).
    """

    __slots__ = ("env", "_generator", "resume", "_alive", "_queue", "_eid")

    def __init__(self, env: simpy.Environment, generator: Generator[Any, Any, Any]) -> None:
        if not hasattr(generator, "throw"):
            raise ValueError(f"{generator} is not a generator.")
        self.env: Any = env
        """The environment, typed ``Any``: its ``_active_proc`` (SimPy's own ``Process`` in
        its stub) is set to this process, and its queue holds the light entries."""
        # Any, not Generator | None (None once disposed): read on every wake, where a cast
        # would be a call of its own in the interpreter
        self._generator: Any = generator
        """The process's generator; None once its exercise is disposed (nothing runs then)."""
        self.resume: Callable[[], None] | None = self._wake
        """The bound method the queue calls (made once, not at every wait)."""
        self._alive = True
        # The environment's queue and event-id counter, read once: the same list and
        # counter for the environment's life (SimPy never replaces them), where reading
        # them off the (Python) environment at every wake was a lookup each.
        queue: list[Any] = env._queue  # the light entries beside SimPy's 4-tuples
        self._queue = queue
        self._eid: Iterator[int] = env._eid
        heappush(queue, (env._now, URGENT, next(self._eid), self.resume, ()))

    @property
    def is_alive(self) -> bool:
        """Whether the generator has not finished yet."""
        return self._alive

    def _wake(self) -> None:
        """The queue's call: :meth:`_resume` with nothing to send, its usual case (whole
        minutes yielded) written out."""
        env = self.env
        env._active_proc = self
        try:
            # never None while the process runs: only dispose() clears it, after the run.
            # next(generator, _DONE) is send(None) but for its end: the generator's end
            # comes back as _DONE, not as a StopIteration raised and caught (which the
            # compiled code paid for with an exception object and a traceback frame).
            target = next(self._generator, _DONE)
        except BaseException as failure:
            self._alive = False
            self.resume = None
            env._active_proc = None
            heappush(env._queue, (env._now, NORMAL, next(env._eid), _fail, (failure,)))
            return
        env._active_proc = None
        if target is _DONE:
            self._alive = False
            self.resume = None  # its cycle with its bound method: freed without the collector
            return
        # type(): compiled, the object's type read directly (``__class__`` was a
        # generic attribute lookup at every wake)
        if type(target) is int and target >= 0:
            _heappush(self._queue, (env._now + target, _NORMAL, next(self._eid), self.resume, ()))
        else:
            self._wait_on(target)

    def _wait_on(self, target: Any) -> None:
        """Wait on what the generator yielded: a number of minutes, or a SimPy event."""
        callbacks: Any = getattr(target, "callbacks", _NOT_AN_EVENT)
        if callbacks is _NOT_AN_EVENT:
            if not isinstance(target, Real) or isinstance(target, bool):
                raise RuntimeError(f'Invalid yield value "{target}"')
            if target < 0:
                raise ValueError(f"Negative delay {target}")
            env = self.env
            heappush(env._queue, (env._now + target, NORMAL, next(env._eid), self.resume, ()))
        elif callbacks is not None:  # not processed yet: resumed when it is
            callbacks.append(self._on_event)
        else:  # processed already: at once
            self._resume(*self._outcome(target))

    def _resume(self, value: Any = None, error: BaseException | None = None) -> None:
        env = self.env
        env._active_proc = self
        try:
            generator = self._generator
            target = (generator.send(value) if error is None else generator.throw(error))
        except StopIteration:
            self._alive = False
            self.resume = None
            return
        except BaseException as failure:
            self._alive = False
            self.resume = None
            heappush(env._queue, (env._now, NORMAL, next(env._eid), _fail, (failure,)))
            return
        finally:
            env._active_proc = None
        self._wait_on(target)

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


_NOT_AN_EVENT: Final = object()
"""What :meth:`Process._wait_on` reads as the callbacks of something that is no event."""
_DONE: Final = object()  # Final: compiled, a static (read at every wake)
"""What :meth:`Process._wake` gets from a generator that has finished (no generator
yields it)."""


def _fail(failure: BaseException) -> None:
    error = type(failure)(*failure.args)
    error.__cause__ = failure
    raise error


def _begin_ticks(env: ExerciseEnvironment, interval: int, action: Callable[[], Any],
                 offset: int) -> None:
    """The start of an :func:`every`: its first tick now, or armed ``offset`` later."""
    if offset:
        queue: list[Any] = env._queue  # the light entries beside SimPy's 4-tuples
        heappush(queue, (env._now + offset, NORMAL, next(env._eid), action, (), interval))
    else:
        _tick(env, action, interval)


def _tick(env: ExerciseEnvironment, action: Callable[[], Any], interval: int) -> None:
    """One tick of an :func:`every`: the action, then the next tick put on the queue —
    after the action, as a timeout made at the end of the tick would be: its event id is
    drawn after everything the action scheduled."""
    action()
    queue: list[Any] = env._queue  # the light entries beside SimPy's 4-tuples
    heappush(queue, (env._now + interval, NORMAL, next(env._eid), action, (), interval))


def later(env: simpy.Environment, delay: int, action: Callable[..., Any], args: tuple) -> None:
    """Call ``action(*args)`` ``delay`` minutes from now: ``env.timeout(delay)`` with that
    callback, as one light entry."""
    queue: list[Any] = env._queue  # the light entries beside SimPy's 4-tuples
    heappush(queue, (env._now + delay, NORMAL, next(env._eid), action, args))


def every(env: simpy.Environment, interval: int, action: Callable[[], Any], offset: int = 0) -> None:
    """Call ``action()`` every ``interval`` minutes, first ``offset`` minutes from now.

    Scheduled as a SimPy process would be: an urgent start entry now (where a process has
    its ``Initialize``), which runs the first tick at once or arms it ``offset`` later.
    A tick is a 6-tuple entry ``(time, priority, id, action, (), interval)``: the clock
    calls the action and puts the next tick on the queue itself (no object, no method
    between the clock and the action).
    """
    queue: list[Any] = env._queue  # the light entries beside SimPy's 4-tuples
    heappush(queue, (env._now, URGENT, next(env._eid), _begin_ticks,
                     (env, interval, action, offset)))


def run_to(env: ExerciseEnvironment, target: int) -> None:
    """Process every entry before ``target`` and set the clock to ``target`` (> now).

    What ``env.run(until=target)`` does: SimPy puts an urgent stop event at ``target``,
    which comes after everything earlier and before anything else at ``target`` (nothing
    else at a later time is urgent: urgent entries are only ever made for "now"). An
    instrumented step set on the environment (``benchmarks/engine.py``) is called for
    every entry, as ``Environment.run`` would.
    """
    queue: list[Any] = env._queue  # SimPy's 4-tuples and the light 5- and 6-tuples
    if "step" in env.__dict__:
        while queue and queue[0][0] < target:
            env.step()
    else:
        # typed: the compiled loop sets the native exercise's ``now`` in its slot, where
        # an ``Any`` owner cost a generic attribute store at every entry
        owner: Exercise = env.owner
        ids: Iterator[int] = env._eid  # SimPy's counter: the same object all run long
        # ``tuple``: compiled, an entry's items are read as a tuple's, not through the
        # generic item lookup an ``Any`` cost (every entry is a tuple: SimPy's and ours)
        while queue:
            head: tuple = queue[0]
            if not head[0] < target:
                break
            entry: tuple = _heappop(queue)
            env._now = now = entry[0]
            owner.now = int(now)
            size = len(entry)
            if size == 5:
                entry[3](*entry[4])
            elif size == 6:  # a tick (_tick written out)
                action = entry[3]
                action()
                # ``now``: the time just set (nothing an action does moves the clock)
                _heappush(queue, (now + entry[5], _NORMAL, next(ids), action, (), entry[5]))
            else:
                env._process_event(entry[3])
    env._now = target
    env.owner.now = int(target)
