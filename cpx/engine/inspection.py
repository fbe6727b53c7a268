"""The disruptive approach (DOMAIN §3): an administrative inspection of a licensed venue.

A labour inspectorate (or police with the ``inspection`` capability) enters a licensed
business without a warrant, as administrative powers allow. It meets whoever is at the
venue at that minute, notices indicators of exploitation with noise (inspectors are not
interviewers), and leaves a thin administrative record — little evidence for court. It
takes no one away: the victims who ask for help leave with the inspectors (met), the
others are seen and stay. The network notices: the venue's alert rises with the
doctrine's ``inspection`` trigger, so it may move the people seen, close or switch the
venue — disruption displaces the problem (DOMAIN §3, §6).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from cpx.engine import events as ev
from cpx.engine.onsite import seen
from cpx.engine.outcomes import add_evidence, done, meet_people
from cpx.engine.victims import interview_indicators

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import PersonState, UnitState

INSPECTION_PREPARATION = 60
"""Planning before the team sets out (the window in which a leak about it bites)."""
INSPECTION_ON_SITE = 120
"""Minutes the inspectors spend on the premises."""
INSPECTION_TRUST = 0.1
"""The trust a worker has in an inspector met beside the managers: indicators are noisy."""
SEEN_ON_INSPECTION = ("appears_under_18", "documents_withheld", "earnings_taken",
                      "false_contract", "restricted_movement")
"""What papers, pay records and a walk round the premises can show (ILO indicators); the
rest (threats, deception, how someone was recruited) takes an interview."""
RECORD_WEIGHT = 0.05
"""Court weight of the inspection record (contracts missing, workers counted)."""
ASK_FOR_HELP = 0.1
"""The chance a victim asks inspectors for help, before their trust is added (half of it)."""
WATCHED_FACTOR = 0.3
"""How much of that chance is left when a manager or enforcer is on site watching."""
NOT_TRAFFICKED_FACTOR = 0.3
"""How much of that chance a person who is not trafficked has (asking proves nothing)."""
HELP_STREAM = "operations.inspection.help"
"""The seeded stream of who asks for help (its own, so the indicators' draws stay as they were)."""
WAIT_STEP = 60
"""How often a requested inspectorate checks whether its team is free (minutes)."""


def asked_for_help(ex: "Exercise", found: list[PersonState], watched: bool) -> list[PersonState]:
    """The people among ``found`` who ask the inspectors for help: more likely the more
    they trust, much less likely under the eyes of whoever runs the place. Victims ask
    most; people who are not trafficked sometimes ask too (unpaid wages, a bad job), so
    asking is an indicator, never proof, of who is a victim."""
    rng = ex.streams.get(HELP_STREAM)
    asking = []
    for person in found:
        chance = ASK_FOR_HELP + person.trust / 2
        if watched:
            chance *= WATCHED_FACTOR
        if not person.is_victim:
            chance *= NOT_TRAFFICKED_FACTOR
        if rng.random() < chance:
            asking.append(person)
    return asking


def inspect(ex: "Exercise", order: "Order", order_id: str, cell: str,
            unit: "UnitState | None") -> Iterator[Any]:
    """The process of an ``inspect`` order (own unit, or the partner inspectorate's)."""
    started, world = ex.now, ex.world
    venue = world.venues[cast(str, order.target)]  # accepted: a place the cell knows
    if unit is None:
        # A request to the partner inspectorate: it answers, then sends its team on duty.
        # The desk accepted it only with an inspectorate that can act there (_v_inspect),
        # and an agency's reach only grows.
        unit = cast("UnitState", ex.desk.inspectors(venue.id, cell))
        yield int(ex.agencies.specs[unit.agency].liaison)
        while unit.status != "available":
            yield WAIT_STEP
        ex.agencies.set_status(unit, "on_task", order_id)
        started = ex.now
    else:
        yield INSPECTION_PREPARATION
    yield from ex.agencies.travel(unit, venue.location, order_id, then=INSPECTION_ON_SITE)
    found = world.victims_at(venue.id)
    present = ex.network.members_at(venue.id)
    rng = ex.streams.get("operations.inspection")
    noticed: set[str] = set()
    for person in found:
        noticed.update(i for i in interview_indicators(rng, person, INSPECTION_TRUST)
                       if i in SEEN_ON_INSPECTION)
    # Inspectors have no power to take anyone away: those who ask for help leave with
    # them; the others stay, and the network may move them once the team has gone.
    asking = asked_for_help(ex, found, bool(present))
    staying = [p for p in found if p not in asking]
    meet_people(ex, asking, venue.id, cell, support=False)
    seen(ex, staying, venue.id, cell, order_id, "inspection")
    # The cell's own look at the place checks its sources' reports that people are kept there.
    ex.informants.observed(cell, f"held:{venue.id}", bool(found))
    seized = []
    if found or present:
        seized.append(add_evidence(
            ex, venue.id, "document", RECORD_WEIGHT,
            f"Inspection record of {venue.name}: {len(found)} people working there, "
            f"{len(present)} in charge on site; papers and contracts checked.", cell))
    names = {mid: world.members[mid].name for mid in present}
    text = (f"{unit.callsign} inspected {venue.name}: {len(found)} people working there, "
            f"{len(asking)} asked for help and left with the inspectors, {len(staying)} "
            "stayed; no arrests (administrative powers).")
    if present:
        text += " In charge on site: " + ", ".join(names[m] for m in present) + "."
    if noticed:
        text += " Indicators noticed: " + ", ".join(sorted(noticed)).replace("_", " ") + "."
    ex.emit(ev.INSPECTION_RESULT, {"order_id": order_id, "venue": venue.id,
                                   "people_found": [p.id for p in found],
                                   "asked_for_help": [p.id for p in asking],
                                   "stayed": [p.id for p in staying],
                                   "workers_seen": len(found), "indicators": sorted(noticed),
                                   "mentions": list(present), "names": names,
                                   "seized": seized, "text": text}, cell)
    # Visible, and aimed at the business: the network's own trigger for it.
    ex.doctrine.pressure(venue.id, "inspection")
    if venue.manager and world.active_member(venue.manager):
        ex.doctrine.pressure(venue.manager, "inspection", 0.5)
    ex.informants.visible_action(venue.id, "inspection")
    yield INSPECTION_ON_SITE
    done(ex, order, order_id, cell, unit,
         f"{len(found)} people seen, {len(asking)} asked for help, "
         f"{len(noticed)} indicators noticed", started)
