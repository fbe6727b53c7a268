"""The engine's fast paths give exactly what the plain computations give.

Performance changes (docs/performance.md, sweeps) must not change behaviour: these tests
compare each shortcut with the straightforward computation it replaces, on real runs.
The whole-journal check is ``python -m benchmarks.journal_identity --compare``.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from cpx.commands.run import run_exercise
from cpx.journal.scenario_source import open_scenario


@pytest.mark.parametrize("name,seed", [("tutorial", 3), ("glass_lantern", 2)])
def test_state_hash_is_the_hash_of_the_truth(name: str, seed: int) -> None:
    scenario = open_scenario(f"scenarios/{name}.yaml").scenario
    exercise = run_exercise(scenario, seed, "baseline", [], min(int(scenario.meta.duration), 1440))
    text = json.dumps(exercise.truth(), sort_keys=True, separators=(",", ":"))
    assert exercise.state_hash() == hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("name,seed,until", [("glass_lantern", 4, None), ("glass_lantern", 5, 2000),
                                             ("bitter_harvest", 1, None), ("tutorial", 2, 600)])
def test_sweep_scoring_rates_as_the_score_card_does(name: str, seed: int, until: int | None) -> None:
    """The sweep scores only the kinds scoring reads; the card is the one of all events."""
    from cpx.aar.results import objective_results
    from cpx.batch.scoring import score_run

    scenario = open_scenario(f"scenarios/{name}.yaml").scenario
    exercise = run_exercise(scenario, seed, "baseline", [], until or int(scenario.meta.duration))
    events = exercise.events
    assert score_run(scenario, seed, events) == objective_results(events, scenario, seed=seed)


@pytest.mark.parametrize("params", [{"hours": 8}, {"hours": "8"}, {"hours": 8.0}, {"hours": True},
                                    {"hours": -5}, {"hours": "abc"}, {"hourz": 8}, {}])
def test_a_checked_order_is_what_check_order_makes_of_it_every_time(params: dict) -> None:
    """Orders' checks are memoised: the second and third check answer as the first."""
    from cpx.engine.orders import Order
    from cpx.scenario.orders import OrderProblem, check_order

    def plain() -> object:
        try:
            return check_order("surveil", "u_team", " p1 ", params)
        except OrderProblem as problem:
            return problem.message

    def memo() -> object:
        try:
            order = Order("surveil", "u_team", " p1 ", dict(params)).checked()
        except OrderProblem as problem:
            return problem.message
        return (order.verb, order.unit, order.target, order.params)

    assert memo() == plain() and memo() == plain() and memo() == plain()
    for other in ({"hours": 8}, {"hours": True}, {"hours": 8.0}):  # equal in Python, not as details
        try:
            Order("surveil", "u_team", "p1", dict(other)).checked()
        except OrderProblem:
            pass
        assert memo() == plain()
