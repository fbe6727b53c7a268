"""The NATO track (DOMAIN.md §7): the force's military police after a report, conduct
towards international personnel, integrity checks, statements to the media, and false
reports from corrupt officials — each driven through the real engine on the fixture."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise, Order
from cpx.engine.events import TRAINEE_KINDS, truth_keys_in
from engine_world import kinds, scenario

JOURNALIST = 6 * 60 + 1
"""Just after the journalist's inject (D1 14:00), which names the soldiers and the bar."""


def _force(**rules):
    """The fixture with the force's rules changed (and the mole known to the cell)."""
    def change(raw):
        raw["military_police"] = {"investigation": "6h", "tcn_decision": "12h", **rules}
        raw["network"]["known_members"] = ["manager", "mole"]
        raw["network"]["clients"][1]["visits_per_week"] = 40  # enough visits to see breaches
    return scenario(change)


def _reported(seed=1, **rules) -> Exercise:
    ex = Exercise(_force(**rules), seed=seed)
    ex.run_until(JOURNALIST)
    assert ex.submit(Order("report_misconduct", target="eagle_soldiers")).accepted
    return ex


def _steps(ex, cell="trainee"):
    return [e.payload["step"] for e in kinds(ex.events, "reply")
            if e.visibility == cell and "step" in e.payload]


def _no_truth_for_the_cell(ex):
    for event in ex.events:
        if event.visibility != "excon":
            assert event.kind in TRAINEE_KINDS, event.kind
            assert not truth_keys_in(event.payload), (event.kind, event.payload)


# ---------------------------------------------------------------------- the force's process

def test_a_report_starts_the_force_process_step_by_step():
    ex = _reported(victim_found=0.0, noncompliance=0.0)
    reported_at = ex.now
    ex.run_until(ex.end)
    assert _steps(ex) == ["investigation_opened", "off_limits_list", "evidence_handed_over",
                          "tcn_decision"]
    replies = {e.payload["step"]: e for e in kinds(ex.events, "reply") if "step" in e.payload}
    liaison = 120  # the fixture's eagle_mp answers in 2 h
    assert replies["investigation_opened"].t == reported_at + liaison
    assert replies["off_limits_list"].t == reported_at + 2 * liaison
    assert replies["evidence_handed_over"].t == reported_at + 2 * liaison + 6 * 60
    assert replies["tcn_decision"].t == reported_at + 2 * liaison + 18 * 60
    assert "troop-contributing nation" in replies["evidence_handed_over"].payload["text"]
    assert all(r.payload["agency"] == "eagle_mp" for r in replies.values())
    # Each step has its EXCON twin, and the TCN's decision is one of the two outcomes.
    twins = kinds(ex.events, "force.case")
    assert [t.payload["step"] for t in twins] == _steps(ex)
    assert twins[-1].payload["outcome"] in ("prosecution", "discipline")
    # The order itself completes when the force takes the report.
    done = [e for e in kinds(ex.events, "order.completed") if e.payload["verb"] == "report_misconduct"]
    assert done and done[0].t == replies["investigation_opened"].t
    _no_truth_for_the_cell(ex)


def test_the_off_limits_list_names_the_venues_the_force_knows():
    def change(raw):
        raw["network"]["clients"][1]["venues"] = ["red_door", "flat_12"]
        raw["military_police"] = {"noncompliance": 0.0, "victim_found": 0.0}
    ex = Exercise(scenario(change), seed=3)
    ex.run_until(JOURNALIST)
    assert not ex.picture_of("trainee").is_place("flat_12")
    assert ex.submit(Order("report_misconduct", target="eagle_soldiers")).accepted
    ex.run_until(ex.now + 5 * 60)
    listed = next(e for e in kinds(ex.events, "reply") if e.payload.get("step") == "off_limits_list")
    assert [m["id"] for m in listed.payload["mentioned"]] == ["red_door", "flat_12"]
    assert "Flat, Mill Street 12" in listed.payload["text"]
    # The host police now know the flat: the force's list is intelligence for them.
    assert ex.picture_of("trainee").is_place("flat_12")


@pytest.mark.parametrize("seed", [1, 2])
def test_the_soldiers_victim_is_handed_over_and_can_be_referred(seed):
    ex = _reported(seed, victim_found=1.0, noncompliance=0.0)
    ex.run_until(ex.now + 2 * 120 + 6 * 60 + 1)
    handed = [e for e in kinds(ex.events, "force.case") if e.payload["step"] == "victim_handed_over"]
    assert len(handed) == 1
    person = handed[0].payload["person_id"]
    assert ex.world.people[person].is_victim
    met = [e for e in kinds(ex.events, "person.met") if e.payload["person_id"] == person]
    assert met and met[0].visibility == "trainee" and met[0].payload["where"] == "red_door"
    assert ex.world.people[person].status == "met"
    # The existing referral mechanics take it from there.
    assert ex.submit(Order("refer_victim", target=person)).accepted
    ex.run_until(ex.now + 3 * 60)
    assert any(e.payload["person_id"] == person for e in kinds(ex.events, "victim.referred"))
    _no_truth_for_the_cell(ex)


def test_no_victim_is_handed_over_when_the_investigation_finds_none():
    ex = _reported(victim_found=0.0)
    ex.run_until(ex.end)
    assert "victim_handed_over" not in _steps(ex)


def test_full_compliance_stops_every_visit_of_the_group():
    ex = _reported(noncompliance=0.0)
    ex.run_until(ex.end)
    assert kinds(ex.events, "force.compliance")[0].payload["defiant"] == 0
    assert not kinds(ex.events, "force.breach")
    barred_at = kinds(ex.events, "misconduct.reported")[0].t
    later_days = [e for e in kinds(ex.events, "client.visits") if e.t > barred_at + 1440]
    assert all("eagle_soldiers" not in e.payload["visits"] for e in later_days)


def test_some_personnel_return_until_caught_and_each_catch_is_reported():
    ex = _reported(seed=4, noncompliance=1.0, patrol_catch=0.5)
    ex.run_until(ex.end)
    defiant = kinds(ex.events, "force.compliance")[0].payload["defiant"]
    assert defiant == 6  # everyone ignores the order in this variant
    breaches = kinds(ex.events, "force.breach")
    assert breaches and all(b.visibility == "excon" for b in breaches)
    caught = [b for b in breaches if b.payload["caught"]]
    assert caught, "patrols catch some of them"
    # Each catch is told to the cell; how many are still defiant never is.
    told = [e for e in kinds(ex.events, "reply") if e.payload.get("step") == "breach_caught"]
    assert [e.t for e in told] == [b.t for b in caught]
    assert all("defiant" not in e.payload for e in told)
    # Those caught no longer visit: the count of defiant personnel only goes down.
    left = [b.payload["defiant"] for b in breaches]
    assert left == sorted(left, reverse=True) and left[-1] == defiant - len(caught)
    _no_truth_for_the_cell(ex)


def test_surveillance_sees_the_uniforms_of_those_who_come_back():
    ex = _reported(seed=5, noncompliance=1.0, patrol_catch=0.0)
    ex.run_until(ex.now + 2 * 120 + 1)
    assert ex.submit(Order("surveil", unit="crime_squad", target="red_door",
                           params={"hours": 48})).accepted
    ex.run_until(ex.end)
    barred = kinds(ex.events, "force.compliance")[0].t
    seen = [e for e in kinds(ex.events, "report.surveillance")
            if e.t > barred and "eagle_soldiers" in e.payload["mentions"]]
    assert seen, "a team watching the bar sees the soldiers who ignore the order"


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**16), noncompliance=st.sampled_from([0.0, 0.3, 1.0]))
def test_the_force_process_is_deterministic(seed, noncompliance):
    def run():
        ex = _reported(seed, noncompliance=noncompliance, victim_found=0.5)
        ex.run_until(ex.end)
        return json.dumps([e.to_dict() for e in ex.events], sort_keys=True)
    assert run() == run()


# ---------------------------------------------------------------------- conduct

def test_an_arrest_attempt_on_soldiers_is_refused_and_recorded_as_conduct():
    ex = Exercise(_force(), seed=1)
    ex.run_until(JOURNALIST)
    result = ex.submit(Order("arrest", unit="viper", target="eagle_soldiers"))
    assert not result.accepted and "no jurisdiction" in result.reason
    assert ex.events[-1].kind == "order.rejected"
    ex.run_until(ex.now + 1)
    acts = kinds(ex.events, "unlawful.act")
    assert len(acts) == 1 and acts[0].visibility == "excon"
    assert acts[0].payload["kind"] == "arrest_without_jurisdiction"
    assert acts[0].payload["subject"] == "eagle_soldiers"
    # Reporting through the force is not conduct to record.
    assert ex.submit(Order("report_misconduct", target="eagle_soldiers")).accepted
    assert len(kinds(ex.events, "unlawful.act")) == 1


def test_an_unknown_group_is_not_recorded():
    ex = Exercise(_force(), seed=1)  # the soldiers are not yet known to the cell
    assert not ex.submit(Order("arrest", unit="viper", target="eagle_soldiers")).accepted
    ex.run_until(ex.now + 1)
    assert not kinds(ex.events, "unlawful.act")


# ---------------------------------------------------------------------- integrity

def _integrity(**rules):
    def change(raw):
        raw["internal_affairs"] = {"covert_duration": "1d", "overt_duration": "4h", **rules}
        raw["network"]["known_members"] = ["manager", "mole"]
        raw["network"]["corrupt_officials"][0]["leak_probability"] = 1.0
    return scenario(change)


def test_a_corrupt_official_found_is_suspended_and_stops_leaking():
    ex = Exercise(_integrity(covert_tip_off=0.0), seed=2)
    result = ex.submit(Order("integrity_check", target="mole", params={"approach": "covert"}))
    assert result.accepted
    assert "already" in ex.submit(Order("integrity_check", target="mole")).reason
    ex.run_until(1440 + 1)
    assert ex.world.suspended == ["mole"]
    checks = kinds(ex.events, "integrity.check")
    assert [c.payload["step"] for c in checks] == ["opened", "result"]
    assert checks[-1].payload["suspended"] and checks[-1].visibility == "excon"
    assert any(e.payload["text"].startswith("Internal affairs") and "suspended" in e.payload["text"]
               for e in kinds(ex.events, "reply"))
    assert any(e.payload["suspect"] == "mole" for e in kinds(ex.events, "evidence.added"))
    # Orders through the official's own police no longer leak.
    before = len(kinds(ex.events, "leak"))
    for _ in range(3):
        assert ex.submit(Order("surveil", unit="crime_squad", target="red_door",
                               params={"hours": 1})).accepted
        ex.run_until(ex.now + 3 * 60)
    assert len(kinds(ex.events, "leak")) == before
    _no_truth_for_the_cell(ex)


def test_an_open_inquiry_can_tip_the_official_off_and_the_network_hears_it():
    ex = Exercise(_integrity(overt_tip_off=1.0), seed=2)
    assert ex.submit(Order("integrity_check", target="mole", params={"approach": "overt"})).accepted
    ex.run_until(5 * 60)
    steps = [c.payload["step"] for c in kinds(ex.events, "integrity.check")]
    assert steps == ["opened", "tipped_off", "result"]
    warned = {e.payload["cell"] for e in kinds(ex.events, "network.alert")
              if e.payload["cause"] == "leak"}
    assert {"mole", "lt"} <= warned  # the official and the lieutenant who pays him
    assert not ex.world.suspended
    assert ex.world.members["lt"].avoiding_until > ex.now
    outcome = [e for e in kinds(ex.events, "order.completed") if e.payload["verb"] == "integrity_check"]
    assert outcome[0].payload["outcome"] == "nothing found"


def test_an_honest_person_is_cleared_and_nothing_is_tipped_off():
    ex = Exercise(_integrity(overt_tip_off=1.0), seed=2)
    assert ex.submit(Order("integrity_check", target="manager",
                           params={"approach": "overt"})).accepted
    ex.run_until(5 * 60)
    steps = [c.payload["step"] for c in kinds(ex.events, "integrity.check")]
    assert steps == ["opened", "result"]
    assert not [e for e in kinds(ex.events, "network.alert") if e.t > 0]


def test_integrity_check_needs_a_known_person():
    ex = Exercise(scenario(), seed=1)
    result = ex.submit(Order("integrity_check", target="mole"))
    assert not result.accepted and "not known to your cell" in result.reason
    result = ex.submit(Order("integrity_check", target="mole", params={"approach": "loud"}))
    assert not result.accepted and "covert, overt" in result.reason


# ---------------------------------------------------------------------- media

def _press(**rules):
    def change(raw):
        raw["public_information"] = {"victim_response_delay": "2h", **rules}
    return scenario(change)


def test_an_enforcement_line_raises_the_alert_of_the_venues_concerned():
    ex = Exercise(_press(), seed=1)
    assert ex.submit(Order("public_statement", target="red_door",
                           params={"line": "enforcement"})).accepted
    ex.run_until(60)
    statement = kinds(ex.events, "media.statement")[0]
    assert statement.payload["reveals_detail"] and statement.visibility == "excon"
    alerts = [e for e in kinds(ex.events, "network.alert") if e.payload["cell"] == "red_door"]
    assert alerts and alerts[0].payload["cause"] == "leak"


def test_a_victim_centred_line_reveals_nothing_and_a_victim_may_come_forward():
    ex = Exercise(_press(victim_response=1.0), seed=1)
    assert ex.submit(Order("public_statement", target="red_door",
                           params={"line": "victim_centred"})).accepted
    ex.run_until(4 * 60)
    assert not kinds(ex.events, "network.alert")
    calls = [e for e in kinds(ex.events, "reply") if e.payload["agency"] == "ngo_hope"]
    assert len(calls) == 1
    venue = calls[0].payload["mentioned"][0]["id"]
    assert any(p.is_victim for p in ex.world.victims_at(venue)) or ex.world.venues[venue].active
    assert ex.picture_of("trainee").is_place(venue)
    _no_truth_for_the_cell(ex)


def test_no_comment_changes_nothing_in_the_world():
    ex = Exercise(_press(victim_response=1.0), seed=1)
    assert ex.submit(Order("public_statement", target="red_door")).accepted
    ex.run_until(4 * 60)
    assert kinds(ex.events, "media.statement")[0].payload["line"] == "no_comment"
    assert not kinds(ex.events, "network.alert")
    assert not [e for e in kinds(ex.events, "reply") if e.payload["agency"] == "ngo_hope"]


# ---------------------------------------------------------------------- false reports

def _feeder(**official):
    def change(raw):
        raw["network"]["corrupt_officials"][0].update({"false_report_every": "4h", **official})
        raw["network"]["known_members"] = ["manager", "mole"]
    return scenario(change)


def test_a_corrupt_official_feeds_false_reports_that_the_cell_finds_out():
    ex = Exercise(_feeder(), seed=3)
    ex.run_until(ex.end)
    false = kinds(ex.events, "false.report")
    assert false and all(f.visibility == "excon" for f in false)
    ids = {f.payload["report_id"] for f in false}
    told = [e for e in kinds(ex.events, "report.informant") if e.payload["report_id"] in ids]
    assert len(told) == len(false)
    assert all(t.payload["source_grade"] == "B" and "Zlata Pek" in t.payload["codename"]
               for t in told)
    for t in told:
        if t.payload["subject_kind"] == "venue":
            assert t.payload["count"] == 0  # "empty", though people are held there
    _no_truth_for_the_cell(ex)


def test_a_false_report_is_contradicted_by_the_cells_own_observation():
    ex = Exercise(_feeder(false_report_every="1h"), seed=3)
    venue_report = None
    while venue_report is None and ex.now < ex.end:
        ex.run_until(ex.now + 60)
        venue_report = next((e for e in kinds(ex.events, "report.informant")
                             if e.payload["report_id"].startswith("f")
                             and e.payload["subject_kind"] == "venue"), None)
    assert venue_report is not None
    ledger = ex.informants.ledger("trainee")
    statement = ledger.by_report[venue_report.payload["report_id"]]
    # The cell's own team sees people kept at the bar: the report is proven wrong.
    ex.informants.observed("trainee", f"held:{venue_report.payload['subject']}", True)
    assert statement.verdict is False
    again = ledger.assess(statement.source, statement.subject, statement.facts, ex.now, True)
    assert again.credibility == 5


def test_a_suspended_official_stops_feeding_false_reports():
    def change(raw):
        raw["network"]["corrupt_officials"][0]["false_report_every"] = "2h"
        raw["network"]["known_members"] = ["manager", "mole"]
        raw["internal_affairs"] = {"covert_tip_off": 0.0, "covert_duration": "6h"}
    ex = Exercise(scenario(change), seed=3)
    assert ex.submit(Order("integrity_check", target="mole")).accepted
    ex.run_until(ex.end)
    suspended_at = next(e.t for e in kinds(ex.events, "integrity.check")
                        if e.payload["step"] == "result")
    assert ex.world.suspended == ["mole"]
    assert all(f.t < suspended_at for f in kinds(ex.events, "false.report"))


def test_without_feeders_nothing_is_scheduled():
    plain = Exercise(scenario(), seed=1)
    assert plain.desk.false_reports.feeders == []
    plain.run_until(plain.end)
    assert not kinds(plain.events, "false.report")


def test_a_victim_the_cell_already_met_is_named_not_met_again():
    def change(raw):
        raw["military_police"] = {"investigation": "6h", "victim_found": 1.0,
                                  "noncompliance": 0.0}
    ex = Exercise(scenario(change), seed=2)
    ex.run_until(JOURNALIST)
    from engine_world import grant_warrant
    grant_warrant(ex, "red_door")
    assert ex.submit(Order("raid", unit="viper", target="red_door")).accepted
    ex.run_until(ex.now + 6 * 60)
    met = {e.payload["person_id"] for e in kinds(ex.events, "person.met")}
    victims = [p for p in met if ex.world.people[p].is_victim]
    assert victims, "the raid met victims at the bar"
    assert ex.submit(Order("report_misconduct", target="eagle_soldiers")).accepted
    ex.run_until(ex.now + 2 * 120 + 6 * 60 + 1)
    named = [e for e in kinds(ex.events, "force.case") if e.payload["step"] == "victim_known"]
    assert len(named) == 1 and named[0].payload["person_id"] in victims
    assert "victim_handed_over" not in _steps(ex)
    assert {e.payload["person_id"] for e in kinds(ex.events, "person.met")} == met


def test_a_second_report_while_the_first_travels_is_refused():
    ex = _reported()
    result = ex.submit(Order("report_misconduct", target="eagle_soldiers"))
    assert not result.accepted and "not answered yet" in result.reason
    ex.run_until(ex.now + 121)
    assert len(kinds(ex.events, "misconduct.reported")) == 1


def test_a_sighting_reported_later_makes_the_patrols_check_closely():
    def run(sighting: bool):
        ex = _reported(seed=6, noncompliance=1.0, patrol_catch=0.3)
        ex.run_until(ex.now + 3 * 60)
        if sighting:
            assert ex.submit(Order("report_misconduct", target="eagle_soldiers")).accepted
        ex.run_until(ex.end)
        return ex
    quiet, told = run(False), run(True)
    assert "sighting_received" in _steps(told) and "sighting_received" not in _steps(quiet)
    assert len(kinds(told.events, "misconduct.reported")) == 1  # one case, not two
    assert _steps(told).count("investigation_opened") == 1
    # The same draws, a higher chance while the patrols check closely: the first catch
    # comes no later than without the sighting.
    def first_catch(ex):
        return min((b.t for b in kinds(ex.events, "force.breach") if b.payload["caught"]),
                   default=ex.end + 1)
    assert first_catch(told) <= first_catch(quiet)
    assert first_catch(told) <= told.end
    _no_truth_for_the_cell(told)


def test_a_journal_with_the_nato_track_replays_line_for_line(tmp_path, capsys):
    """``cpx run`` then ``cpx replay --verify``: the refused arrest, the force's process,
    the integrity check and the statement re-simulate byte for byte."""
    from engine_world import FIXTURE
    from cpx.cli import main

    orders = tmp_path / "orders.yaml"
    orders.write_text(
        '- at: "D1 14:05"\n  order: {verb: arrest, unit: viper, target: eagle_soldiers}\n'
        '- at: "D1 14:10"\n  order: {verb: report_misconduct, target: eagle_soldiers}\n'
        '- at: "D1 14:20"\n  order: {verb: public_statement, target: red_door, '
        'params: {line: enforcement}}\n'
        '- at: "D1 15:00"\n  order: {verb: integrity_check, target: manager, '
        'params: {approach: overt}}\n'
        '- at: "D2 10:00"\n  order: {verb: report_misconduct, target: eagle_soldiers}\n')
    journal = tmp_path / "run.jsonl"
    assert main(["run", str(FIXTURE), "--seed", "5", "--orders", str(orders),
                 "--allow-rejected", "--journal", str(journal)]) == 0
    capsys.readouterr()
    assert main(["replay", str(journal), "--scenario", str(FIXTURE), "--verify"]) == 0
    lines = journal.read_text()
    assert "arrest_without_jurisdiction" in lines and "sighting_received" in lines
