"""People an inject brings into play (a worker who escaped walks into a police station).

The scenario gives the person's attributes and hidden truth (``injects[].person``);
when the inject fires the person enters the world (``truth.person``, excon) and the
addressed cell meets them where they came (``person.met``, ``person.came_forward``), so
it can interview, identify and refer them like anyone its units met.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpx.engine import events as ev
from cpx.engine.agencies import describe
from cpx.engine.outcomes import meet_people
from cpx.engine.victims import is_trafficked
from cpx.engine.world import PersonState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.scenario.models import Inject


def bring_in(ex: "Exercise", inject: Inject) -> PersonState | None:
    """Put the inject's person into the world, met by its cell where they came (once: a
    named person already in play is not brought in again if the inject fires again)."""
    spec = inject.person
    assert spec is not None  # called only for an inject that brings a person in
    if spec.id is not None and spec.id in ex.world.people:
        return None
    victim = spec.role == "victim"
    minor = spec.age < 18
    person = PersonState(
        id=spec.id or ex.network.new_person_id(), is_victim=False, minor=minor, age=spec.age,
        sex=spec.sex, origin=spec.nationality, exploitation=spec.exploitation,
        act=victim, means=sorted(spec.means) if victim else [], purpose=victim,
        documents_withheld=spec.documents_withheld and victim,
        debt=int(spec.debt) if victim else 0, profile=inject.id, route=None,
        venue=None, status="in_transit", trust=spec.trust)  # met at once, below
    # the coercive controls among the means are also kept as the person's own truths
    person.debt_bondage = "debt_bondage" in person.means
    person.restricted_movement = "restricted_movement" in person.means
    person.is_victim = is_trafficked(person.act, bool(person.means), person.purpose, minor)
    ex.world.add_person(person)
    ex.emit(ev.TRUTH_PERSON, {
        "person_id": person.id, "is_victim": person.is_victim, "minor": person.minor,
        "age": person.age, "sex": person.sex, "origin": person.origin,
        "exploitation": person.exploitation, "act": person.act, "means": person.means,
        "purpose": person.purpose, "documents_withheld": person.documents_withheld,
        "debt": person.debt, "debt_bondage": person.debt_bondage,
        "restricted_movement": person.restricted_movement, "venue": spec.from_venue,
        "profile": inject.id,
        "inject_id": inject.id})
    meet_people(ex, [person], spec.where, inject.to, support=False)
    person.trust = spec.trust  # they came of their own accord: their trust is theirs
    description = describe(person, ex.jurisdiction_name(person.origin))
    ex.emit(ev.PERSON_CAME_FORWARD, {
        "person_id": person.id, "inject_id": inject.id, "where": spec.where,
        "description": description,
        "text": f"{description}, came forward and asks for help."}, inject.to)
    return person
