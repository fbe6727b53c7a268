"""A victim-centred statement raises, a little, the trust of the people it reaches, so
they say more in interviews (DOMAIN.md §2); an enforcement line or no comment does not."""

from __future__ import annotations

from cpx.engine import Exercise, Order
from cpx.engine.media import STATEMENT_TRUST

from engine_world import grant_warrant, kinds, scenario


def trust_after_interview(line: str, seed: int = 3) -> tuple[dict[str, float], float]:
    """Everyone's hidden trust after a statement, and the interviewed person's after."""
    ex = Exercise(scenario(), seed=seed)
    grant_warrant(ex, "red_door")
    assert ex.submit(Order("raid", "viper", "red_door", {"support": "ngo_hope"})).accepted
    ex.run_until(ex.now + 5 * 60)
    met = [e.payload["person_id"] for e in kinds(ex.events, "person.met")]
    before = {p: ex.world.people[p].trust for p in ex.world.people}
    assert ex.submit(Order("public_statement", target="red_door",
                           params={"line": line})).accepted
    ex.run_until(ex.now + 60)
    # A second statement on the same line adds nothing more.
    assert ex.submit(Order("public_statement", target="red_door",
                           params={"line": line})).accepted
    ex.run_until(ex.now + 60)
    raised = {p: round(ex.world.people[p].trust - before[p], 4) for p in before}
    assert ex.submit(Order("interview", "crime_squad", met[0], {
        "interpreter": True, "separated": True})).accepted
    ex.run_until(ex.now + 100)
    return raised, ex.world.people[met[0]].trust


def test_a_victim_centred_statement_raises_trust_a_little_and_once():
    raised, interviewed = trust_after_interview("victim_centred")
    assert set(raised.values()) <= {0.0, STATEMENT_TRUST}
    assert STATEMENT_TRUST in raised.values()
    for line in ("no_comment", "enforcement"):
        unchanged, plain = trust_after_interview(line)
        assert set(unchanged.values()) == {0.0}
        assert interviewed > plain
