"""Runs on worker processes of this machine (``--workers N``, default one per core).

Workers are forked once, receive the scenario once (in their initializer) and then take
one (series, seed) at a time, so at most ``N`` runs are in flight: Ctrl+C loses only
those. Workers ignore SIGINT — a Ctrl+C at the terminal reaches the whole process group —
so that the sweep's own process decides: it stores what has ended and stops the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any, Callable, Iterable, Iterator

from cpx.batch.runner import prepare_worker, run_one

_WORKER: dict[str, Any] = {}
"""What the initializer gave this worker process: the payload, the series, the horizon."""


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(payload: Any, series: dict[str, Any], until: int, keep_journals: bool, run: Callable) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        prepare_worker(payload)
    except Exception:
        pass  # each run reports the scenario's problem itself, as a failed run
    _WORKER.update(payload=payload, series=series, until=until, keep=keep_journals, run=run)


def _task(task: tuple[str, int]) -> dict[str, Any]:
    name, seed = task
    w = _WORKER
    return w["run"](w["payload"], w["series"][name], seed, w["until"], w["keep"])


class LocalWorkers:
    """A pool of ``workers`` processes running :func:`~cpx.batch.runner.run_one`."""

    def __init__(self, plan: Any, workers: int, keep_journals: bool = False,
                 run: Callable[..., dict[str, Any]] = run_one) -> None:
        self.plan = plan
        self.workers = max(1, int(workers))
        self.keep_journals = keep_journals
        self.run = run
        self.pool: Any = None
        self.description = f"{self.workers} local worker{'s' if self.workers != 1 else ''}"

    def __enter__(self) -> "LocalWorkers":
        # fork: workers start at once and share the loaded code; spawn where there is no fork
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        series = {s.name: s for s in self.plan.series}
        self.pool = context.Pool(self.workers, initializer=_init,
                                 initargs=(self.plan.payload, series, self.plan.until,
                                           self.keep_journals, self.run))
        return self

    def results(self, tasks: Iterable[tuple[str, int]]) -> Iterator[dict[str, Any]]:
        """Each run's row as it ends (in whatever order runs end)."""
        yield from self.pool.imap_unordered(_task, list(tasks), chunksize=1)

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if kind is None:
            self.pool.close()
        else:
            self.pool.terminate()  # interrupted: the runs in flight are given up
        self.pool.join()
