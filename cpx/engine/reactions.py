"""What the network does when its doctrine says react (DOMAIN §6: it becomes less
visible rather than smaller): move victims to apartments, rotate them, suspend or switch
a route, go quiet, intimidate witnesses, displace the business. Replacement of arrested
members is scheduled by :func:`on_arrest`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mypy_extensions import mypyc_attr

from cpx.engine import events as ev
from cpx.engine.displacement import moves_heard
from cpx.engine.rounding import rounded
from cpx.engine.world import MemberState, PersonState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise


def venues_of(ex: "Exercise", cell: str, kinds: Sequence[str] = ()) -> list[str]:
    """The venues a cell stands for: the venue itself, or those its member runs or
    commands; only venues of ``kinds`` when given (a reaction's ``venue_kinds``)."""
    world = ex.world
    if cell in world.venues:
        return [cell] if not kinds or world.venues[cell].kind in kinds else []
    heads = [cell] + [p for kind, p in ex.network.tie_partners(cell) if kind == "command"]
    return sorted(v.id for v in world.venues.values() if v.manager in heads and v.active
                  and (not kinds or v.kind in kinds))


def applies_to(ex: "Exercise", rule: Any, cell: str) -> bool:
    """Whether a reaction limited to kinds of venue concerns the cell: a venue of those
    kinds, or a member who runs or commands one. Unlimited reactions concern every cell."""
    if not rule.venue_kinds:
        return True
    if cell in ex.world.venues:
        return ex.world.venues[cell].kind in rule.venue_kinds
    return bool(venues_of(ex, cell, rule.venue_kinds))


def members_of(ex: "Exercise", cell: str) -> list[str]:
    """The members a cell stands for: a venue's manager and staff, or a member and their crew."""
    world = ex.world
    if cell in world.venues:
        manager = world.venues[cell].manager
        return sorted(set([manager] + [p for _k, p in ex.network.tie_partners(manager)
                                       if "enforcer" in world.members[p].roles])) if manager else []
    return sorted(set([cell] + [p for kind, p in ex.network.tie_partners(cell)
                                if kind == "command" and world.members[cell].roles[0]
                                in ("boss", "lieutenant")]))


def react(ex: "Exercise", action: str, cell: str, trigger: str, lasts: int,
          rule: Any = None) -> None:
    """Carry out one reaction of the doctrine on a cell and record it (``rule``: the
    doctrine's entry, for its venue kinds and destinations)."""
    handler = _ACTIONS.get(action)
    moves: list[tuple[str, str | None, str]] = []
    details = handler(_Reacting(ex, rule, moves), cell, lasts) if handler else {}
    if details is None:
        return  # nothing to do for this cell
    ex.emit(ev.NETWORK_REACTION, {"action": action, "subject": cell, "trigger": trigger,
                                  "details": details})
    if moves:
        moves_heard(ex, moves)


# A Python class even when compiled: its __getattr__ hands every other attribute on to the
# exercise, which a native (mypyc) class cannot do.
@mypyc_attr(native_class=False)
class _Reacting:
    """The exercise as one reaction sees it: its rule's venue kinds and destinations, and
    the moves it makes (for the informants who may hear of them)."""

    def __init__(self, ex: "Exercise", rule: Any,
                 moves: list[tuple[str, str | None, str]]) -> None:
        self.ex, self.rule, self.moves = ex, rule, moves
        # What every reaction reads, as attributes of its own: read through __getattr__
        # each costs a failed lookup first. A reaction happens at one minute: ``now``
        # does not change while it runs.
        self.world, self.streams, self.now = ex.world, ex.streams, ex.now
        self.kinds = tuple(rule.venue_kinds) if rule is not None else ()
        self.destinations = list(rule.destinations) if rule is not None else []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ex, name)

    def venues_of(self, cell: str) -> list[str]:
        return venues_of(self.ex, cell, self.kinds)

    def move(self, person: PersonState, dest: str, reason: str) -> None:
        self.moves.append((person.id, person.venue, dest))
        self.ex.network.move(person, dest, reason)

    def place(self, origin: str, exploitation: str, **default: Any) -> str:
        """Where to take a person from ``origin``: the rule's first destination with room,
        else the network's usual choice (``place_for`` with ``default``)."""
        world = self.ex.world
        fallback = None
        for dest in self.destinations:
            if dest in world.venues:
                choices = [dest]
            else:  # a location: the network's venues there
                choices = sorted(v.id for v in world.venues.values() if v.location == dest)
            for vid in choices:
                venue = world.venues[vid]
                if vid == origin or not venue.active:
                    continue
                fallback = fallback or vid
                if len(world.victims_at(vid)) < venue.capacity:
                    return vid
        if fallback is not None:
            return fallback
        return self.ex.network.place_for([], exploitation, exclude=origin, **default)


def _move_victims(ex: _Reacting, cell: str, lasts: int) -> dict:
    world, moved = ex.world, []
    for vid in ex.venues_of(cell):
        venue = world.venues[vid]
        if venue.hidden and not ex.destinations:
            continue
        for person in list(world.victims_at(vid)):
            if not person.is_victim:
                continue  # staff and independent workers stay; the victims vanish
            dest = ex.place(vid, venue.exploitation, hidden=True, near=venue.location)
            if dest != vid:
                ex.move(person, dest, "pressure")
                moved.append(person.id)
        _warn(ex.ex, members_of(ex.ex, vid), lasts)
    return {"moved": moved}


def _rotate_victims(ex: _Reacting, cell: str, lasts: int) -> dict:
    world, moved = ex.world, []
    for vid in ex.venues_of(cell):
        for person in list(world.victims_at(vid)):
            if person.is_victim:
                dest = ex.place(vid, world.venues[vid].exploitation,
                                near=world.venues[vid].location)
                if dest != vid:
                    ex.move(person, dest, "rotation under pressure")
                    moved.append(person.id)
    return {"moved": moved}


def _routes_touching(ex: _Reacting, cell: str) -> list[str]:
    venues = set(ex.venues_of(cell))
    out = []
    for rid, route in ex.world.routes.items():
        if venues.intersection(route.destinations) or any(leg[3] == cell for leg in route.legs):
            out.append(rid)
    return out


def _suspend_route(ex: _Reacting, cell: str, lasts: int) -> dict:
    routes = _routes_touching(ex, cell)
    for rid in routes:
        ex.world.routes[rid].suspended_until = ex.now + lasts
    return {"routes": routes, "until": ex.now + lasts}


def _switch_route(ex: _Reacting, cell: str, lasts: int) -> dict:
    switched = []
    for rid in _routes_touching(ex, cell):
        route = ex.world.routes[rid]
        if route.alternative and route.switched_to is None:
            route.switched_to = route.alternative
            switched.append([rid, route.alternative])
    return {"switched": switched}


def _go_quiet(ex: _Reacting, cell: str, lasts: int) -> dict:
    members = members_of(ex.ex, cell)
    for mid in members:
        m = ex.world.members[mid]
        m.quiet_until = max(m.quiet_until, ex.now + lasts)
    return {"members": members, "until": ex.now + lasts}


def _intimidate(ex: _Reacting, cell: str, lasts: int) -> dict:
    world, rng = ex.world, ex.streams.get("reactions.intimidation")
    venues = set(ex.venues_of(cell))
    violence = max([world.members[m].violence for m in members_of(ex.ex, cell)] or [0.3])
    touched, harmed = [], []
    for pid in world.person_ids():
        person = world.people[pid]
        if not person.is_victim or person.status in ("referred", "harmed", "interdicted"):
            continue
        if person.venue in venues or (person.status == "met" and person.profile):
            person.trust = rounded(max(0.0, person.trust - 0.25 * violence), 4)
            touched.append(pid)
            if person.status == "held" and rng.random() < 0.1 * violence:
                harmed.append(pid)
                ex.emit(ev.VICTIM_HARMED, {"person_id": pid, "cause": "intimidation"})
    return {"witnesses": touched, "harmed": harmed}


def _displace(ex: _Reacting, cell: str, lasts: int) -> dict:
    world, closed = ex.world, []
    for vid in ex.venues_of(cell):
        venue = world.venues[vid]
        venue.active = False
        closed.append(vid)
        for person in list(world.victims_at(vid)):
            dest = ex.place(vid, venue.exploitation)
            if dest != vid:
                ex.move(person, dest, "displacement")
    return {"closed": closed}


def _warn(ex: "Exercise", members: list[str], lasts: int) -> None:
    for mid in members:
        m = ex.world.members[mid]
        m.avoiding_until = max(m.avoiding_until, ex.now + max(lasts, 1440))


_ACTIONS: dict[str, Callable[[_Reacting, str, int], dict | None]] = {
    "move_victims": _move_victims,
    "rotate_victims": _rotate_victims,
    "suspend_route": _suspend_route,
    "switch_route": _switch_route,
    "go_quiet": _go_quiet,
    "intimidate_witnesses": _intimidate,
    "displace": _displace,
    # Successors are appointed by on_arrest after the doctrine's replace_arrested_after.
    "replace_member": lambda ex, cell, lasts: None,
}


def on_arrest(ex: "Exercise", member_id: str) -> None:
    """An arrest: pressure on everyone tied to the member, and a successor in due course."""
    doctrine = ex.scenario.network.doctrine
    for _kind, partner in ex.network.tie_partners(member_id):
        if ex.world.active_member(partner):
            ex.doctrine.pressure(partner, "arrest")
    if doctrine.replace_arrested_after is not None:
        ex.later(int(doctrine.replace_arrested_after), _replace, ex, member_id)


def _replace(ex: "Exercise", member_id: str) -> None:
    world = ex.world
    old = world.members[member_id]
    if world.active_member(member_id) or old.replaced_by:
        return
    new_id = f"{member_id}_successor"
    world.members[new_id] = MemberState(
        id=new_id, name=f"successor of {old.name}", roles=list(old.roles), aliases=[],
        home=old.home, nationality=old.nationality, vigilance=min(1.0, old.vigilance + 0.1),
        violence=old.violence, loyalty=old.loyalty, activity=old.activity,
        location=old.home, quiet_until=ex.now + 1440,
    )
    old.replaced_by = new_id
    for venue in world.venues.values():
        if venue.manager == member_id:
            venue.manager = new_id
    ex.emit(ev.MEMBER_REPLACED, {"member": member_id, "replaced_by": new_id,
                                 "roles": list(old.roles)})
