"""Injects make named places and people known with where to find them; entry without a
warrant is lawful only on grounds the cell knew (a fresh report of imminent danger)."""

from __future__ import annotations

from cpx.engine import Exercise
from cpx.engine.events import truth_keys_in

from engine_world import kinds, scenario

CALL = {"id": "i_call", "at": "D1 09:00", "from": "ngo_hope",
        "text": "A girl called the hotline from the Mill Street flat; Ivo keeps her there.",
        "mentions": ["flat_12", "enforcer"]}
AT_CALL = 61  # D1 09:01


def _world(call: dict | None = None, minor_share: float | None = None):
    def change(raw) -> None:
        if call is not None:
            raw["injects"].append(call)
        if minor_share is not None:
            raw["network"]["victim_profiles"][0]["minor_share"] = minor_share
    return scenario(change)


def _unlawful(ex: Exercise) -> list[str]:
    return [e.payload["kind"] for e in kinds(ex.events, "unlawful.act")]


# ------------------------------------------------------------------ 1. what an inject names

def test_a_member_named_by_an_inject_can_be_found_at_home():
    ex = Exercise(_world(CALL), seed=1)
    reason = ex.submit({"verb": "surveil", "unit": "crime_squad", "target": "enforcer"}).reason
    assert "not known to your cell" in reason
    ex.run_until(AT_CALL)
    picture = ex.picture_of()
    assert picture.people["enforcer"]["location"] == "nova"  # his home in the files
    assert picture.places["flat_12"]["location"] == "nova"
    assert ex.submit({"verb": "surveil", "unit": "crime_squad", "target": "enforcer"}).accepted


def test_the_inject_tells_no_more_than_it_names():
    ex = Exercise(_world(CALL), seed=1)
    ex.run_until(AT_CALL)
    inject = kinds(ex.events, "inject")[0]
    assert inject.visibility == "trainee"
    assert not truth_keys_in(inject.payload)
    for item in inject.payload["mentioned"]:
        assert set(item) <= {"id", "name", "kind", "location", "venue_kind"}
    assert {i["id"] for i in inject.payload["mentioned"]} == {"flat_12", "enforcer"}
    # Nobody the inject does not name (the flat's manager is the enforcer; the boss,
    # the lieutenant) enters the picture.
    assert set(ex.picture_of().people) == {"manager", "enforcer"}


# ------------------------------------------------------------------ 2. lawful urgency

def test_without_a_report_urgency_has_no_grounds_and_the_raid_is_unlawful():
    # Minors really are held there — but nobody told the cell: no grounds.
    ex = Exercise(_world(minor_share=1.0), seed=1)
    result = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
    assert not result.accepted and "your cell has none" in result.reason
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door",
                      "params": {"urgent": True}}).accepted
    accepted = kinds(ex.events, "order.accepted")[-1]
    assert accepted.payload["grounds"].startswith("none")
    ex.run_until(8 * 60)
    assert "raid_without_warrant" in _unlawful(ex)


def test_a_fresh_call_reporting_danger_makes_the_entry_lawful_whoever_is_inside():
    call = dict(CALL, mentions=["red_door"], danger_at=["red_door"])
    ex = Exercise(_world(call, minor_share=0.0), seed=1)  # no child is really there
    ex.run_until(AT_CALL)
    refused = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
    assert not refused.accepted
    assert "Hope Shelter at D1 09:00" in refused.reason and "urgent=yes" in refused.reason
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door",
                      "params": {"urgent": True, "support": "ngo_hope"}}).accepted
    grounds = kinds(ex.events, "order.accepted")[-1].payload["grounds"]
    assert grounds.startswith("urgency: the message from Hope Shelter")
    ex.run_until(10 * 60)
    assert kinds(ex.events, "raid.result")
    assert _unlawful(ex) == []


def test_a_stale_report_is_no_longer_grounds():
    call = dict(CALL, danger_at=["flat_12"])
    ex = Exercise(_world(call), seed=1)
    ex.run_until(AT_CALL + 24 * 60 + 1)
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "flat_12",
                      "params": {"urgent": True}}).accepted
    assert kinds(ex.events, "order.accepted")[-1].payload["grounds"].startswith("none")
    ex.run_until(ex.now + 8 * 60)
    assert "raid_without_warrant" in _unlawful(ex)


def test_a_danger_report_elsewhere_does_not_cover_this_place():
    call = dict(CALL, danger_at=["flat_12"])
    ex = Exercise(_world(call), seed=1)
    ex.run_until(AT_CALL)
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door",
                      "params": {"urgent": True}}).accepted
    ex.run_until(8 * 60)
    assert "raid_without_warrant" in _unlawful(ex)


def test_an_informant_report_of_minors_is_grounds_only_as_the_rule_says():
    """A single C-graded report is not grounds under the default rule (corroboration),
    and is when the scenario accepts a C3 report on its own (DOMAIN.md §4)."""
    def truthful_source(rule=None):
        def change(raw) -> None:
            raw["network"]["victim_profiles"][0]["minor_share"] = 1.0
            raw["informants"][0]["accuracy"] = 1.0
            if rule:
                raw["legal"]["urgent_entry_grounds"] = rule
        return change
    for rule, lawful in ((None, False),
                         ({"min_reliability": "C", "max_credibility": 3,
                           "or_corroborated": False}, True)):
        ex = Exercise(scenario(truthful_source(rule)), seed=1)
        assert ex.submit({"verb": "task_informant", "target": "inf_swallow",
                          "params": {"subject": "red_door"}}).accepted
        ex.run_until(4 * 60)
        reports = [e for e in kinds(ex.events, "report.informant")
                   if e.payload["subject"] == "red_door" and e.payload.get("minors")]
        assert reports, "the tasked source should report the minors"
        result = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
        assert not result.accepted and "informant report from SWALLOW" in result.reason
        assert ("meets the exercise's rule" in result.reason) == lawful, result.reason
        assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door",
                          "params": {"urgent": True}}).accepted
        ex.run_until(12 * 60)
        assert (_unlawful(ex) == []) == lawful


def test_danger_at_must_name_a_venue():
    from cpx.scenario.checks import check

    wrong = dict(CALL, danger_at=["nova"])  # a town, not a venue
    problems = [(path, text) for path, text in check(_world(wrong))
                if "danger_at" in path]
    assert problems and "nova" in problems[0][1]
    assert not [p for p, _ in check(_world(dict(CALL, danger_at=["flat_12"]))) if "danger_at" in p]
