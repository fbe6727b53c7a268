"""Admiralty grading as practised (DOMAIN.md §4): credibility judged per report from what
the cell knows, reliability revised both ways by track record, and entry without a
warrant only on grounds the scenario's rule accepts."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from cpx.engine import Exercise
from cpx.engine.events import truth_keys_in
from cpx.engine.grading import MIN_CHECKED, Ledger, Statement, grade_for

from engine_world import kinds, scenario


def _world(grade: str = "F", second: bool = False, rule: dict | None = None):
    """Red Door holds children; SWALLOW (and ROBIN) know it and always tell the truth."""
    def change(raw) -> None:
        raw["network"]["victim_profiles"][0]["minor_share"] = 1.0
        first = raw["informants"][0]
        first.update(reliability=grade, accuracy=1.0, report_every="72h", delay="30m")
        first["access"] = {"venues": ["red_door"]}
        if second:
            raw["informants"].append(dict(first, id="inf_robin", codename="ROBIN"))
        if rule is not None:
            raw["legal"]["urgent_entry_grounds"] = rule
    return scenario(change)


def _task(ex: Exercise, informant: str = "inf_swallow") -> None:
    assert ex.submit({"verb": "task_informant", "target": informant,
                      "params": {"subject": "red_door"}}).accepted


def _reports(ex: Exercise) -> list:
    return [e for e in kinds(ex.events, "report.informant")
            if e.payload["subject"] == "red_door" and e.payload.get("minors")]


def _raid_unlawful(ex: Exercise) -> bool:
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door",
                      "params": {"urgent": True}}).accepted
    ex.run_until(ex.now + 8 * 60)
    assert kinds(ex.events, "raid.result"), "the raid should have gone in"
    return any(e.payload["kind"] == "raid_without_warrant"
               for e in kinds(ex.events, "unlawful.act"))


def test_a_raid_on_a_single_f_graded_report_is_unlawful():
    ex = Exercise(_world("F"), seed=1)
    _task(ex)
    ex.run_until(2 * 60)
    report = _reports(ex)[0].payload
    assert report["source_grade"] == "F" and report["credibility"] >= 3  # nothing confirms it
    refused = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
    assert not refused.accepted
    assert "not grounds to enter without a warrant" in refused.reason
    assert "uncorroborated" in refused.reason and "SWALLOW" in refused.reason
    assert _raid_unlawful(ex)
    accepted = kinds(ex.events, "order.accepted")[-1].payload
    assert accepted["grounds"].startswith("none: urgency is claimed, but the informant report")


def test_the_scenario_rule_may_accept_a_single_graded_report():
    ex = Exercise(_world("F", rule={"min_reliability": "F", "max_credibility": 6,
                                    "or_corroborated": False}), seed=1)
    _task(ex)
    ex.run_until(2 * 60)
    refused = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
    assert not refused.accepted and "meets the exercise's rule" in refused.reason
    assert not _raid_unlawful(ex)


def test_a_second_source_corroborates_the_report_and_makes_the_raid_lawful():
    ex = Exercise(_world("F", second=True), seed=1)
    _task(ex)
    ex.run_until(2 * 60)
    first = _reports(ex)[0].payload["credibility"]
    _task(ex, "inf_robin")
    ex.run_until(4 * 60)
    second = [r.payload for r in _reports(ex) if r.payload["informant"] == "inf_robin"][0]
    assert first > 2 and second["credibility"] == 1, (first, second)  # confirmed: F1
    assert "SWALLOW" in second["credibility_reason"]
    offered = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
    assert not offered.accepted and "corroborated by SWALLOW" in offered.reason
    assert not _raid_unlawful(ex)


def test_own_surveillance_corroborates_the_report_and_makes_the_raid_lawful():
    for seed in range(1, 6):
        ex = Exercise(_world("F"), seed=seed)
        _task(ex)
        ex.run_until(60)
        assert ex.submit({"verb": "surveil", "unit": "crime_squad", "target": "red_door",
                          "params": {"hours": 24}}).accepted
        ex.run_until(26 * 60)
        _task(ex)  # a fresh report, after the team's observation
        ex.run_until(ex.now + 60)
        seen = [e for e in kinds(ex.events, "report.surveillance")
                if "did not move freely" in e.payload["text"]]
        if not seen:
            continue  # the team saw nothing this time: try another world
        latest = _reports(ex)[-1].payload
        assert latest["credibility"] <= 2 and "own observation" in latest["credibility_reason"]
        offered = ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"})
        assert "corroborated by own observation" in offered.reason
        assert not _raid_unlawful(ex)
        return
    raise AssertionError("no seed in 1-5 let the team see Red Door's people")


def test_reliability_falls_after_wrong_reports_and_rises_after_right_ones():
    ledger = Ledger()
    for i in range(4):  # a B source says nobody is kept there; the cell's raid finds people
        ledger.state(Statement("inf_b", f"r{i}", "bar", {"held:bar": False}, t=i))
    checked = ledger.observe("held:bar", True, now=10)
    assert len(checked) == 4 and ledger.tally("inf_b") == (0, 4)
    assert grade_for("B", *ledger.tally("inf_b")) == "E"
    # Right 45 % of the time does not stay D.
    assert grade_for("D", 9, 11) == "E"
    # A new source borne out by the cell's checks is raised; A is never given in days.
    assert grade_for("F", 2, 0) == "F" and grade_for("F", 3, 0) in "BC"
    assert grade_for("F", 30, 0) == "B"


def test_an_engine_source_proven_wrong_is_downgraded():
    """A B-graded source who lies about Red Door drops once the cell's raid shows it."""
    def liar(raw) -> None:
        inf = raw["informants"][0]
        inf.update(reliability="B", accuracy=0.0, report_every="1h", delay="30m")
        inf["access"] = {"venues": ["red_door"]}
        raw["network"]["victim_profiles"][0]["minor_share"] = 1.0
    from engine_world import grant_warrant
    ex = Exercise(scenario(liar), seed=3)
    ex.run_until(6 * 60)
    grant_warrant(ex, "red_door")
    assert ex.submit({"verb": "raid", "unit": "viper", "target": "red_door"}).accepted
    ex.run_until(ex.now + 8 * 60)
    found = kinds(ex.events, "raid.result")[0].payload["people_found"]
    assert found, "the raid should find the people kept there"
    regraded = kinds(ex.events, "informant.regraded")
    assert regraded and regraded[-1].payload["direction"] == "down"
    assert regraded[-1].payload["source_grade"] > "B"
    assert "proven wrong" in regraded[-1].payload["reason"]
    for event in regraded + kinds(ex.events, "report.informant"):
        assert event.visibility == "trainee" and not truth_keys_in(event.payload)


@given(st.sampled_from("ABCDEF"), st.integers(0, 40), st.integers(0, 40))
def test_more_wrong_reports_never_raise_a_grade(initial, right, wrong):
    # F is "cannot be judged", not a grade below E: compare judged grades only, once
    # there is a track record (fewer checks leave the STARTEX grade as it was).
    assume(right + wrong >= MIN_CHECKED)
    base = grade_for(initial, right, wrong)
    worse, better = grade_for(initial, right, wrong + 1), grade_for(initial, right + 1, wrong)
    if "F" not in (base, worse):
        assert worse >= base
    if "F" not in (base, better):
        assert better <= base
