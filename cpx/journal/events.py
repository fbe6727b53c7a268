"""The event: one thing that happened in the exercise, at a sim time, for an audience.

Events are what the engine produces and what the journal stores. Their kinds and
payloads are catalogued in :mod:`cpx.engine.events`; this module holds only the shape
every event shares, so the journal can read and write them without the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from mypy_extensions import mypyc_attr

EXCON = "excon"
"""The visibility of ground-truth events: exercise control and the debrief only."""


# Event and _NewEvent are Python classes even when compiled (mypyc): quick_event makes a
# _NewEvent with object.__new__ and turns it into an Event (__class__), which needs the
# two to share a Python layout (checked compiled: a native Event's layout differs).
@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at sim time ``t``, seen by ``visibility``."""

    t: int
    """Sim time in minutes since STARTEX."""
    seq: int
    """Global sequence number in emission order (0, 1, 2 …); ties at one ``t`` keep it."""
    kind: str
    """Dotted kind, e.g. ``report.informant``; catalogued in :mod:`cpx.engine.events`."""
    visibility: str
    """``excon`` (ground truth only) or the id of the player cell that may see it."""
    payload: dict[str, Any] = field(default_factory=dict)
    """Plain JSON values only (str, int, float, bool, None, lists, dicts with str keys)."""

    def visible_to(self, cell: str) -> bool:
        """Whether ``cell`` (a player cell id, or ``excon``) may see this event."""
        return cell == EXCON or self.visibility == cell

    def to_dict(self) -> dict[str, Any]:
        """The event as the journal writes it (without the line type and hash chain)."""
        return {
            "t": self.t,
            "seq": self.seq,
            "kind": self.kind,
            "visibility": self.visibility,
            "payload": self.payload,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        """The event from a journal line's fields."""
        return cls(
            t=int(data["t"]),
            seq=int(data["seq"]),
            kind=str(data["kind"]),
            visibility=str(data["visibility"]),
            payload=dict(data.get("payload") or {}),
        )


@mypyc_attr(native_class=False)
class _NewEvent:
    """An :class:`Event` being made: the same slots (so the same layout), without the
    frozen dataclass's refusal to set them."""

    __slots__ = ("t", "seq", "kind", "visibility", "payload")


def quick_event(t: int, seq: int, kind: str, visibility: str, payload: dict[str, Any],
                _new: Callable[[type], Any] = object.__new__) -> Event:
    """``Event(t, seq, kind, visibility, payload)`` made faster, for the engine's emit (a
    thousand events a run): the frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__`` (the class's own refuses); this sets the slots of a twin with
    the same layout by plain assignments and then makes the object an ``Event``. The same
    frozen object, equal to the one ``Event(...)`` makes."""
    event = _new(_NewEvent)
    event.t = t
    event.seq = seq
    event.kind = kind
    event.visibility = visibility
    event.payload = payload
    event.__class__ = Event
    return event
