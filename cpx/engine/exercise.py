"""The engine facade: one exercise, its clock, its events, and the views built on them.

:class:`Exercise` is the only way the UI, bots, tests and batch runs touch the world
(``docs/architecture.md``). It owns the SimPy environment, the random streams, the world
state and the subsystems, and is the single place events are emitted.
"""

from __future__ import annotations

import hashlib
import json
from heapq import heappush
from typing import Any, Callable, Final, Iterable, Iterator, Mapping, cast

from cpx.engine import cell_routing, clock
from cpx.engine import events as ev
from cpx.engine.agencies import Agencies
from cpx.engine.clock import NORMAL
from cpx.engine.doctrine import Doctrine
from cpx.engine.informants import Informants
from cpx.engine.injects import Injects
from cpx.engine.leaks import Leaks
from cpx.engine.network import NetworkProcesses
from cpx.engine.order_handlers import OrderDesk
from cpx.engine.orders import Order, OrderResult, checked_order, order_dict
from cpx.engine.picture import MESSAGE_KINDS as PICTURE_MESSAGES
from cpx.engine.picture import Picture, plain_apply
from cpx.engine.picture import _HANDLERS as PICTURE_HANDLERS
from cpx.engine.region import RegionGraph
from cpx.engine.rng import Streams
from cpx.engine.rulings import Rulings
from cpx.engine.world import World, state_bytes
from cpx.journal.events import EXCON, Event, quick_event
from cpx.scenario.orders import OrderProblem
from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import minutes_to_clock

# What emit and later read at every call, as constants of this module: a compiled build
# keeps a Final name in a C variable (another module's name, or one of this module's
# without Final, is looked up in a dict at every use).
_PICTURE_MESSAGES: Final = PICTURE_MESSAGES
_PICTURE_HANDLERS: Final = PICTURE_HANDLERS
_NORMAL: Final = NORMAL
_heappush: Final = heappush
_UNIT_STATUS: Final = ev.UNIT_STATUS
_ORDER_ACCEPTED: Final = ev.ORDER_ACCEPTED


class Exercise:
    """A running exercise: ``Exercise(scenario, seed, journal=None)``.

    If a ``journal`` is given, ``journal.write_order(t, order_dict, result_dict)`` is
    called after each submit and ``journal.write_event(event)`` for every event.
    """

    # A native class when compiled (mypyc): every module reads its attributes as C struct
    # fields. It has no __dict__ there, so dispose() deletes the attributes that hold the
    # run's parts (mypyc lets only these be deleted), and every attribute another module
    # keeps on it is declared here (pathway's bound checks).
    __deletable__ = ["scenario", "journal", "env", "streams", "region", "world", "cells",
                     "_events", "_listeners", "_routes", "_pictures", "_journal_error",
                     "_players", "_engine_played", "_taken", "doctrine", "leaks", "agencies",
                     "network", "informants", "injects", "desk", "rulings",
                     "_pathway_validators"]

    def __init__(self, scenario: Scenario, seed: int = 0, journal: Any = None) -> None:
        self.scenario = scenario
        self.seed = int(seed)
        self.journal = journal
        self.now: int = 0
        """Minutes since STARTEX: the SimPy clock's time, kept by the environment itself
        (:class:`cpx.engine.clock.ExerciseEnvironment`); read, never set."""
        self.env = clock.ExerciseEnvironment(self)
        self.streams = Streams(self.seed)
        self.region = RegionGraph(scenario.region)
        self.world = World.from_scenario(scenario)
        self.end: int = int(scenario.meta.duration)
        start = scenario.meta.startex
        self.startex_minute = start.hour * 60 + start.minute
        self.cells: list[str] = list(scenario.meta.player_cells)
        self._events: list[Event] = []
        self._listeners: list[tuple[Callable[[Event], None], frozenset[str] | None]] = []
        """Each listener with the kinds it is called for (None: every kind)."""
        self._routes: dict[str, tuple[Callable[[Event], None], ...]] = {}
        """Event kind -> the listeners called for it, in order (filled as kinds occur)."""
        self._pictures = {cell: Picture(cell, self) for cell in self.cells}
        self._fold_inline = Picture.apply is plain_apply
        """Whether :meth:`emit` folds an event into a picture itself, as ``Picture.apply``
        does (not when something has replaced ``apply``, e.g. a test watching it)."""
        self._endex_sent = False
        self._journal_error: Exception | None = None
        self._order_count = 0
        self._message_count = 0
        self._players: list[list[Any]] = []
        """[cell, policy, next decision minute] of each cell the engine plays."""
        self._engine_played: dict[str, str] = {}
        self._taken: set[str] = set()
        """Cells a player took from the engine: never played by a policy again."""
        self._pathway_validators: Mapping[str, Callable[[Order, str], str]] | None = None
        """The pathway's order checks bound to this exercise (:func:`cpx.engine.pathway.validators`)."""
        # Subsystems, in a fixed order: each may emit events while starting.
        self.doctrine = Doctrine(self)
        self.leaks = Leaks(self)
        self.agencies = Agencies(self)
        self.network = NetworkProcesses(self)
        self.informants = Informants(self)
        self.injects = Injects(self)
        self.desk = OrderDesk(self)
        self.rulings = Rulings(self)  # EXCON's adjudications (cpx.session.control)
        self._brief()
        for part in (self.agencies, self.network, self.informants, self.injects):
            part.start()

    def _brief(self) -> None:
        """STARTEX: tell each cell what its old files say (known members and venues)."""
        net = self.scenario.network
        for cell in self.cells:
            for mid in net.known_members:
                member = self.world.members[mid]
                self.emit(ev.BRIEFING_MEMBER, {"person_id": mid, "name": member.name,
                                               "aliases": list(member.aliases),
                                               "location": member.home}, cell)
            for venue in net.venues:
                if venue.known_at_start:
                    self.emit(ev.BRIEFING_PLACE, {"place_id": venue.id, "name": venue.name,
                                                  "kind": venue.kind,
                                                  "location": venue.location}, cell)

    # ------------------------------------------------------------------ clock

    @property
    def finished(self) -> bool:
        """Whether ENDEX has been reached."""
        return self.now >= self.end

    def run_until(self, t: int | float) -> list[Event]:
        """Advance the clock to ``t`` (at most ENDEX, whole minutes: a float is cut to
        one); return the events produced."""
        first = len(self._events)
        target = min(int(t), self.end)
        if self._players:
            self._play_cells_until(target)
        if target > self.now:
            self._advance(clock.run_to, self.env, target)
        if target >= self.end:
            self._send_endex()
        return self._events[first:]

    def step(self) -> list[Event]:
        """Advance to the next moment something happens (at least one event, or ENDEX)."""
        first = len(self._events)
        while len(self._events) == first:
            if self.finished:
                self._send_endex()
                break
            nxt = self.env.peek()
            if self._players and self._next_decision() <= nxt and self._next_decision() < self.end:
                self._play_cells_until(self._next_decision())
                continue
            if nxt >= self.end:
                self.run_until(self.end)
                break
            while self.env.peek() == nxt:
                self._advance(self.env.step)
        return self._events[first:]

    # ------------------------------------------------------------------ engine-played cells

    def play_cells(self, policies: dict[str, str]) -> None:
        """Let the engine play the cells nobody sits at: ``{cell: policy name}``.

        Each policy is asked for its cell's orders at its decision times (every whole
        hour), between two moments of the clock, in the order of :attr:`cells`; its
        orders are submitted and journaled like a player's, so a replay re-gives them
        from the journal and needs no policy. Whoever drives the clock (the play UI,
        the server, ``cpx run``) gets them the same way.
        """
        from cpx.engine.policies import make_policy

        unknown = sorted(set(policies) - set(self.cells))
        if unknown:
            from cpx.errors import CpxError
            raise CpxError(f"no player cell {', '.join(unknown)}; the cells are "
                           f"{', '.join(self.cells)}", "Unknown cell")
        for cell in self.cells:
            name = policies.get(cell)
            if name is None or cell in self._engine_played or cell in self._taken:
                continue
            policy = make_policy(name, self, cell)  # an unknown name is refused here
            self._engine_played[cell] = name
            if name != "passive":  # a passive cell gives no orders: nothing to ask
                self._players.append([cell, policy, int(policy.next_decision(self))])

    def release_cell(self, cell: str) -> bool:
        """A player has taken ``cell``: the engine stops playing it from now on, and a
        later :meth:`play_cells` leaves it alone. Whether the engine was playing it."""
        self._taken.add(cell)
        self._players = [player for player in self._players if player[0] != cell]
        return self._engine_played.pop(cell, None) is not None

    @property
    def taken_cells(self) -> set[str]:
        """The cells a player has taken from the engine (:meth:`release_cell`)."""
        return set(self._taken)

    @property
    def engine_played(self) -> dict[str, str]:
        """The cells the engine plays, with their policy's name."""
        return dict(self._engine_played)

    def _next_decision(self) -> int:
        return min(due for _cell, _policy, due in self._players)

    def _play_cells_until(self, target: int) -> None:
        """Run the clock to each decision time up to ``target`` and let the policies
        give their cells' orders there."""
        while not self.finished:
            due = self._next_decision()
            if due > target or due >= self.end:
                return
            if due > self.now:
                self._advance(clock.run_to, self.env, due)
            for player in self._players:
                cell, policy, when = player
                if when <= self.now:
                    for order in policy.decide(self):
                        self.submit(order, cell)
                    for to, text in policy.messages(self):
                        self.message(cell, to, text)
                    player[2] = max(int(policy.next_decision(self)), self.now + 1)

    def _advance(self, move: Callable[..., object], *args: Any) -> None:
        """Run SimPy, re-raising a journal's own error as it was raised.

        SimPy rebuilds an exception that escapes a process as ``type(e)(*e.args)``, which
        fails for errors with their own constructor (a JournalError); so the journal's
        error is kept aside when it happens and raised here unchanged.
        """
        try:
            move(*args)
        except Exception:
            error, self._journal_error = self._journal_error, None
            if error is not None:
                raise error from None
            raise

    def _send_endex(self) -> None:
        if not self._endex_sent:
            self._endex_sent = True
            for cell in self.cells:
                self.emit(ev.EXERCISE_ENDEX, {"reason": "end of exercise time"}, cell)

    # ------------------------------------------------------------------ events

    def emit(self, kind: str, payload: dict[str, Any], visibility: str = EXCON) -> Event:
        """Record an event now, show it to its cell's picture, journal it, notify listeners."""
        events = self._events
        seq = len(events)
        now = self.now
        event = quick_event(now, seq, kind, visibility, payload)
        events.append(event)
        picture = self._pictures.get(visibility)
        if picture is not None:
            if self._fold_inline:
                # Picture.apply, written out here (some 700 events a run reach a picture)
                picture.now = now
                picture.kinds.append(kind)
                if kind in _PICTURE_MESSAGES:
                    picture.messages.append(seq)
                # the two kinds a picture folds most (a unit's status, an order taken)
                # called directly: compiled, a native call, not a generic one through the
                # table (the same functions: _HANDLERS holds these methods)
                if kind == _UNIT_STATUS:
                    picture._on_unit(seq, payload)
                elif kind == _ORDER_ACCEPTED:
                    picture._on_order_accepted(seq, payload)
                else:
                    handler = _PICTURE_HANDLERS.get(kind)
                    if handler is not None:
                        handler(picture, seq, payload)
            else:
                picture.apply(event)
        if self.journal is not None:
            try:
                self.journal.write_event(event)
            except Exception as error:
                # Keep the first: SimPy may run more of this instant before it surfaces.
                if self._journal_error is None:
                    self._journal_error = error
                raise
        listeners = self._routes.get(kind)
        if listeners is None:
            listeners = self._routes[kind] = tuple(
                listener for listener, kinds in self._listeners if kinds is None or kind in kinds)
        for listener in listeners:
            listener(event)
        return event

    def listen(self, listener: Callable[[Event], None], kinds: Iterable[str] | None = None) -> None:
        """Call ``listener(event)`` for every event from now on, or only for events of
        ``kinds`` (a listener that reads a few kinds is not called for the thousand
        others). Listeners are called in the order they were given."""
        self._listeners.append((listener, None if kinds is None else frozenset(kinds)))
        self._routes.clear()

    def unlisten(self, listener: Callable[[Event], None]) -> None:
        """Stop calling ``listener`` (given to :meth:`listen`)."""
        self._listeners = [(given, kinds) for given, kinds in self._listeners if given != listener]
        self._routes.clear()

    def later(self, delay: int, action: Callable[..., None], *args: Any) -> None:
        """Call ``action(*args)`` after ``delay`` minutes (one queue entry, no process)."""
        # clock.later written out (some 170 calls a run)
        env = self.env
        queue: list[Any] = env._queue  # the clock's light entries beside SimPy's 4-tuples
        ids: Iterator[int] = env._eid  # SimPy's counter (typed: a compiled build calls it directly)
        _heappush(queue, (env._now + max(0, int(delay)), _NORMAL, next(ids), action, args))

    def every(self, interval: int, action: Callable[[], None], offset: int = 0) -> None:
        """Call ``action()`` every ``interval`` minutes, first at ``offset``.

        One queue entry re-armed after each tick, not a generator process: SimPy's queue
        holds its entries in the same order as a process's (an urgent start where a
        process would have its start, then one entry per tick), without a process to
        resume at every tick (:mod:`cpx.engine.clock`).
        """
        clock.every(self.env, interval, action, offset)

    @property
    def events(self) -> list[Event]:
        """Every event so far, in emission order."""
        return list(self._events)

    def event(self, seq: int) -> Event:
        """The event numbered ``seq``."""
        return self._events[seq]

    def events_for(self, cell: str) -> list[Event]:
        """The events ``cell`` may see (``excon`` sees all)."""
        return [e for e in self._events if e.visible_to(cell)]

    # ------------------------------------------------------------------ orders

    def submit(self, order: Any, cell: str | None = None) -> OrderResult:
        """Give an order now; returns whether it was accepted (and why not).

        ``order`` is an :class:`Order` or its dict shape; anything else (a user's mistake
        in an orders file or a message) is rejected with the reason, hence ``Any``.

        An order whose shape or details break its verb's typed definition
        (:mod:`cpx.scenario.orders`: ``hours=abc``, ``hours=-5``, an unknown detail) is
        rejected with the reason before anything is journaled: it never reaches the
        world, so it cannot make the engine raise later.
        """
        try:
            # checked_order: order.checked(), called directly
            order = checked_order(order) if isinstance(order, Order) else Order.from_dict(order)
        except OrderProblem as problem:
            return OrderResult(False, problem.message, None)
        cell = cell or self.cells[0]
        if cell not in self._pictures:
            return OrderResult(False, f"'{cell}' is not a player cell of this exercise.", None)
        reason = ("ENDEX has passed; the exercise takes no more orders." if self.now >= self.end
                  else self.desk.validate(order, cell))
        if reason:
            result = OrderResult(False, reason, None)
        else:
            self._order_count += 1
            result = OrderResult(True, "", f"o{self._order_count}")
        if self.journal is not None:
            self.journal.write_order(self.now, order_dict(order), self._journaled(result, cell))
        if result.accepted:
            order_id = cast(str, result.order_id)  # an accepted order has its id
            self.desk.execute(order, order_id, cell)
            cell_routing.notify_partners(self, order, order_id, cell)
        else:
            self.emit(ev.ORDER_REJECTED, {"order": order_dict(order), "reason": reason}, cell)
        return result

    def _journaled(self, result: OrderResult, cell: str) -> dict[str, Any]:
        """The result as journaled: with several cells, the cell that gave the order
        (one cell: as before, so single-cell journals keep their bytes)."""
        answer = result.to_dict()
        if len(self.cells) > 1:
            answer["cell"] = cell
        return answer

    def message(self, sender: Any, to: Any, text: Any) -> OrderResult:
        """Send a message from one player cell to another, now.

        The cells' ids and the text are as given (a client's, or a re-read journal's,
        maybe None or no text at all, hence ``Any``): checked here before anything else.

        Journaled as an order line (verb ``message``, target the recipient, the text in
        ``params``; the result names the sending cell) so a replay re-sends it at the
        same moment; each cell gets a ``cell.message`` event (EXCON sees both). A
        message that cannot be sent (unknown cell, no text) is refused with the reason
        and not journaled.
        """
        reason = cell_routing.message_problem(self, sender, to, text)
        if reason:
            return OrderResult(False, reason, None)
        self._message_count += 1
        result = OrderResult(True, "", f"m{self._message_count}")
        if self.journal is not None:
            answer = result.to_dict()
            answer["cell"] = sender
            self.journal.write_order(self.now, {"verb": "message", "unit": None, "target": to,
                                                "params": {"text": text.strip()}}, answer)
        cell_routing.send_message(self, sender, to, text, self._message_count)
        return result

    # ------------------------------------------------------------------ views

    def picture(self, cell: str = "trainee") -> dict[str, Any]:
        """What ``cell`` knows, as plain data, built only from the events it saw."""
        return self._pictures[cell].as_dict()

    def picture_of(self, cell: str = "trainee") -> Picture:
        """The live picture object of a cell (for policies and the order desk)."""
        return self._pictures[cell]

    def truth(self) -> dict[str, Any]:
        """Ground truth as plain data, for EXCON and the debrief."""
        state = self.world.snapshot()
        state["now"] = self.now
        state["seed"] = self.seed
        return state

    def state_hash(self) -> str:
        """sha256 of the canonical JSON of the world state; equal after identical runs."""
        # the records go to the encoder as they are (see state_bytes): same text as
        # json.dumps(self.truth(), ...), without first copying the world into plain data
        state = self.world.snapshot(convert=_as_is)
        state["now"] = self.now
        state["seed"] = self.seed
        return hashlib.sha256(state_bytes(state)).hexdigest()

    def dispose(self) -> None:
        """Let go of everything this exercise holds, once nobody will use it again (a
        sweep's worker, after scoring a run).

        The exercise and its subsystems refer to one another, and each light process to
        itself (:class:`cpx.engine.clock.Process` keeps its bound ``resume``): left as
        they are, only the cycle collector frees a run, after walking all of it. Broken
        here, reference counting frees almost everything at once and the collector finds
        a few objects (``tests/engine/test_exercise_dispose.py``). Nothing is read or
        run: no generator is resumed, no event emitted.
        """
        queue: list[Any] = self.env._queue  # SimPy's 4-tuples and the clock's light entries
        for entry in queue:
            owner = getattr(entry[3], "__self__", None)
            if owner.__class__ is clock.Process:
                owner.resume = None  # the process's cycle with its own bound method
                owner._generator = None
        queue.clear()
        vars(self.env).clear()  # finished processes still name it
        self.desk._checks = {}  # its own bound methods (the desk is native when compiled)
        for part in (self.doctrine, self.leaks, self.agencies, self.network, self.informants,
                     self.injects, self.desk, self.rulings):
            # a Python class's parts let go of one another too (a compiled part has no
            # __dict__: what it holds goes when it goes)
            state = getattr(part, "__dict__", None)
            if state is not None:
                state.clear()
        # Everything the exercise holds (what clearing its __dict__ did when it had one).
        del self.scenario, self.journal, self.env, self.streams, self.region, self.world
        del self.cells, self._events, self._listeners, self._routes, self._pictures
        del self._journal_error, self._players, self._engine_played, self._taken
        del self.doctrine, self.leaks, self.agencies, self.network, self.informants
        del self.injects, self.desk, self.rulings, self._pathway_validators

    # ------------------------------------------------------------------ helpers

    def clock(self, t: int | None = None) -> str:
        """``Dn HH:MM`` for a sim time (default now)."""
        return minutes_to_clock(self.now if t is None else t, self.startex_minute)

    def jurisdiction_name(self, jurisdiction: str) -> str:
        """The shown name of a jurisdiction (its id if unknown)."""
        for j in self.scenario.region.jurisdictions:
            if j.id == jurisdiction:
                return j.name
        return jurisdiction

    def minute_of_day(self, t: int | None = None) -> int:
        """The wall-clock minute of the day at sim time ``t`` (default now)."""
        return (self.startex_minute + (self.now if t is None else t)) % 1440


def _as_is(record: Any) -> Any:
    """A world record left as it is, for :func:`cpx.engine.world.state_json` to expand."""
    return record
