"""The world's records that watch their own changes: members, venues and people.

A module of their own, named to sort first among the engine's modules, for the compiled
build (mypyc): a native class's own ``__setattr__`` is called for ``record.field = value``
written in another compiled module only if the class's module was turned into mypyc's IR
before that module (mypy 2.4.1 looks the method up among the methods built so far, and
builds the modules of an import cycle, here the whole engine, in the order of their
names); built later, the assignment writes the field directly and the revision counters
and the world's venue index miss it. :mod:`cpx.engine.world` names them again: import
them from there. tests/engine/test_records_watched.py checks the compiled engine's own
assignments reach them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from cpx.engine.pathway_state import PathwayState

HIDDEN_VENUE_KINDS = ("apartment", "private_house", "workers_dormitory")
"""Venues out of sight: where the network moves victims under pressure."""
ACTIVITY_FIELDS = frozenset({"status", "quiet_until", "activity", "roles"})
"""Member fields the network's cached hourly activity depends on (see MemberState.revision)."""


# NATIVE classes when compiled (mypyc), as the world's other records (see
# cpx.engine.world). Their class-level counters live on a base class, not in the
# dataclass's body: mypyc gives a compiled dataclass a ClassVar's type without the
# ClassVar, and the dataclass would take it for a field.


class _Revised:
    """A record class whose changes are counted, each class on its own."""

    revision: ClassVar[int] = 0
    """Bumped whenever a watched field of any record of the class is set (the class's
    own count: the first bump makes it the class's attribute)."""


@dataclass
class MemberState(_Revised):
    """A network member as the world knows them.

    ``MemberState.revision`` is bumped whenever any member's status, quiet time,
    activity or roles is set: the network keeps its hourly contact chances until it (or
    the member count) changes."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in ACTIVITY_FIELDS:
            MemberState.revision += 1

    id: str
    name: str
    roles: list[str]
    aliases: list[str]
    home: str
    nationality: str | None
    vigilance: float
    violence: float
    loyalty: float
    activity: float
    location: str = ""
    status: str = "at_large"  # at_large | arrested | charged | released
    arrested_at: int | None = None
    quiet_until: int = 0
    avoiding_until: int = 0  # keeps away from their venues after a warning
    replaced_by: str | None = None
    assets_frozen: bool = False


@dataclass
class VenueState(_Revised):
    """A venue and whether the network still uses it.

    ``VenueState.revision`` is bumped whenever any venue is opened, closed or changes
    kind: the clients' open venues are kept until then (see
    NetworkProcesses._client_groups)."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in ("active", "kind"):
            VenueState.revision += 1

    id: str
    name: str
    kind: str
    location: str
    exploitation: str
    capacity: int
    manager: str | None
    revenue_per_victim_day: float
    active: bool = True

    @property
    def hidden(self) -> bool:
        """Whether it is out of sight (an apartment or a private house)."""
        return self.kind in HIDDEN_VENUE_KINDS


class _Indexed:
    """A record the world's venue index follows (a base class, so that the index is no
    field of the dataclass)."""

    _held: dict[str, list[PersonState]] | None = None
    """The world's venue index, once the person is in the world (World.add_person sets it
    on the person; until then the class's None). Read as an attribute, never through
    ``__dict__``: CPython keeps an object's attributes inline until its ``__dict__`` is
    asked for, and reads them faster so. Compiled, an attribute of the native class."""


@dataclass
class PersonState(_Indexed):
    """A person held by the network or working at a venue, with their hidden truth."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Keep the world's index of who is held where in step with every change.
        if name != "status" and name != "venue":  # trust, met_at…: nothing to keep
            object.__setattr__(self, name, value)
            return
        index = self._held
        if index is None:
            object.__setattr__(self, name, value)
            return
        old = self.held_at()
        object.__setattr__(self, name, value)
        new = self.held_at()
        if old != new:
            if old is not None:
                index[old].remove(self)
            if new is not None:
                index.setdefault(new, []).append(self)

    def held_at(self) -> str | None:
        """The venue the person is held at now, or None."""
        return self.venue if self.status == "held" else None

    id: str
    is_victim: bool
    minor: bool
    age: int
    sex: str
    origin: str
    exploitation: str
    act: bool
    means: list[str]
    purpose: bool
    documents_withheld: bool
    debt: int
    profile: str
    route: str | None
    venue: str | None
    status: str = "held"  # in_transit | held | met | referred | in_custody | returned | harmed | interdicted
    trust: float = 0.3
    met_at: int | None = None
    identified: bool | None = None
    supported: bool = False  # victim support was warned before police met them
    debt_bondage: bool = False  # held to the debt (a means of coercion, ILO)
    restricted_movement: bool = False  # not free to move (a means of coercion, ILO)
    pathway: PathwayState = field(default_factory=PathwayState)  # custody, reflection, consent
