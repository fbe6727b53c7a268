"""One call from a journal to its objective results, for tools that store them (sweeps).

:func:`objective_results` scores a journal — a file, or the events of an exercise run
in the same process — and returns, per objective, the entry ``cpx score --json``
prints: ``id``, ``rating``, ``metrics`` (each task's value by task id), ``evidence``,
``decided_by`` and ``tasks`` (``id``, ``task``, ``measure``, ``value``, ``thresholds``,
``rating``, ``unit``, ``details``, ``evidence``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from cpx.aar.scorecard import score_journal, score_records
from cpx.scenario.models import Scenario


def objective_results(journal: str | Path | Iterable[Any], scenario: Scenario | None = None,
                      seed: int | None = None) -> list[dict[str, Any]]:
    """The objectives of an exercise, scored: a list of plain-JSON dicts, scenario order.

    ``journal`` is a journal path (its scenario is found and checked as ``cpx score``
    does; ``scenario`` is then ignored) or the events of a run (``Exercise.events``, or
    journal records as dicts), which need ``scenario``.
    """
    if isinstance(journal, (str, Path)):
        card = score_journal(journal)
    else:
        if scenario is None:
            raise ValueError("scoring events needs their scenario")
        card = score_records({"seed": seed}, journal, scenario)
    return [score.to_dict() for score in card.objectives]
