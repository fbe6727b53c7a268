"""Runs on worker processes of this machine (``--workers N``, default one per core).

Workers are forked once, receive the scenario once (in their initializer) and then take
one (series, seed) at a time, with one more queued for each, so at most ``N`` runs are
being played (``2N`` handed out): Ctrl+C loses only those. Workers ignore SIGINT — a Ctrl+C at the terminal reaches the whole process group —
so that the sweep's own process decides: it stores what has ended and stops the pool.

A worker that dies outright (killed, out of memory, a crash in a C extension) breaks the
pool: ``concurrent.futures`` says so at once (``multiprocessing.Pool`` would wait forever
for its result), a fresh pool takes over and the runs that were in flight are tried again
one at a time; the one that kills its worker alone is given up as *lost* (the next call
tries it again), the others are stored as usual.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from cpx.batch.runner import collect_run, prepare_worker, run_one

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
    row = w["run"](w["payload"], w["series"][name], seed, w["until"], w["keep"])
    collect_run()
    return row


class LocalWorkers:
    """A pool of ``workers`` processes running :func:`~cpx.batch.runner.run_one`."""

    def __init__(self, plan: Any, workers: int, keep_journals: bool = False,
                 run: Callable[..., dict[str, Any]] = run_one) -> None:
        self.plan = plan
        self.workers = max(1, int(workers))
        self.keep_journals = keep_journals
        self.run = run
        self.pool: ProcessPoolExecutor | None = None
        self.description = f"{self.workers} local worker{'s' if self.workers != 1 else ''}"

    def __enter__(self) -> "LocalWorkers":
        self.pool = self._start()
        return self

    def _start(self) -> ProcessPoolExecutor:
        # fork: workers start at once and share the loaded code; spawn where there is no fork
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        series = {s.name: s for s in self.plan.series}
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_init,
                                   initargs=(self.plan.payload, series, self.plan.until,
                                             self.keep_journals, self.run))

    def results(self, tasks: Iterable[tuple[str, int]]) -> Iterator[dict[str, Any]]:
        """Each run's row as it ends (in whatever order runs end).

        A run lost with its worker yields ``{"lost": reason, "series", "seed"}``.
        """
        todo = deque(tasks)
        suspects: deque[tuple[str, int]] = deque()
        """Runs in flight when the pool broke: each is tried again alone, to find the culprit."""
        in_flight: dict[Future, tuple[str, int]] = {}
        while todo or suspects or in_flight:
            if self.pool is None:
                self.pool = self._start()
            alone = None
            if suspects and not in_flight:
                alone = suspects.popleft()
                in_flight[self.pool.submit(_task, alone)] = alone
            # Two runs a worker in flight: each worker has its next run queued while the
            # sweep's process stores the last one (one a worker left it idle for that time).
            while not suspects and todo and len(in_flight) < 2 * self.workers:
                task = todo.popleft()
                in_flight[self.pool.submit(_task, task)] = task
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                try:
                    row = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                del in_flight[future]
                yield row
            if broken:
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
                if alone is not None:  # it ran by itself: it is what kills its worker
                    yield {"lost": "its worker process died", "series": alone[0], "seed": alone[1]}
                else:
                    suspects.extend(in_flight.values())
                in_flight.clear()

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if self.pool is None:
            return
        if kind is not None:
            # interrupted: the runs in flight are given up; their workers ignore SIGINT
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None
