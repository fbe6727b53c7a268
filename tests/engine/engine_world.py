"""Shared helpers for the engine tests: the fixture world and ways to vary it.

Imported by name (``from engine_world import …``): pytest puts this directory on the path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from cpx.engine import Exercise
from cpx.engine.operations import add_evidence
from cpx.scenario.models import Scenario

FIXTURE = Path(__file__).with_name("fixture.yaml")
_RAW = yaml.safe_load(FIXTURE.read_text())


def scenario(change: Callable[[dict[str, Any]], None] | None = None) -> Scenario:
    """The fixture scenario, optionally changed (on a fresh copy of its raw data) first."""
    raw = yaml.safe_load(yaml.safe_dump(_RAW))
    if change is not None:
        change(raw)
    return Scenario.model_validate(raw)


def kinds(events, kind: str) -> list:
    """The events of one kind."""
    return [e for e in events if e.kind == kind]


def grant_warrant(ex: Exercise, target: str, strength: float = 0.5) -> None:
    """Put court evidence on file against ``target`` and have the prosecutor grant a warrant."""
    add_evidence(ex, target, "document", strength, "test evidence", "trainee")
    result = ex.submit({"verb": "request_warrant", "target": target})
    assert result.accepted, result.reason
    ex.run_until(ex.now + int(ex.scenario.legal.warrant_processing) + 1)
    assert ex.world.warrants[target] == "granted"
