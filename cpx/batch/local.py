"""Runs on worker processes of this machine (``--workers N``, default one per core).

Workers are forked once, with the parsed scenario and cpx's run code already in memory,
and each is then handed one (series, seed) at a time over its own pipe, with one more
queued, so at most ``N`` runs are being played (``2N`` handed out): Ctrl+C loses only
those. Workers ignore SIGINT — a Ctrl+C at the terminal reaches the whole process
group — so that the sweep's own process decides: it stores what has ended and stops the
workers. Where there is no fork (Windows, macOS's default) workers are spawned and parse
the scenario themselves.

Each worker has its own pipe, and the sweep's process waits on all of them in one
``select``: no helper thread, no futures. ``concurrent.futures`` passed every run through
two threads of the sweep's process (one to send it, one to read its row back), which cost
about 1 ms of CPU a run on the two cores the workers play on (docs/performance.md).

A worker that dies outright (killed, out of memory, a crash in a C extension) shows as the
end of its pipe. The run it was playing is the first it had not answered: that run is
tried once more, on a fresh worker, and given up as *lost* if it kills that one too (the
next call tries it again); the run it had queued goes back to the others.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from cpx.batch.runner import adopt_scenario, collect_run, prepare_worker, run_one

_WORKER: dict[str, Any] = {}
"""What the initializer gave this worker process: the payload, the series, the horizon."""

_QUEUED = 2
"""Runs handed to a worker at a time: the one it plays and the next, so that it never
waits for the sweep's process between runs."""


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


def _serve(connection: Any, payload: Any, series: dict[str, Any], until: int, keep_journals: bool,
           run: Callable) -> None:
    """A worker's life: answer each (series, seed) with its row until told to stop."""
    _init(payload, series, until, keep_journals, run)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return  # the sweep's process has gone
        if task is None:
            return
        try:
            row = _task(task)
        except Exception as error:  # run_one never raises; a stand-in run might
            from cpx.batch.runner import describe_error

            row = {"series": task[0], "seed": task[1], "status": "failed", "error": describe_error(error),
                   "figures": {}, "objectives": [], "state_hash": None, "journal": None}
        connection.send(row)


class _Worker:
    """One worker process, its end of the pipe, and the runs handed to it, oldest first."""

    def __init__(self, context: Any, args: tuple[Any, ...]) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, *args), daemon=True)
        self.process.start()
        theirs.close()  # ours alone: its end reads as closed when the worker dies
        self.tasks: deque[tuple[str, int]] = deque()

    def hand(self, task: tuple[str, int]) -> bool:
        """Send one run; False when the worker has already died."""
        try:
            self.connection.send(task)
        except OSError:
            return False
        self.tasks.append(task)
        return True

    def stop(self, wait_for_it: bool) -> None:
        if wait_for_it:
            try:
                self.connection.send(None)
            except OSError:
                pass
            self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self.connection.close()


class LocalWorkers:
    """A pool of ``workers`` processes running :func:`~cpx.batch.runner.run_one`."""

    def __init__(self, plan: Any, workers: int, keep_journals: bool = False,
                 run: Callable[..., dict[str, Any]] = run_one) -> None:
        self.plan = plan
        self.workers = max(1, int(workers))
        self.keep_journals = keep_journals
        self.run = run
        self.pool: list[_Worker] = []
        self.description = f"{self.workers} local worker{'s' if self.workers != 1 else ''}"
        # fork: workers start at once and share the loaded code; spawn where there is no fork
        self.method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(self.method)

    def __enter__(self) -> "LocalWorkers":
        if self.method == "fork":
            # a forked worker finds the scenario this process already parsed (and hashed:
            # the plan's digest is this scenario's), instead of parsing it again each
            adopt_scenario(self.plan.payload, self.plan.scenario)
        self.pool = [self._start() for _ in range(self.workers)]
        return self

    def _start(self) -> _Worker:
        series = {s.name: s for s in self.plan.series}
        return _Worker(self.context, (self.plan.payload, series, self.plan.until, self.keep_journals, self.run))

    def results(self, tasks: Iterable[tuple[str, int]]) -> Iterator[dict[str, Any]]:
        """Each run's row as it ends (in whatever order runs end).

        A run lost with its worker yields ``{"lost": reason, "series", "seed"}``.
        """
        todo = deque(tasks)
        retried: set[tuple[str, int]] = set()
        """Runs a dead worker was playing, tried once more: a second death gives them up."""
        while True:
            for worker in self.pool:
                while todo and len(worker.tasks) < _QUEUED:
                    task = todo.popleft()
                    if not worker.hand(task):
                        if worker.tasks:  # died playing: its pipe's end shows it below
                            todo.appendleft(task)
                        else:
                            # died idle: nothing of ours would ever show it. Counted as
                            # the run it was to play, so a worker that dies at every
                            # start gives up runs instead of being started for ever
                            worker.tasks.append(task)
                            yield from self._replace(worker, todo, retried)
                        break
            busy = {worker.connection: worker for worker in self.pool if worker.tasks}
            if not busy:
                if todo:
                    continue  # a worker was just replaced: hand it its runs
                return
            for connection in wait(list(busy)):
                worker = busy[connection]
                try:
                    row = connection.recv()
                except (EOFError, OSError):
                    yield from self._replace(worker, todo, retried)
                    continue
                worker.tasks.popleft()
                yield row

    def _replace(self, dead: _Worker, todo: deque[tuple[str, int]],
                 retried: set[tuple[str, int]]) -> Iterator[dict[str, Any]]:
        """A worker died: give up or retry the run it was playing, requeue the next, start another."""
        playing = dead.tasks.popleft() if dead.tasks else None
        todo.extendleft(reversed(dead.tasks))  # handed out but not started: first in line again
        dead.tasks.clear()
        dead.stop(wait_for_it=False)
        self.pool[self.pool.index(dead)] = self._start()
        if playing is None:
            return
        if playing in retried:  # it killed a fresh worker too: it is what kills them
            yield {"lost": "its worker process died", "series": playing[0], "seed": playing[1]}
        else:
            retried.add(playing)
            todo.appendleft(playing)

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        # interrupted: the runs in flight are given up (their workers ignore SIGINT)
        for worker in self.pool:
            worker.stop(wait_for_it=kind is None)
        self.pool = []
