"""Scoring keeps the scenario it read, and never lets the cache stand in for a changed file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpx.aar import scenario_cache
from cpx.aar.scorecard import score_journal
from cpx.cli import main
from cpx.errors import CpxError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path):
    scenario = tmp_path / "tutorial.yaml"
    # another id, so the bundled tutorial is not a candidate for the journal's scenario
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("  id: tutorial\n", "  id: tutorial_copy\n", 1),
                        encoding="utf-8")
    journal = tmp_path / "run.jsonl"
    assert main(["run", str(scenario), "--policy", "baseline", "--seed", "1",
                 "--journal", str(journal)]) == 0
    return scenario, journal


def entries():
    return sorted(scenario_cache.cache_dir().glob("*.json"))


def test_the_second_score_reads_the_kept_scenario(run, monkeypatch, capsys):
    scenario, journal = run
    first = score_journal(journal).to_dict()
    assert len(entries()) == 1

    def no_reading(*_a, **_k):
        raise AssertionError("the scenario file was read again")

    monkeypatch.setattr("cpx.aar.scenario_ref.scenario_for_journal", no_reading)
    assert score_journal(journal).to_dict() == first


def test_a_changed_file_is_refused_even_with_an_entry(run):
    scenario, journal = run
    score_journal(journal)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("P: 0.6, S: 0.4, M: 0.2", "P: 0.7, S: 0.4, M: 0.2", 1),
                        encoding="utf-8")
    with pytest.raises(CpxError, match="Scenario changed|differs"):
        score_journal(journal)


def test_an_entry_of_another_world_is_not_used(run):
    scenario, journal = run
    expected = score_journal(journal).to_dict()
    [entry] = entries()
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["objectives"][0]["title"] = "a different world"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert score_journal(journal).to_dict() == expected
