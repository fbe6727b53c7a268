"""Calibration of a scenario's objectives: are they too easy to pass by doing nothing?

``cpx validate --calibrate`` plays the scenario with the ``passive`` policy (no order at
all) and the ``baseline`` policy (a sound scripted investigator) over a few seeds and
rates every run. An objective is suspect when

* the passive commander is rated **P** in most seeds — unless the objective is a rule of
  restraint (``needs_action: false``), where doing nothing cannot be faulted; inaction
  is never success (DOMAIN.md §8);
* the baseline commander never reaches **S** — the thresholds may be out of reach.

This module judges the ratings; the playing is handed in (see
:mod:`cpx.commands.validate`), so the after-action layer needs no engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from cpx.aar.scorecard import score_records
from cpx.scenario.models import Scenario

POLICIES = ("passive", "baseline")


@dataclass
class Calibration:
    """The ratings of each objective under each policy, seed by seed, and the warnings."""

    scenario: Scenario
    seeds: tuple[int, ...]
    ratings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """policy -> objective id -> one rating per seed."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(objective id, what is suspect), in the scenario's order."""

    def lines(self) -> list[str]:
        """A table of the ratings, then the warnings, as ``cpx validate`` prints them."""
        head = f"calibration over seeds {', '.join(map(str, self.seeds))}:"
        width = max((len(o.id) for o in self.scenario.objectives), default=10)
        out = [head, f"  {'objective'.ljust(width)}  passive{' ' * 8}baseline"]
        for objective in self.scenario.objectives:
            cells = [" ".join(self.ratings[p][objective.id]).ljust(14) for p in POLICIES]
            out.append(f"  {objective.id.ljust(width)}  {cells[0]} {cells[1]}")
        for objective, message in self.warnings:
            out.append(f"warning: objectives.{objective}: {message}")
        if not self.warnings:
            out.append("no objective is passed by doing nothing, and the baseline can reach S on each")
        return out


def calibrate(scenario: Scenario, seeds: Iterable[int],
              play: Callable[[Scenario, int, str], list]) -> Calibration:
    """Rate ``scenario`` under each policy for each seed; ``play`` returns a run's events."""
    result = Calibration(scenario, tuple(seeds))
    for policy in POLICIES:
        per = result.ratings.setdefault(policy, {o.id: [] for o in scenario.objectives})
        for seed in result.seeds:
            card = score_records({"seed": seed}, play(scenario, seed, policy), scenario)
            for score in card.objectives:
                per[score.id].append(score.rating)
    result.warnings = judge(scenario, result.ratings)
    return result


def judge(scenario: Scenario, ratings: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """The warnings for the ratings of :func:`calibrate`."""
    found = []
    for objective in scenario.objectives:
        passive = ratings["passive"][objective.id]
        baseline = ratings["baseline"][objective.id]
        passed = sum(r == "P" for r in passive)
        if objective.needs_action and passed * 2 > len(passive):
            found.append((objective.id, f"a commander who gives no order is rated P in {passed} "
                          f"of {len(passive)} seeds; measure the harm done meanwhile (a 'harm' "
                          "task) or state the occasion (N/O) — or mark it needs_action: false "
                          "if it is a rule of restraint"))
        if not any(r in ("P", "S") for r in baseline):
            found.append((objective.id, "the baseline investigator never reaches S "
                          f"({' '.join(baseline)}); the thresholds may be out of reach"))
    return found
