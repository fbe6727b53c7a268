"""Disruption displaces (DOMAIN §3, §6): an inspection, or a raid that cannot take everyone
out, leaves people to the network, which moves them; reactions limited to kinds of venue
and with named destinations; the cell learns of moves only from later reports."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise
from cpx.engine import events as ev
from cpx.engine.victims import interview_trust

from engine_world import grant_warrant, kinds, scenario

MOVE = {"trigger": "inspection", "threshold": 0.2, "action": "move_victims",
        "probability": 1.0, "delay": "1h"}
HIDEOUT = {"id": "hideout", "name": "Farmhouse, Dravograd road", "kind": "private_house",
           "location": "capital", "exploitation": "sexual", "capacity": 10,
           "manager": "manager", "revenue_per_victim_day": 20}


def _world(*rules, hideout=False, accuracy=None, patrol_size=None):
    def change(raw) -> None:
        raw["agencies"][0]["units"][0]["capabilities"].append("inspection")
        raw["network"]["corrupt_officials"] = []
        raw["network"]["doctrine"]["reactions"] = [dict(r) for r in rules]
        if hideout:
            raw["network"]["venues"].append(dict(HIDEOUT))
        if accuracy is not None:
            raw["informants"][0]["accuracy"] = accuracy
        if patrol_size is not None:
            raw["agencies"][0]["units"][1]["size"] = patrol_size
    return scenario(change)


def _inspect(ex: Exercise, until: int = 12 * 60):
    assert ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "red_door"}).accepted
    ex.run_until(until)
    return kinds(ex.events, "inspection.result")[0].payload


def test_after_an_inspection_the_network_moves_the_people_who_stayed():
    moved_any = False
    for seed in range(1, 6):
        ex = Exercise(_world(MOVE), seed=seed)
        result = _inspect(ex)
        stayed = set(result["stayed"])
        moves = [e for e in kinds(ex.events, "victim.moved") if e.payload["reason"] == "pressure"]
        assert all(e.visibility == "excon" for e in moves)  # ground truth for the director
        moved = {e.payload["person_id"] for e in moves}
        assert moved <= stayed  # those who asked for help left with the inspectors
        victims_stayed = {p for p in stayed if ex.world.people[p].is_victim}
        assert moved == victims_stayed  # every victim left behind was taken away
        moved_any = moved_any or bool(moved)
        # The cell is told nothing of the move itself.
        for e in ex.events:
            if e.visibility == "trainee":
                assert e.kind != "victim.moved" and not ev.truth_keys_in(e.payload)
    assert moved_any


def test_some_people_ask_the_inspectors_for_help_and_are_met():
    asked = victims = 0
    for seed in range(1, 13):
        ex = Exercise(_world(), seed=seed)
        result = _inspect(ex, 6 * 60)
        for pid in result["asked_for_help"]:
            person = ex.world.people[pid]
            assert person.status == "met" and pid in ex.picture_of().victims
            victims += person.is_victim
        for pid in result["stayed"]:
            assert ex.world.people[pid].status == "held"  # still the network's
            assert ex.picture_of().is_seen(pid)
        asked += len(result["asked_for_help"])
    assert victims > 0
    assert asked > 0


def test_destinations_name_where_the_network_takes_people():
    ex = Exercise(_world(dict(MOVE, destinations=["hideout"]), hideout=True), seed=3)
    _inspect(ex)
    moves = [e.payload for e in kinds(ex.events, "victim.moved") if e.payload["reason"] == "pressure"]
    assert moves and all(m["to_venue"] == "hideout" for m in moves)
    # A location as destination: a venue of the network there.
    ex = Exercise(_world(dict(MOVE, destinations=["capital"]), hideout=True), seed=3)
    _inspect(ex)
    moves = [e.payload for e in kinds(ex.events, "victim.moved") if e.payload["reason"] == "pressure"]
    assert moves and all(m["to_venue"] == "hideout" for m in moves)


def test_venue_kinds_limit_a_reaction():
    for kinds_given, fires in ((["farm"], False), (["bar"], True), ([], True)):
        ex = Exercise(_world(dict(MOVE, venue_kinds=kinds_given)), seed=2)
        _inspect(ex)
        reactions = [e for e in kinds(ex.events, "network.reaction")
                     if e.payload["trigger"] == "inspection"]
        assert bool(reactions) == fires, kinds_given


def test_informants_report_the_move_graded_as_usual():
    reports = []
    for seed in range(1, 6):
        ex = Exercise(_world(dict(MOVE, destinations=["hideout"]), hideout=True, accuracy=1.0),
                      seed=seed)
        _inspect(ex, 2 * 1440)
        moved = [e for e in kinds(ex.events, "report.informant")
                 if e.payload["subject_kind"] == "moved"]
        for e in moved:
            assert e.visibility == "trainee" and not ev.truth_keys_in(e.payload)
            assert e.payload["partner"] == "hideout" and "Farmhouse" in e.payload["text"]
            assert e.payload["source_grade"] and e.payload["credibility"] in range(1, 7)
            # The cell now knows the place and its town, so it can act on it.
            assert ex.picture_of().places["hideout"]["location"] == "capital"
        reports += moved
    assert reports


def _trust_after(ex, pid, separated):
    person = ex.world.people[pid]
    before = person.trust
    order = {"verb": "interview", "unit": "viper", "target": pid,
             "params": {"separated": separated}}
    result = ex.submit(order)
    assert result.accepted, result.reason
    enforcer_there = "enforcer" in ex.network.members_at("red_door")
    ex.run_until(ex.now + 6 * 60)
    return before, person.trust, enforcer_there


def test_the_enforcer_present_penalty_fires_on_site_after_an_inspection():
    for seed in range(1, 20):
        ex = Exercise(_world(), seed=seed)
        result = _inspect(ex, 6 * 60)
        if len(result["stayed"]) >= 2:
            break
    first, second = result["stayed"][:2]
    before, after, there = _trust_after(ex, first, separated=False)
    assert there
    person = ex.world.people[first]
    person.trust = before
    expected = interview_trust(person, 0.8, False, False, False, False, True)
    assert after == expected  # the enforcer on site weighed on the interview
    before, after, _ = _trust_after(ex, second, separated=True)
    person = ex.world.people[second]
    person.trust = before
    assert after == interview_trust(person, 0.8, False, False, True, False, False)


def test_a_raid_with_too_few_officers_leaves_people_to_the_network():
    ex = Exercise(_world(patrol_size=1), seed=1)
    held = [p.id for p in ex.world.victims_at("red_door")]
    assert len(held) > 2
    grant_warrant(ex, "red_door")
    # The enforcer keeps away from the bar during the raid (a warning) and comes back later.
    ex.world.members["enforcer"].avoiding_until = ex.now + 8 * 60
    assert ex.submit({"verb": "raid", "unit": "nova_patrol", "target": "red_door"}).accepted
    ex.run_until(ex.now + 4 * 60)
    result = kinds(ex.events, "raid.result")[0].payload
    left = result["left_behind"]
    assert len(left) == len(result["people_found"]) - 2 and "stayed behind" in result["text"]
    assert all(ex.picture_of().is_seen(p) for p in left)
    assert all(ex.world.people[p].status == "held" for p in left)
    ex.run_until(ex.now + 8 * 60)  # the enforcer is back
    before, after, there = _trust_after(ex, left[0], separated=False)
    assert there
    person = ex.world.people[left[0]]
    person.trust = before
    assert after == interview_trust(person, 0.8, False, False, False, False, True)


def test_a_person_moved_away_is_not_found_on_site():
    for seed in range(1, 10):
        ex = Exercise(_world(MOVE), seed=seed)
        result = _inspect(ex)
        gone = [p for p in result["stayed"] if ex.world.people[p].is_victim]
        if gone:
            break
    assert ex.submit({"verb": "interview", "unit": "viper", "target": gone[0]}).accepted
    ex.run_until(ex.now + 6 * 60)
    told = kinds(ex.events, "person.gone")
    assert told and told[0].visibility == "trainee" and told[0].payload["person_id"] == gone[0]
    assert ex.picture_of().seen[gone[0]]["status"] == "gone"
    assert not kinds(ex.events, "interview.result")


def test_displacement_is_deterministic():
    def run():
        ex = Exercise(_world(MOVE, dict(MOVE, action="displace", threshold=0.25, delay="3h"),
                             hideout=True), seed=7)
        _inspect(ex, 2 * 1440)
        return [(e.t, e.kind, e.visibility, repr(e.payload)) for e in ex.events]
    assert run() == run()


WALK_IN = {"id": "walk_in", "at": "D1 10:00", "type": "event", "channel": "in_person",
           "from": "nova_police", "text": "A young woman walked into the station and asks for help.",
           "person": {"role": "victim", "where": "nova", "sex": "female", "age": 17,
                      "nationality": "morav", "exploitation": "sexual",
                      "documents_withheld": True, "from_venue": "red_door", "trust": 0.7}}


def _walk_in(**person):
    def change(raw) -> None:
        inject = dict(WALK_IN, person=dict(WALK_IN["person"], **person))
        raw["injects"] = [inject]
    return scenario(change)


def test_an_inject_brings_a_person_the_cell_can_interview_identify_and_refer():
    ex = Exercise(_walk_in(), seed=1)
    ex.run_until(3 * 60)
    came = kinds(ex.events, "person.came_forward")
    assert len(came) == 1 and came[0].visibility == "trainee"
    pid = came[0].payload["person_id"]
    met = [e for e in kinds(ex.events, "person.met") if e.payload["person_id"] == pid]
    assert met and met[0].payload["where"] == "nova" and "girl" not in met[0].payload["description"]
    truth = [e for e in kinds(ex.events, "truth.person") if e.payload["person_id"] == pid][0]
    assert truth.visibility == "excon" and truth.payload["is_victim"] and truth.payload["minor"]
    person = ex.world.people[pid]
    assert (person.sex, person.age, person.origin, person.exploitation) == (
        "female", 17, "morav", "sexual")
    for e in ex.events:
        if e.visibility == "trainee":
            assert not ev.truth_keys_in(e.payload)
    for order in ({"verb": "interview", "unit": "viper", "target": pid, "params": {"ngo": True}},
                  {"verb": "identify_victim", "target": pid,
                   "params": {"decision": True, "act": True, "purpose": True}},
                  {"verb": "refer_victim", "target": pid}):
        result = ex.submit(order)
        assert result.accepted, result.reason
        ex.run_until(ex.now + 8 * 60)
    assert person.status == "referred"


def test_a_witness_brought_in_is_not_a_victim():
    ex = Exercise(_walk_in(role="witness", age=40, sex="male", documents_withheld=False),
                  seed=1)
    ex.run_until(3 * 60)
    pid = kinds(ex.events, "person.came_forward")[0].payload["person_id"]
    assert not ex.world.people[pid].is_victim
    assert "A man" in kinds(ex.events, "person.met")[-1].payload["description"]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_every_person_found_is_met_or_left_and_only_those_left_are_moved(seed):
    ex = Exercise(_world(MOVE), seed=seed)
    result = _inspect(ex)
    asked, stayed = set(result["asked_for_help"]), set(result["stayed"])
    assert not asked & stayed and asked | stayed == set(result["people_found"])
    moved = {e.payload["person_id"] for e in kinds(ex.events, "victim.moved")
             if e.payload["reason"] == "pressure"}
    assert moved <= stayed
    for e in ex.events:
        if e.visibility == "trainee":
            assert not ev.truth_keys_in(e.payload)
