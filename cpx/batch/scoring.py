"""Scoring one run for a sweep, through the after-action package's public scoring.

The sweep rates a run exactly as ``cpx score --json`` rates its journal, from the run's
events in memory (no journal file needed): through ``cpx.aar.results.objective_results``
where the after-action package has it, else the score card's ``to_dict()`` from
:func:`cpx.aar.scorecard.score_records` (the same entries). Whatever shape an objective's entry has, the sweep
keeps it: :func:`objective_rows` reads ``id`` and ``rating``, the numbers under ``value``
and ``metrics``, and the ``tasks`` (each with its measure, value and rating) when the
card has them, and stores the rest as JSON.
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import Any

_T = attrgetter("t")


_KINDS: dict[int, tuple[Any, frozenset[str]]] = {}
"""The kinds scoring reads, per scenario object (a worker scores one scenario many times)."""


def scored_kinds(scenario: Any) -> frozenset[str]:
    """The event kinds :func:`~cpx.aar.scorecard.score_records` reads for ``scenario``
    (:func:`~cpx.aar.scorecard.kinds_for`, as ``cpx score`` uses to skip journal lines),
    and ENDEX, which dates the end of the run."""
    from cpx.aar.scorecard import kinds_for

    known = _KINDS.get(id(scenario))
    if known is None or known[0] is not scenario:
        known = _KINDS[id(scenario)] = (scenario, frozenset(kinds_for(scenario)) | {"exercise.endex"})
    return known[1]


def score_run(scenario: Any, seed: int, events: list[Any]) -> list[dict[str, Any]]:
    """The score card's objective entries (``cpx score --json``'s ``objectives``).

    Only the events of the kinds scoring reads are handed over (about half of a flagship
    run's events), with the time of the last event as the run's end, exactly what
    ``cpx score`` does with a journal file (it skips the other lines, same card): the
    score card turns every event it is given into a dict and indexes it, so the events
    it never reads were a fifth of scoring's time.
    """
    from cpx.aar.scorecard import score_records

    kinds = scored_kinds(scenario)
    wanted = [event for event in events if event.kind in kinds]
    # the end the score card would take from all the events when ENDEX is not among them
    end = max(map(_T, events), default=0)
    card = score_records({"type": "header", "seed": seed}, wanted, scenario, end=end)
    return [score.to_dict() for score in card.objectives]


def objective_rows(objectives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per objective: id, rating, headline value, measures, and the entry as JSON-ready data.

    ``measures`` is a list of ``(task, measure, value, rating)``: the objective's own
    measures under task ``""``, and each critical task's measure under the task's id.
    """
    rows = []
    for entry in objectives:
        measures: list[tuple[str, str, float | None, str | None]] = []
        tasks = [t for t in entry.get("tasks") or [] if isinstance(t, dict)]
        task_ids = {str(t.get("id")) for t in tasks}
        metrics = entry.get("metrics")
        if isinstance(metrics, dict):
            for name, value in metrics.items():
                if str(name) in task_ids:
                    continue  # a task's value, stored with the task below
                if _number(value) is not None or value is None:
                    measures.append(("", str(name), _number(value), None))
        for n, task in enumerate(tasks):
            task_id = str(task.get("id") or task.get("task") or f"task{n + 1}")
            measure = task.get("measure")
            if isinstance(measure, dict):
                name = measure.get("name") or measure.get("metric") or measure.get("kind") or "measure"
            else:
                name = measure or "value"
            measures.append((task_id, str(name), _number(task.get("value")), task.get("rating")))
        value = _number(entry.get("value"))
        if value is None and "value" not in entry and measures:
            value = measures[0][2]
        rows.append({
            "objective": str(entry.get("id")),
            "rating": str(entry.get("rating")) if entry.get("rating") is not None else None,
            "value": value,
            "measures": _unique(measures),
            "result": _without_evidence(entry),
        })
    return rows


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _unique(measures: list[tuple]) -> list[tuple]:
    seen: dict[tuple[str, str], tuple] = {}
    for item in measures:
        seen.setdefault((item[0], item[1]), item)
    return list(seen.values())


def _without_evidence(value: Any) -> Any:
    """The entry without its event numbers: they point into a journal a sweep does not keep."""
    # containers only are walked (a call a number or a string was most of the time here)
    if isinstance(value, dict):
        return {k: _without_evidence(v) if isinstance(v, _CONTAINERS) else v
                for k, v in value.items() if k != "evidence"}
    if isinstance(value, list):
        return [_without_evidence(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


_CONTAINERS = (dict, list)
