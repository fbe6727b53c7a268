"""The event: one thing that happened in the exercise, at a sim time, for an audience.

Events are what the engine produces and what the journal stores. Their kinds and
payloads are catalogued in :mod:`cpx.engine.events`; this module holds only the shape
every event shares, so the journal can read and write them without the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Final

from mypy_extensions import mypyc_attr

EXCON = "excon"
"""The visibility of ground-truth events: exercise control and the debrief only."""


# A native class when compiled (mypyc: the engine reads an event's fields as C struct
# fields, and builds it with a direct call); a slotted frozen dataclass in the interpreter,
# where quick_event builds it faster than its __init__ does. Its __init__ is written here,
# not made by the dataclass: compiled, the dataclass's would be interpreted Python setting
# each field through the class's __setattr__, where this one stores them directly.
@dataclass(frozen=True, slots=True, init=False)
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

    def __init__(self, t: int, seq: int, kind: str, visibility: str,
                 payload: dict[str, Any] | None = None) -> None:
        # What the frozen dataclass's __init__ does (its __setattr__ refuses); compiled,
        # object.__setattr__ with the field's name is a direct store.
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "seq", seq)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "visibility", visibility)
        object.__setattr__(self, "payload", {} if payload is None else payload)

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

    def __reduce__(self) -> tuple[type["Event"], tuple[int, int, str, str, dict[str, Any]]]:
        """Pickled as its fields (a compiled frozen dataclass could not be restored from
        its state: its ``__setattr__`` refuses)."""
        return (Event, (self.t, self.seq, self.kind, self.visibility, self.payload))


NATIVE: Final = not hasattr(Event, "__slots__")
"""Whether :class:`Event` is a compiled native class (its fields C struct fields, no
``__slots__``), in which the twin-class shortcut of :func:`quick_event` cannot work."""


# A Python class even when compiled: only the interpreter's quick_event makes one, and it
# must share the pure Event's Python layout.
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
    frozen object, equal to the one ``Event(...)`` makes.

    Compiled (:data:`NATIVE`), ``Event(...)`` itself: a direct call that stores the fields."""
    if NATIVE:
        return Event(t, seq, kind, visibility, payload)
    event = _new(_NewEvent)
    event.t = t
    event.seq = seq
    event.kind = kind
    event.visibility = visibility
    event.payload = payload
    event.__class__ = Event
    return event
