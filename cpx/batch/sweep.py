"""The sweep loop: find the missing runs, hand them to the workers, store each as it ends.

The results file decides what is left to do, so a sweep stopped by Ctrl+C, a crash or a
lost cluster is finished by running the same command again. Rows depend only on the
scenario, the series and the seed — never on which worker ran them, in which order, or
whether the sweep was resumed — so every way of running a sweep stores the same rows.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TextIO

from cpx.batch.progress import Progress
from cpx.batch.store import ResultsStore


@dataclass
class SweepOutcome:
    """What one call of a sweep did."""

    planned: int
    """Runs the plan names (series × seeds)."""
    already: int
    """Of those, runs the results file held before this call."""
    stored: int = 0
    """Runs this call stored."""
    failed: int = 0
    """Of those, runs that raised (stored as ``failed``)."""
    lost: int = 0
    """Runs lost with a worker: not stored, done again by the next call."""
    seconds: float = 0.0
    interrupted: bool = False
    where: str = ""
    """Where the runs ran (``2 local workers``, ``Dask LocalCluster …``)."""


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl+C during a sweep; carries what was stored before it."""

    def __init__(self, outcome: SweepOutcome) -> None:
        super().__init__()
        self.outcome = outcome


def missing_runs(plan: Any, results: str | Path) -> tuple[list[tuple[str, int]], int]:
    """The plan's runs not yet in ``results`` (checking it fits the plan), and how many are."""
    path = Path(results)
    if not path.exists():
        return plan.runs(), 0
    with ResultsStore(path) as store:
        store.check(plan)
        done = store.done()
    todo = [run for run in plan.runs() if run not in done]
    return todo, len(plan.runs()) - len(todo)


def run_sweep(
    plan: Any,
    results: str | Path,
    workers: Callable[[], Any],
    journals: str | Path | None = None,
    stream: TextIO | None = None,
    tty: bool | None = None,
) -> SweepOutcome:
    """Do the plan's missing runs on ``workers()`` (a context manager) and store each one.

    Raises :class:`SweepInterrupted` on Ctrl+C after storing every run that had ended.
    """
    todo, already = missing_runs(plan, results)
    outcome = SweepOutcome(planned=len(plan.runs()), already=already)
    if not todo:
        with ResultsStore(results) as store:
            store.bind(plan)
        return outcome
    journal_dir = Path(journals) if journals else None
    if journal_dir is not None:
        journal_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with workers() as pool:  # connects (or fails) before the results file is touched
        outcome.where = pool.description
        with ResultsStore(results) as store:
            store.bind(plan)
            progress = Progress(len(todo), already=already, stream=stream, tty=tty)
            try:
                for row in pool.results(todo):
                    if "lost" in row:
                        outcome.lost += 1
                        continue
                    if journal_dir is not None and row.get("journal"):
                        write_journal(journal_dir / journal_name(plan, row["series"], row["seed"]),
                                      row["journal"])
                    store.add(row)
                    outcome.stored += 1
                    outcome.failed += row["status"] == "failed"
                    progress.advance(row["status"] == "failed")
            except KeyboardInterrupt:
                progress.finish()
                outcome.interrupted = True
                outcome.seconds = time.monotonic() - started
                raise SweepInterrupted(outcome) from None
            progress.finish()
    outcome.seconds = time.monotonic() - started
    return outcome


def journal_name(plan: Any, series: str, seed: int) -> str:
    """``<scenario>-<series>-seed<N>.jsonl``, with the series made safe as a file name."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", series).strip("_") or "series"
    return f"{plan.scenario.meta.id}-{safe}-seed{seed}.jsonl"


def write_journal(path: Path, data: bytes) -> None:
    """Write a run's journal whole or not at all (a temporary file renamed into place)."""
    temporary = path.with_name(f".{path.name}.part")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
