"""Partner agencies: detention limits, cross-border requests, money, borders, units."""

from __future__ import annotations

from cpx.engine import Exercise, Order

from engine_world import grant_warrant, kinds, scenario


def know(*members):
    def change(raw):
        raw["network"]["known_members"].extend(members)
        raw["meta"]["duration"] = "6d"
    return change


def test_suspect_without_enough_evidence_is_released_at_the_detention_limit():
    ex = Exercise(scenario(know()), seed=1)
    grant_warrant(ex, "red_door")  # a search warrant for the bar, none for its manager
    ex.submit(Order("raid", "viper", "red_door"))
    ex.run_until(ex.now + 2 * 1440 + 6 * 60)
    arrest = [e for e in kinds(ex.events, "arrest.made") if e.payload["member"] == "manager"][0]
    assert arrest.payload["how"] == "caught at the scene"
    assert ex.desk.case_strength("manager") < ex.scenario.legal.warrant_threshold
    released = kinds(ex.events, "suspect.released")
    released = [e for e in released if e.payload["member"] == "manager"]
    assert released and released[0].t - arrest.t == 2 * 1440  # the fixture's detention limit
    people = {p["id"]: p for p in ex.picture("trainee")["people"]}
    assert people["manager"]["status"] == "released"


def test_charged_suspect_stays_in_custody():
    ex = Exercise(scenario(know()), seed=1)
    grant_warrant(ex, "manager", strength=0.6)
    ex.submit(Order("arrest", "viper", "manager"))
    ex.run_until(ex.now + 3 * 1440)
    assert not kinds(ex.events, "suspect.released")
    assert ex.world.members["manager"].status == "charged"


def test_jit_lets_units_act_abroad_after_setup():
    ex = Exercise(scenario(know("recruiter")), seed=1)
    grant_warrant(ex, "recruiter")
    assert "outside the jurisdiction" in ex.submit(Order("arrest", "viper", "recruiter")).reason
    assert ex.submit(Order("cross_border_request", target="recruiter",
                           params={"kind": "jit"})).accepted
    ex.run_until(ex.now + 1440 + 1)  # the fixture's joint_team_setup
    assert kinds(ex.events, "reply")
    assert ex.submit(Order("arrest", "viper", "recruiter")).accepted
    ex.run_until(ex.now + 8 * 60)
    assert [e.payload["member"] for e in kinds(ex.events, "arrest.made")] == ["recruiter"]


def test_mla_arrest_by_partner_police_needs_evidence():
    ex = Exercise(scenario(know("recruiter", "boss")), seed=1)
    grant_warrant(ex, "recruiter")
    ex.submit(Order("cross_border_request", target="recruiter", params={"kind": "mla"}))
    ex.submit(Order("cross_border_request", target="boss", params={"kind": "mla"}))
    ex.run_until(ex.now + 2 * 1440 + 1)
    made = kinds(ex.events, "arrest.made")
    assert [e.payload["member"] for e in made] == ["recruiter"]
    assert made[0].payload["unit"] == "partner_police"


def test_financial_investigation_freezes_the_launderer_and_cuts_bribes():
    ex = Exercise(scenario(know("lt")), seed=1)
    assert ex.submit(Order("financial_investigation", "fiu_desk", "lt")).accepted
    ex.run_until(3 * 1440 + 1)  # two days' work plus the unit's 4h liaison, then a payday
    evidence = [e for e in kinds(ex.events, "evidence.added") if e.payload["kind"] == "financial"]
    assert evidence and evidence[0].payload["suspect"] == "lt"
    assert ex.world.members["lt"].assets_frozen
    revenue = [e.payload["amount"] for e in kinds(ex.events, "network.revenue")]
    held = [e.payload["victims_held"] for e in kinds(ex.events, "network.snapshot")]
    assert revenue[-1] < revenue[0] * held[-1] / held[0]  # less per victim than before
    # Less money for bribes: the mole now leaks only half as often.
    mole = ex.leaks.officials[0]
    assert ex.leaks.chance(mole) == mole.leak_probability / 2


def test_reported_soldiers_stop_visiting():
    ex = Exercise(scenario(know()), seed=1)
    ex.run_until(6 * 60 + 1)
    ex.submit(Order("report_misconduct", target="eagle_soldiers"))
    ex.run_until(ex.now + 3 * 60)
    reported_at = kinds(ex.events, "misconduct.reported")[0].t
    ex.run_until(ex.end)
    assert "eagle_soldiers" in ex.world.misconduct_reported
    days_after = [e for e in kinds(ex.events, "client.visits") if e.t > reported_at + 1440]
    assert days_after and all("eagle_soldiers" not in e.payload["visits"] for e in days_after)


def test_units_travel_the_shortest_path_and_report_status(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    ex.submit(Order("surveil", "viper", "red_door", {"hours": 2}))
    ex.run_until(ex.now + 1)
    status = [e.payload for e in kinds(ex.events, "unit.status") if e.payload["unit"] == "viper"]
    assert status[-1]["status"] == "en_route" and status[-1]["eta"] == 120  # capital→nova 2h
    ex.run_until(121)
    assert ex.world.units["viper"].location == "nova"
    ex.run_until(6 * 60)
    assert ex.world.units["viper"].status == "available"


def test_ended_exercise_takes_no_orders(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    ex.run_until(ex.end)
    result = ex.submit(Order("task_informant", target="inf_swallow"))
    assert not result.accepted and "ENDEX" in result.reason
