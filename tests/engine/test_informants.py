"""Informant reports: graded as the scenario says, true as often as their hidden accuracy."""

from __future__ import annotations

from cpx.engine import Exercise, Order
from cpx.engine.events import truth_keys_in

from engine_world import kinds, scenario


def chatty(accuracy: float, grade: str):
    def change(raw):
        inf = raw["informants"][0]
        inf.update(accuracy=accuracy, reliability=grade, report_every="2h", delay="1h")
    return change


def reports_over_seeds(accuracy: float, grade: str, seeds: int = 12):
    pairs = []
    for seed in range(seeds):
        ex = Exercise(scenario(chatty(accuracy, grade)), seed=seed)
        ex.run_until(ex.end)
        truth = {e.payload["report_id"]: e.payload["true"] for e in kinds(ex.events, "truth.report")}
        pairs += [(e, truth[e.payload["report_id"]]) for e in kinds(ex.events, "report.informant")]
    return pairs


def test_grades_and_accuracy_match_the_scenario():
    for accuracy, grade in ((0.8, "B"), (0.4, "E")):
        pairs = reports_over_seeds(accuracy, grade)
        assert len(pairs) > 300
        share_true = sum(true for _e, true in pairs) / len(pairs)
        assert abs(share_true - accuracy) < 0.06, (accuracy, share_true)
        assert {e.payload["source_grade"] for e, _t in pairs} == {grade}
        # With one source and no police work, nothing confirms a report: its credibility
        # is judged on what the cell knows, whatever the source's grade (never 1 or 2).
        assert {e.payload["credibility"] for e, _t in pairs} <= {3, 4, 5, 6}
        for event, _true in pairs:
            assert event.visibility == "trainee" and not truth_keys_in(event.payload)


def test_tasked_report_and_no_access_reply(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=2)
    ex.submit(Order("task_informant", target="inf_swallow", params={"subject": "red_door"}))
    ex.run_until(3 * 60)
    tasked = [e for e in kinds(ex.events, "report.informant") if e.payload["order_id"]]
    assert tasked and tasked[0].payload["subject"] == "red_door"


def test_acting_on_a_single_source_exposes_and_burns_the_informant():
    def fragile(raw):
        raw["informants"][0].update(exposure_risk=0.6, report_every="1h", delay="30m")
    ex = Exercise(scenario(fragile), seed=4)
    ex.run_until(12 * 60)
    assert ex.informants.sources_on.get("red_door") == ["inf_swallow"]
    for _ in range(2):
        ex.informants.visible_action("red_door", "raid")
    burned = kinds(ex.events, "informant.burned")
    assert burned and burned[0].payload["informant"] == "inf_swallow"
    assert burned[0].payload["fate"] == "harmed"  # the enforcer is violent (0.8)
    count = len(kinds(ex.events, "report.informant"))
    ex.run_until(ex.now + 24 * 60)
    assert len(kinds(ex.events, "report.informant")) <= count + 2  # only reports already on the way


def test_corroborated_sources_are_regraded():
    def two_sources(raw):
        first = raw["informants"][0]
        first.update(reliability="F", accuracy=1.0, report_every="1h", delay="30m")
        first["access"] = {"venues": ["red_door"]}
        second = dict(first, id="inf_robin", codename="ROBIN")
        raw["informants"].append(second)
        raw["network"]["victim_profiles"][0]["rate_per_week"] = 0.01  # a steady count
        raw["network"]["victim_profiles"][0]["consenting_workers_share"] = 0.0
    ex = Exercise(scenario(two_sources), seed=1)
    ex.run_until(ex.end)
    regraded = kinds(ex.events, "informant.regraded")
    # Two truthful sources bear each other out: the first revision raises them from F.
    assert regraded and regraded[0].payload["source_grade"] < "F"
    assert regraded[0].payload["direction"] == "up"
    assert {e.payload["credibility"] for e in kinds(ex.events, "report.informant")} >= {1}
    grades = {i["id"]: i["source_grade"] for i in ex.picture("trainee")["informants"]}
    assert grades == {inf.id: inf.reliability for inf in ex.world.informants.values()}
