"""Why an order of the later mechanics should be confirmed before it is given.

The raid and the arrest ask in :func:`cpx.tui.order_line.needs_confirmation`; the
orders here have consequences as hard to undo: returning a victim home (doctrine: never
before the recovery and reflection period ends, never without a risk assessment, never
from custody), taking people met into custody, questioning an official openly, and a
statement to the press that speaks of enforcement. The reasons are built from the
cell's own picture only (its victims board), never from the truth.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cpx.engine.orders import Order


def pathway_risk(order: Order, target: str, picture: dict[str, Any] | None,
                 clock: Callable[[int], str] | None = None) -> str | None:
    """Why ``order`` should be confirmed (``target`` is its target as the cell names it),
    or None when it is not one of the risky orders here."""
    params = order.params
    if order.verb == "assisted_return":
        return _return_risk(order, target, picture, clock)
    if order.verb == "integrity_check" and params.get("approach") == "overt":
        return (f"Question {target} openly? An overt integrity check is quick, but an "
                "official who works for the network is often tipped off, and warns it.")
    if order.verb == "public_statement" and params.get("line") == "enforcement":
        return ("A statement on enforcement tells the press what police do against the "
                "venues and the foreigners found there. The network reads it, and the "
                "people exploited read it as a threat of arrest or removal: fewer come "
                "forward.")
    if order.verb == "raid" and _yes(params.get("detain")):
        return ("detain=yes takes the people found into custody for illegal stay. Possible "
                "victims must not be punished for what they were made to do "
                "(non-punishment): custody counts against the cell.")
    return None


def _yes(value: Any) -> bool:
    return value is True or str(value).lower() in ("yes", "true", "y")


def _return_risk(order: Order, target: str, picture: dict[str, Any] | None,
                 clock: Callable[[int], str] | None) -> str:
    """The doctrinal risks of a return, and which of them the cell's board shows now."""
    victim = next((v for v in (picture or {}).get("victims", ())
                   if str(v.get("id")) == order.target), {})
    now = int((picture or {}).get("now") or 0)
    ends = victim.get("reflection_ends")
    problems = []
    if not isinstance(ends, int):
        problems.append("no recovery and reflection period has begun (refer the person "
                        "first)")
    elif now < ends:
        when = clock(ends) if clock else str(ends)
        problems.append(f"the reflection period runs until {when}")
    if not _yes(order.params.get("risk_assessment")):
        problems.append("no risk assessment is ordered (risk_assessment=yes)")
    if victim.get("status") == "in_custody":
        problems.append(f"{target} is in custody: a return from custody is a deportation")
    lead = (f"Return {target} home? Doctrine: never before the recovery and reflection "
            "period ends, never without a risk assessment, never from custody — a return "
            "that skips them is unlawful and risks re-trafficking.")
    if problems:
        return lead + "\n\nNow: " + "; ".join(problems) + "."
    return lead + "\n\nNow: the period has ended, risks are assessed, not in custody."
