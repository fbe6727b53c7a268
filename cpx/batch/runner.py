"""One run of a sweep, in whichever process executes it (a local worker or a Dask worker).

:func:`run_one` is the only thing a worker executes. It needs nothing but cpx: the
scenario arrives as text (:class:`~cpx.batch.plan.ScenarioPayload`), is parsed once per
process and checked against its digest, and the run is played exactly as ``cpx run``
plays it (:func:`cpx.commands.run.play`), so ``cpx run SCENARIO --seed N --policy P``
reproduces any row. A run that raises is returned as ``failed`` with its error; it never
stops the sweep.
"""

from __future__ import annotations

import gc
import os
import tempfile
import traceback
from pathlib import Path
from typing import Any

GC_THRESHOLDS = (50_000, 20, 20)
"""Collector thresholds while a worker plays runs: a run allocates millions of short-lived
objects and few cycles; collecting every 700 allocations cost about 8 % of a run. A run
holds fewer than 50,000 objects at once, so the collector does not start during one:
:func:`collect_run` collects after each."""

_SCENARIOS: dict[str, Any] = {}
"""Scenarios this process has parsed, by digest: a worker parses each once."""


def scenario_of(payload: Any) -> Any:
    """The scenario of ``payload``, parsed on first use and checked against its digest."""
    scenario = _SCENARIOS.get(payload.sha256)
    if scenario is None:
        from cpx.errors import CpxError
        from cpx.scenario.loader import check_text, digest

        checked = check_text(payload.text, payload.name)
        if not checked.ok or checked.scenario is None:
            raise CpxError(f"the scenario does not load on this worker: {checked.problems[:1]}", "Worker")
        if digest(checked.scenario) != payload.sha256:
            # another cpx version reads the same text differently: its runs would not compare
            raise CpxError("the scenario hashes differently on this worker; install the same cpx version "
                           "everywhere", "Worker")
        scenario = _SCENARIOS[payload.sha256] = checked.scenario
    return scenario


def adopt_scenario(payload: Any, scenario: Any) -> None:
    """Take ``scenario`` as ``payload``'s, parsed and checked already by this very process
    (the sweep's, before it forks its workers: they then need not parse it again)."""
    _SCENARIOS.setdefault(payload.sha256, scenario)


def run_one(payload: Any, series: Any, seed: int, until: int, keep_journal: bool = False) -> dict[str, Any]:
    """Play, score and count one run; never raises for an error inside the run.

    Returns ``{series, seed, status, error, figures, objectives, journal}``: ``journal`` is
    the journal's bytes when ``keep_journal`` (the sweep's own process writes the file);
    each objective's entry comes as its stored JSON text, ``result_json``.
    """
    row: dict[str, Any] = {"series": series.name, "seed": int(seed), "status": "ok", "error": None,
                           "figures": {}, "objectives": [], "state_hash": None, "journal": None}
    journal_file = None
    try:
        from cpx.batch.outcomes import outcome_figures
        from cpx.batch.scoring import stored_rows
        from cpx.commands.run import play
        from cpx.engine.exercise import Exercise

        scenario = scenario_of(payload)
        writer = None
        if keep_journal:
            from cpx.journal.writer import JournalWriter

            handle, name = tempfile.mkstemp(prefix="cpx-sweep-", suffix=".jsonl")
            os.close(handle)
            os.unlink(name)  # the writer creates the file itself and never overwrites one
            journal_file = Path(name)
            writer = JournalWriter(journal_file, scenario, seed, payload.sha256, payload.path, durable=False)
        exercise = Exercise(scenario, seed, journal=writer)
        orders: list[dict[str, Any]] = []
        play(exercise, series.policy, list(series.planned), until, orders)
        state_hash = exercise.state_hash()
        if writer is not None:
            writer.close(t=exercise.now, state_hash=state_hash)
            row["journal"] = journal_file.read_bytes()
        row["figures"] = outcome_figures(exercise.events, orders)
        # each entry encoded here, on the worker: see cpx.batch.store.result_text
        row["objectives"] = stored_rows(scenario, exercise.events)
        row["state_hash"] = state_hash
        # freed now by reference counting: the collector need not walk the whole run
        exercise.dispose()
    except Exception as error:  # a run that raises is a result, recorded with its seed
        row.update(status="failed", error=describe_error(error), figures={}, objectives=[], journal=None)
    finally:
        if journal_file is not None:
            journal_file.unlink(missing_ok=True)
    return row


def run_many(payload: Any, series: Any, seeds: list[int], until: int, keep_journal: bool = False) -> list[dict[str, Any]]:
    """:func:`run_one` for several seeds of one series: one Dask task, fewer round trips."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        rows = []
        for seed in seeds:
            rows.append(run_one(payload, series, seed, until, keep_journal))
            collect_run(1)  # the run's garbage is young; Dask's own objects need no walk
        return rows
    finally:
        gc.set_threshold(*before)  # the Dask worker is not ours alone


def collect_run(generation: int = 2) -> None:
    """Collect what the run just ended left behind, before the next starts.

    An exercise's objects refer to one another (its SimPy processes to the exercise, the
    exercise to them), so reference counting alone never frees them: each run leaves some
    12,000 blocks (its events, their payloads, its world) for the collector. Left to the
    thresholds, the collector would find them only every eighth run or so, and the worker
    would keep eight runs' worth of dead memory and play each run in fresh memory; freed
    now, the next run reuses the memory this one warmed (fewer cache misses and page
    faults, which count double when both cores play runs). Collecting costs about what the
    thresholds' collections cost, spread over the runs.
    """
    gc.collect(generation)


def prepare_worker(payload: Any) -> None:
    """Make this process a sweep worker: the scenario parsed, the collector tuned for runs."""
    scenario_of(payload)
    gc.collect()
    gc.freeze()  # the scenario and the code stay: the collector need not walk them again
    gc.set_threshold(*GC_THRESHOLDS)


def describe_error(error: BaseException) -> str:
    """The error in one line, with the innermost cpx frame that raised it."""
    text = "".join(traceback.format_exception_only(type(error), error)).strip().replace("\n", " ")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/cpx/" in f.filename.replace("\\", "/")]
    if frames:
        frame = frames[-1]
        where = frame.filename.replace("\\", "/").split("/cpx/")[-1]
        text += f" (at cpx/{where}:{frame.lineno})"
    return text
