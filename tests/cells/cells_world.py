"""A three-cell variant of the tutorial, written as a director would: the tutorial file
with a ``cells:`` section (the police, the victim-support NGO, the prosecutor)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cpx.scenario import check_text

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"

CELLS = """
cells:
  - id: trainee
    name: Velinor police commander
    agencies: [vps_velinor]
    policy: baseline
    objectives: [obj_identification, obj_referral]
  - id: support
    name: Safe Harbour liaison
    agencies: [safe_harbour]
    mission: Take the people the police refer and keep them safe.
  - id: prosecution
    name: Duty prosecutor
    agencies: [prosecutor]
    policy: baseline
"""


def cells_text() -> str:
    """The tutorial with three cells instead of meta.player_cells."""
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "  player_cells: [trainee]\n" in text
    return text.replace("  player_cells: [trainee]\n", "") + CELLS


@lru_cache(maxsize=1)
def cells_scenario():
    result = check_text(cells_text(), "cells.yaml")
    assert result.ok, [p.message for p in result.problems]
    return result.scenario


def write_scenario(directory: Path) -> Path:
    path = directory / "three_cells.yaml"
    path.write_text(cells_text(), encoding="utf-8")
    return path
