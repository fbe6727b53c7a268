"""How the victim's pathway and the standing of evidence reach a cell's picture.

Handlers for :class:`cpx.engine.picture.Picture`, one per trainee event kind of the
pathway (custody, reflection, consent, residence, return, compensation) and of evidence
that does not count (``evidence.status``). Each reads only the event's payload, so the
picture still holds nothing but what the cell was told; in particular the person's
willingness to give evidence is never in it, only their decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpx.engine import events as ev

if TYPE_CHECKING:
    from cpx.engine.picture import Picture


def _victim(picture: "Picture", pid: str) -> dict[str, Any] | None:
    return picture.victims.get(pid)


def _on_custody(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["status"] = p.get("status", "in_custody")
        if p.get("released"):  # back to the shelter or the street
            victim.pop("custody_since", None)
            victim.pop("custody_limit_at", None)
            return
        victim["custody_since"] = p.get("since")
        victim["custody_limit_at"] = p.get("limit_at")
        if p.get("over_limit"):
            victim["custody_over_limit"] = True


def _on_reflection(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["reflection_ends"] = p["ends"]
        victim["consent"] = "pending"


def _on_consent(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["consent"] = p["decision"]


def _on_residence(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["residence"] = p.get("basis") or "granted"


def _on_returned(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["status"] = "returned"
        victim["risk_assessed"] = bool(p.get("risk_assessed"))


def _on_compensation(picture: "Picture", seq: int, p: dict) -> None:
    victim = _victim(picture, p["person_id"])
    if victim is not None:
        victim["compensation"] = p["outcome"]


def _on_evidence_status(picture: "Picture", seq: int, p: dict) -> None:
    case = picture._case(p["suspect"])
    items = case.setdefault("items", {})
    items[p["evidence_id"]] = {"kind": p.get("kind"), "weight": p.get("weight", 0.0),
                               "status": p["status"], "reason": p.get("reason", "")}
    restrength(picture, p["suspect"])


def restrength(picture: "Picture", suspect: str) -> None:
    """Recompute a case's strength from the items that count, and list the others."""
    case = picture._case(suspect)
    items = case.get("items", {})
    case["strength"] = round(min(1.0, sum(float(i.get("weight") or 0) for i in items.values()
                                          if i.get("status", "counted") == "counted")), 4)
    case["excluded"] = [{"evidence_id": eid, "reason": i.get("reason", "")}
                        for eid, i in items.items() if i.get("status") == "excluded"]
    case["pending"] = [{"evidence_id": eid, "reason": i.get("reason", "")}
                       for eid, i in items.items() if i.get("status") == "pending"]
    if suspect in picture.people:
        picture.people[suspect]["case_strength"] = case["strength"]


MESSAGE_KINDS = frozenset({ev.VICTIM_CUSTODY, ev.VICTIM_REFLECTION, ev.VICTIM_CONSENT,
                           ev.VICTIM_RESIDENCE, ev.VICTIM_RETURNED, ev.VICTIM_COMPENSATION,
                           ev.EVIDENCE_STATUS})
"""The pathway's trainee kinds: each is a message in the cell's feed."""

HANDLERS = {
    ev.VICTIM_CUSTODY: _on_custody,
    ev.VICTIM_REFLECTION: _on_reflection,
    ev.VICTIM_CONSENT: _on_consent,
    ev.VICTIM_RESIDENCE: _on_residence,
    ev.VICTIM_RETURNED: _on_returned,
    ev.VICTIM_COMPENSATION: _on_compensation,
    ev.EVIDENCE_STATUS: _on_evidence_status,
}
"""Picture handlers of the pathway's trainee kinds."""
