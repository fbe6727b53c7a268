"""Between player cells: messages from one cell to another, and requests that reach a
partner agency some other cell commands.

Each cell sees only what is addressed to it (DESIGN.md §4). When several cells play, a
cell may write to another (:func:`send_message`: one ``cell.message`` event to the
sender, one to the recipient; EXCON sees both), and an order that calls on an agency
commanded by another cell (a report of misconduct to the force's military police, a
border alert, a warrant request, a referral, an inspection on request) is also told to
that cell (``request.received``), so it knows what was asked of it. The engine still
answers such a request as the agency's response cell does today: the asking cell's
replies are addressed to the asking cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol, cast

from cpx.engine import events as ev
from cpx.engine.orders import Order
from cpx.scenario.orders import BorderAlertParams

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

MAX_MESSAGE = 2000
"""The longest message one cell may send another, in characters."""


class PlayerCells(Protocol):
    """What :func:`message_problem` reads of an exercise (an :class:`Exercise`, or any
    object that has these: a compiled build checks a class annotation at run time)."""

    cells: list[str]

    @property
    def finished(self) -> bool:
        """Whether ENDEX has passed."""
        ...


def message_problem(ex: PlayerCells, sender: object, to: object, text: object) -> str:
    """Why a message cannot be sent (a sentence the sender can act on), or ``""``: it
    checks what a user gave, so the cells may be anything (a replayed journal's target)."""
    if sender not in ex.cells:
        return f"'{sender}' is not a player cell of this exercise."
    if to not in ex.cells:
        others = ", ".join(c for c in ex.cells if c != sender) or "none"
        return f"'{to}' is not a player cell of this exercise (the other cells: {others})."
    if to == sender:
        return "A message goes to another cell, not to your own."
    if not isinstance(text, str) or not text.strip():
        return "A message needs some text."
    # printable but for line breaks: the text without them is printable (one C call)
    if len(text) > MAX_MESSAGE or not text.replace("\n", "").isprintable():
        return f"A message is printable text of at most {MAX_MESSAGE} characters."
    if ex.finished:
        return "ENDEX has passed; the exercise takes no more messages."
    return ""


def send_message(ex: "Exercise", sender: str, to: str, text: str, number: int) -> None:
    """Deliver message ``number`` from ``sender`` to ``to``: each cell gets its copy."""
    payload = {"message_id": f"m{number}", "from": sender, "to": to,
               "from_name": cell_name(ex, sender), "to_name": cell_name(ex, to),
               "text": text.strip()}
    ex.emit(ev.CELL_MESSAGE, dict(payload), sender)
    ex.emit(ev.CELL_MESSAGE, dict(payload), to)


def cell_name(ex: "Exercise", cell: str) -> str:
    """The cell as players read it (its ``cells:`` name, else its id)."""
    for entry in ex.scenario.cells:
        if entry.id == cell:
            return entry.title
    return cell


def notify_partners(ex: "Exercise", order: Order, order_id: str, cell: str) -> None:
    """Tell each other cell whose agency an accepted order calls on what was asked of it."""
    if len(ex.cells) < 2 or order.verb not in PARTNER_VERBS:
        return  # one cell: every partner is played by the simulation
    told: set[str] = set()
    for agency in partner_agencies(ex, order, cell):
        spec = ex.agencies.specs.get(agency)
        other = spec.player_cell if spec is not None else None
        if other is None or other == cell or other in told or other not in ex.cells:
            continue
        told.add(other)
        ex.emit(ev.REQUEST_RECEIVED, {
            "from": cell, "from_name": cell_name(ex, cell), "agency": agency,
            "order_id": order_id, "verb": order.verb, "target": order.target,
            "text": _request_text(ex, order, cell)}, other)


PARTNER_VERBS: Final = frozenset({"report_misconduct", "request_warrant", "refer_victim", "border_alert",
                           "inspect"})
"""The verbs that may call on another agency (:func:`partner_agencies` finds none for any
other verb)."""


def partner_agencies(ex: "Exercise", order: Order, cell: str) -> list[str]:
    """The agencies (ids) an order calls on besides the cell's own units."""
    verb = order.verb
    if verb == "report_misconduct":
        target = order.target
        group = ex.desk.clients.get(target) if target is not None else None
        return [group.force] if group is not None and group.force else []
    if verb == "request_warrant":
        return ex.agencies.of_kind("prosecutor", "court")[:1]
    if verb == "refer_victim":
        agency = order.params.get("agency")
        return [agency] if agency else ex.agencies.of_kind("ngo")[:1]
    if verb == "border_alert":
        return sorted({u.agency for u in ex.world.units.values()
                       if "border_control" in u.capabilities and u.base == order.target})
    if verb == "inspect" and order.unit is None:
        # an accepted inspection's target is a place the cell knows (the desk): an id
        unit = ex.desk.inspectors(cast(str, order.target), cell)
        return [unit.agency] if unit is not None else []
    return []


def _request_text(ex: "Exercise", order: Order, cell: str) -> str:
    who = cell_name(ex, cell)
    target = order.target or ""
    if order.verb == "report_misconduct":
        return f"{who} reports misconduct of personnel of the force ({target}) to you."
    if order.verb == "border_alert":
        hours = cast(BorderAlertParams, order.details()).hours
        name = ex.region.locations[target].name if target in ex.region.locations else target
        return f"{who} asks for a border alert at {name} for {hours} h."
    if order.verb == "request_warrant":
        return f"{who} requests a warrant against {target}."
    if order.verb == "refer_victim":
        return f"{who} refers a person ({target}) to you for support."
    if order.verb == "inspect":
        return f"{who} asks for an inspection of {target}."
    return f"{who} asks you: {order.verb.replace('_', ' ')} {target}".strip() + "."
