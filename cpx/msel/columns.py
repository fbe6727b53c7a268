"""The MSEL's columns and the words used in them, declared once for export and import.

The first ten columns are the HSEEP MSEL's; the last four carry what cpx needs to give the
very same injects back (the inject's id, its HSEEP type, the entities it names, the venues
where it reports a person in danger). Every cell is text: times are ``D2 14:00``, never a
spreadsheet date.

Two columns are sentences with a fixed shape, so that people read them and cpx parses them:

* **Expected player action** — ``VERB [TARGET] within DURATION[: what the controller expects]``,
  e.g. ``raid kestrel_street_flats within 6h: raid at once with NGO support``;
* **Trigger** — ``Timed`` (fires at its scenario time), ``Conditional: 2h after a raid
  concerning bar_lotus`` (``right after`` for no delay; ``concerning …`` optional), or
  ``Contingency for i03_ngo_hotline_minor: released if its expected action is missed``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of the sheet."""

    key: str
    """The name the code uses."""
    header: str
    """The header a planning team reads (row 1 of the sheet)."""
    aliases: tuple[str, ...]
    """Other headers accepted on import (from other MSEL templates), lower case."""
    width: int
    """Column width in the XLSX, in characters."""


COLUMNS: tuple[Column, ...] = (
    Column("number", "Event No.", ("event no", "event number", "event #", "msel #", "msel no", "no", "#"), 8),
    Column("time", "Scenario Time", ("scenario time", "time", "exercise time", "sim time"), 14),
    Column("method", "Method", ("method", "delivery method", "delivery", "channel"), 10),
    Column("from", "From", ("from", "sender", "source"), 20),
    Column("to", "To", ("to", "recipient", "player", "receiver"), 10),
    Column("text", "Inject", ("inject", "inject text", "message", "event description", "synopsis"), 60),
    Column("expected", "Expected Player Action",
           ("expected player action", "expected action", "expected player actions"), 44),
    Column("objective", "Objective / Capability",
           ("objective / capability", "objective", "objective/capability", "capability"), 28),
    Column("trigger", "Trigger", ("trigger", "trigger / condition", "condition"), 36),
    Column("notes", "Notes", ("notes", "remarks", "controller notes", "comments"), 30),
    Column("id", "Inject ID", ("inject id", "id"), 24),
    Column("type", "Type", ("type", "inject type"), 12),
    Column("mentions", "Mentions", ("mentions", "entities"), 30),
    Column("danger_at", "Danger At", ("danger at", "danger"), 20),
)
"""The sheet's columns, in order."""

BY_KEY = {column.key: column for column in COLUMNS}

METHODS = {
    "phone": "phone",
    "email": "e-mail",
    "radio": "radio",
    "in_person": "walk-in",
    "media": "media",
    "handout": "document",
    "fax": "fax",
}
"""The scenario's channel -> the MSEL's method word."""

METHOD_WORDS = {word: channel for channel, word in METHODS.items()} | {
    channel: channel for channel in METHODS} | {
    "e-mail": "email", "mail": "email", "walk-in": "in_person", "walk in": "in_person",
    "in person": "in_person", "document": "handout", "handout": "handout", "telephone": "phone",
    "call": "phone", "press": "media", "tv": "media", "social media": "media",
}
"""Method words accepted on import (lower case) -> the scenario's channel."""

TYPES = ("information", "event", "media", "request")
"""The HSEEP inject types the scenario knows."""

EVENT_WORDS = {
    "raid": "a raid",
    "arrest": "an arrest",
    "victim_met": "a possible victim is met",
    "victim_identified": "a victim is identified",
    "victim_referred": "a victim is referred",
    "warrant_granted": "a warrant is granted",
    "warrant_refused": "a warrant is refused",
    "surveillance_spotted": "surveillance is spotted",
    "leak": "a leak",
    "informant_exposed": "an informant is exposed",
    "network_reaction": "the network reacts",
    "inject": "an inject is delivered",
    "order": "an order is accepted",
}
"""Each trigger event in words, as the Trigger column writes it."""

TARGET_KINDS = {
    "surveil": ("member", "venue", "location"),
    "task_informant": ("informant",),
    "request_warrant": ("member", "venue", "location"),
    "raid": ("venue", "location"),
    "arrest": ("member",),
    "interview": ("member", "person"),
    "identify_victim": ("person",),
    "refer_victim": ("person",),
    "financial_investigation": ("member",),
    "border_alert": ("location", "route", "member"),
    "cross_border_request": ("member", "venue", "route", "location", "jurisdiction"),
    "report_misconduct": ("client group",),
    "inspect": ("venue",),
    "integrity_check": ("member",),
    "public_statement": ("venue", "client group", "member"),
}
"""What an expected action's target may be, per verb (verbs on people met in play, such as
``refer_victim``, can name only a person an inject brings in with an id: ``person.id``)."""
