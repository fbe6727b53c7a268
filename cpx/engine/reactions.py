"""What the network does when its doctrine says react (DOMAIN §6: it becomes less
visible rather than smaller): move victims to apartments, rotate them, suspend or switch
a route, go quiet, intimidate witnesses, displace the business. Replacement of arrested
members is scheduled by :func:`on_arrest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpx.engine import events as ev
from cpx.engine.world import MemberState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise


def venues_of(ex: "Exercise", cell: str) -> list[str]:
    """The venues a cell stands for: the venue itself, or those its member runs or commands."""
    world = ex.world
    if cell in world.venues:
        return [cell]
    heads = [cell] + [p for kind, p in ex.network.tie_partners(cell) if kind == "command"]
    return sorted(v.id for v in world.venues.values() if v.manager in heads and v.active)


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


def react(ex: "Exercise", action: str, cell: str, trigger: str, lasts: int) -> None:
    """Carry out one reaction of the doctrine on a cell and record it."""
    handler = _ACTIONS.get(action)
    details = handler(ex, cell, lasts) if handler else {}
    if details is None:
        return  # nothing to do for this cell
    ex.emit(ev.NETWORK_REACTION, {"action": action, "subject": cell, "trigger": trigger,
                                  "details": details})


def _move_victims(ex: "Exercise", cell: str, lasts: int) -> dict:
    world, moved = ex.world, []
    for vid in venues_of(ex, cell):
        venue = world.venues[vid]
        if venue.hidden:
            continue
        for person in world.victims_at(vid):
            if not person.is_victim:
                continue  # staff and independent workers stay; the victims vanish
            dest = ex.network.place_for([], venue.exploitation, exclude=vid, hidden=True,
                                        near=venue.location)
            if dest != vid:
                ex.network.move(person, dest, "pressure")
                moved.append(person.id)
        _warn(ex, members_of(ex, vid), lasts)
    return {"moved": moved}


def _rotate_victims(ex: "Exercise", cell: str, lasts: int) -> dict:
    world, moved = ex.world, []
    for vid in venues_of(ex, cell):
        for person in world.victims_at(vid):
            if person.is_victim:
                dest = ex.network.place_for([], world.venues[vid].exploitation, exclude=vid,
                                            near=world.venues[vid].location)
                if dest != vid:
                    ex.network.move(person, dest, "rotation under pressure")
                    moved.append(person.id)
    return {"moved": moved}


def _routes_touching(ex: "Exercise", cell: str) -> list[str]:
    venues = set(venues_of(ex, cell))
    out = []
    for rid, route in ex.world.routes.items():
        if venues.intersection(route.destinations) or any(leg[3] == cell for leg in route.legs):
            out.append(rid)
    return out


def _suspend_route(ex: "Exercise", cell: str, lasts: int) -> dict:
    routes = _routes_touching(ex, cell)
    for rid in routes:
        ex.world.routes[rid].suspended_until = ex.now + lasts
    return {"routes": routes, "until": ex.now + lasts}


def _switch_route(ex: "Exercise", cell: str, lasts: int) -> dict:
    switched = []
    for rid in _routes_touching(ex, cell):
        route = ex.world.routes[rid]
        if route.alternative and route.switched_to is None:
            route.switched_to = route.alternative
            switched.append([rid, route.alternative])
    return {"switched": switched}


def _go_quiet(ex: "Exercise", cell: str, lasts: int) -> dict:
    members = members_of(ex, cell)
    for mid in members:
        m = ex.world.members[mid]
        m.quiet_until = max(m.quiet_until, ex.now + lasts)
    return {"members": members, "until": ex.now + lasts}


def _intimidate(ex: "Exercise", cell: str, lasts: int) -> dict:
    world, rng = ex.world, ex.streams.get("reactions.intimidation")
    venues = set(venues_of(ex, cell))
    violence = max([world.members[m].violence for m in members_of(ex, cell)] or [0.3])
    touched, harmed = [], []
    for pid in sorted(world.people, key=lambda p: int(p[1:])):
        person = world.people[pid]
        if not person.is_victim or person.status in ("referred", "harmed", "interdicted"):
            continue
        if person.venue in venues or (person.status == "met" and person.profile):
            person.trust = round(max(0.0, person.trust - 0.25 * violence), 4)
            touched.append(pid)
            if person.status == "held" and rng.random() < 0.1 * violence:
                harmed.append(pid)
                ex.emit(ev.VICTIM_HARMED, {"person_id": pid, "cause": "intimidation"})
    return {"witnesses": touched, "harmed": harmed}


def _displace(ex: "Exercise", cell: str, lasts: int) -> dict:
    world, closed = ex.world, []
    for vid in venues_of(ex, cell):
        venue = world.venues[vid]
        venue.active = False
        closed.append(vid)
        for person in world.victims_at(vid):
            dest = ex.network.place_for([], venue.exploitation, exclude=vid)
            if dest != vid:
                ex.network.move(person, dest, "displacement")
    return {"closed": closed}


def _warn(ex: "Exercise", members: list[str], lasts: int) -> None:
    for mid in members:
        m = ex.world.members[mid]
        m.avoiding_until = max(m.avoiding_until, ex.now + max(lasts, 1440))


_ACTIONS = {
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
