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
from cpx.aar import scenario_cache
from cpx.journal.scenario_source import find_scenario, scenario_for_journal
from cpx.scenario.library import bundled_scenarios_dir
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
    """The scenario the journal names; refused with the reason if the file has changed.

    A file read before for a journal of the same world comes from
    :mod:`cpx.aar.scenario_cache`; any doubt falls back to reading the file.
    """
    ref = scenario_ref(header)
    override = None if scenario_path is None else str(scenario_path)
    candidate = _first_candidate(log_path, ref, override)
    if candidate is not None:
        scenario = scenario_cache.cached(candidate, ref.sha256)
        if scenario is not None:
            return scenario, candidate
    source = scenario_for_journal(log_path, ref, override)
    if candidate is not None and source.path == candidate:
        scenario_cache.remember(candidate, source.scenario)
    return source.scenario, source.path


def _first_candidate(log_path: str | Path, ref: ScenarioRef, override: str | None) -> Path | None:
    """The first existing file :func:`scenario_for_journal` would try (same order)."""
    if override is not None:
        try:
            candidates = [find_scenario(override)]
        except CpxError:
            return None
    else:
        candidates = []
        if ref.path:
            candidates += [Path(ref.path), Path(log_path).parent / Path(ref.path).name]
        candidates.append(bundled_scenarios_dir() / f"{ref.id}.yaml")
    return next((c for c in candidates if c.is_file()), None)
