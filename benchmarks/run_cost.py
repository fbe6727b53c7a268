"""Core time of one sweep run, split into its parts, in one process.

Each part is timed (``time.process_time``: CPU, less disturbed by other jobs than wall
time) around the call a sweep worker makes: building the exercise, playing it to ENDEX
with the baseline policy on every cell, the state hash, the outcome figures, and scoring
every objective into the rows a worker sends (each with its JSON, as ``run_one`` does).
Medians over seeds 1..N after one warm-up run.

    python -m benchmarks.run_cost [N]     # one JSON line: init/play/hash/figures/score/total in ms

Compare two trees by running it in each, alternately, so both see the same load.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    from benchmarks.sweep import build_plan
    from cpx.batch.outcomes import outcome_figures
    from cpx.batch.runner import prepare_worker, scenario_of
    from cpx.batch.scoring import stored_rows
    from cpx.commands.run import play
    from cpx.engine.exercise import Exercise

    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 12
    plan = build_plan("glass_lantern", "30", ["baseline"], None, None)
    series = plan.series[0]
    prepare_worker(plan.payload)  # as a sweep worker: the scenario parsed, the collector tuned
    scenario = scenario_of(plan.payload)
    parts: dict[str, list[float]] = {k: [] for k in ("init", "play", "hash", "figures", "score", "total")}
    clock = time.process_time
    for seed in range(0, count + 1):
        a = clock()
        exercise = Exercise(scenario, seed)
        b = clock()
        orders: list = []
        play(exercise, series.policy, list(series.planned), plan.until, orders)
        c = clock()
        exercise.state_hash()
        d = clock()
        outcome_figures(exercise.events, orders)
        e = clock()
        stored_rows(scenario, exercise.events)
        f = clock()
        if seed == 0:
            continue  # warm-up: the scoring modules are imported on the first run
        for name, value in zip(parts, (b - a, c - b, d - c, e - d, f - e, f - a)):
            parts[name].append(value * 1000)
    print(json.dumps({name: round(statistics.median(values), 1) for name, values in parts.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
