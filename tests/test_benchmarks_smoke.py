"""The benchmark runs and reports its six figures; scaled scenarios are sound worlds.

Timings are not asserted (they belong to the benchmark, not to tests): only that the
figures exist, are positive, and that a 10× network really is ten times the network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# benchmarks/ is not part of the installed package: import it from the repository
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.engine import main  # noqa: E402
from benchmarks.scaled import scale_scenario  # noqa: E402
from cpx.engine.exercise import Exercise  # noqa: E402
from cpx.journal.scenario_source import open_scenario  # noqa: E402
from cpx.scenario.checks import check  # noqa: E402

KEYS = {
    "engine_events_per_s",
    "simpy_events_per_s",
    "ratio",
    "flagship_5d_s",
    "scale_10x_over_1x",
    "scale_100x_over_1x",
}


def test_scaled_network_is_replicated_with_new_ids():
    scenario = open_scenario("glass_lantern").scenario
    scaled = scale_scenario(scenario, 10)
    for key in ("members", "ties", "venues", "routes", "victim_profiles", "clients", "corrupt_officials"):
        assert len(getattr(scaled.network, key)) == 10 * len(getattr(scenario.network, key))
    assert len(scaled.informants) == 10 * len(scenario.informants)
    ids = [m.id for m in scaled.network.members]
    assert len(ids) == len(set(ids))
    assert scaled.region == scenario.region and scaled.agencies == scenario.agencies
    assert check(scaled) == []  # every copied reference points at its own copy
    exercise = Exercise(scaled, 1)
    exercise.run_until(6 * 60)
    assert exercise.events


def test_json_has_exactly_the_six_figures(capsys):
    assert main(["--json", "--runs", "1", "--until", "6h", "--scale-until", "1h"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == KEYS
    assert all(value > 0 for value in figures.values())


def test_run_cost_reports_each_part_of_a_sweep_run(capsys):
    from benchmarks.run_cost import main as run_cost

    assert run_cost(["1"]) == 0
    parts = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(parts) == {"init", "play", "hash", "figures", "score", "total"}
    assert all(value > 0 for value in parts.values())
    assert parts["total"] >= max(value for name, value in parts.items() if name != "total")


def test_run_instructions_plays_the_runs_it_counts(monkeypatch):
    """The part valgrind counts plays real runs (a failed run stops it); without valgrind
    the benchmark says so and exits 1 instead of printing a count."""
    from benchmarks import run_instructions

    import cpx.batch.runner as runner

    played = []

    original = runner.run_one

    def counting(payload, series, seed, until, keep_journal=False):
        row = original(payload, series, seed, until, keep_journal)
        played.append((seed, row["status"], row["state_hash"]))
        return row

    monkeypatch.setattr(runner, "run_one", counting)
    assert run_instructions.main(["--runs", "2", "--scenario", "tutorial", "--measured-by-callgrind"]) == 0
    assert [seed for seed, _status, _hash in played] == [0, 1, 2]
    assert all(status == "ok" and state for _seed, status, state in played)

    monkeypatch.setattr(run_instructions.shutil, "which", lambda name: None)
    assert run_instructions.main(["--runs", "1"]) == 1
