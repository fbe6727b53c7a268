"""The world's state: members, venues, people, routes, units, informants and cases.

Plain mutable dataclasses keyed by id in the scenario file's order (never a set), so
every iteration is deterministic. :meth:`World.snapshot` gives canonical plain data for
:meth:`cpx.engine.Exercise.truth` and the state hash.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Callable, TypeVar

from cpx.engine.pathway_state import PathwayState
from cpx.engine.scenario_memo import per_scenario
from cpx.scenario.models import Scenario
from cpx.scenario.cells import unit_cells

from cpx.engine._records import (  # noqa: F401 - the world's records are named here
    ACTIVITY_FIELDS, HIDDEN_VENUE_KINDS, MemberState, PersonState, VenueState)

R = TypeVar("R")

# The world's records are NATIVE classes when compiled (mypyc), as World: the compiled
# engine reads their fields as C struct fields. The interpreter's shortcuts stay for the
# pure build, where they are faster (new_record's object.__new__, fields_of's __dict__),
# and a native record takes the other way (:func:`is_native`). Those that watch their own
# changes live in :mod:`cpx.engine._records` (see there why).


def person_order(pid: str) -> tuple[int, int, str]:
    """Sort key of person ids: generated ones (p1, p2…) by number, then the ids a scenario
    names (a person an inject brings in) by name."""
    return (0, int(pid[1:]), "") if pid[1:].isdigit() else (1, 0, pid)


@dataclass
class RouteState:
    """A route and the network's current use of it."""

    id: str
    name: str
    legs: list[tuple[str, str, int, str | None]]  # from, to, minutes, transporter
    destinations: list[str]
    alternative: str | None
    suspended_until: int = 0
    switched_to: str | None = None


@dataclass
class UnitState:
    """A unit: where it is and what it is doing."""

    id: str
    callsign: str
    agency: str
    cell: str | None
    capabilities: list[str]
    size: int
    base: str
    skill: float
    shift_start: int
    shift_hours: int
    location: str = ""
    status: str = "available"  # available | en_route | on_task | resting | off_duty
    task: str | None = None
    eta: int | None = None


@dataclass
class InformantState:
    """An informant's hidden accuracy, their exposure, and whether they still report."""

    id: str
    codename: str
    handler: str
    members: list[str]
    venues: list[str]
    routes: list[str]
    reliability: str
    accuracy: float
    report_every: int
    delay: int
    exposure_risk: float
    exposure: float = 0.0
    status: str = "active"  # active | silent | harmed
    corroborated: int = 0


@dataclass
class Evidence:
    """One piece of evidence against a suspect (a member) or a venue."""

    id: str
    suspect: str
    kind: str
    weight: float
    text: str
    t: int
    status: str = "counted"  # counted | pending (a witness's consent) | excluded
    reason: str = ""  # why it does not count (evidence_rules)
    witness: str | None = None  # the person whose statement it is


# A native class when compiled (mypyc), as the records. Nothing in it refers back to the
# exercise or to itself (records and their lists, the venue index the people hold), so
# reference counting frees it once the exercise lets go (Exercise.dispose skips a part
# without a __dict__); the weak reference tests/engine/test_exercise_dispose.py takes to
# it holds in the pure build only (a native class refuses weak references).
@dataclass
class World:
    """Everything that exists in the exercise, ground truth included."""

    members: dict[str, MemberState] = field(default_factory=dict)
    venues: dict[str, VenueState] = field(default_factory=dict)
    people: dict[str, PersonState] = field(default_factory=dict)
    routes: dict[str, RouteState] = field(default_factory=dict)
    units: dict[str, UnitState] = field(default_factory=dict)
    informants: dict[str, InformantState] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warrants: dict[str, str] = field(default_factory=dict)  # target -> requested|granted|refused
    alert: dict[str, float] = field(default_factory=dict)
    revenue_total: float = 0.0
    shelter_free: dict[str, int] = field(default_factory=dict)  # "agency@location" -> places
    jurisdictions_extra: dict[str, list[str]] = field(default_factory=dict)  # agency -> JIT
    misconduct_first_seen: dict[str, int] = field(default_factory=dict)
    misconduct_reported: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)  # officials suspended by internal affairs
    _held_index: dict[str, list[PersonState]] = field(default_factory=dict, repr=False)
    _person_order: tuple[tuple[int, str | None], list[str] | tuple[()]] = field(
        default=((0, None), ()), repr=False, compare=False)
    """The people's ids in :func:`person_order`, with the (count, last id) it was sorted at."""

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> "World":
        """The world at STARTEX (people are added by the network processes).

        The records' values are worked out once per scenario (:func:`_startex_records`)
        and each world gets its own records, with their own lists."""
        world = cls()
        tables, shelter_free = per_scenario(scenario, "world.startex", _startex_records)
        for name, (kind, rows) in tables.items():
            table = getattr(world, name)
            for values, lists in rows:
                values = values.copy()
                for key in lists:  # each world its own lists
                    values[key] = values[key].copy()
                table[values["id"]] = new_record(kind, values)
        world.shelter_free = dict(shelter_free)
        return world

    def add_person(self, person: PersonState) -> None:
        """A person enters the world; from now on the venue index follows them."""
        self.people[person.id] = person
        object.__setattr__(person, "_held", self._held_index)
        venue = person.held_at()
        if venue is not None:
            self._held_index.setdefault(venue, []).append(person)

    def person_ids(self) -> list[str]:
        """The ids of everyone in the world in :func:`person_order` (``p1, p2…`` by number,
        then named ones by name).

        Sorted again only when someone has entered since (people enter and never leave
        the world): the network goes through everyone in this order each day."""
        people = self.people
        key = (len(people), next(reversed(people), None))
        kept_key, ids = self._person_order
        if key != kept_key:
            ids = sorted(people, key=person_order)
            self._person_order = (key, ids)
        return list(ids)

    def victims_at(self, venue: str) -> list[PersonState]:
        """People held at a venue right now (victims and workers), in the order they came."""
        return list(self._held_index.get(venue, ()))

    def active_member(self, member: str) -> bool:
        """Whether the member is free to act for the network."""
        return self.members[member].status in ("at_large", "released")

    def snapshot(self, convert: Callable[[Any], Any] | None = None) -> dict[str, Any]:
        """Canonical plain data of the whole state (for truth() and the state hash).

        ``convert`` is applied to each record of the tables (default :func:`plain`);
        :func:`state_json` passes the identity and lets the JSON encoder expand the
        records instead (:func:`fields_of`), which writes the same text.
        """
        convert = plain if convert is None else convert
        return {
            "members": _table(self.members, convert),
            "venues": _table(self.venues, convert),
            "people": _table(self.people, convert),
            "routes": _table(self.routes, convert),
            "units": _table(self.units, convert),
            "informants": _table(self.informants, convert),
            "evidence": _table(self.evidence, convert),
            "warrants": {k: self.warrants[k] for k in sorted(self.warrants)},
            "alert": {k: round(self.alert[k], 4) for k in sorted(self.alert)},
            "revenue_total": round(self.revenue_total, 2),
            "shelter_free": {k: self.shelter_free[k] for k in sorted(self.shelter_free)},
            "jurisdictions_extra": {k: sorted(v) for k, v in sorted(self.jurisdictions_extra.items())},
            "misconduct_first_seen": dict(sorted(self.misconduct_first_seen.items())),
            "misconduct_reported": sorted(self.misconduct_reported),
            "suspended": sorted(self.suspended),
        }


def _table(records: dict[str, Any], convert: Callable[[Any], Any]) -> list[Any]:
    """A table of :meth:`World.snapshot`: its records in id order, each converted (a
    function of the module: mypyc fails on a closure in a method of a Python class)."""
    return [convert(records[k]) for k in sorted(records)]


def _startex_records(scenario: Scenario) -> tuple[
        dict[str, tuple[type, list[tuple[dict[str, Any], tuple[str, ...]]]]], dict[str, int]]:
    """The field values of every record of the world at STARTEX, by table (each with the
    fields that hold lists), and the free shelter places: what :meth:`World.from_scenario`
    builds each world from."""
    net = scenario.network
    members = [dict(
        id=m.id, name=m.name, roles=list(m.roles), aliases=list(m.aliases),
        home=m.home, nationality=m.nationality, vigilance=m.traits.vigilance,
        violence=m.traits.violence, loyalty=m.traits.loyalty,
        activity=m.traits.activity, location=m.home,
    ) for m in net.members]
    venues = [dict(
        id=v.id, name=v.name, kind=v.kind, location=v.location,
        exploitation=v.exploitation, capacity=v.capacity, manager=v.manager,
        revenue_per_victim_day=v.revenue_per_victim_day,
    ) for v in net.venues]
    routes = [dict(
        id=r.id, name=r.name,
        legs=[(leg.from_, leg.to, int(leg.travel), leg.transporter) for leg in r.legs],
        destinations=list(r.destinations), alternative=r.alternative,
    ) for r in net.routes]
    cell_of = unit_cells(scenario)
    units: list[dict[str, Any]] = []
    shelter_free: dict[str, int] = {}
    for agency in scenario.agencies:
        for u in agency.units:
            hh, mm = (int(x) for x in u.shift.start.split(":"))
            units.append(dict(
                id=u.id, callsign=u.callsign, agency=agency.id, cell=cell_of[u.id],
                capabilities=list(u.capabilities), size=u.size, base=u.base,
                skill=u.skill, shift_start=hh * 60 + mm, shift_hours=u.shift.hours,
                location=u.base,
            ))
        for shelter in agency.shelters:
            key = f"{agency.id}@{shelter.location}"
            shelter_free[key] = shelter_free.get(key, 0) + shelter.places
    informants = [dict(
        id=i.id, codename=i.codename, handler=i.handler,
        members=list(i.access.members), venues=list(i.access.venues),
        routes=list(i.access.routes), reliability=i.reliability,
        accuracy=i.accuracy, report_every=int(i.report_every), delay=int(i.delay),
        exposure_risk=i.exposure_risk,
    ) for i in scenario.informants]
    tables: dict[str, tuple[type, list[tuple[dict[str, Any], tuple[str, ...]]]]]
    tables = {name: (kind, [(row, tuple(k for k, v in row.items() if type(v) is list))
                            for row in rows])
              for name, kind, rows in (("members", MemberState, members),
                                       ("venues", VenueState, venues),
                                       ("routes", RouteState, routes),
                                       ("units", UnitState, units),
                                       ("informants", InformantState, informants))}
    return tables, shelter_free


# The records' fields written out, one function per record type, for the compiled build:
# there each reads its record's fields as C struct fields, where fields_of's getattr by
# name went through the type's descriptors, field after field (half of the state hash's
# encoding). Keys in sorted order, as the encoder writes them. A record type whose
# function does not name exactly its fields (a field added since) is expanded the plain
# way (:func:`_expanders_checked`); tests/engine/test_state_text.py compares each with
# the plain expansion.

def _member_fields(m: MemberState) -> dict[str, Any]:
    return {"activity": m.activity, "aliases": m.aliases, "arrested_at": m.arrested_at,
            "assets_frozen": m.assets_frozen, "avoiding_until": m.avoiding_until,
            "home": m.home, "id": m.id, "location": m.location, "loyalty": m.loyalty,
            "name": m.name, "nationality": m.nationality, "quiet_until": m.quiet_until,
            "replaced_by": m.replaced_by, "roles": m.roles, "status": m.status,
            "vigilance": m.vigilance, "violence": m.violence}


def _venue_fields(v: VenueState) -> dict[str, Any]:
    return {"active": v.active, "capacity": v.capacity, "exploitation": v.exploitation,
            "id": v.id, "kind": v.kind, "location": v.location, "manager": v.manager,
            "name": v.name, "revenue_per_victim_day": v.revenue_per_victim_day}


def _person_fields(p: PersonState) -> dict[str, Any]:
    return {"act": p.act, "age": p.age, "debt": p.debt, "debt_bondage": p.debt_bondage,
            "documents_withheld": p.documents_withheld, "exploitation": p.exploitation,
            "id": p.id, "identified": p.identified, "is_victim": p.is_victim, "means": p.means,
            "met_at": p.met_at, "minor": p.minor, "origin": p.origin, "pathway": p.pathway,
            "profile": p.profile, "purpose": p.purpose,
            "restricted_movement": p.restricted_movement, "route": p.route, "sex": p.sex,
            "status": p.status, "supported": p.supported, "trust": p.trust, "venue": p.venue}


def _pathway_fields(w: PathwayState) -> dict[str, Any]:
    return {"compensation": w.compensation, "consent": w.consent,
            "custody_minutes": w.custody_minutes, "custody_since": w.custody_since,
            "decides_at": w.decides_at, "detentions": w.detentions, "over_limit": w.over_limit,
            "reflection_ends": w.reflection_ends, "reflection_from": w.reflection_from,
            "residence": w.residence, "residence_basis": w.residence_basis,
            "returned": w.returned, "setbacks": w.setbacks, "shelter": w.shelter,
            "willingness": w.willingness}


def _route_fields(r: RouteState) -> dict[str, Any]:
    return {"alternative": r.alternative, "destinations": r.destinations, "id": r.id,
            "legs": r.legs, "name": r.name, "suspended_until": r.suspended_until,
            "switched_to": r.switched_to}


def _unit_fields(u: UnitState) -> dict[str, Any]:
    return {"agency": u.agency, "base": u.base, "callsign": u.callsign,
            "capabilities": u.capabilities, "cell": u.cell, "eta": u.eta, "id": u.id,
            "location": u.location, "shift_hours": u.shift_hours, "shift_start": u.shift_start,
            "size": u.size, "skill": u.skill, "status": u.status, "task": u.task}


def _informant_fields(i: InformantState) -> dict[str, Any]:
    return {"accuracy": i.accuracy, "codename": i.codename, "corroborated": i.corroborated,
            "delay": i.delay, "exposure": i.exposure, "exposure_risk": i.exposure_risk,
            "handler": i.handler, "id": i.id, "members": i.members,
            "reliability": i.reliability, "report_every": i.report_every, "routes": i.routes,
            "status": i.status, "venues": i.venues}


def _evidence_fields(e: Evidence) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "reason": e.reason, "status": e.status,
            "suspect": e.suspect, "t": e.t, "text": e.text, "weight": e.weight,
            "witness": e.witness}


_EXPANDERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    MemberState: _member_fields, VenueState: _venue_fields, PersonState: _person_fields,
    PathwayState: _pathway_fields, RouteState: _route_fields, UnitState: _unit_fields,
    InformantState: _informant_fields, Evidence: _evidence_fields}
"""Each world record type with the function that writes out its fields."""


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_DICTLESS: set[type] = set()
"""Record types whose objects have no ``__dict__`` (:func:`fields_of` reads their fields)."""

_NATIVE_EXPANDERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
"""The native record types (compiled) :func:`fields_of` expands by their function of
:data:`_EXPANDERS`, once seen to name exactly their fields. A Python record gives its own
``__dict__``, which costs less than any copy."""

_SPECS: dict[type, "_RecordSpec"] = {}


@dataclass(frozen=True)
class _RecordSpec:
    """What :func:`new_record` needs to know of a record type, worked out once."""

    names: frozenset[str]
    required: frozenset[str]
    build: Callable[..., Any]
    """Makes a record from its field values as keywords (:func:`_builder`)."""

    @classmethod
    def of(cls, kind: type) -> "_RecordSpec":
        spec = _SPECS.get(kind)
        if spec is None:
            found = fields(kind)
            spec = _SPECS[kind] = cls(
                names=frozenset(f.name for f in found),
                required=frozenset(f.name for f in found
                                   if f.default is MISSING and f.default_factory is MISSING),
                build=_builder(kind, found))
        return spec


def _builder(kind: type, found: tuple) -> Callable[..., Any]:
    """A function of the fields as keywords (with their defaults) that makes a record of
    ``kind``, setting each field in the fields' order, never through the class's own
    ``__setattr__``.

    Written out for the kind, as dataclasses write ``__init__``: one call that takes the
    values as keywords, with no dict merged and no loop over the fields (a run builds
    about a hundred records, its people among them). A Python class's record is made by
    ``object.__new__`` and set by ``object.__setattr__``; a native one (compiled) by its
    class's ``__new__`` and set through each field's slot descriptor, as
    ``object.__setattr__`` refuses an object whose class has its own ``__setattr__``.
    """
    native = is_native(kind)
    scope: dict[str, Any] = {"__new": kind.__new__ if native else object.__new__,
                             "__set": object.__setattr__, "__kind": kind, "__missing": MISSING}
    params, lines = [], ["    record = __new(__kind)"]
    for i, f in enumerate(found):
        value = f.name
        if f.default is not MISSING:
            scope[f"__default{i}"] = f.default
            params.append(f"{f.name}=__default{i}")
        elif f.default_factory is not MISSING:
            scope[f"__factory{i}"] = f.default_factory
            params.append(f"{f.name}=__missing")
            value = f"__factory{i}() if {f.name} is __missing else {f.name}"
        else:
            params.append(f.name)
        if native:
            scope[f"__slot{i}"] = _slot_of(kind, f.name).__set__
            lines.append(f"    __slot{i}(record, {value})")
        else:
            lines.append(f"    __set(record, {f.name!r}, {value})")
    source = f"def build(*, {', '.join(params)}):\n" + "\n".join(lines) + "\n    return record\n"
    exec(source, scope)  # noqa: S102 - the source is made of the dataclass's own field names
    build = scope["build"]
    build.__qualname__ = f"new_record[{kind.__name__}]"
    return build


def is_native(kind: type) -> bool:
    """Whether ``kind`` is a native class (compiled by mypyc): its objects have no
    ``__dict__``, their attributes are slots of the object's C struct."""
    return kind.__dictoffset__ == 0 and not hasattr(kind, "__slots__")


def _slot_of(kind: type, name: str) -> Any:
    """The descriptor of attribute ``name`` of native class ``kind`` (its C struct slot)."""
    for base in kind.__mro__:
        if name in vars(base):
            return vars(base)[name]
    raise TypeError(f"{kind.__name__} has no attribute {name!r}")


def new_record(kind: type[R], values: dict[str, Any]) -> R:
    """A new world record of dataclass ``kind`` from its field values (defaults for the
    rest), as ``kind(**values)`` makes it, but set directly rather than field by field
    through ``__setattr__``: nothing watches a record before it exists (no venue index
    holds a new person, no cache has seen a new member), and building the people and
    members of each run that way was a tenth of building an exercise. The fields are set
    one by one, in their order, as ``__init__`` sets them: CPython then keeps them inline,
    where they are read faster than from a ``__dict__`` filled at once."""
    spec = _RecordSpec.of(kind)
    try:
        return spec.build(**values)
    except TypeError:
        unknown = sorted(values.keys() - spec.names)
        if unknown:
            raise TypeError(f"{kind.__name__} has no field {unknown[0]!r}") from None
        missing = sorted(spec.required - values.keys())
        if missing:
            raise TypeError(f"{kind.__name__} needs a value for {missing[0]!r}") from None
        raise


def fields_of(value: Any) -> dict[str, Any]:
    """A dataclass record as the dict :func:`plain` makes of it, one level deep: the
    ``default`` of :func:`state_json`'s encoder, which expands the nested values itself.

    The keys may come in another order than the fields' (the encoder sorts them): a
    record whose attributes are exactly its fields gives its own ``__dict__``, unread
    and uncopied (all but people, who also carry the world's venue index). Asking for
    ``__dict__`` makes CPython keep the record's attributes there, where they are read
    more slowly: the state hash is taken at the end of a run."""
    kind = type(value)
    expand = _NATIVE_EXPANDERS.get(kind)
    if expand is not None:
        return expand(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not hasattr(kind, "__dataclass_fields__"):
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
        if kind.__dictoffset__ == 0:  # no __dict__ (a native record when compiled)
            _DICTLESS.add(kind)
            expand = _EXPANDERS.get(kind)
            if expand is not None and list(expand(value)) == sorted(names):
                _NATIVE_EXPANDERS[kind] = expand  # names exactly the fields: used from now on
                return expand(value)
    if kind in _DICTLESS:
        # read field by field: asking such a record for its __dict__ only raised (and
        # formatted) an AttributeError, record after record
        return {name: getattr(value, name) for name in names}
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        # __init__ sets every field, so as many attributes as fields means these fields
        extra = len(attributes) - len(names)
        if extra == 0:
            return attributes
        if extra == 1 and "_held" in attributes:  # a person (see World.add_person)
            attributes = attributes.copy()
            del attributes["_held"]
            return attributes
    return {name: getattr(value, name) for name in names}


def state_json(state: dict[str, Any]) -> str:
    """The canonical JSON of a snapshot taken with ``convert=lambda record: record``.

    The same text as ``json.dumps(plain(...), sort_keys=True, separators=(",", ":"))``:
    :func:`plain` only turns dataclasses into dicts and rebuilds lists, tuples and dicts,
    which the encoder writes identically (tuples as arrays, keys sorted), so the encoder
    in C can walk the records itself and call :func:`fields_of` for each dataclass, instead
    of a Python call per value (the end-of-run state hash was about 8 % of a sweep run).
    orjson writes it five times faster than json (:func:`_orjson_text`); json stays the
    reference and writes whatever orjson might write differently.
    """
    return state_bytes(state).decode("ascii")


def state_bytes(state: dict[str, Any]) -> bytes:
    """:func:`state_json`'s text as the ASCII bytes the state hash reads (orjson writes
    bytes: no text made only to be encoded again)."""
    raw = _orjson_bytes(state)
    if raw is None:
        raw = json.dumps(state, sort_keys=True, separators=(",", ":"),
                         default=fields_of).encode("ascii")
    return raw


try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; json writes the same text
    # None only where orjson is missing: every use asks first (the Module type is mypy's)
    orjson = None  # type: ignore[assignment]

_ORJSON_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
                   | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS
                   if orjson else 0)
"""Records go to :func:`fields_of`; dates and subclasses of str, int, list and dict, which
orjson would write its own way, go there too, which refuses them, so json writes them."""
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
"""Where orjson may write a float otherwise than json: json (Python's ``repr``) writes an
exponent below 1e-4 and from 1e16 on, where orjson writes ``1e-7``, ``0.00002`` or
``1e16``; every other finite float both write alike (the shortest digits that read back
the same). With every digit read as 0, ``0e`` finds an exponent and ``0.0000`` (in the
text as written) a small number; a string that merely looks like one only sends the
state to json, which is never wrong."""


def _orjson_text(state: dict[str, Any]) -> str | None:
    """``state`` as :func:`state_json` writes it, by orjson; None where it might differ
    (:func:`_orjson_bytes`)."""
    raw = _orjson_bytes(state)
    return None if raw is None else raw.decode("ascii")


def _orjson_bytes(state: dict[str, Any]) -> bytes | None:
    """``state`` as :func:`state_bytes` writes it, by orjson; None where it might differ.

    orjson sorts keys as json does (by code point), writes separators without spaces,
    escapes control characters alike and turns tuples into arrays; records go through
    :func:`fields_of` as with json. Where the two differ, it is mended or refused:
    text outside ASCII (json escapes it, ``\\u2013``, orjson writes UTF-8) is escaped
    here as json does; floats json would write with an exponent send the state to json,
    and so does anything orjson refuses (a key that is not a string, a number beyond 64
    bits, a value it cannot write). Not mended, as the world never holds one: NaN and
    infinities, which json writes as ``NaN``/``Infinity`` and orjson as ``null``
    (scenario numbers are finite, ``allow_inf_nan=False``, and the engine only rounds,
    adds and scales them), and plain enums and UUIDs, which json refuses and orjson
    writes by value.
    """
    if orjson is None:
        return None
    try:
        raw = orjson.dumps(state, option=_ORJSON_OPTIONS, default=fields_of)
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None
    if b"0e" in raw.translate(_DIGITS_AS_ZERO) or b"0.0000" in raw:
        return None  # a float json writes with an exponent (see _DIGITS_AS_ZERO)
    if b"\x7f" in raw:  # DEL: json escapes it, orjson does not (only strings hold one)
        raw = raw.replace(b"\x7f", b"\\u007f")
    if raw.isascii():
        return raw
    return _escaped(raw)


def _escaped(raw: bytes) -> bytes:
    """orjson's UTF-8 ``raw`` with the characters outside ASCII escaped as json's
    ``ensure_ascii`` escapes them.

    Python's own ``backslashreplace`` escapes in C what the codec error handler
    (:func:`_escape_as_json`) escaped one Python call at a time (a dozen characters, but
    the text turned into a str and back, which cost as much as writing it): it writes
    ``\\u2013`` as json does, ``\\xe9`` where json writes ``\\u00e9``, mended here, and
    ``\\U0001f600`` where json writes a surrogate pair, left to the error handler. Only
    the text from the first character outside ASCII on is escaped (the rest is ASCII).
    A ``\\x`` can be told from the text's own only where the text holds no backslash
    (which orjson writes ``\\\\``): else the error handler escapes it.
    """
    try:
        raw.decode("ascii")  # fails: its error says where the first such character is
        return raw
    except UnicodeDecodeError as error:
        first = error.start
    head, tail = raw[:first], raw[first:]
    if b"\\\\" not in tail:
        escaped = tail.decode().encode("ascii", "backslashreplace")
        if b"\\U" not in escaped:
            return head + escaped.replace(b"\\x", b"\\u00")
    return head + tail.decode().encode("ascii", _JSON_ESCAPE)


def _escape_as_json(error: UnicodeError) -> tuple[str, int]:
    """Characters outside ASCII as json's ``ensure_ascii`` writes them (``\\u2013``, a
    surrogate pair beyond the BMP): the codec error handler :func:`_orjson_text` uses."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


_JSON_ESCAPE = "cpx-json-ascii"
codecs.register_error(_JSON_ESCAPE, _escape_as_json)


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the world's state, without its deep copies.

    Gives the same plain data as ``asdict`` (dataclasses become dicts, lists, tuples and
    dicts are rebuilt, other values kept), so the state hash is unchanged; ``asdict``
    deep-copies every leaf, which made the end-of-run hash an eighth of a sweep run.
    """
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list:
        return [plain(item) for item in value]
    if kind is tuple:
        return tuple(plain(item) for item in value)
    if kind is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    if kind is set or kind is frozenset:
        return kind(plain(item) for item in value)
    return value
