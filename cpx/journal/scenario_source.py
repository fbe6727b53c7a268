"""Finding and loading the scenario a run or a journal names, with its content hash.

A journal header records the scenario's id, version, SHA-256 and the path it was loaded
from. A replay must run the very same world, so it looks for the file (the recorded
path, the same name beside the journal, the bundled scenario of that id) and refuses any
candidate whose hash differs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.scenario.library import bundled_scenarios_dir, resolve
from cpx.scenario.loader import digest, load_scenario


@dataclass(frozen=True)
class ScenarioSource:
    """A loaded scenario, the file it came from and its digest.

    The digest is :func:`cpx.scenario.loader.digest`: the SHA-256 of the scenario's
    canonical JSON, so re-formatting a file or its comments does not change it, but any
    change to the world does.
    """

    scenario: Any
    path: Path
    sha256: str


def find_scenario(spec: str | os.PathLike[str]) -> Path:
    """The file of ``spec``: an existing path, or the name of a bundled scenario."""
    return resolve(spec)


def open_scenario(spec: str | os.PathLike[str]) -> ScenarioSource:
    """Find, hash and load the scenario ``spec`` names."""
    path = find_scenario(spec)
    scenario = load_scenario(path)
    return ScenarioSource(scenario, path, digest(scenario))


def scenario_for_journal(
    journal_path: str | os.PathLike[str], ref: Any, override: str | None = None
) -> ScenarioSource:
    """The scenario a journal header (``ref``: id, version, sha256, path) was written from.

    ``override`` is a file the user names instead. Every candidate must hash to the
    recorded digest; a file that exists but differs is refused with both hashes.
    """
    candidates: list[Path] = []
    if override is not None:
        candidates.append(find_scenario(override))
    else:
        if ref.path:
            candidates.append(Path(ref.path))
            candidates.append(Path(journal_path).parent / Path(ref.path).name)
        candidates.append(bundled_scenarios_dir() / f"{ref.id}.yaml")
    mismatched: list[str] = []
    seen: set[Path] = set()
    for candidate in candidates:
        if not candidate.is_file() or candidate.resolve() in seen:
            continue
        seen.add(candidate.resolve())
        scenario = load_scenario(candidate)
        found = digest(scenario)
        if found == ref.sha256:
            return ScenarioSource(scenario, candidate, found)
        mismatched.append(f"{candidate} (sha256 {found[:12]}…)")
    if mismatched:
        raise CpxError(
            f"the journal was written from scenario {ref.id!r} version {ref.version} with "
            f"sha256 {ref.sha256[:12]}…, but {', '.join(mismatched)} differs; a replay must "
            "use the same file (give it with --scenario)",
            "Scenario changed",
        )
    raise CpxError(
        f"cannot find scenario {ref.id!r} (looked for {ref.path or ref.id + '.yaml'}); "
        "give the file with --scenario",
        "Scenario not found",
    )
