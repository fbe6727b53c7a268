"""People seen but left where they were: after an inspection, or a raid with too few
officers to take everyone out. They stay the network's, which may move them; the cell
knows them only as seen (``person.seen``) and can go back to interview them on site —
beside whoever runs the place unless the interview is held apart (DOMAIN §2).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import casework
from cpx.engine import events as ev
from cpx.engine.agencies import describe
from cpx.engine.outcomes import done, meet_people

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import PersonState, UnitState

ESCORT_PER_OFFICER = 2
"""How many people each officer of a raid team can take out safely; the rest stay."""
ASK_AFTER_INTERVIEW = 0.5
"""Trust from which a victim interviewed on site may ask the officers for help."""
NOT_TRAFFICKED_FACTOR = 0.3
"""The share of that chance for a person who is not trafficked."""
STREAM = "operations.onsite"
"""The seeded stream of who asks for help after an on-site interview."""


def seen(ex: "Exercise", people: Iterable[PersonState], venue_id: str, cell: str, order_id: str, how: str) -> None:
    """Tell the cell of the people its units saw at a venue and left there."""
    venue = ex.world.venues[venue_id]
    for person in people:
        description = describe(person, ex.jurisdiction_name(person.origin))
        ex.emit(ev.PERSON_SEEN, {
            "person_id": person.id, "where": venue_id, "order_id": order_id,
            "description": description,
            "text": f"{description}; seen at {venue.name} during the {how}, stayed there."},
            cell)


def interview(ex: "Exercise", order: Order, order_id: str, cell: str,
              unit: UnitState | None) -> Generator[Any, Any, None]:
    """The process of an interview: on site for a person seen and left at a venue,
    else the usual interview (:func:`cpx.engine.casework.interview`)."""
    picture = ex.picture_of(cell)
    target = cast(str, order.target)  # accepted: a person the cell knows
    person = ex.world.people.get(target)
    where = picture.seen.get(target, {}).get("where")
    if person is None or where is None or picture.is_met(target):
        yield from casework.interview(ex, order, order_id, cell, unit)
        return
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started, venue = ex.now, ex.world.venues[where]
    yield from ex.agencies.travel(unit, venue.location, order_id, then=90)
    if person.status != "held" or person.venue != where:
        # Gone: moved by the network (or otherwise out of reach). The cell learns only
        # that the person is no longer there, not where they went.
        yield 30
        ex.emit(ev.PERSON_GONE, {"person_id": person.id, "where": where,
                                 "order_id": order_id,
                                 "text": f"{unit.callsign} went back to {venue.name}: the "
                                         "person seen there is no longer there; nobody "
                                         "would say where they went."}, cell)
        done(ex, order, order_id, cell, unit, f"not found at {venue.name}", started)
        return
    # On site: beside the managers and enforcers present unless held apart (casework
    # counts an enforcer at the venue against trust when the interview is not separated).
    yield from casework.interview(ex, order, order_id, cell, unit)
    # Trusting the officers enough, the person may ask to leave with them: a victim most
    # often, someone not trafficked now and then (asking is no proof either way).
    rng = ex.streams.get(STREAM)
    chance = person.trust * (1.0 if person.is_victim else NOT_TRAFFICKED_FACTOR)
    if (person.status == "held" and person.venue == where
            and person.trust >= ASK_AFTER_INTERVIEW and rng.random() < chance):
        meet_people(ex, [person], where, cell, bool(order.params.get("ngo")))
