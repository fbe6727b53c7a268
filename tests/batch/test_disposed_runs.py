"""A sweep's worker disposes of each run's exercise after scoring it
(:meth:`cpx.engine.exercise.Exercise.dispose`): its row is the same as the plain one."""

from __future__ import annotations

from cpx.batch.plan import build_plan
from cpx.batch.runner import run_one
from cpx.commands.run import play
from cpx.engine.exercise import Exercise


def test_a_disposed_run_gave_the_same_results_as_a_plain_one(tutorial):
    """run_one disposes of its exercise after scoring: its row equals one played and
    scored here without disposing (the plain computation)."""
    from cpx.batch.outcomes import outcome_figures
    from cpx.batch.runner import scenario_of
    from cpx.batch.scoring import stored_rows

    plan = build_plan(str(tutorial), "2", ["baseline"], None, "12h")
    series = plan.series[0]
    for seed in (1, 2):
        row = run_one(plan.payload, series, seed, plan.until)
        sc = scenario_of(plan.payload)
        ex = Exercise(sc, seed)
        orders: list = []
        play(ex, series.policy, list(series.planned), plan.until, orders)
        assert row["status"] == "ok"
        assert row["state_hash"] == ex.state_hash()
        assert row["figures"] == outcome_figures(ex.events, orders)
        assert row["objectives"] == stored_rows(sc, ex.events)
