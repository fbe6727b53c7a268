"""Drives one cell's seat for the play UI: clock ticks, orders and the cell's new messages.

No Textual here. The driver talks only to a :class:`~cpx.tui.cell_session.CellSession`:
offline (:class:`~cpx.tui.session.PlaySession`) the app's timer calls
:meth:`ExerciseDriver.due` to learn how far sim time should go, runs
:meth:`ExerciseDriver.run_to` (on a worker thread when it is a long way), then
:meth:`ExerciseDriver.absorb`; served (:class:`~cpx.tui.remote_session.RemoteSession`)
the server runs the clock and ``absorb`` takes what arrived. ``absorb`` reads the cell's
events from the number after the last one it saw, so a tick costs the same after
100,000 events.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from cpx.engine.orders import Order, OrderResult
from cpx.errors import CpxError
from cpx.tui.clock import ExerciseClock
from cpx.tui.presenter import FeedItem, Presenter
from cpx.tui.cell_session import CellSession
from cpx.tui.unit_fit import UnitChoice, UnitFit

_log = logging.getLogger("cpx.play")


class EngineFailure(CpxError):
    """The simulation itself failed (a fault in cpx, never a trainee's order).

    Its message says when, and where the journal holds everything up to that moment;
    it never quotes the fault, which could name what the cell must not know.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, "The simulation stopped")


NEXT_MESSAGE_LIMIT = 12 * 60
"""How far ``n`` runs the clock at most looking for the next message: a quiet cell (the
border police see a few messages in five days) must not press ``n`` into ENDEX."""

CENTRAL_ROLES = frozenset({"boss", "lieutenant"})
"""Suspected roles that make an arrest ask for confirmation (from the cell's picture)."""


@dataclass
class Update:
    """What changed since the last absorb: new feed items and whether the picture moved."""

    items: list[FeedItem] = field(default_factory=list)
    picture_changed: bool = False
    endex: bool = False


class ExerciseDriver:
    """The play UI's handle on an exercise: clock, orders, and the cell's view of events."""

    def __init__(self, session: "CellSession", clock: ExerciseClock | None = None) -> None:
        self.session = session
        self.exercise = getattr(session, "exercise", None)
        """The engine, offline only (None for a served seat)."""
        self.cell = session.cell
        self.presenter = Presenter(session.scenario, self.cell)
        self.unit_fit = UnitFit(session.scenario, self.cell)
        # A served seat's clock is the server's (EXCON steers it): the session gives it.
        self.clock = getattr(session, "clock", None) if not session.steerable else None
        self.clock = self.clock or clock or ExerciseClock()
        # Events already there (a resumed exercise) first, then each new one.
        self._cursor = 0
        self._picture: dict[str, Any] | None = None
        self._events_by_seq: dict[int, Any] = {}
        self.ended_by: str | None = None
        self.failure: EngineFailure | None = None
        """Set when the engine failed: the clock stops for good, orders are refused, and
        the journal (flushed, left open) resumes up to that moment."""

    # ---------------------------------------------------------------- time
    @property
    def now(self) -> int:
        """Sim minutes since STARTEX."""
        return self.session.now

    @property
    def end_minute(self) -> int:
        """ENDEX, in sim minutes."""
        return self.session.end

    @property
    def steerable(self) -> bool:
        """Whether this seat steers the clock (offline), or EXCON does (a served exercise)."""
        return self.session.steerable

    @property
    def finished(self) -> bool:
        """Whether the exercise has reached ENDEX (by time or by the trainee)."""
        return self.ended_by is not None or self.session.finished

    def due(self, wall_seconds: float) -> int:
        """The sim minute the clock says the engine should reach after ``wall_seconds``."""
        if not self.steerable:
            return self.session.now
        return min(self.clock.advance(self.session.now, wall_seconds), self.session.end)

    def run_to(self, minute: int) -> None:
        """Advance the engine to ``minute`` (safe to call from a worker thread).

        Never raises for a fault of the engine: it sets :attr:`failure` instead.
        A served exercise runs on the server: nothing to do here.
        """
        if self.steerable and minute > self.session.now and self.failure is None:
            self._guarded(lambda: self.session.advance_to(minute))

    def run_to_next_message(self, limit_minutes: int = NEXT_MESSAGE_LIMIT) -> bool:
        """Advance event by event until the cell gets a feed message, at most
        ``limit_minutes`` (and never past ENDEX); whether a message came."""
        if not self.steerable:
            return False
        session = self.session
        stop = min(session.now + limit_minutes, session.end)

        def advance() -> bool:
            while not session.finished and session.now < stop:
                if any(self.presenter.feed_item(e) is not None for e in session.step()):
                    return True
            return False

        if self.failure is None:
            return bool(self._guarded(advance))
        return False

    def _guarded(self, move: Callable[[], Any]) -> Any:
        """Run ``move`` on the engine; a fault stops the exercise where it is, resumably."""
        try:
            return move()
        except Exception as error:  # any fault: the trainee's exercise must survive it
            self._failed(error)
            return None

    def _failed(self, error: BaseException) -> None:
        if self.failure is not None:
            return
        _log.error("the engine failed at minute %s", self.session.now, exc_info=error)
        self.clock.paused = True
        journal = self.session.journal_path
        saved = "This exercise was played without a journal."
        writer = getattr(self.session, "writer", None)
        if writer is not None and not writer.closed:
            try:
                writer.flush()  # everything up to the fault on disk; no end line: resumable
                saved = (f"Everything up to that moment is saved in {journal}; continue "
                         f"with: cpx play --resume {journal}")
            except Exception:  # the disk itself failed: say so rather than claim it is saved
                saved = f"The journal {journal} could not be written to the end."
        if isinstance(error, CpxError) and not isinstance(error, EngineFailure):
            cause = error.message  # a journal that cannot be written: the trainee can act on it
        else:
            cause = "a fault in cpx, not in your orders; please report it"
        self.failure = EngineFailure(
            f"The simulation stopped at {self.presenter.clock(self.session.now)} ({cause}). "
            f"{saved}")

    # --------------------------------------------------------------- events
    def absorb(self) -> Update:
        """The cell's feed items and picture change since the last call."""
        events = self.session.events_since(self._cursor)
        self._cursor += len(events)
        update = Update()
        for event in events:
            self._events_by_seq[event.seq] = event
            update.picture_changed = True
            item = self.presenter.feed_item(event)
            if item is not None:
                update.items.append(item)
            if event.kind == "exercise.endex":
                update.endex = True
        if update.picture_changed:
            self._picture = None
        update.endex = update.endex or self.session.finished
        return update

    def event(self, seq: int) -> Any:
        """The cell's event with sequence number ``seq``."""
        return self._events_by_seq[seq]

    def picture(self) -> dict[str, Any]:
        """The cell's picture, recomputed only after the cell saw something new."""
        if self._picture is None:
            self._picture = self.session.picture()
            self.presenter.learn(self._picture)
        return self._picture

    def entry_grounds(self, order: Order) -> str:
        """What a raid would rest on, as the order desk judges it now from what the cell
        knows (a warrant, grounds that meet the scenario's rule, or why there are none)."""
        if order.verb != "raid" or not order.target or self.failure is not None:
            return ""
        grounds = self.session.entry_grounds(order)
        if not grounds:
            return ""
        if grounds.startswith("none: "):
            return "No lawful grounds yet: " + grounds[len("none: "):] + "."
        return "Grounds: " + grounds + "."

    def central_people(self) -> set[str]:
        """Ids of people the cell suspects of a central role."""
        return {p["id"] for p in self.picture().get("people", ())
                if CENTRAL_ROLES & set(p.get("roles_suspected") or ())}

    # --------------------------------------------------------------- orders
    def unit_choices(self, verb: str, target: str | None) -> list[UnitChoice]:
        """Own units for an order form: those that can do it first, the others with why."""
        return self.unit_fit.choices(verb, target, self.picture())

    def submit(self, order: Order) -> Any:
        """Give ``order`` now; the engine's :class:`OrderResult` (a refusal once the
        engine has failed, or if it fails on this order)."""
        if self.failure is None:
            result = self._guarded(lambda: self.session.submit(order))
            if result is not None:
                return result
        return OrderResult(False, self.failure.message if self.failure else "", None)

    def other_cells(self) -> tuple[str, ...]:
        """The other player cells this cell may write to (none in a one-cell exercise)."""
        cells = getattr(self.session, "cells", None) or ()
        return tuple(c for c in cells if c != self.session.cell)

    def send_message(self, to: str, text: str) -> Any:
        """Send a message to cell ``to`` now: an :class:`OrderResult` (its ``order_id``
        the message's id; a refusal says why)."""
        send = getattr(self.session, "send_message", None)
        if send is None:
            return OrderResult(False, "this seat cannot send messages to other cells", None)
        if self.failure is None:
            result = self._guarded(lambda: send(to, text))
            if result is not None:
                return result
        return OrderResult(False, self.failure.message if self.failure else "", None)

    def end(self, reason: str) -> None:
        """ENDEX: stop the clock for good and close the journal."""
        if self.ended_by is None:
            self.ended_by = reason
            if self.steerable:
                self.clock.paused = True
            self.session.close(reason=reason)

    def flush(self) -> None:
        """Make what was played durable (the trainee paused)."""
        self.session.flush()

    def status(self) -> str:
        """The header's note: the journal offline, the connection online."""
        return self.session.status()
