"""Scoring one run for a sweep, through the after-action package's public scoring.

The sweep rates a run exactly as ``cpx score --json`` rates its journal, from the run's
events in memory (no journal file needed): :func:`score_run` gives the entries of
``cpx.aar.results.objective_results`` (the score card's ``to_dict()``), and
:func:`stored_rows` the rows a worker sends, built straight from the same scores with
less work (``tests/batch/test_sweep_scoring_paths.py`` holds both to the card). Whatever
shape an objective's entry has, the sweep keeps it: :func:`objective_rows` reads ``id``
and ``rating``, the numbers under ``value`` and ``metrics``, and the ``tasks`` (each with
its measure, value and rating) when the card has them, and stores the rest as JSON.
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import Any

from cpx.aar.scorecard import ObjectiveScore
from cpx.journal.events import NATIVE, Event

_T = attrgetter("t")


_KINDS: dict[int, tuple[Any, frozenset[str]]] = {}
"""The kinds scoring reads, per scenario object (a worker scores one scenario many times)."""


def scored_kinds(scenario: Any) -> frozenset[str]:
    """The event kinds :func:`rated` reads for ``scenario``: of those
    :func:`~cpx.aar.scorecard.kinds_for` names (as ``cpx score`` uses to skip journal
    lines), the ones the tasks' measures read or name and those of the metrics the tasks
    rate (:data:`~cpx.aar.metrics.METRIC_KINDS`), and ENDEX, which dates the end of the run."""
    from cpx.aar.measures import BASE_KINDS, kinds_named
    from cpx.aar.metrics import METRIC_KINDS
    from cpx.aar.scorecard import kinds_for, rated_metrics

    known = _KINDS.get(id(scenario))
    if known is None or known[0] is not scenario:
        read = set(BASE_KINDS) | kinds_named(scenario) | {"exercise.endex"}
        for name in rated_metrics(scenario):
            read |= METRIC_KINDS[name]
        kinds = (frozenset(kinds_for(scenario)) & read) | {"exercise.endex"}
        known = _KINDS[id(scenario)] = (scenario, kinds)
    return known[1]


def score_run(scenario: Any, seed: int, events: list[Any]) -> list[dict[str, Any]]:
    """The score card's objective entries (``cpx score --json``'s ``objectives``), for
    the events of an exercise run in this process (``Exercise.events``).

    The same entries as :func:`cpx.aar.scorecard.score_records` gives, with less work
    (see :func:`rated`): ``tests/batch/test_sweep_scoring_paths.py`` compares the two.
    """
    return [score.to_dict() for score in rated(scenario, events)]


def rated(scenario: Any, events: list[Any], evidence: bool = True) -> tuple[ObjectiveScore, ...]:
    """The objective scores of a run's events (``Exercise.events``), as the score card
    rates them, without the work whose result a sweep never keeps.

    Only the events of the kinds scoring reads are handed over (about half of a flagship
    run's events), with the time of the last event as the run's end, exactly what
    ``cpx score`` does with a journal file (it skips the other lines, same card). They
    are already in sequence order (no sort); only the metrics the tasks rate are computed
    (the flagship rates one of fourteen); the tasks' report sentences are not written;
    without ``evidence`` no task lists its events (a stored row drops them).
    """
    from cpx.aar.measures import JournalView, group_by_kind
    from cpx.aar.metrics import events_of, metrics_of_events
    from cpx.aar.scorecard import rate_objectives, rated_metrics

    kinds = scored_kinds(scenario)
    gathered = gather_events(events, kinds) if NATIVE else None
    if gathered is not None:  # compiled: one pass reading the events' fields directly
        wanted, by_kind, last = gathered
        end = None if "exercise.endex" in by_kind else last
    else:
        wanted = events_of([event for event in events if event.kind in kinds], ordered=True)
        by_kind = group_by_kind(wanted)
        # the end the score card would take from all the events when ENDEX is not among them
        end = None if "exercise.endex" in by_kind else max(map(_T, events), default=0)
    metrics = metrics_of_events(wanted, scenario, by_kind, rated_metrics(scenario))
    view = JournalView(wanted, scenario, end, by_kind, sentences=False, evidence=evidence)
    return rate_objectives(view, metrics)


_TEMPLATE = {"type": "event", "t": 0, "seq": 0, "kind": "", "visibility": "", "payload": None}
"""An event's dict (:func:`cpx.aar.metrics.events_of`): copied, then its fields set (cheaper
than a dict built key by key)."""


def gather_events(events: list[Any], kinds: frozenset[str]
                  ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], int] | None:
    """The run's events of ``kinds`` as :func:`~cpx.aar.metrics.events_of` gives them
    (``ordered``), the same grouped by kind (:func:`~cpx.aar.measures.group_by_kind`), and
    the latest time of all the events (0 when none): what :func:`rated` does in three passes
    and a filter, in one. None when a record is not an :class:`~cpx.journal.events.Event`.

    Used compiled (:data:`~cpx.journal.events.NATIVE`), where an event's fields are read
    as the struct's fields; interpreted, the passes it replaces run at C speed and are
    cheaper (``tests/batch/test_scoring_gather.py`` compares the two).
    """
    wanted: list[dict[str, Any]] = []
    by_kind: dict[str, list[dict[str, Any]]] = {}
    last = 0
    seen = False
    template = _TEMPLATE
    for record in events:
        if not isinstance(record, Event):
            return None
        t = record.t
        if not seen or t > last:
            last = t
            seen = True
        kind = record.kind
        if kind not in kinds:
            continue
        event = template.copy()
        event["t"] = t
        event["seq"] = record.seq
        event["kind"] = kind
        event["visibility"] = record.visibility
        event["payload"] = record.payload
        wanted.append(event)
        group = by_kind.get(kind)
        if group is None:
            by_kind[kind] = [event]
        else:
            group.append(event)
    return wanted, by_kind, last


def stored_rows(scenario: Any, events: list[Any]) -> list[dict[str, Any]]:
    """``objective_rows(score_run(...))`` with each entry as its stored JSON text
    (``result_json``, :func:`cpx.batch.store.result_text`) instead of ``result``: the
    rows a sweep's worker sends, built straight from the objective scores (no event
    numbers gathered only to be dropped, no entry built and copied to drop them; the
    text written from fragments made once, :mod:`cpx.batch.row_json`)."""
    from cpx.batch.row_json import entry_json

    rows = []
    for score in rated(scenario, events, evidence=False):
        tasks = score.tasks
        decisive = score.decisive
        metrics: dict[str, Any] = {t.task.id: t.value for t in tasks}
        if score.objective.legacy:
            metrics.update(decisive.details)
        # as _row reads the entry: the objective's own measures (its metrics that are no
        # task's value), then each task's
        measures: list[tuple[str, str, float | None, str | None]] = []
        task_ids = {str(t.task.id) for t in tasks}
        for name, value in metrics.items():
            if str(name) in task_ids:
                continue
            number = _number(value)
            if number is not None or value is None:
                measures.append(("", str(name), number, None))
        for n, t in enumerate(tasks):
            task = t.task
            measures.append((str(task.id or task.task or f"task{n + 1}"), str(task.measure or "value"),
                             _number(t.value), t.rating))
        rating = score.rating
        rows.append({
            "objective": str(score.objective.id),
            "rating": str(rating) if rating is not None else None,
            "value": _number(decisive.value),
            "measures": _unique(measures),
            "result_json": entry_json(score, metrics, _without_evidence),
        })
    return rows


def objective_rows(objectives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per objective: id, rating, headline value, measures, and the entry as JSON-ready data.

    ``measures`` is a list of ``(task, measure, value, rating)``: the objective's own
    measures under task ``""``, and each critical task's measure under the task's id.
    """
    return [_row(entry) for entry in objectives]


def _row(entry: dict[str, Any], result: dict[str, Any] | None = None) -> dict[str, Any]:
    """The row of one objective's entry (see :func:`objective_rows`); ``result`` is the
    entry without its evidence when the caller built it so."""
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
    return {
        "objective": str(entry.get("id")),
        "rating": str(entry.get("rating")) if entry.get("rating") is not None else None,
        "value": value,
        "measures": _unique(measures),
        "result": _without_evidence(entry) if result is None else result,
    }


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
