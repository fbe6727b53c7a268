"""Casework with people: interviews of possible victims and suspects, the Palermo
identification decision scored against the truth, and referral to victim support.

A victim's statement counts toward a case only with their consent, given after the
reflection period that referral begins (:mod:`cpx.engine.pathway`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import events as ev
from cpx.engine import pathway, wording
from cpx.engine.outcomes import add_evidence, done as _done, free_shelter
from cpx.engine.rounding import rounded
from cpx.engine.victims import interview_indicators, interview_trust, is_trafficked

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import UnitState

REFERRAL_READY = 30
"""Minutes to hand a person to victim support that was warned and stands by."""
REFERRAL_UNWARNED = 6 * 60
"""Minutes when victim support is called only after the person was met."""


def interview(ex: "Exercise", order: Order, order_id: str, cell: str,
              unit: UnitState | None) -> Generator[Any, Any, None]:
    assert unit is not None  # a verb that requires a unit (cpx.scenario.orders)
    started, world = ex.now, ex.world
    target = cast(str, order.target)  # accepted: a person or a member the cell knows
    ex.agencies.set_status(unit, "on_task", order_id, ex.now + 90)  # the board says until when
    yield 90
    if target in world.members:
        _interview_suspect(ex, order, order_id, cell, unit)
        _done(ex, order, order_id, cell, unit, "suspect interviewed", started)
        return
    person = world.people[target]
    params = order.params
    as_offender = bool(params.get("as_offender"))
    enforcer_present = not params.get("separated") and any(
        "enforcer" in world.members[m].roles for m in ex.network.members_at(person.venue)
    ) if person.venue else False
    trust = interview_trust(person, unit.skill, bool(params.get("interpreter")),
                            bool(params.get("ngo")), bool(params.get("separated")),
                            as_offender, enforcer_present)
    person.trust = trust
    if as_offender:
        person.pathway.setback("treated_as_offender")
    if enforcer_present:
        person.pathway.setback("enforcer_present")
    rng = ex.streams.get("operations.interview")
    indicators = interview_indicators(rng, person, trust)
    perceived = rounded(min(1.0, max(0.0, trust + float(rng.normal(0, 0.1)))), 2)
    if as_offender and person.is_victim:
        ex.emit(ev.UNLAWFUL_ACT, {"kind": "victim_treated_as_offender", "order_id": order_id,
                                  "subject": person.id})
    ex.emit(ev.INTERVIEW_RESULT, {"order_id": order_id, "person_id": person.id,
                                  "indicators": indicators, "trust": perceived,
                                  "text": f"{len(indicators)} indicators noted."}, cell)
    # Anyone who trusts the interviewer may give a statement, victim or not: a statement
    # that only victims gave would tell the cell who was one.
    if trust >= 0.6 and rng.random() < trust:
        venue = ex.picture_of(cell).victims.get(person.id, {}).get("where")
        suspect = world.venues[venue].manager if venue in world.venues else None
        if suspect:
            manager = world.members[suspect].name
            text = (wording.statement(person.id, person.sex, manager, person.documents_withheld,
                                      person.debt_bondage, person.restricted_movement)
                    if person.is_victim else
                    f"Person {person.id} describes working at the venue {manager} runs.")
            pathway.take_statement(ex, person, suspect, text, cell,
                                   pathway.statement_weight(person))
    _done(ex, order, order_id, cell, unit, f"{len(indicators)} indicators", started)


def _interview_suspect(ex: "Exercise", order: Order, order_id: str, cell: str,
                       unit: UnitState) -> None:
    member = ex.world.members[cast(str, order.target)]
    rng = ex.streams.get("operations.interview")
    superiors = [p for k, p in ex.network.tie_partners(member.id) if k in ("command", "money")]
    if superiors and rng.random() < (1 - member.loyalty) * 0.6:
        partner = superiors[int(rng.integers(len(superiors)))]
        add_evidence(ex, partner, "testimony", 0.3,
                     f"{member.name} names {ex.world.members[partner].name} in a statement.",
                     cell)
    else:
        ex.emit(ev.INTERVIEW_RESULT, {"order_id": order_id, "person_id": member.id,
                                      "indicators": [], "trust": 0.0,
                                      "text": f"{member.name} refused to answer."}, cell)


def identify(ex: "Exercise", order: Order, order_id: str, cell: str,
             unit: UnitState | None) -> Generator[Any, Any, None]:
    yield 0
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    params = order.params
    decision = bool(params.get("decision"))
    elements = {"act": bool(params.get("act")), "means": bool(params.get("means")),
                "purpose": bool(params.get("purpose"))}
    person.identified = decision
    ex.emit(ev.VICTIM_IDENTIFIED, {"person_id": person.id, "decision": decision,
                                   "elements": elements}, cell)
    truth = is_trafficked(person.act, bool(person.means), person.purpose, person.minor)
    ex.emit(ev.IDENTIFICATION_SCORED, {
        "person_id": person.id, "decision": decision, "correct": decision == truth,
        "truth_is_victim": truth, "minor": person.minor,
        "elements_correct": {"act": elements["act"] == person.act,
                             "means": elements["means"] == bool(person.means),
                             "purpose": elements["purpose"] == person.purpose}})
    _done(ex, order, order_id, cell, unit, "identified" if decision else "not identified")


def refer(ex: "Exercise", order: Order, order_id: str, cell: str,
          unit: UnitState | None) -> Generator[Any, Any, None]:
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    # Support warned before the raid is at hand; otherwise the NGO must first be reached
    # and come out, and the person waits at a station meanwhile.
    yield REFERRAL_READY if person.supported else REFERRAL_UNWARNED
    # Referred before and detained since: the shelter kept the place.
    kept = person.pathway.shelter
    key = kept or free_shelter(ex, order.params.get("agency"))
    if person.status not in ("met", "in_custody") or key is None:
        _done(ex, order, order_id, cell, unit, "referral failed")
        return
    if not kept:
        ex.world.shelter_free[key] -= 1
        person.pathway.shelter = key
    agency, location = key.split("@")
    pathway.end_custody(ex, person, "referred")  # from custody too: to a shelter
    person.trust = rounded(min(1.0, person.trust + 0.2), 4)
    ex.emit(ev.VICTIM_REFERRED, {"person_id": person.id, "agency": agency,
                                 "shelter": location}, cell)
    pathway.begin_reflection(ex, person, cell)
    pathway.resume_reflection(ex, person, cell)  # a decision that fell due in custody
    _done(ex, order, order_id, cell, unit, "referred")
