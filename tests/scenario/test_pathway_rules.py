"""The scenario's pathway rules (legal.pathway): read, defaulted, and misuse located."""

from __future__ import annotations

from pathlib import Path

from cpx.cli import main
from cpx.scenario import load_scenario

FIXTURE = Path(__file__).parents[1] / "engine" / "fixture.yaml"


def _with_legal(tmp_path: Path, extra: str) -> tuple[Path, int]:
    """The fixture with ``extra`` lines added under ``legal:``; and the line they start at."""
    lines = FIXTURE.read_text().splitlines()
    at = lines.index("legal:") + 1
    lines[at:at] = extra.strip("\n").splitlines()
    path = tmp_path / "scenario.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path, at + 1


def test_defaults_follow_the_doctrine():
    rules = load_scenario(FIXTURE).legal.pathway
    assert rules.decision_after == 2 * 1440
    assert rules.retrafficking_after_safe_return < rules.retrafficking_after_return


def test_a_decision_after_the_reflection_period_is_located(tmp_path, capsys):
    path, line = _with_legal(tmp_path, "  reflection_period: 10d\n  pathway:\n"
                                       "    decision_after: 12d\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert (f"{path}:{line + 2}:21: legal.pathway.decision_after: victims decide within the "
            "reflection period (10d); decision_after (12d) is longer") in out


def test_an_unknown_or_out_of_range_pathway_field_is_located(tmp_path, capsys):
    path, line = _with_legal(tmp_path, "  pathway:\n    cooperation: 1.5\n    reflexion: 3d\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line + 1}:18: legal.pathway.cooperation:" in out
    assert f"{path}:{line + 2}:" in out and "reflexion" in out


def test_the_bundled_scenarios_stay_valid(capsys):
    assert main(["validate", "glass_lantern", "tutorial"]) == 0
