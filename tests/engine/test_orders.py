"""Each order's preconditions: a rejected order names its reason and changes nothing."""

from __future__ import annotations

import pytest

from cpx.engine import Exercise, Order
from cpx.errors import CpxError

from engine_world import grant_warrant, kinds, scenario


def reject(ex: Exercise, **order) -> str:
    before = ex.state_hash()
    result = ex.submit(Order(**order))
    assert not result.accepted and result.order_id is None
    assert ex.state_hash() == before, "a rejected order must change nothing"
    last = ex.events[-1]
    assert last.kind == "order.rejected" and last.payload["reason"] == result.reason
    return result.reason


def test_unit_lacks_capability(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "no surveillance capability" in reject(ex, verb="surveil", unit="nova_patrol",
                                                  target="red_door")


def test_unit_busy(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert ex.submit(Order("surveil", "crime_squad", "red_door")).accepted
    assert "busy" in reject(ex, verb="surveil", unit="crime_squad", target="manager")


def test_unit_off_duty(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    ex.run_until(11 * 60 + 5)  # D1 19:05: the patrol's shift ended at 18:00
    assert "off duty" in reject(ex, verb="raid", unit="nova_patrol", target="red_door",
                                params={"urgent": True})


def test_not_your_unit(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "not one of your units" in reject(ex, verb="surveil", unit="ghost", target="red_door")


def test_target_unknown_to_the_player(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    reason = reject(ex, verb="surveil", unit="crime_squad", target="boss")
    assert "not known to your cell" in reason
    assert "Arben" not in reason  # the reason gives nothing away


def test_outside_jurisdiction():
    def know_boss(raw):
        raw["network"]["known_members"].append("boss")
    ex = Exercise(scenario(know_boss), seed=1)
    assert "outside the jurisdiction" in reject(ex, verb="surveil", unit="crime_squad",
                                                target="boss")


def test_raid_needs_a_warrant(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "No search warrant" in reject(ex, verb="raid", unit="viper", target="red_door")


def test_arrest_needs_a_warrant(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "No arrest warrant" in reject(ex, verb="arrest", unit="viper", target="manager")


def test_warrant_refused_on_intelligence_alone(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert ex.submit(Order("request_warrant", target="manager")).accepted
    assert "already with the prosecutor" in reject(ex, verb="request_warrant", target="manager")
    ex.run_until(5 * 60)
    refused = kinds(ex.events, "warrant.refused")
    assert refused and refused[0].payload["target"] == "manager"


def test_warrant_granted_then_arrest_accepted(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    grant_warrant(ex, "manager")
    assert kinds(ex.events, "warrant.granted")
    assert ex.submit(Order("arrest", "viper", "manager")).accepted


def test_person_orders_need_a_met_person(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "only people your units have met" in reject(ex, verb="interview", unit="crime_squad",
                                                       target="p1")
    assert "has not been met" in reject(ex, verb="identify_victim", target="p1",
                                        params={"decision": True})
    assert "has not been met" in reject(ex, verb="refer_victim", target="p1")


def test_other_verbs_validate(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert "border crossing" in reject(ex, verb="border_alert", target="nova")
    assert "not one of your informants" in reject(ex, verb="task_informant", target="inf_x")
    assert "not known to your cell" in reject(ex, verb="financial_investigation",
                                              unit="fiu_desk", target="lt")
    assert "not known to your cell" in reject(ex, verb="report_misconduct",
                                              target="eagle_soldiers")
    assert ex.submit(Order("border_alert", target="gate")).accepted
    assert ex.submit(Order("task_informant", target="inf_swallow")).accepted


def test_arrest_of_international_personnel_rejected_with_the_channel(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    ex.run_until(6 * 60 + 1)  # the journalist's inject at D1 14:00 names the soldiers
    reason = reject(ex, verb="arrest", unit="viper", target="eagle_soldiers")
    assert "no jurisdiction" in reason and "Eagle Force Military Police" in reason
    assert "report_misconduct" in reason
    result = ex.submit(Order("report_misconduct", target="eagle_soldiers"))
    assert result.accepted
    ex.run_until(ex.now + 3 * 60)
    reported = kinds(ex.events, "misconduct.reported")
    assert reported and reported[0].visibility == "excon"
    taken = kinds(ex.events, "inject.expected_taken")
    assert taken and taken[0].payload["inject_id"] == "i_journalist"


def test_missed_expected_action_releases_the_contingency(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    ex.run_until(ex.end)
    missed = kinds(ex.events, "inject.expected_missed")
    assert [e.payload["inject_id"] for e in missed] == ["i_journalist"]
    injects = [e.payload["inject_id"] for e in kinds(ex.events, "inject")]
    assert "i_reminder" in injects and "i_after_raid" not in injects


def test_order_round_trip_and_bad_orders():
    order = Order("raid", "viper", "red_door", {"support": "ngo_hope", "urgent": True})
    assert Order.from_dict(order.to_dict()) == order
    with pytest.raises(CpxError):
        Order.from_dict({"verb": "nuke"})
    with pytest.raises(CpxError):
        Order.from_dict({"verb": "raid", "when": "now"})


def test_interview_needs_an_interpreter_to_exist():
    def no_interpreters(raw):
        for agency in raw["agencies"]:
            agency.pop("interpreters", None)
    ex = Exercise(scenario(no_interpreters), seed=1)
    assert "interpreter" in reject(ex, verb="interview", unit="crime_squad", target="p1",
                                   params={"interpreter": True})
