"""The plain view data the play UI's widgets show (built by :mod:`cpx.tui.presenter`).

Frozen dataclasses and tuples of strings only: a widget given one of these can be
reused anywhere (the replay UI shows the same feed, detail, boards and map).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def order_verbs() -> tuple[str, ...]:
    """Every verb a trainee can order: those of the typed definitions (one list of verbs
    for the form, the command line and its completion).

    Imported when first asked for, not with this module: the briefing is built from
    these data classes before the scenario models are loaded (a fast first screen)."""
    from cpx.scenario.orders import DEFINITIONS

    return tuple(DEFINITIONS)


def __getattr__(name: str) -> Any:
    if name == "ORDER_VERBS":
        return order_verbs()
    raise AttributeError(name)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One line of the message feed."""

    seq: int
    """The event's sequence number (how the detail finds it)."""
    t: int
    """Sim minutes since STARTEX."""
    when: str
    """The time as the trainee reads it, ``D2 14:30``."""
    source: str
    """The feed filter it belongs to: informants, units, injects, partners or orders."""
    tag: str
    """A short source tag for the line (INF, UNIT, MSG, AGCY, ORD)."""
    sender: str
    """Who sent it: a codename, a callsign, an agency."""
    grade: str
    """Source grade and credibility of an informant report (``B2``), else empty."""
    headline: str
    """One line of what it says."""
    kind: str
    """The event kind, e.g. ``report.informant``."""
    refs: tuple[str, ...] = ()
    """Ids of what it refers to (target, venue, person…)."""


@dataclass(frozen=True, slots=True)
class MessageDetail:
    """What the detail pane shows for one message."""

    title: str
    fields: tuple[tuple[str, str], ...]
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """The briefing screen's content."""

    title: str
    situation: str
    mission: str
    objectives: tuple[str, ...]
    startex: str
    duration: str
    own_units: tuple[str, ...]
    partners: tuple[str, ...]
    informants: tuple[str, ...]
    newcomer_hint: str = ""
    """Where a first-time player should start instead (the tutorial), if elsewhere."""


@dataclass(frozen=True, slots=True)
class MapModel:
    """The region map as plain data: coordinates on the scenario's 0–100 grid."""

    places: tuple[tuple[str, str, int, int], ...]
    """(name, kind, x, y) of every location."""
    roads: tuple[tuple[tuple[int, int], tuple[int, int]], ...]
    venues: tuple[tuple[str, int, int], ...]
    """(name, x, y) of every venue the cell knows, at its town."""
    units: tuple[tuple[str, str, int, int], ...]
    """(callsign, status, x, y) of every own unit."""


@dataclass
class Vocabulary:
    """The words the command line completes: verbs, units and known targets."""

    verbs: tuple[str, ...] = field(default_factory=order_verbs)
    units: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    target_names: dict[str, str] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    """Own units' callsigns by id: a unit may be typed by its callsign ('hawk1')."""
    target_kinds: dict[str, str] = field(default_factory=dict)
    """What each target is to the cell: ``person``, ``place``, ``route``, ``victim``,
    ``client``, ``informant``, ``agency`` or ``location`` (forms list the fitting ones
    first)."""
    cells: tuple[str, ...] = ()
    """The other player cells the cell may write to (``message CELL TEXT``)."""


@dataclass(frozen=True, slots=True)
class Debrief:
    """The debrief screen's content: how it ended, the score card, where the log is."""

    title: str
    ended: str
    counts: tuple[tuple[str, str], ...]
    scores: tuple[tuple[str, str, str], ...]
    """(objective, measured value, rating P/S/M/U) — empty when no card could be made."""
    score_note: str
    journal: str
    replay_command: str
