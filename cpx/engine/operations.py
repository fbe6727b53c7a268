"""Accepted orders as processes on the clock (:class:`cpx.engine.clock.Process`: they wait by yielding
minutes); their outcomes are drawn from the world's state.

What a raid finds is whatever is at the venue at that minute; what surveillance sees is
what the members actually do that hour. Casework with people is in :mod:`casework`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import casework, evidence_rules, inspection, onsite, pathway, wording
from cpx.engine import events as ev
from cpx.engine.draws import UniformDraws
from cpx.engine.orders import Order
from cpx.engine.outcomes import RETRAFFICKED_AFTER, add_evidence, done as _done, free_shelter, \
    meet_people
from cpx.engine.reactions import on_arrest
from cpx.engine.rounding import rounded
from cpx.engine.world import UnitState
from cpx.scenario.orders import BorderAlertParams, CrossBorderParams, FinancialParams, \
    SurveilParams

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

__all__ = ["start", "add_evidence", "free_shelter"]

RAID_PREPARATION = 120
"""Briefing and planning before a raid team moves (the window in which a leak bites)."""
RAID_ON_SITE = 90
FINANCIAL_DAYS = 2


def start(ex: "Exercise", order: Order, order_id: str, cell: str, unit: UnitState | None) -> None:
    """Run the process for an accepted order."""
    ex.env.process(_RUNNERS[order.verb](ex, order, order_id, cell, unit))


# ---------------------------------------------------------------------- surveillance

def _surveil(ex: "Exercise", order: Order, order_id: str, cell: str,
             unit: UnitState | None) -> Generator[Any, Any, None]:
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started = ex.now
    target = cast(str, order.target)  # accepted: a member or a place the cell knows
    world = ex.world
    # The team goes where the cell believes the target is, not where it truly is.
    believed = ex.desk.believed_location(target, cell)
    place = believed or unit.location
    hours = cast(SurveilParams, order.details()).hours
    yield from ex.agencies.travel(unit, place, order_id, then=max(1, hours) * 60)
    rng = ex.desk.surveillance_draws  # the "operations.surveillance" stream
    seen_total = 0
    # Why nothing came of it, in what the team itself could tell (never the truth
    # beyond what it saw): where it looked, whether the target ever showed there.
    why = ""
    in_sight = False
    # What the target is does not change while the team watches: a member or a venue.
    member = world.members.get(target)
    members, network = world.members, ex.network
    skill = unit.skill
    if member is not None:
        for _hour in range(max(1, hours)):
            yield 60
            if not world.active_member(target):
                why = "ended early: the target could no longer be found"
                break
            vigilance = 0.3
            if member.location == place:
                in_sight = True
                vigilance = members[target].vigilance
                observe = skill * (1 - 0.5 * vigilance)
                for kind, partner in network.doings.get(target, ()):  # remade each hour
                    if rng.random() < observe:
                        seen_total += 1
                        _observed(ex, order_id, unit, cell, target, kind, partner, target)
            if rng.random() < vigilance * (1 - skill) * 0.25:
                _spotted(ex, rng, order_id, unit, cell, target, target)
    else:
        venue = world.venues[target]
        for _hour in range(max(1, hours)):
            yield 60
            watched = network.members_at(target) if venue.location == place else ()
            vigilance = max([members[m].vigilance for m in watched]) if watched else 0.3
            observe = skill * (1 - 0.5 * vigilance)
            for mid in watched:
                for kind, partner in network.doings.get(mid, ()):  # remade each hour
                    if rng.random() < observe:
                        seen_total += 1
                        _observed(ex, order_id, unit, cell, mid, kind, partner, target)
                        # seen at the venue: evidence about it too
                        add_evidence(ex, target, "observation", 0.05,
                                     f"{members[mid].name} seen running {venue.name}.", cell)
            seen_total += _watch_venue(ex, rng, order_id, unit, cell, target, observe)
            if venue.manager and rng.random() < vigilance * (1 - skill) * 0.25:
                _spotted(ex, rng, order_id, unit, cell, target, venue.manager)
    where = ex.region.locations[place].name
    if not why and believed is None:
        why = f"your cell did not know where the target is; the team watched at {where}"
    elif not why and seen_total == 0 and member is not None and not in_sight:
        why = f"{member.name} was not seen at {where}"
    outcome = f"{seen_total} observation{'' if seen_total == 1 else 's'}"
    _done(ex, order, order_id, cell, unit, f"{outcome} — {why}" if why else outcome, started)


def _spotted(ex: "Exercise", rng: UniformDraws, order_id: str, unit: UnitState, cell: str,
             target: str, by: str) -> None:
    """The team was noticed by ``by`` (the member watched, or the venue's manager)."""
    ex.emit(ev.SURVEILLANCE_SPOTTED, {"order_id": order_id, "unit": unit.id,
                                      "target": target, "by": by})
    ex.doctrine.pressure(target, "surveillance_spotted")
    ex.informants.visible_action(target, "surveillance spotted")
    if rng.random() < 0.5:
        ex.emit(ev.REPORT_SURVEILLANCE, {
            "order_id": order_id, "unit": unit.id, "target": target,
            "text": f"{unit.callsign} thinks it may have been noticed.",
            "evidence_id": None, "mentions": []}, cell)


_SEEN_DOING = {"meeting": "{a} met {b}.",
               "call": "{a} was seen making a call; the number traces to {b}.",
               "money_run": "{a} carried a bag of cash to {b}."}
"""What a team reports of a member seen doing something with a partner (names a, b)."""
_SEEN_WEIGHT = {"meeting": 0.05, "call": 0.04, "money_run": 0.1}
"""The evidence weight of each of those sightings."""


def _observed(ex: "Exercise", order_id: str, unit: UnitState, cell: str, member: str, kind: str,
              partner: str, target: str) -> None:
    world = ex.world
    a, b = world.members[member].name, world.members[partner].name
    text = _SEEN_DOING[kind].format(a=a, b=b)
    weight = _SEEN_WEIGHT[kind]
    eid = add_evidence(ex, member, "observation", weight, text, cell)
    # What the team saw checks the sources: the contact, and where the suspect is.
    ex.informants.observed(cell, "link:" + ":".join(sorted([member, partner])), True)
    ex.informants.observed(cell, f"where:{member}", world.members[member].location)
    ex.emit(ev.REPORT_SURVEILLANCE, {
        "order_id": order_id, "unit": unit.id, "target": target, "text": text,
        "evidence_id": eid, "mentions": [member, partner],
        "names": {member: a, partner: b}, "kinds": {member: "person", partner: "person"},
        "locations": {member: world.members[member].location}}, cell)


def _watch_venue(ex: "Exercise", rng: UniformDraws, order_id: str, unit: UnitState, cell: str,
                 venue_id: str, observe: float) -> int:
    world, seen = ex.world, 0
    venue = world.venues[venue_id]
    # A hidden venue shows nothing whoever is kept there (the draw is made only when
    # people are kept in a venue in sight, as before).
    if not venue.hidden:
        # What a team sees is everyone held there, victims or not: it cannot tell them apart.
        held = world.victims_at(venue_id)
        if any(p.is_victim for p in held) and rng.random() < observe * 0.5:
            seen += 1
            text = wording.escorted(len(held), venue.name, venue.exploitation)
            eid = add_evidence(ex, venue_id, "observation", 0.1, text, cell)
            ex.emit(ev.REPORT_SURVEILLANCE, {"order_id": order_id, "unit": unit.id,
                                             "target": venue_id, "text": text,
                                             "evidence_id": eid, "mentions": [venue_id],
                                             "kinds": {venue_id: "place"}}, cell)
            # The cell's own observation that people are kept there: it corroborates (or
            # contradicts) its sources' reports about the place.
            ex.informants.observed(cell, f"held:{venue_id}", True)
    visits = ex.network.visits_now.get(venue_id)
    if not visits:
        return seen
    for group_id, n in sorted(visits.items()):
        group = ex.desk.clients[group_id]
        if group.kind != "local" and rng.random() < observe:
            seen += 1
            force = ex.agencies.specs.get(group.force) if group.force is not None else None
            who = force.name.replace("Military Police", "").strip() if force else "the force"
            men = "a man" if n == 1 else f"{n} men"
            text = f"{men[0].upper()}{men[1:]} in the uniform of {who} entered {venue.name}."
            ex.emit(ev.REPORT_SURVEILLANCE, {
                "order_id": order_id, "unit": unit.id, "target": venue_id, "text": text,
                "evidence_id": None, "mentions": [group_id],
                "names": {group_id: f"{group.kind.replace('_', ' ')} of {who}"},
                "kinds": {group_id: "clients"}}, cell)
    return seen


# ---------------------------------------------------------------------- warrants, raids

def _request_warrant(ex: "Exercise", order: Order, order_id: str, cell: str,
                     unit: UnitState | None) -> Generator[Any, Any, None]:
    target = cast(str, order.target)  # accepted: a place the cell knows
    yield int(ex.scenario.legal.warrant_processing)
    ex.agencies.decide_warrant(target, order_id, cell)
    _done(ex, order, order_id, cell, unit, ex.world.warrants[target])


def _raid(ex: "Exercise", order: Order, order_id: str, cell: str,
          unit: UnitState | None) -> Generator[Any, Any, None]:
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started, world = ex.now, ex.world
    venue = world.venues[cast(str, order.target)]  # accepted: a place the cell knows
    yield RAID_PREPARATION
    yield from ex.agencies.travel(unit, venue.location, order_id, then=RAID_ON_SITE)
    # Lawful on a warrant, or on grounds the cell KNEW when it ordered the entry (a fresh
    # report of imminent danger there) — never on who turns out to be inside.
    ruled = ex.rulings.raid_ruling(order_id)  # EXCON adjudicated (cpx.engine.rulings)
    if ruled is not None:
        if ruled == "unlawful":
            ex.emit(ev.UNLAWFUL_ACT, {"kind": "raid_without_warrant", "order_id": order_id,
                                      "subject": venue.id, "ruled": True})
    elif world.warrants.get(venue.id) != "granted" and not ex.desk.raid_lawful.get(order_id):
        ex.emit(ev.UNLAWFUL_ACT, {"kind": "raid_without_warrant", "order_id": order_id,
                                  "subject": venue.id})
    found = world.victims_at(venue.id)
    present = ex.network.members_at(venue.id)
    # A team takes out as many as its officers can escort; the others stay the network's.
    taken = found[:unit.size * onsite.ESCORT_PER_OFFICER]
    left = found[len(taken):]
    meet_people(ex, taken, venue.id, cell, bool(order.params.get("support")))
    onsite.seen(ex, left, venue.id, cell, order_id, "raid")
    if order.params.get("detain"):
        pathway.detain_found(ex, taken, order_id, cell)
    # What the team found checks the sources' reports on the place: whether people were
    # kept there, and a child among them when one is plainly a child (16-17 look adult).
    ex.informants.observed(cell, f"held:{venue.id}", bool(found))
    if any(p.age < 16 for p in found):
        ex.informants.observed(cell, f"minors:{venue.id}", True)
    seized = []
    if any(p.documents_withheld for p in found):
        seized.append(add_evidence(ex, venue.id, "seized", 0.3,
                                   f"Passports of other people found locked in an office at {venue.name}.",
                                   cell))
    for mid in present:
        _make_arrest(ex, mid, unit.id, order_id, cell, "caught at the scene")
        seized.append(add_evidence(ex, mid, "seized", 0.25,
                                   f"{world.members[mid].name} was found running {venue.name}.",
                                   cell))
    evidence_rules.exclude(ex, seized, evidence_rules.unlawful_entry_reason(
        ex, order_id, venue.id), cell)
    clients = [g for g, n in sorted(ex.network.visits_now.get(venue.id, {}).items())
               if ex.desk.clients[g].kind != "local" and n]
    text = (f"{unit.callsign} searched {venue.name}: {len(found)} people found, "
            f"{len(present)} arrested.")
    if left:
        text += (f" The team could take out only {len(taken)}; {len(left)} stayed behind "
                 f"(too few officers for {venue.name}).")
    if clients:
        text += " Men from the international force were present as clients."
    ex.emit(ev.RAID_RESULT, {"order_id": order_id, "venue": venue.id,
                             "people_found": [p.id for p in found], "arrested": present,
                             **({"left_behind": [p.id for p in left]} if left else {}),
                             "seized": seized, "text": text, "mentions": clients}, cell)
    ex.doctrine.pressure(venue.id, "raid_nearby", 1.5)
    for other in sorted(world.venues.values(), key=lambda v: v.id):
        if other.id != venue.id and other.location == venue.location and other.active:
            ex.doctrine.pressure(other.id, "raid_nearby")
    ex.informants.visible_action(venue.id, "raid")
    yield RAID_ON_SITE
    _done(ex, order, order_id, cell, unit, f"{len(found)} people found, {len(present)} arrested",
          started)


# ---------------------------------------------------------------------- arrests

def _make_arrest(ex: "Exercise", mid: str, unit_id: str, order_id: str, cell: str, how: str) -> None:
    member = ex.world.members[mid]
    member.status, member.arrested_at = "arrested", ex.now
    ex.emit(ev.ARREST_MADE, {"order_id": order_id, "member": mid, "unit": unit_id,
                             "name": member.name, "how": how}, cell)
    ex.emit(ev.MEMBER_ARRESTED, {"member": mid, "centrality": ex.network.centrality(mid),
                                 "roles": list(member.roles)})
    on_arrest(ex, mid)
    ex.informants.visible_action(mid, "arrest")
    ex.later(int(ex.scenario.legal.detention_limit), _detention_review, ex, mid, cell)


def _detention_review(ex: "Exercise", mid: str, cell: str) -> None:
    member = ex.world.members[mid]
    if member.status != "arrested":
        return
    if ex.desk.case_strength(mid) >= ex.scenario.legal.warrant_threshold:
        member.status = "charged"
        ex.emit(ev.REPLY, {"agency": "prosecutor", "order_id": None,
                           "text": f"{member.name} has been charged and remains in custody."},
                cell)
    else:
        member.status, member.location = "released", member.home
        member.avoiding_until = ex.now + 7 * 1440
        ex.emit(ev.SUSPECT_RELEASED, {"member": mid, "reason": "detention limit reached "
                                      "without enough evidence to charge"}, cell)


def _arrest(ex: "Exercise", order: Order, order_id: str, cell: str,
            unit: UnitState | None) -> Generator[Any, Any, None]:
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started, world = ex.now, ex.world
    target = cast(str, order.target)  # accepted: a person or a member the cell knows
    if target in world.people:
        person = world.people[target]
        person.trust = rounded(max(0.0, person.trust - 0.3), 4)
        if person.is_victim:
            ex.emit(ev.UNLAWFUL_ACT, {"kind": "victim_treated_as_offender",
                                      "order_id": order_id, "subject": person.id})
        pathway.detain(ex, person, order_id, cell)
        _done(ex, order, order_id, cell, unit, "detained for illegal stay", started)
        return
    member = world.members[target]
    place = ex.desk.believed_location(member.id, cell) or unit.location
    yield from ex.agencies.travel(unit, place, order_id, then=30)
    yield 30
    here = ex.region.jurisdiction(place) in ex.agencies.jurisdictions(unit.agency)
    found = member.location == place and member.avoiding_until <= ex.now
    if world.active_member(member.id) and here and found:
        _make_arrest(ex, member.id, unit.id, order_id, cell, "arrested on a warrant")
        outcome = f"{member.name} arrested"
    else:
        outcome = f"{member.name} was not found"
    _done(ex, order, order_id, cell, unit, outcome, started)


# ---------------------------------------------------------------------- the rest

def _task_informant(ex: "Exercise", order: Order, order_id: str, cell: str,
                    unit: UnitState | None) -> Generator[Any, Any, None]:
    yield 0
    outcome = ex.informants.task(cast(str, order.target), order.params.get("subject"), order_id)
    _done(ex, order, order_id, cell, unit, outcome)


def _financial(ex: "Exercise", order: Order, order_id: str, cell: str,
               unit: UnitState | None) -> Generator[Any, Any, None]:
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started, world = ex.now, ex.world
    agency = ex.agencies.specs[unit.agency]
    takes = FINANCIAL_DAYS * 1440 + int(agency.liaison)
    # Days of work: the board says when the unit is free again, not an ETA of "—".
    ex.agencies.set_status(unit, "on_task", order_id, ex.now + takes)
    yield takes
    member = world.members[cast(str, order.target)]  # accepted: a member the cell knows
    money = [p for k, p in ex.network.tie_partners(member.id) if k == "money"]
    launderer = "money_launderer" in member.roles
    if launderer or money:
        weight = 0.35 if launderer else 0.15
        names = ", ".join(world.members[p].name for p in money) or "cash deposits"
        add_evidence(ex, member.id, "financial", weight,
                     f"Accounts of {member.name} show unexplained transfers ({names}).", cell)
        if cast(FinancialParams, order.details()).freeze and launderer:
            member.assets_frozen = True
            ex.leaks.assets_frozen()
        outcome = "assets traced" + (" and frozen" if member.assets_frozen else "")
    else:
        outcome = "nothing remarkable in the accounts"
    _done(ex, order, order_id, cell, unit, outcome, started)


def _border_alert(ex: "Exercise", order: Order, order_id: str, cell: str,
                  unit: UnitState | None) -> Generator[Any, Any, None]:
    yield 30
    hours = cast(BorderAlertParams, order.details()).hours
    ex.agencies.border_alerts[cast(str, order.target)] = ex.now + hours * 60
    for cell_id in ex.leaks._cells(order):
        if ex.world.active_member(cell_id):
            ex.doctrine.pressure(cell_id, "border_alert")
    _done(ex, order, order_id, cell, unit, f"alert in force for {hours} h")


def _cross_border(ex: "Exercise", order: Order, order_id: str, cell: str,
                  unit: UnitState | None) -> Generator[Any, Any, None]:
    legal, world = ex.scenario.legal, ex.world
    kind = cast(CrossBorderParams, order.details()).kind
    yield int(legal.joint_team_setup if kind == "jit" else legal.mutual_legal_assistance)
    member = world.members[cast(str, order.target)]  # accepted: a member the cell knows
    abroad = ex.region.jurisdiction(member.location)
    if kind == "jit":
        for agency in sorted({u.agency for u in world.units.values() if u.cell == cell}):
            extra = world.jurisdictions_extra.setdefault(agency, [])
            if abroad not in extra:
                extra.append(abroad)
        text = f"The joint investigation team is set up; your units may now act in {ex.jurisdiction_name(abroad)}."
    elif world.active_member(member.id) and ex.desk.case_strength(member.id) >= legal.warrant_threshold:
        # The partner police make the arrest on the request.
        _make_arrest(ex, member.id, "partner_police", order_id, cell, "arrested abroad on request")
        text = f"The partner police arrested {member.name} on your request."
    else:
        text = f"The partner police answer that the evidence against {member.name} does not support action."
    ex.agencies.reply("cross_border", cell, text, order_id)
    _done(ex, order, order_id, cell, unit, text)


def _misconduct(ex: "Exercise", order: Order, order_id: str, cell: str,
                unit: UnitState | None) -> Any:
    # The force's military police take it from here (:mod:`force_mp`).
    return ex.desk.force_mp.report(ex, order, order_id, cell, unit)


def _integrity(ex: "Exercise", order: Order, order_id: str, cell: str,
               unit: UnitState | None) -> Any:
    return ex.desk.integrity.check(ex, order, order_id, cell, unit)


def _statement(ex: "Exercise", order: Order, order_id: str, cell: str,
               unit: UnitState | None) -> Any:
    return ex.desk.press.statement(ex, order, order_id, cell, unit)


_RUNNERS = {
    "surveil": _surveil, "task_informant": _task_informant,
    "request_warrant": _request_warrant, "raid": _raid, "arrest": _arrest,
    "interview": onsite.interview, "identify_victim": casework.identify,
    "refer_victim": casework.refer,
    "financial_investigation": _financial, "border_alert": _border_alert,
    "cross_border_request": _cross_border, "report_misconduct": _misconduct,
    "inspect": inspection.inspect,
    "integrity_check": _integrity, "public_statement": _statement,
    **pathway.RUNNERS,
}
