"""The score card: every objective of the scenario, measured and rated.

:func:`score_records` is a pure function of the journal's header, its records and the
scenario: the same journal always gives the same card. :func:`score_journal` reads a
journal file (tolerating a damaged tail, with a warning) and finds its scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, SupportsIndex

from cpx.aar.fast_pass import fast_scan, fast_scan_while_checking, paused_gc
from cpx.aar.measures import BASE_KINDS, JournalView, TaskScore, group_by_kind, kinds_named, measure_task
from cpx.aar.metrics import KINDS_USED, MetricValue, events_of, metrics_of_events, scan_kinds
from cpx.aar.ratings import MEANING, NOT_OBSERVED
from cpx.aar.scenario_ref import load_scenario_for
from cpx.errors import CpxError
from cpx.scenario.models import Objective, Scenario


RATING_ORDER = {"P": 0, "S": 1, "M": 2, "U": 3}
"""Best to worst: an objective takes the rating of its worst observed task."""


@dataclass(frozen=True)
class ObjectiveScore:
    """One objective's critical tasks, measured and rated, and the objective's rating."""

    objective: Objective
    """The objective as the scenario states it."""
    tasks: tuple[TaskScore, ...]
    """Each critical task's value and rating, in the scenario's order."""
    rating: str
    """P, S, M, U or N/O: the worst observed task's rating; N/O when no task was observed."""
    cell: str | None = None
    """The player cell rated on it (None: the whole exercise, or a one-cell scenario)."""

    def __init__(self, objective: Objective, tasks: tuple[TaskScore, ...], rating: str,
                 cell: str | None = None) -> None:
        # written out, as TaskScore's: compiled, where the generated one is interpreted
        object.__setattr__(self, "objective", objective)
        object.__setattr__(self, "tasks", tasks)
        object.__setattr__(self, "rating", rating)
        object.__setattr__(self, "cell", cell)

    @property
    def id(self) -> str:
        return self.objective.id

    @property
    def decisive(self) -> TaskScore:
        """The task that decided the rating (the first with the objective's rating)."""
        return next((t for t in self.tasks if t.rating == self.rating), self.tasks[0])

    @property
    def measure(self) -> TaskScore:
        """The deciding task's measure (value, details, evidence)."""
        return self.decisive

    @property
    def evidence(self) -> tuple[int, ...]:
        """The events behind every task, in order."""
        return tuple(sorted({seq for task in self.tasks for seq in task.evidence}))

    def to_dict(self) -> dict[str, Any]:
        """The entry of ``cpx score --json``."""
        decisive = self.decisive
        metrics: dict[str, Any] = {t.id: t.value for t in self.tasks}
        if self.objective.legacy:
            metrics.update(decisive.details)
        return {
            "id": self.objective.id,
            "title": self.objective.title,
            "capability": self.objective.capability,
            "metric": self.objective.metric,
            "value": decisive.value,
            "rating": self.rating,
            "rating_meaning": MEANING[self.rating],
            "decided_by": decisive.id,
            "rule": decisive.thresholds(),
            "metrics": metrics,
            "evidence": list(self.evidence),
            "tasks": [t.to_dict() for t in self.tasks],
            **({"cell": self.cell} if self.cell is not None else {}),
        }


def rate_objective(objective: Objective, tasks: tuple[TaskScore, ...]) -> ObjectiveScore:
    """The objective's rating from its tasks': the worst observed, else N/O."""
    observed = [t.rating for t in tasks if t.rating in RATING_ORDER]
    rating = max(observed, key=RATING_ORDER.__getitem__) if observed else NOT_OBSERVED
    return ObjectiveScore(objective, tasks, rating)


@dataclass(frozen=True)
class ScoreCard:
    """The rating of every objective of one exercise."""

    scenario_id: str
    """The scenario's id."""
    scenario_version: str
    """The scenario's version."""
    seed: int | None
    """The seed the exercise ran with."""
    objectives: tuple[ObjectiveScore, ...]
    """One entry per objective, in the scenario's order."""
    metrics: dict[str, MetricValue] = field(default_factory=dict)
    """Every metric, whether or not an objective uses it."""
    warning: str | None = None
    """Set when the journal was damaged and only its valid part was scored."""
    observations: tuple = ()
    """Evaluators' observations (:mod:`cpx.aar.observations`), shown beside the computed
    ratings; they never change them."""
    clocks: dict = field(default_factory=dict)
    """``Dn HH:MM`` of each observation's sim time."""
    cells: tuple[tuple[str, str], ...] = ()
    """The scenario's player cells as (id, name), when it has a ``cells:`` section."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``cpx score --json``."""
        objectives = [o.to_dict() for o in self.objectives]
        if self.observations:
            for entry in objectives:
                for task in entry["tasks"]:
                    task["observations"] = [
                        o.to_dict(self.clocks.get(o.t)) for o in self.observations
                        if o.objective == entry["id"] and o.task == task["id"]]
        return {
            "scenario": {"id": self.scenario_id, "version": self.scenario_version},
            "seed": self.seed,
            "warning": self.warning,
            "objectives": objectives,
            "observations": [o.to_dict(self.clocks.get(o.t)) for o in self.observations],
            **({"cells": [{"id": c, "name": n} for c, n in self.cells]} if self.cells else {}),
            "metrics": {
                name: {"value": m.value, "due": m.due, "details": m.details,
                       "evidence": list(m.evidence)}
                for name, m in sorted(self.metrics.items())
            },
        }

    def to_json(self) -> str:
        """Deterministic JSON text (sorted keys)."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)


def score_records(
    header: dict[str, Any], records: Iterable[Any], scenario: Scenario, warning: str | None = None,
    end: int | None = None,
) -> ScoreCard:
    """Rate every objective of ``scenario`` from a journal's records (a pure function).

    ``end`` is when the journal closed, for an exercise ended before its ENDEX event.
    """
    events = events_of(records)  # once: the metrics and the measures read the same dicts
    by_kind = group_by_kind(events)  # and the same index of them
    metrics = metrics_of_events(events, scenario, by_kind)
    return ScoreCard(
        scenario_id=scenario.meta.id,
        scenario_version=scenario.meta.version,
        seed=header.get("seed"),
        objectives=rate_objectives(JournalView(events, scenario, end, by_kind), metrics),
        metrics=metrics,
        warning=warning,
        cells=_cells_of(scenario)[0],
    )


def rate_objectives(view: JournalView, metrics: dict[str, MetricValue]) -> tuple[ObjectiveScore, ...]:
    """Every objective of the view's scenario, its tasks measured on ``view`` and rated
    (``metrics`` holds at least those the tasks rate: :func:`rated_metrics`)."""
    scenario = view.scenario
    scored = tuple(
        rate_objective(o, tuple(measure_task(view, task, metrics) for task in tasks))
        for o, tasks in _objectives_of(scenario)
    )
    cells, rated = _cells_of(scenario)
    if cells:
        scored = tuple(ObjectiveScore(s.objective, s.tasks, s.rating, cell) for s, cell in zip(scored, rated))
    return scored


_TASKS: dict[int, tuple[Scenario, tuple]] = {}


def _objectives_of(scenario: Scenario) -> tuple[tuple[Objective, tuple], ...]:
    """Each objective with its critical tasks, once per scenario object (``critical_tasks``
    is a pydantic private attribute: each read goes through the model's ``__getattr__``)."""
    known = _TASKS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    found = tuple((o, tuple(o.critical_tasks)) for o in scenario.objectives)
    if len(_TASKS) > 64:
        _TASKS.clear()
    _TASKS[id(scenario)] = (scenario, found)
    return found


_RATED: dict[int, tuple[Scenario, frozenset[str]]] = {}


def rated_metrics(scenario: Scenario) -> frozenset[str]:
    """The metrics the scenario's tasks rate (``measure: metric``), the only ones its
    objectives need (worked out once per scenario object)."""
    known = _RATED.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    names = frozenset(task.metric for o in scenario.objectives for task in o.critical_tasks
                      if task.measure == "metric")
    if len(_RATED) > 64:
        _RATED.clear()
    _RATED[id(scenario)] = (scenario, names)
    return names


_CELLS: dict[int, tuple[Scenario, tuple]] = {}


def _cells_of(scenario: Scenario) -> tuple[tuple[tuple[str, str], ...], tuple[str | None, ...]]:
    """The scenario's player cells as (id, name), and the cell each objective rates: worked
    out once per scenario object (scenarios are frozen; a sweep scores one many times)."""
    known = _CELLS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    from cpx.scenario.cells import cell_of_objective

    cells = tuple((c.id, c.title) for c in scenario.cells)
    rated = tuple(cell_of_objective(scenario, o.id) for o in scenario.objectives) if cells else ()
    if len(_CELLS) > 64:
        _CELLS.clear()
    _CELLS[id(scenario)] = (scenario, (cells, rated))
    return cells, rated


def score_journal(
    path: str | Path, scenario_path: str | Path | None = None, strict: bool = False
) -> ScoreCard:
    """Score a journal file against the scenario it names (checked by version and digest).

    On an intact journal the card is computed while the chain workers are still hashing
    (see :func:`~cpx.aar.fast_pass.fast_scan_while_checking`) and kept once they find the
    chain intact; on a damaged one it is computed from the exact pass's valid prefix. The
    two give the same card for the same records, so the journal alone decides the card.
    """
    kinds = scan_kinds()
    first_header, known = _scenario_from_first_line(Path(path), scenario_path)
    if known is not None:
        kinds = kinds_for(known)  # only what this scenario's tasks read: fewer lines parsed

    def early(header: dict[str, Any], records: list) -> ScoreCard | None:
        if known is not None and header == first_header:
            scenario = known  # the same header line: loaded and checked already
        else:
            try:
                scenario, _ = load_scenario_for(header, Path(path), scenario_path)
            except CpxError:
                return None  # raised again below, after the journal's own errors
        if not kinds_for(scenario) <= kinds:
            return None  # a task counts a kind the scan skipped: read again below
        return score_records(header, records, scenario)

    with paused_gc():  # hundreds of thousands of records: no cycles, no need to collect
        scan, card = fast_scan_while_checking(path, kinds, early, strict=strict)
        if card is None or scan.warning is not None:
            scenario, _ = load_scenario_for(scan.header, Path(path), scenario_path)
            if not kinds_for(scenario) <= kinds:
                scan = fast_scan(path, kinds_for(scenario) | kinds, strict=strict)
            card = score_records(scan.header, scan.records, scenario, warning=scan.warning,
                                 end=scan.end_t)
        elif scan.end_t is not None and not any(
                r.get("kind") == "exercise.endex" for r in scan.records):
            # ended early (no ENDEX event): measure to the time the journal closed
            scenario = known if known is not None else load_scenario_for(
                scan.header, Path(path), scenario_path)[0]
            card = score_records(scan.header, scan.records, scenario, end=scan.end_t)
        # Free the records before the collector is back: alive, every one of them would be
        # walked by the first collection after it (measured 0.24 s for a million lines).
        valid, header, complete = scan.valid_lines, scan.header, scan.problem is None
        del scan
    return with_observations(card, path, header, scenario_path, valid, complete)


def with_observations(card: ScoreCard, path: str | Path, header: dict[str, Any],
                      scenario_path: str | Path | None = None,
                      valid_lines: SupportsIndex | None = None, complete: bool = False) -> ScoreCard:
    """``card`` with the evaluators' observations the journal holds (ratings unchanged).

    ``valid_lines`` is how many lines the scoring pass found intact; of a ``complete``
    journal whose end line counts them all as orders and events, nothing is scanned.
    """
    import dataclasses

    from cpx.aar.observations import load_observations, only_orders_and_events
    from cpx.scenario.timefmt import minutes_to_clock

    # a scan's count may be a numpy integer (a line found in an array of offsets)
    valid_lines = None if valid_lines is None else int(valid_lines)
    if complete and valid_lines is not None and only_orders_and_events(path, valid_lines):
        return card  # the usual journal: no EXCON seat, no evaluator
    observations = load_observations(path, None if complete else valid_lines)
    if not observations:
        return card
    scenario, _ = load_scenario_for(header, Path(path), scenario_path)
    start = scenario.meta.startex.hour * 60 + scenario.meta.startex.minute
    clocks = {o.t: minutes_to_clock(o.t, start) for o in observations}
    return dataclasses.replace(card, observations=tuple(observations), clocks=clocks)


def kinds_for(scenario: Scenario) -> set[str]:
    """The event kinds scoring ``scenario`` reads: the older metrics' kinds, and for
    critical tasks of the newer measures the kinds they read and those they name."""
    kinds = set(KINDS_USED)
    if any(task.measure != "metric" for o in scenario.objectives for task in o.critical_tasks):
        kinds |= BASE_KINDS | kinds_named(scenario)
    return kinds


def _scenario_from_first_line(path: Path, scenario_path: str | Path | None
                              ) -> tuple[dict[str, Any] | None, Scenario | None]:
    """The journal's header line and its scenario, loaded and checked; (None, None) when
    that cannot be done (the scan then reads every kind and reports any problem)."""
    try:
        with path.open("rb") as stream:
            header = json.loads(stream.readline(1 << 20))
        if not isinstance(header, dict) or header.get("type") != "header":
            return None, None
        return header, load_scenario_for(header, path, scenario_path)[0]
    except (OSError, ValueError, CpxError):
        return None, None
