"""Victim identification follows the Palermo checklist and is scored against the truth."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise, Order
from cpx.engine.victims import is_trafficked

from engine_world import grant_warrant, kinds, scenario


@given(act=st.booleans(), means=st.booleans(), purpose=st.booleans())
def test_a_minor_needs_no_means_an_adult_does(act, means, purpose):
    assert is_trafficked(act, means, purpose, minor=True) == (act and purpose)
    assert is_trafficked(act, means, purpose, minor=False) == (act and means and purpose)


def met_people(seed: int) -> tuple[Exercise, list[str]]:
    ex = Exercise(scenario(), seed=seed)
    grant_warrant(ex, "red_door")
    ex.submit(Order("raid", "viper", "red_door", {"support": "ngo_hope"}))
    ex.run_until(ex.now + 5 * 60)
    return ex, [e.payload["person_id"] for e in kinds(ex.events, "person.met")]


@settings(max_examples=25, deadline=None)
@given(act=st.booleans(), means=st.booleans(), purpose=st.booleans(), minor=st.booleans(),
       decision=st.booleans())
def test_identification_scored_against_the_hidden_truth(act, means, purpose, minor, decision):
    ex, met = met_people(seed=1)
    person = ex.world.people[met[0]]
    # Rewrite the hidden truth of the person met; the score must follow the rule.
    person.act, person.purpose, person.minor = act, purpose, minor
    person.means = ["deception"] if means else []
    ex.submit(Order("identify_victim", target=person.id,
                    params={"decision": decision, "act": act, "means": False, "purpose": purpose}))
    ex.run_until(ex.now + 1)
    scored = kinds(ex.events, "identification.scored")[-1].payload
    truth = act and purpose and (means or minor)
    assert scored["truth_is_victim"] == truth
    assert scored["correct"] == (decision == truth)
    assert scored["minor"] == minor
    shown = kinds(ex.events, "victim.identified")[-1]
    assert shown.visibility == "trainee" and "correct" not in shown.payload


def test_good_interviews_reveal_more_than_bad_ones():
    def indicators(params) -> int:
        total = 0
        for seed in range(6):
            ex, met = met_people(seed)
            victims = [p for p in met if ex.world.people[p].is_victim]
            for pid in victims[:2]:
                ex.submit(Order("interview", "crime_squad", pid, params))
                ex.run_until(ex.now + 120)
                total += len(kinds(ex.events, "interview.result")[-1].payload["indicators"])
        return total
    good = indicators({"interpreter": True, "ngo": True, "separated": True})
    bad = indicators({"as_offender": True})
    assert good > bad


def test_treating_a_victim_as_offender_is_recorded_and_referral_uses_a_shelter_place():
    ex, met = met_people(seed=2)
    victims = [p for p in met if ex.world.people[p].is_victim]
    ex.submit(Order("interview", "crime_squad", victims[0], {"as_offender": True}))
    ex.run_until(ex.now + 120)
    unlawful = kinds(ex.events, "unlawful.act")
    assert unlawful and unlawful[0].payload["kind"] == "victim_treated_as_offender"
    free = ex.world.shelter_free["ngo_hope@nova"]
    assert ex.submit(Order("refer_victim", target=victims[1])).accepted
    ex.run_until(ex.now + 60)
    assert ex.world.shelter_free["ngo_hope@nova"] == free - 1
    assert kinds(ex.events, "victim.referred")[0].payload["person_id"] == victims[1]
    assert "already been referred" in ex.submit(Order("refer_victim", target=victims[1])).reason


def test_referral_is_quick_only_when_support_was_warned():
    def referral_minutes(support: bool) -> int:
        ex = Exercise(scenario(), seed=1)
        grant_warrant(ex, "red_door")
        ex.submit(Order("raid", "viper", "red_door", {"support": "ngo_hope"} if support else {}))
        ex.run_until(ex.now + 5 * 60)
        pid = kinds(ex.events, "person.met")[0].payload["person_id"]
        given = ex.now
        ex.submit(Order("refer_victim", target=pid))
        ex.run_until(ex.now + 8 * 60)
        return kinds(ex.events, "victim.referred")[0].t - given
    assert referral_minutes(True) == 30
    assert referral_minutes(False) == 6 * 60
