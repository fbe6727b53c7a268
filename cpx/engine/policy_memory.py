"""What a policy learns when it takes over a cell mid-exercise: the cell's own record.

A policy remembers what it ordered so as not to order it again too soon (an informant is
tasked once a day, a victim referred once, misconduct reported once). A policy made
when the exercise is already under way — ``cpx serve --resume`` or ``cpx play
--resume`` after a crash, ``cpx play --from LOG --at``, a cell handed to the engine — is
new, but its cell is not: :func:`recall` reads the cell's own stream, as a relieving
duty officer reads the log, and tells the policy

* every order the cell gave, accepted or refused, with its sim time
  (``policy.remember(order, t, ex)``), so none is given again within its window;
* how many of the cell's messages were read by then (``policy.remember_read(count)``):
  those that came before the last decision hour, so none is answered twice and none
  that came since is left unanswered.

It reads the exercise and changes nothing in it: no event, no random draw, so a resumed
exercise re-simulates and journals exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpx.engine import events as ev
from cpx.engine.orders import Order

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

DECISION_EVERY = 60
"""Policies decide at every whole hour of sim time (``Passive.next_decision``)."""


def recall(policy: Any, ex: "Exercise", cell: str) -> None:
    """Tell ``policy``, new at ``cell``, what the cell ordered and read before now."""
    remember = getattr(policy, "remember", None)
    if remember is None:
        return
    pic = ex.picture_of(cell)
    # (a policy made at STARTEX, as in every sweep run, finds no order: skip the scan)
    if pic.orders or any(ex.event(seq).kind == ev.ORDER_REJECTED for seq in pic.messages):
        for event in ex.events_for(cell):
            if event.kind in (ev.ORDER_ACCEPTED, ev.ORDER_REJECTED):
                given = event.payload["order"]
                remember(Order(given["verb"], given.get("unit"), given.get("target"),
                               dict(given.get("params") or {})), event.t, ex)
    policy.remember_read(messages_read(ex, cell))


def messages_read(ex: "Exercise", cell: str) -> int:
    """How many of ``cell``'s messages a policy deciding hourly had read by now.

    At the last decision hour it read everything that came before that hour, and the
    requests that the engine-played cells deciding before it (earlier in the exercise's
    cells) had just sent it: at a decision hour, the cells decide one after the other
    before anything else happens at that minute.
    """
    last = ex.now // DECISION_EVERY * DECISION_EVERY
    earlier = set(ex.cells[:ex.cells.index(cell)]) & set(ex.engine_played)
    read = 0
    for seq in ex.picture_of(cell).messages:
        event = ex.event(seq)
        if event.t < last or (event.t == last and event.kind == ev.REQUEST_RECEIVED
                              and event.payload.get("from") in earlier):
            read += 1
        else:
            break
    return read
