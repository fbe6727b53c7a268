"""Release from custody (DOMAIN.md §2): a lawful end of a detention besides referral and
return, and a detention after referral that costs the person nothing they should keep."""

from __future__ import annotations

from cpx.engine import Order
from cpx.engine.outcomes import RETRAFFICKED_AFTER

from engine_world import kinds
from test_pathway import DAY, met_after_raid, quick_decision, refer, victims_met


def arrest(ex, pid: str) -> None:
    result = ex.submit(Order("arrest", "crime_squad", pid))
    assert result.accepted, result.reason
    ex.run_until(ex.now + 5)
    assert ex.world.people[pid].status == "in_custody"


def test_release_puts_a_person_back_on_the_street_where_the_network_reaches_them():
    ex, met = met_after_raid(2)
    pid = victims_met(ex, met)[0]
    arrest(ex, pid)
    other = next(p for p in met if p != pid)
    assert ex.submit(Order("release", target=other)).reason == "That person is not in custody."
    result = ex.submit(Order("release", target=pid))
    assert result.accepted, result.reason
    ex.run_until(ex.now + 60)
    person = ex.world.people[pid]
    assert person.status == "met" and person.pathway.custody_since is None
    assert person.pathway.custody_minutes > 0
    released = [e for e in kinds(ex.events, "victim.custody") if e.payload.get("released")]
    assert [e.payload["status"] for e in released] == ["met"]
    assert released[0].visibility == "trainee"
    row = {v["id"]: v for v in ex.picture()["victims"]}[pid]
    assert row["status"] == "met" and "custody_since" not in row
    # Unprotected on the street: the network takes the victim again.
    ex.run_until(ex.now + RETRAFFICKED_AFTER + 60)
    assert person.status == "held"
    assert pid in {e.payload["person_id"] for e in kinds(ex.events, "victim.retrafficked")}


def test_a_person_detained_after_referral_keeps_the_shelter_place_and_the_decision():
    """Referred, then detained across the time the person would have decided: released,
    they go back to the shelter and still decide; a second referral from custody takes
    no second shelter place."""
    for how in ("release", "refer_victim"):
        ex, met = met_after_raid(1, quick_decision)
        pid = victims_met(ex, met)[0]
        refer(ex, pid)
        free = dict(ex.world.shelter_free)
        decides_at = ex.world.people[pid].pathway.decides_at
        arrest(ex, pid)
        ex.run_until(decides_at + 60)
        assert not kinds(ex.events, "victim.consent")  # no free decision in custody
        assert ex.submit(Order(how, target=pid)).accepted
        ex.run_until(ex.now + DAY)
        person = ex.world.people[pid]
        assert person.status == "referred", how
        assert ex.world.shelter_free == free, how
        consent = [e for e in kinds(ex.events, "victim.consent") if e.payload["person_id"] == pid]
        assert len(consent) == 1, how
        assert person.pathway.reflection_ends == kinds(ex.events, "victim.reflection")[0].payload["ends"]
        assert len(kinds(ex.events, "victim.reflection")) == 1
