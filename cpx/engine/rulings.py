"""EXCON's adjudications: rulings on an order's outcome that the engine applies.

A small, closed set, each on one accepted order of a player cell:

* ``warrant`` — ``granted`` or ``refused``, on a ``request_warrant`` order. While the
  request is with the prosecutor the ruling replaces the prosecutor's own decision when
  it falls due (after the scenario's processing time, as usual); once decided, a ruling
  that differs reverses the decision at once ("on review"). The cell is told only the
  decision, never EXCON's reason (which may rest on ground truth).
* ``raid`` — ``lawful`` or ``unlawful``, on a ``raid`` order. Before the team enters, the
  ruling replaces the engine's own test (warrant, or grounds the cell knew) at entry; once
  it has entered, a raid can still be ruled unlawful (recorded at once), but a raid
  already recorded unlawful cannot be ruled lawful after the fact.

The rest of the engine asks :meth:`Rulings.warrant_ruling` / :meth:`Rulings.raid_ruling`
where it would otherwise decide; everything here follows the event stream, so a
re-simulation re-applying the same rulings at the same moments gives the same journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cpx.engine import events as ev
from cpx.journal.events import Event

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

RULINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "warrant": ("request_warrant", ("granted", "refused")),
    "raid": ("raid", ("lawful", "unlawful")),
}
"""Adjudication kind -> (the order verb it applies to, the rulings it allows)."""
FOLLOWED = frozenset({ev.ORDER_ACCEPTED, ev.WARRANT_GRANTED, ev.WARRANT_REFUSED, ev.RAID_RESULT,
                      ev.UNLAWFUL_ACT})
"""The event kinds :meth:`Rulings._follow` reads (it is given no other)."""


class Rulings:
    """The adjudications made so far and what the engine needs to apply them."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self._orders: dict[str, tuple[str, str | None, str]] = {}
        # order ids as the events give them (``payload.get``: None if one had none)
        self._decided: set[str | None] = set()
        self._entered: set[str | None] = set()
        self._unlawful: set[str | None] = set()
        self._read = 0
        """How many of the exercise's events :meth:`_catch_up` has read."""
        self.warrant: dict[str, str] = {}
        self.raid: dict[str, str] = {}

    # What the rulings follow is read from the exercise's events when EXCON asks, not
    # by a listener on every order: a headless run (a sweep) never adjudicates, and the
    # events only grow, so reading them late gives what following them gave.

    @property
    def orders(self) -> dict[str, tuple[str, str | None, str]]:
        """Accepted order id -> (verb, target, cell)."""
        self._catch_up()
        return self._orders

    @property
    def decided(self) -> set[str | None]:
        """Warrant requests the prosecutor has answered."""
        self._catch_up()
        return self._decided

    @property
    def entered(self) -> set[str | None]:
        """Raids whose team has entered."""
        self._catch_up()
        return self._entered

    @property
    def unlawful(self) -> set[str | None]:
        """Raids recorded unlawful."""
        self._catch_up()
        return self._unlawful

    def _catch_up(self) -> None:
        """Follow the events emitted since the last call."""
        events = self.ex._events
        if self._read < len(events):
            start, self._read = self._read, len(events)
            for event in events[start:]:
                if event.kind in FOLLOWED:
                    self._follow(event)

    def _follow(self, event: Event) -> None:
        kind, payload = event.kind, event.payload
        if kind == ev.ORDER_ACCEPTED:
            order = payload["order"]
            self._orders[payload["order_id"]] = (order["verb"], order.get("target"),
                                                 event.visibility)
        elif kind in (ev.WARRANT_GRANTED, ev.WARRANT_REFUSED):
            self._decided.add(payload.get("order_id"))
        elif kind == ev.RAID_RESULT:
            self._entered.add(payload.get("order_id"))
        elif kind == ev.UNLAWFUL_ACT and payload.get("kind") == "raid_without_warrant":
            self._unlawful.add(payload.get("order_id"))
            self._entered.add(payload.get("order_id"))  # the test is made at entry

    # ------------------------------------------------------------------ asked by the engine

    def warrant_ruling(self, order_id: str) -> str | None:
        """EXCON's ruling on a warrant request (``granted``/``refused``), if any."""
        return self.warrant.get(order_id)

    def raid_ruling(self, order_id: str) -> str | None:
        """EXCON's ruling on a raid (``lawful``/``unlawful``), if any."""
        return self.raid.get(order_id)

    # ------------------------------------------------------------------ EXCON

    def refusal(self, kind: str, order_id: str, ruling: str) -> str:
        """Why this adjudication cannot be made now, or ``""`` when it can."""
        if kind not in RULINGS:
            return f"adjudication must be one of: {', '.join(RULINGS)}"
        verb, allowed = RULINGS[kind]
        if ruling not in allowed:
            return f"a {kind} ruling is one of: {', '.join(allowed)}"
        order = self.orders.get(order_id)
        if order is None:
            return f"no accepted order {order_id!r}"
        if order[0] != verb:
            return f"order {order_id} is a {order[0]} order; a {kind} ruling applies to {verb} orders"
        if kind == "warrant":
            if order_id in self.decided and self._current_warrant(order_id) == ruling:
                return f"the warrant of order {order_id} is already {ruling}"
        else:
            if order_id in self.entered:
                if ruling == "lawful":
                    return (f"the raid of order {order_id} has entered already; after entry a "
                            "raid can only be ruled unlawful")
                if order_id in self.unlawful:
                    return f"the raid of order {order_id} is already recorded unlawful"
        return ""

    def apply(self, kind: str, order_id: str, ruling: str) -> None:
        """Make a ruling :meth:`refusal` allowed; takes effect now or when the engine decides."""
        verb, target, cell = self.orders[order_id]
        if kind == "warrant":
            # a warrant ruling is on an accepted request_warrant (refusal), whose target
            # is a person or place the cell knew: an id
            warrant_target = cast(str, target)
            self.warrant[order_id] = ruling
            if order_id in self.decided:
                self.ex.world.warrants[warrant_target] = ruling
                event = ev.WARRANT_GRANTED if ruling == "granted" else ev.WARRANT_REFUSED
                self.ex.emit(event, {"order_id": order_id, "target": target,
                                     "reason": f"on review, the prosecutor {ruling} the warrant",
                                     "strength": self.ex.desk.case_strength(warrant_target)},
                             cell)
        else:
            self.raid[order_id] = ruling
            if order_id in self.entered and ruling == "unlawful":
                self.ex.emit(ev.UNLAWFUL_ACT, {"kind": "raid_without_warrant",
                                               "order_id": order_id, "subject": target,
                                               "ruled": True})

    def _current_warrant(self, order_id: str) -> str | None:
        # asked of accepted request_warrant orders only (refusal): their target is an id
        target = cast(str, self.orders[order_id][1])
        return self.ex.world.warrants.get(target)
