"""What every order process shares: completion, evidence on file, shelter places."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cpx.engine import events as ev
from cpx.engine.agencies import describe
from cpx.engine.orders import Order
from cpx.engine.rounding import rounded
from cpx.engine.world import Evidence, PersonState, UnitState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

RETRAFFICKED_AFTER = 2 * 1440
"""A person met but neither referred nor protected falls back into the network after this."""


def done(ex: "Exercise", order: Order, order_id: str, cell: str, unit: UnitState | None, outcome: str,
          started: int | None = None) -> None:
    """Tell the cell the order finished; free its unit (resting after a long task)."""
    ex.emit(ev.ORDER_COMPLETED, {"order_id": order_id, "verb": order.verb,
                                 "unit": order.unit, "outcome": outcome}, cell)
    # Only verbs that occupy a unit (order_handlers.NEEDS) hand it back.
    if unit is not None and order.verb in _OCCUPYING:
        ex.agencies.release(unit, ex.now if started is None else started)


_OCCUPYING = frozenset(("surveil", "raid", "arrest", "interview", "financial_investigation",
                        "inspect"))
"""The verbs whose unit is handed back when the order is done."""


def add_evidence(ex: "Exercise", suspect: str, kind: str, weight: float, text: str,
                 cell: str, status: str = "counted", reason: str = "",
                 witness: str | None = None) -> str:
    """Record evidence against a suspect or venue and tell the cell.

    ``status`` is ``counted`` unless the item does not (yet) count toward the case, with
    the ``reason`` (:mod:`cpx.engine.evidence_rules`); ``witness`` names the person whose
    statement it is."""
    eid = f"e{len(ex.world.evidence) + 1}"
    weight = rounded(weight, 4)  # once: costly (dtoa) where cpx.engine.rounding cannot tell
    ex.world.evidence[eid] = Evidence(eid, suspect, kind, weight, text, ex.now,
                                      status, reason, witness)
    # The evidence itself names its subject, so the cell may know the name.
    subject = ex.world.members.get(suspect) or ex.world.venues.get(suspect)
    names = {suspect: subject.name} if subject is not None else {}
    payload = {"evidence_id": eid, "suspect": suspect, "kind": kind,
               "weight": weight, "text": text, "names": names}
    if status != "counted":
        payload.update(status=status, counted=False, reason=reason)
    ex.emit(ev.EVIDENCE_ADDED, payload, cell)
    return eid


def free_shelter(ex: "Exercise", agency: str | None) -> str | None:
    """A shelter key (``agency@location``) with a free place, preferring ``agency``."""
    keys = sorted(ex.world.shelter_free)
    for key in ([k for k in keys if k.startswith(f"{agency}@")] if agency else []) + keys:
        if ex.world.shelter_free[key] > 0:
            return key
    return None


def meet_people(ex: "Exercise", found: Iterable[PersonState], venue_id: str, cell: str, support: bool) -> None:
    """The people found at a venue are met by the cell's units (possible victims)."""
    for person in found:
        person.status, person.venue, person.met_at = "met", None, ex.now
        person.supported = support
        person.trust = rounded(min(1.0, max(0.0, person.trust + (0.15 if support else -0.1))), 4)
        ex.emit(ev.PERSON_MET, {"person_id": person.id, "where": venue_id,
                                "description": describe(person, ex.jurisdiction_name(person.origin))},
                cell)
        ex.later(RETRAFFICKED_AFTER, _retraffick, ex, person.id, venue_id)


def _retraffick(ex: "Exercise", person_id: str, venue_id: str) -> None:
    person = ex.world.people[person_id]
    if person.status == "met" and person.is_victim:
        dest = ex.network.place_for([], person.exploitation, hidden=True)
        person.status, person.venue = "held", dest
        ex.emit(ev.VICTIM_RETRAFFICKED, {"person_id": person_id, "venue": dest})
