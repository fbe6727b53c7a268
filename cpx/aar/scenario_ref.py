"""Finding and checking the scenario a journal was written against.

Scoring needs the very scenario of the run: objectives, the network's ties and the
injects' expected actions come from it. The journal layer owns the rule for finding it
and refusing a changed file (:func:`cpx.journal.scenario_source.scenario_for_journal`);
this module adapts a header read by the fast scanner to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.reader import ScenarioRef
from cpx.journal.scenario_source import scenario_for_journal
from cpx.scenario.models import Scenario


def scenario_ref(header: dict[str, Any]) -> ScenarioRef:
    """The scenario reference of a header line (as a dict)."""
    ref = header.get("scenario") or {}
    if not ref.get("id") or not ref.get("sha256"):
        raise CpxError("the journal header does not name its scenario", "Damaged journal")
    return ScenarioRef(str(ref["id"]), str(ref.get("version")), str(ref["sha256"]), ref.get("path"))


def load_scenario_for(
    header: dict[str, Any], log_path: str | Path, scenario_path: str | Path | None = None
) -> tuple[Scenario, Path]:
    """The scenario the journal names; refused with the reason if the file has changed."""
    source = scenario_for_journal(
        log_path, scenario_ref(header), None if scenario_path is None else str(scenario_path)
    )
    return source.scenario, source.path
