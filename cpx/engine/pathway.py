"""The victim's pathway after police meet a person (DOMAIN.md §2).

Met → identified → referred → recovery and reflection period → the person decides,
free of pressure, whether to give evidence. Around that path:

* **Custody is a state.** A person detained (arrested "for illegal stay") is in custody:
  out of the network's reach (never re-trafficked from custody), held against the
  scenario's detention limit (past it, an unlawful act), and remembered as a setback that
  makes cooperation less likely. Referral takes the person from custody to a shelter.
* **The reflection period** begins at referral and lasts ``legal.reflection_period``.
  The person decides after about ``legal.pathway.decision_after`` (drawn, never after the
  period ends), with a seeded draw from the ``pathway.consent`` stream against a
  willingness that rises with referral, support warned in advance, the trust built in
  interviews, a residence permit and compensation secured, and falls with detention,
  being treated as an offender and an enforcer in the room. The willingness is never
  shown to the cell; only the decision is.
* **Testimony needs consent**: statements given before the decision are held pending,
  count once the person agrees, and are excluded if they decline or leave first.
* **Orders** (typed in :mod:`cpx.scenario.orders`): ``residence_permit`` (a temporary
  permit on the person's situation or for cooperation: lawful stay, so no detention for
  illegal stay, and likelier cooperation); ``assisted_return`` (before the reflection
  period ends, from custody or without a risk assessment it is an unlawful removal and a
  re-trafficking risk drawn from the ``pathway.return`` stream); ``claim_compensation``
  (needs a case against the offender at the prosecutor's threshold, and frozen assets
  to pay from); ``release`` (the detention ends without a referral: someone referred
  before goes back to the shelter, keeping the reflection period, a pending decision and
  the place; anyone else is back on the street, where the network may take them again).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Generator, cast

from cpx.engine import events as ev
from cpx.engine import evidence_rules
from cpx.engine.outcomes import RETRAFFICKED_AFTER, add_evidence, done
from cpx.engine.outcomes import _retraffick as retraffick
from cpx.engine.rounding import rounded
from cpx.scenario.orders import AssistedReturnParams, ClaimCompensationParams, \
    ResidencePermitParams

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import PersonState, UnitState
    from cpx.scenario.models import VictimPathwayRules

CONSENT_STREAM = "pathway.consent"
"""The random stream of decision times and decisions (its own, so no other draw shifts)."""
RETURN_STREAM = "pathway.return"
"""The random stream of re-trafficking after a return."""

STATEMENT_WEIGHT = 0.3
"""Court weight of a victim's statement against the person who exploited them."""
WORKER_STATEMENT_WEIGHT = 0.05
"""Court weight of a statement from someone who was not exploited: they can say who runs
the place and little more. Such a person gives a statement as readily as a victim does,
so whether one appears tells the cell nothing about who was a victim; only what it is
worth in court does, as it would in practice."""

WILLINGNESS_EFFECTS: dict[str, float] = {
    "supported": 0.1,            # victim support was warned and ready when police came
    "residence": 0.1,            # a residence permit: a future that does not hang on the case
    "compensation": 0.05,        # compensation secured from the offenders
    "detained": -0.25,           # detained as an offender: harmed twice (non-punishment)
    "treated_as_offender": -0.15,
    "enforcer_present": -0.15,   # interviewed where a controller could see or hear
}
"""How each thing that happened to a person moves their willingness to give evidence."""
TRUST_EFFECT = 0.3
"""Willingness gained per unit of trust above 0.5 (lost below it)."""
RECOVERY_EFFECT = 0.1
"""Willingness gained by a full ``decision_after`` of recovery beyond the expected one."""


def _rules(ex: "Exercise") -> VictimPathwayRules:
    return ex.scenario.legal.pathway


def _name(ex: "Exercise", suspect: str) -> str:
    member = ex.world.members.get(suspect)
    return member.name if member is not None else suspect


# ----------------------------------------------------------------------------- custody


def detain(ex: "Exercise", person: "PersonState", order_id: str, cell: str,
           reason: str = "detained for illegal stay") -> None:
    """The person is taken into custody: out of the network's reach, on the clock of the
    detention limit, and less willing to cooperate."""
    path = person.pathway
    if path.custody_since is not None:
        return
    limit = int(ex.scenario.legal.detention_limit)
    person.status = "in_custody"
    path.custody_since = ex.now
    path.detentions += 1
    path.setback("detained")
    ex.emit(ev.VICTIM_CUSTODY, {
        "person_id": person.id, "status": "in_custody", "order_id": order_id,
        "since": ex.now, "limit_at": ex.now + limit,
        "text": f"{person.id} is in custody ({reason}); the detention limit is reached "
                f"at {ex.clock(ex.now + limit)}."}, cell)
    ex.later(limit, _limit_reached, ex, person.id, ex.now, order_id, cell)


def detain_found(ex: "Exercise", found: list, order_id: str, cell: str) -> None:
    """A raid that detains everyone found "for illegal stay": each victim among them is
    treated as an offender (non-punishment) and all are in custody."""
    for person in found:
        if person.is_victim:
            ex.emit(ev.UNLAWFUL_ACT, {"kind": "victim_treated_as_offender",
                                      "order_id": order_id, "subject": person.id})
        person.trust = rounded(max(0.0, person.trust - 0.3), 4)
        detain(ex, person, order_id, cell, "detained at the raid for illegal stay")


def _limit_reached(ex: "Exercise", pid: str, since: int, order_id: str, cell: str) -> None:
    person = ex.world.people[pid]
    if person.pathway.custody_since != since:
        return  # that detention has ended
    person.pathway.over_limit = True
    ex.emit(ev.UNLAWFUL_ACT, {"kind": "detention_over_limit", "order_id": order_id,
                              "subject": pid})
    ex.emit(ev.VICTIM_CUSTODY, {
        "person_id": pid, "status": "in_custody", "order_id": order_id, "since": since,
        "limit_at": ex.now, "over_limit": True,
        "text": f"{pid} has been held for {_hours(ex.now - since)} h, past the detention "
                "limit: release the person to victim support (refer_victim) at once."}, cell)


RELEASE_PAPERWORK = 30
"""Minutes to release a person from custody (the custody record closed, belongings back)."""


def release(ex: "Exercise", person: "PersonState", order_id: str, cell: str) -> str:
    """The detention ends without a referral: where the person goes, in words.

    Someone referred before the detention goes back to the shelter whose place was kept,
    with the reflection period, any pending decision and the permit untouched. Anyone
    else is back on the street, unprotected: the network may take them again after
    :data:`~cpx.engine.outcomes.RETRAFFICKED_AFTER`, as after a meeting with no referral."""
    path = person.pathway
    to_shelter = path.reflection_from is not None
    end_custody(ex, person, "referred" if to_shelter else "met")
    where = ("back to the shelter; the reflection period goes on" if to_shelter
             else "without support: the network may reach the person again")
    ex.emit(ev.VICTIM_CUSTODY, {
        "person_id": person.id, "status": person.status, "order_id": order_id,
        "released": True, "text": f"{person.id} released from custody, {where}."}, cell)
    if to_shelter:
        resume_reflection(ex, person, cell)
    else:
        ex.later(RETRAFFICKED_AFTER, retraffick, ex, person.id, "")
    return "released to the shelter" if to_shelter else "released"


def end_custody(ex: "Exercise", person: "PersonState", status: str) -> None:
    """The detention ends (referral to a shelter, a return): the time is kept."""
    path = person.pathway
    if path.custody_since is not None:
        path.custody_minutes += ex.now - path.custody_since
        path.custody_since = None
    person.status = status


def _hours(minutes: int) -> int:
    return int(minutes // 60)


# ----------------------------------------------------------------- reflection and consent


def begin_reflection(ex: "Exercise", person: "PersonState", cell: str) -> None:
    """Referral grants the recovery and reflection period; the decision is scheduled."""
    path = person.pathway
    if path.reflection_from is not None:
        return
    period = int(ex.scenario.legal.reflection_period)
    rules = _rules(ex)
    path.reflection_from, path.reflection_ends = ex.now, ex.now + period
    rng = ex.streams.get(CONSENT_STREAM)
    after = int(round(rules.decision_after * float(rng.uniform(0.5, 1.5))))
    path.decides_at = ex.now + max(1, min(period, after))
    path.consent = "pending"
    ex.emit(ev.VICTIM_REFLECTION, {
        "person_id": person.id, "begins": ex.now, "ends": path.reflection_ends,
        "text": f"reflection period began for {person.id}, ends "
                f"{ex.clock(path.reflection_ends)}"}, cell)
    ex.later(path.decides_at - ex.now, _decide, ex, person.id, cell)


def resume_reflection(ex: "Exercise", person: "PersonState", cell: str) -> None:
    """Back at the shelter after a detention: a decision that fell due in custody (when it
    could not be taken freely) is taken now; one still to come stays scheduled."""
    path = person.pathway
    if path.consent == "pending" and path.decides_at is not None and path.decides_at <= ex.now:
        ex.later(0, _decide, ex, person.id, cell)


def willingness(ex: "Exercise", person: "PersonState") -> tuple[float, dict[str, Any]]:
    """The chance the person agrees to give evidence now, and what made it."""
    path, rules = person.pathway, _rules(ex)
    factors: dict[str, Any] = {"base": rules.cooperation,
                               "trust": rounded(TRUST_EFFECT * (person.trust - 0.5), 4)}
    value = rules.cooperation + factors["trust"]
    if path.reflection_from is not None and rules.decision_after:
        recovered = (ex.now - path.reflection_from) / rules.decision_after - 1.0
        factors["recovery"] = rounded(RECOVERY_EFFECT * max(-0.5, min(0.5, recovered)), 4)
        value += factors["recovery"]
    present = list(path.setbacks)
    if person.supported:
        present.append("supported")
    if path.residence == "granted":
        present.append("residence")
    if path.compensation == "secured":
        present.append("compensation")
    for what in present:
        factors[what] = WILLINGNESS_EFFECTS.get(what, 0.0)
        value += factors[what]
    return rounded(min(0.95, max(0.02, value)), 4), factors


def _decide(ex: "Exercise", pid: str, cell: str) -> None:
    person = ex.world.people[pid]
    path = person.pathway
    if path.consent != "pending" or person.status != "referred":
        # Returned, or in custody: no free decision to take now (after a release or a
        # new referral, resume_reflection takes it).
        return
    chance, factors = willingness(ex, person)
    agreed = bool(ex.streams.get(CONSENT_STREAM).random() < chance)
    path.willingness = chance
    path.consent = "agreed" if agreed else "declined"
    ex.emit(ev.VICTIM_WILLINGNESS, {"person_id": pid, "willingness": chance,
                                    "factors": factors, "agreed": agreed})
    verb = "agreed" if agreed else "declined"
    ex.emit(ev.VICTIM_CONSENT, {"person_id": pid, "decision": verb,
                                "text": f"{pid} {verb} to give evidence"}, cell)
    statements = evidence_rules.witness_statements(ex, pid)
    if agreed:
        for eid in statements:
            evidence_rules.set_status(ex, eid, evidence_rules.COUNTED, "", cell)
        suspect = _exploiter(ex, person, cell)
        # Everyone who agrees gives a statement (the old rule, victims only, told the
        # cell who was one); a non-victim's says little against the manager.
        if suspect and not any(ex.world.evidence[e].suspect == suspect for e in statements):
            add_evidence(ex, suspect, "testimony", statement_weight(person),
                         f"Witness statement of {pid} against {_name(ex, suspect)}, given "
                         "with the witness's consent.", cell, witness=pid)
    else:
        for eid in statements:
            evidence_rules.set_status(ex, eid, evidence_rules.EXCLUDED,
                                      f"{pid} declined to give evidence", cell)


def _exploiter(ex: "Exercise", person: "PersonState", cell: str) -> str | None:
    """Whom the person's statement names: the manager of the venue where the cell met
    them, or, for a person stopped in transport, whoever drove that leg of the route
    (else the route's first driver)."""
    where = ex.picture_of(cell).victims.get(person.id, {}).get("where")
    if where in ex.world.venues:
        return ex.world.venues[where].manager
    route = ex.world.routes.get(person.route) if person.route else None
    if route is None:
        return None
    drivers = [transporter for _origin, dest, _minutes, transporter in route.legs
               if transporter and dest == where]
    drivers += [transporter for *_leg, transporter in route.legs if transporter]
    return drivers[0] if drivers else None


def statement_weight(person: "PersonState") -> float:
    """What a person's statement against the venue's manager is worth in court."""
    return STATEMENT_WEIGHT if person.is_victim else WORKER_STATEMENT_WEIGHT


def take_statement(ex: "Exercise", person: "PersonState", suspect: str, text: str,
                   cell: str, weight: float = STATEMENT_WEIGHT) -> str:
    """A statement from an interview: it counts only with the person's consent."""
    consent = person.pathway.consent
    if consent == "agreed":
        return add_evidence(ex, suspect, "testimony", weight, text, cell,
                            witness=person.id)
    if consent == "declined":
        status, reason = evidence_rules.EXCLUDED, f"{person.id} declined to give evidence"
    else:
        status = evidence_rules.PENDING
        reason = f"counts only if {person.id} agrees to give evidence"
    return add_evidence(ex, suspect, "testimony", weight, text, cell, status,
                        reason, witness=person.id)


# ------------------------------------------------------------------------------- orders


def arrest_reason(ex: "Exercise", pid: str) -> str:
    """Why a person met cannot be detained, or ``""`` (a lawful-looking arrest)."""
    person = ex.world.people[pid]
    if person.pathway.custody_since is not None:
        return "That person is already in custody."
    if person.status == "returned":
        return "That person has left the country."
    if person.pathway.residence == "granted":
        return ("That person holds a temporary residence permit: the stay is lawful, there "
                "is no ground to detain for illegal stay.")
    return ""


def _met(ex: "Exercise", order: "Order", cell: str) -> "PersonState | str":
    target = order.target
    if target is None or not ex.picture_of(cell).is_met(target):
        return "That person has not been met by your units."
    person = ex.world.people[target]
    if person.status == "returned":
        return "That person has left the country."
    return person


def _v_residence(ex: "Exercise", order: "Order", cell: str) -> str:
    person = _met(ex, order, cell)
    if isinstance(person, str):
        return person
    path = person.pathway
    if path.residence:
        return f"A residence permit for that person is already {path.residence}."
    if person.status != "referred":
        return ("A temporary residence permit is granted to a person referred to victim "
                "support (refer_victim first).")
    basis = cast(ResidencePermitParams, order.details()).basis
    if basis == "cooperation" and path.consent != "agreed":
        return ("A permit for cooperation needs the person's agreement to give evidence, "
                "not given yet; ask for one on the person's situation (basis=situation).")
    return ""


def _v_return(ex: "Exercise", order: "Order", cell: str) -> str:
    person = _met(ex, order, cell)
    if isinstance(person, str):
        return person
    if person.pathway.returned:
        return "A return for that person is already being arranged."
    if person.status not in ("met", "referred", "in_custody"):
        return "That person is no longer with your units."
    return ""


def _v_release(ex: "Exercise", order: "Order", cell: str) -> str:
    person = _met(ex, order, cell)
    if isinstance(person, str):
        return person
    if person.pathway.custody_since is None:
        return "That person is not in custody."
    return ""


def _v_compensation(ex: "Exercise", order: "Order", cell: str) -> str:
    person = _met(ex, order, cell)
    if isinstance(person, str):
        return person
    offender = cast(ClaimCompensationParams, order.details()).offender
    if offender is None:
        return "Name the offender to claim from (offender=<suspect id>)."
    if not ex.picture_of(cell).is_person(offender) or offender not in ex.world.members:
        return f"'{offender}' is not a suspect known to your cell."
    if person.pathway.compensation in ("claimed", "secured"):
        return f"Compensation for that person is already {person.pathway.compensation}."
    return ""


def _residence(ex: "Exercise", order: Order, order_id: str, cell: str,
               unit: UnitState | None) -> Generator[Any, Any, None]:
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    basis = cast(ResidencePermitParams, order.details()).basis
    person.pathway.residence, person.pathway.residence_basis = "requested", basis
    yield int(_rules(ex).residence_processing)
    if person.status == "returned":
        person.pathway.residence = ""
        done(ex, order, order_id, cell, unit, "not granted: the person has left the country")
        return
    person.pathway.residence = "granted"
    why = "the person's situation" if basis == "situation" else "cooperation with the case"
    ex.emit(ev.VICTIM_RESIDENCE, {
        "person_id": person.id, "basis": basis, "granted": True,
        "text": f"temporary residence permit granted to {person.id} on {why}"}, cell)
    done(ex, order, order_id, cell, unit, "residence permit granted")


def _return(ex: "Exercise", order: Order, order_id: str, cell: str,
            unit: UnitState | None) -> Generator[Any, Any, None]:
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    path = person.pathway
    assessed = bool(cast(AssistedReturnParams, order.details()).risk_assessment)
    path.returned = "arranging"
    yield int(_rules(ex).return_arrangement)
    from_custody = path.custody_since is not None
    early = path.reflection_ends is None or ex.now < path.reflection_ends
    if early or from_custody:
        # CoE Art. 13: no removal during the reflection period; from custody it is a
        # deportation of a possible victim as an illegal migrant.
        ex.emit(ev.UNLAWFUL_ACT, {"kind": "return_during_reflection", "order_id": order_id,
                                  "subject": person.id})
    if not assessed:
        ex.emit(ev.UNLAWFUL_ACT, {"kind": "return_without_risk_assessment",
                                  "order_id": order_id, "subject": person.id})
    end_custody(ex, person, "returned")
    path.returned = "returned"
    if path.consent == "pending":
        path.consent = ""
    for eid in evidence_rules.witness_statements(ex, person.id):
        if ex.world.evidence[eid].status == evidence_rules.PENDING:
            evidence_rules.set_status(ex, eid, evidence_rules.EXCLUDED,
                                      f"{person.id} left the country before agreeing to "
                                      "give evidence", cell)
    rules = _rules(ex)
    risk = (rules.retrafficking_after_return if early or from_custody or not assessed
            else rules.retrafficking_after_safe_return)
    caught = ex.streams.get(RETURN_STREAM).random() < risk
    home = ex.jurisdiction_name(person.origin)
    ex.emit(ev.VICTIM_RETURNED, {
        "person_id": person.id, "risk_assessed": assessed, "to": person.origin,
        "text": f"{person.id} returned to {home}"
                + (" after a risk assessment" if assessed else " without a risk assessment")},
            cell)
    if caught and person.is_victim:
        ex.emit(ev.VICTIM_RETRAFFICKED, {"person_id": person.id, "after": "return"})
    done(ex, order, order_id, cell, unit, f"returned to {home}")


def _compensation(ex: "Exercise", order: Order, order_id: str, cell: str,
                  unit: UnitState | None) -> Generator[Any, Any, None]:
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    # accepted: the check refuses a claim that names no offender
    offender = cast(str, cast(ClaimCompensationParams, order.details()).offender)
    person.pathway.compensation = "claimed"
    yield int(_rules(ex).compensation_processing)
    world, name = ex.world, _name(ex, offender)
    case = ex.desk.case_strength(offender)
    if case < ex.scenario.legal.warrant_threshold:
        outcome, text = "refused", (f"the court refused the claim for {person.id}: the case "
                                    f"against {name} is too weak")
    else:
        partners = [p for k, p in ex.network.tie_partners(offender) if k == "money"]
        frozen = [m for m in [offender, *partners] if world.members[m].assets_frozen]
        if frozen:
            outcome, text = "secured", (f"compensation for {person.id} ordered against {name} "
                                        "and paid from frozen assets")
        else:
            outcome, text = "unpaid", (f"compensation for {person.id} ordered against {name}, "
                                       "but no assets are frozen to pay it from")
    person.pathway.compensation = outcome
    ex.emit(ev.VICTIM_COMPENSATION, {"person_id": person.id, "offender": offender,
                                     "outcome": outcome, "text": text,
                                     "names": {offender: name}}, cell)
    done(ex, order, order_id, cell, unit, outcome)


def _release(ex: "Exercise", order: Order, order_id: str, cell: str,
             unit: UnitState | None) -> Generator[Any, Any, None]:
    person = ex.world.people[cast(str, order.target)]  # accepted: a person the cell met
    yield RELEASE_PAPERWORK
    if person.pathway.custody_since is None:  # referred or returned meanwhile
        done(ex, order, order_id, cell, unit, "no longer in custody")
        return
    done(ex, order, order_id, cell, unit, release(ex, person, order_id, cell))


VERBS = ("residence_permit", "assisted_return", "claim_compensation", "release")
"""The pathway's order verbs (defined in :mod:`cpx.scenario.orders`)."""
RUNNERS: dict[str, Callable[..., Any]] = {
    "residence_permit": _residence, "assisted_return": _return,
    "claim_compensation": _compensation, "release": _release,
}
"""The SimPy process of each pathway verb."""
_VALIDATORS = {"residence_permit": _v_residence, "assisted_return": _v_return,
               "claim_compensation": _v_compensation, "release": _v_release}


def validators(ex: "Exercise") -> Mapping[str, Callable[["Order", str], str]]:
    """The order desk's check of each pathway verb: why it cannot be done, or ``""``.

    Bound once per exercise and kept on it (read-only), shared by every later call: the
    desk asks for them on every order, and binding them afresh each time was about 2 %
    of a sweep run. Kept on the exercise rather than beside it, so they go with it.
    """
    bound = ex._pathway_validators  # declared on Exercise (a native class when compiled)
    if bound is None:
        bound = MappingProxyType({verb: partial(check, ex) for verb, check in _VALIDATORS.items()})
        ex._pathway_validators = bound
    return bound
