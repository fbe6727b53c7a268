"""What counts as evidence in court: exclusion and consent (DOMAIN.md §2).

Two rules decide whether an item on file adds to a case's strength:

* **Unlawfully obtained evidence is excluded.** What a raid seizes after an entry
  without a warrant and without grounds the cell knew (a fresh report of imminent
  danger) is ruled inadmissible at once: it stays in the case file, marked excluded with
  the reason, and adds nothing.
* **A victim's statement needs the victim's consent.** Testimony given before the person
  decided to cooperate is held *pending*; it counts once they agree and is excluded if
  they decline or leave the country first (:mod:`cpx.engine.pathway`).

Each change of an item's standing is told to the cell (``evidence.status``), so the case
file and the after-action report can show what was excluded and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpx.engine import events as ev

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

COUNTED, PENDING, EXCLUDED = "counted", "pending", "excluded"
"""The standings of an item of evidence."""


def counts(ex: "Exercise", target: str) -> int | float:
    """The strength of the case against ``target``: counted evidence only, capped at 1."""
    # int 0 when nothing counts (an empty sum), and journaled so ("strength": 0): a
    # compiled float would write 0.0.
    total = sum(e.weight for e in ex.world.evidence.values()
                if e.suspect == target and e.status == COUNTED)
    return round(min(1.0, total), 4)


def unlawful_entry_reason(ex: "Exercise", order_id: str, venue: str) -> str:
    """Why what a raid seizes is inadmissible, or ``""`` when the entry was lawful.

    Lawful on a warrant granted by the time of entry, or on grounds the cell knew when it
    gave the order (:attr:`OrderDesk.raid_lawful`) — never on who turned out to be inside.
    """
    if ex.world.warrants.get(venue) == "granted" or ex.desk.raid_lawful.get(order_id):
        return ""
    return (f"unlawfully obtained: seized in an entry without a warrant or grounds of "
            f"imminent danger (order {order_id}, {ex.clock()})")


def set_status(ex: "Exercise", evidence_id: str, status: str, reason: str, cell: str) -> None:
    """Change an item's standing and tell the cell (nothing when it is unchanged)."""
    item = ex.world.evidence[evidence_id]
    if item.status == status and item.reason == reason:
        return
    item.status, item.reason = status, reason
    ex.emit(ev.EVIDENCE_STATUS, {"evidence_id": evidence_id, "suspect": item.suspect,
                                 "kind": item.kind, "weight": item.weight, "status": status,
                                 "counted": status == COUNTED, "reason": reason,
                                 "text": _status_text(ex, item.suspect, status, reason)}, cell)


def exclude(ex: "Exercise", evidence_ids: list[str], reason: str, cell: str) -> None:
    """Rule the items inadmissible (``reason`` empty: nothing to exclude)."""
    if not reason:
        return
    for eid in evidence_ids:
        set_status(ex, eid, EXCLUDED, reason, cell)


def witness_statements(ex: "Exercise", witness: str) -> list[str]:
    """The ids of the statements on file from ``witness``, oldest first."""
    return [e.id for e in ex.world.evidence.values() if e.witness == witness]


def _status_text(ex: "Exercise", suspect: str, status: str, reason: str) -> str:
    subject = ex.world.members.get(suspect) or ex.world.venues.get(suspect)
    name = subject.name if subject is not None else suspect
    if status == COUNTED:
        return f"Evidence against {name} now counts toward the case."
    if status == PENDING:
        return f"Evidence against {name} is on file but does not count yet: {reason}."
    return f"Evidence against {name} excluded: {reason}."
