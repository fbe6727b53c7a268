"""The network reacts: a leaked raid finds the victims gone; an arrest cuts a route."""

from __future__ import annotations

from cpx.engine import Exercise, Order

from engine_world import grant_warrant, kinds, scenario


def certain_leak(raw):
    raw["network"]["corrupt_officials"][0]["leak_probability"] = 1.0


def raid(ex: Exercise, unit: str):
    grant_warrant(ex, "red_door")
    result = ex.submit(Order("raid", unit, "red_door", {"support": "ngo_hope"}))
    assert result.accepted, result.reason
    ex.run_until(ex.now + 6 * 60)
    found = [e for e in kinds(ex.events, "raid.result") if e.payload["order_id"] == result.order_id]
    assert len(found) == 1
    return result.order_id, found[0].payload


def test_leaked_raid_finds_the_venue_empty_of_victims_and_key_members():
    ex = Exercise(scenario(certain_leak), seed=3)
    held_before = [p.id for p in ex.world.victims_at("red_door") if p.is_victim]
    assert held_before, "the fixture starts with victims at the bar"
    order_id, result = raid(ex, "nova_patrol")  # the local police: the mole sits there
    leaks = [e for e in kinds(ex.events, "leak") if e.payload["order_id"] == order_id]
    assert leaks and leaks[0].visibility == "excon"
    victims_found = [pid for pid in result["people_found"] if ex.world.people[pid].is_victim]
    assert victims_found == [] and result["arrested"] == []
    moved = [e for e in kinds(ex.events, "victim.moved") if e.payload["reason"] == "pressure"]
    assert {e.payload["person_id"] for e in moved} >= set(held_before)
    assert all(e.payload["to_venue"] == "flat_12" for e in moved)


def test_the_same_raid_by_the_special_unit_finds_them():
    ex = Exercise(scenario(certain_leak), seed=3)
    held_before = [p.id for p in ex.world.victims_at("red_door") if p.is_victim]
    order_id, result = raid(ex, "viper")  # no corrupt official in the special unit
    assert not [e for e in kinds(ex.events, "leak") if e.payload["order_id"] == order_id]
    assert set(held_before) <= set(result["people_found"])
    assert "manager" in result["arrested"]
    # Everyone found is met by the cell; the truth stays in excon events.
    met = {e.payload["person_id"] for e in kinds(ex.events, "person.met")}
    assert met == set(result["people_found"])
    # The conditional inject of the MSEL follows the raid by its hour.
    injects = [e for e in kinds(ex.events, "inject") if e.payload["inject_id"] == "i_after_raid"]
    raid_at = kinds(ex.events, "raid.result")[0].t
    assert [e.t - raid_at for e in injects] == [60]
    # A raid in town raises the alert of the flat next door.
    assert any(e.payload["cell"] == "flat_12" and e.payload["cause"] == "raid_nearby"
               for e in kinds(ex.events, "network.alert"))


def five_days_driver_known(raw):
    raw["meta"]["duration"] = "6d"
    raw["network"]["known_members"].append("driver")


def arrivals(events, start: int, end: int) -> list:
    return [e for e in kinds(events, "truth.person")
            if start <= e.t < end and e.payload["profile"] == "lipa_women"]


def test_arrest_of_the_transporter_cuts_the_route_until_replaced():
    ex = Exercise(scenario(five_days_driver_known), seed=5)
    grant_warrant(ex, "driver")
    result = ex.submit(Order("arrest", "viper", "driver"))
    assert result.accepted
    ex.run_until(ex.end)
    arrested = kinds(ex.events, "member.arrested")
    assert [e.payload["member"] for e in arrested] == ["driver"]
    replaced = kinds(ex.events, "member.replaced")
    assert replaced and replaced[0].payload["replaced_by"] == "driver_successor"
    cut_from, cut_to = arrested[0].t, replaced[0].t
    assert cut_to - cut_from == 2 * 1440
    assert arrivals(ex.events, cut_from, cut_to) == []
    assert arrivals(ex.events, cut_to, ex.end), "the successor reopens the route"
    # Control: without the arrest the same window sees arrivals.
    control = Exercise(scenario(five_days_driver_known), seed=5)
    control.run_until(control.end)
    assert arrivals(control.events, cut_from, cut_to)


def test_border_alert_raises_interdictions():
    def busy_route(raw):
        raw["meta"]["duration"] = "6d"
        raw["network"]["victim_profiles"][0]["rate_per_week"] = 40
        raw["network"]["doctrine"]["reactions"] = []  # no suspension: measure the post alone
    stopped = {True: 0, False: 0}
    for alert in (True, False):
        for seed in range(4):
            ex = Exercise(scenario(busy_route), seed=seed)
            if alert:
                ex.submit(Order("border_alert", target="gate", params={"hours": 144}))
            ex.run_until(ex.end)
            stopped[alert] += len(kinds(ex.events, "victim.interdicted"))
    assert stopped[True] > 3 * max(1, stopped[False])


def test_reactions_follow_the_doctrine_delay():
    ex = Exercise(scenario(certain_leak), seed=3)
    grant_warrant(ex, "red_door")
    ex.submit(Order("raid", "nova_patrol", "red_door"))
    ex.run_until(ex.now + 3 * 60)
    leak = kinds(ex.events, "leak")[0]
    reaction = [e for e in kinds(ex.events, "network.reaction")
                if e.payload["action"] == "move_victims"][0]
    assert reaction.t - leak.t == 30  # the fixture's doctrine: move victims 30m after a leak
