"""The people the generator makes follow the Palermo definition (DOMAIN §1): coercive
controls are means, some minors are victims by the child rule alone, some minors are not
victims, and identification is scored on exactly that."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise, Order
from cpx.engine.victims import ELEMENT_OF, draw_person, is_trafficked, true_indicators
from cpx.scenario import bundled_scenarios, load_scenario
from cpx.scenario.models import VictimProfile

from engine_world import grant_warrant, kinds, scenario as fixture_scenario


def profile(**fields) -> VictimProfile:
    base = dict(id="pickers", route="r", rate_per_week=1, origins=["myrtavia"],
                exploitation="forced_labour", means=["deception", "threat"])
    return VictimProfile(**{**base, **fields})


def test_restricted_movement_debt_and_documents_are_means_not_purpose():
    assert ELEMENT_OF["restricted_movement"] == "means"
    assert ELEMENT_OF["debt_bondage"] == "means"
    assert ELEMENT_OF["documents_withheld"] == "means"
    assert ELEMENT_OF["earnings_taken"] == "purpose"


@settings(max_examples=60)
@given(seed=st.integers(0, 2**32 - 1), worker=st.booleans(),
       shares=st.tuples(*[st.floats(0, 1)] * 6))
def test_every_person_drawn_follows_the_palermo_rule(seed, worker, shares):
    minor, minor_means, minor_workers, docs, bondage, restricted = shares
    prof = profile(minor_share=minor, minor_means_share=minor_means,
                   minor_workers_share=minor_workers, documents_withheld=docs,
                   debt_bondage=bondage, restricted_movement=restricted)
    person = draw_person(np.random.default_rng(seed), prof, "p1", "r", "farm", worker)
    assert person.is_victim == is_trafficked(person.act, bool(person.means), person.purpose,
                                             person.minor)
    assert person.minor == (person.age < 18)
    if not person.means:  # no means, none of the coercive controls either
        assert not (person.documents_withheld or person.debt_bondage
                    or person.restricted_movement or person.debt)
    shown = {ELEMENT_OF[i] for i in true_indicators(person)}
    assert ("means" in shown) == bool(person.means or person.documents_withheld
                                       or person.debt_bondage or person.restricted_movement)
    assert ("minor" in shown) == person.minor


def people_of(name: str, seeds: range) -> list:
    path = next(p for p in bundled_scenarios() if p.stem == name)
    sc = load_scenario(path)
    found = []
    for seed in seeds:
        ex = Exercise(sc, seed=seed)
        ex.run_until(3 * 1440)
        found.extend(ex.world.people.values())
    return found


def test_the_child_rule_decides_cases_in_the_bundled_scenarios():
    # Over a few seeds, some minors are victims only because they are children, some
    # minors are not victims, and some adults in the same place are not victims.
    everyone = people_of("bitter_harvest", range(1, 5)) + people_of("glass_lantern", range(1, 3))
    minors = [p for p in everyone if p.minor]
    assert any(p.is_victim and not p.means for p in minors), "a child needs no means"
    assert any(not p.is_victim for p in minors), "not every minor met is a victim"
    adults_alike = [p for p in everyone if not p.minor and p.act and p.purpose and not p.means]
    assert adults_alike and not any(p.is_victim for p in adults_alike)


def test_identifying_a_child_without_means_is_correct_and_an_adult_alike_is_not_a_victim():
    ex = Exercise(fixture_scenario(), seed=1)
    grant_warrant(ex, "red_door")
    ex.submit(Order("raid", "viper", "red_door", {"support": "ngo_hope"}))
    ex.run_until(ex.now + 5 * 60)
    met = [e.payload["person_id"] for e in kinds(ex.events, "person.met")]
    child, adult = ex.world.people[met[0]], ex.world.people[met[1]]
    for person, minor in ((child, True), (adult, False)):
        # The same facts (act and purpose, no means) for a child and for an adult.
        person.minor, person.act, person.purpose, person.means = minor, True, True, []
        person.documents_withheld = person.debt_bondage = person.restricted_movement = False
        ex.submit(Order("identify_victim", target=person.id, params={
            "decision": minor, "act": True, "means": False, "purpose": True}))
        ex.run_until(ex.now + 1)
        scored = kinds(ex.events, "identification.scored")[-1].payload
        assert scored["truth_is_victim"] == minor and scored["correct"]
        assert scored["elements_correct"] == {"act": True, "means": True, "purpose": True}
