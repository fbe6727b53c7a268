"""Runs on a Dask cluster: ``--dask local`` (a LocalCluster here) or ``--dask tcp://HOST:8786``.

A worker needs only ``pip install "cpx[dask]"``: the scenario's text is scattered to every
worker once, and each task is :func:`cpx.batch.runner.run_one` with a series and a seed.
A task is a few runs of one series (:data:`RUNS_PER_TASK`: each task costs the scheduler
a round trip), and a bounded window of tasks is in flight (twice the workers' threads), so
memory stays flat however long the sweep and Ctrl+C loses only that window. A task lost with its worker
(not a run that raised) is not stored: the next call of the same command does it again.

``--dask local`` starts its workers the cheap way that is sound at that moment: forked
from this process with cpx and the scenario loaded (:mod:`cpx.batch.forked_workers`)
when it has no other thread, else from a fork server that imported distributed and cpx
once (:func:`start_fork_server`), never as fresh interpreters that each import both.
"""

from __future__ import annotations

import logging
import signal
import socket
import uuid
from itertools import islice
from typing import Any, Iterable, Iterator
from urllib.parse import urlparse

from cpx.batch.forked_workers import ForkedWorkers, can_fork, close_soon, warm
from cpx.batch.runner import run_many
from cpx.errors import CpxError

RUNS_PER_TASK = 16
"""Runs of one series per Dask task: fewer round trips to the scheduler, a small window.
16 rather than 8: 600 flagship runs on a 2-worker LocalCluster took 8.2 s instead of 8.7
(twice each, alternated); Ctrl+C then loses at most 64 runs of 2 workers' window."""

INSTALL_HINT = "install it with: pip install 'cpx[dask]'"


def _cpx_version() -> str:
    from cpx import __version__

    return __version__


def check_address(address: str, timeout: float = 5.0) -> None:
    """Refuse at once an address that is malformed or where nothing listens."""
    parsed = urlparse(address)
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname or not parsed.port:
        raise CpxError(f"{address!r} is not a scheduler address; write tcp://HOST:8786 (or 'local')",
                       "Bad --dask")
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout):
            pass
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise CpxError(f"cannot reach the Dask scheduler at {address}: {reason}", "Dask") from None


WORKER_PRELOAD = (
    "distributed", "cpx.batch.runner", "cpx.commands.run", "cpx.session.scripted",
    "cpx.engine.exercise", "cpx.batch.outcomes", "cpx.batch.scoring", "cpx.batch.store",
    "cpx.aar.scorecard", "cpx.scenario.loader",
)
"""What a LocalCluster's fork server imports once, before it forks the workers."""


def start_fork_server() -> bool:
    """Start the fork server the LocalCluster's workers will be forked from (False: none here).

    Dask spawns each worker as a fresh interpreter by default: on two cores, each worker
    importing distributed and then, at its first task, cpx cost more than the cluster's
    scheduler and nannies together (seconds, twice over). A fork server imports those
    once (:data:`WORKER_PRELOAD`) and forks every worker from that: a single-threaded
    process, so safe to fork (forking the sweep's own process while the cluster's threads
    run would not be). Started before this process imports distributed, so the two
    imports overlap; where there is no fork server (Windows), workers are spawned.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(list(WORKER_PRELOAD))
    forkserver.ensure_running()  # returns at once: the server imports while we go on
    return True


def start_local_cluster(local_cluster: Any, workers: int, forked: bool) -> Any:
    """A LocalCluster of ``workers`` single-threaded worker processes, from the fork server
    when ``forked`` (see :func:`start_fork_server`)."""
    import dask

    options = dict(n_workers=workers, threads_per_worker=1, processes=True,
                   silence_logs=logging.ERROR, dashboard_address=None)
    settings = dict(WORKER_SETTINGS)
    if forked:
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(settings):  # the workers inherit these (nothing else sees them)
        if forked:
            from distributed import utils

            utils.get_mp_context()  # distributed names its own preload: too late, the server runs
        return local_cluster(**options)


WORKER_SETTINGS = {
    # No dashboard shows a LocalCluster's profile: sampling each worker's stack every 10 ms
    # is work taken from the runs.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
}
"""Dask settings of a LocalCluster's workers for a sweep: nothing the sweep reads is lost."""


class DaskWorkers:
    """Runs on a Dask cluster; ``address`` is ``local`` or a scheduler's ``tcp://`` address."""

    def __init__(self, plan: Any, address: str, workers: int, keep_journals: bool = False,
                 connect_timeout: float = 10.0) -> None:
        self.plan = plan
        self.address = address
        self.workers = workers
        self.keep_journals = keep_journals
        self.connect_timeout = connect_timeout
        self.cluster: Any = None
        self.client: Any = None
        self.forked: ForkedWorkers | None = None
        self.payload: Any = None
        self.description = ""

    def __enter__(self) -> "DaskWorkers":
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            raise CpxError(f"--dask needs Dask's distributed scheduler, which is not installed; {INSTALL_HINT}",
                           "Dask not installed")
        local = self.address == "local"
        if local and can_fork():
            # importing distributed starts no thread: the workers are forked with it loaded
            from distributed import Client, LocalCluster  # noqa: F401

            from cpx.batch.runner import adopt_scenario

            # the scenario this process parsed already: warm need not parse it again
            adopt_scenario(self.plan.payload, self.plan.scenario)
            warm(self.plan.payload, WORKER_PRELOAD)
            if can_fork():
                self.forked = ForkedWorkers(self.workers, WORKER_SETTINGS)
        fork_server = local and self.forked is None and start_fork_server()
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise CpxError(f"--dask needs Dask's distributed scheduler, which is not installed; {INSTALL_HINT}",
                           "Dask not installed") from None
        try:
            if local:
                # Workers started while SIGINT is ignored keep ignoring it (across exec too):
                # a Ctrl+C at the terminal reaches the whole process group, and only the
                # sweep's own process should act on it (store what ended, close the cluster).
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    self.cluster = start_local_cluster(LocalCluster, 0 if self.forked else self.workers,
                                                       fork_server)
                finally:
                    signal.signal(signal.SIGINT, previous)
                # rows come straight from the worker that made them, not through the scheduler
                self.client = Client(self.cluster, direct_to_workers=True)
                if self.forked is not None:
                    self.forked.join(self.cluster.scheduler_address)
                    try:
                        self.client.wait_for_workers(self.workers, timeout=120)
                    except TimeoutError:
                        raise CpxError("the Dask workers of the LocalCluster did not start", "Dask") from None
                    cluster = self.cluster
                    self.forked.watch(lambda n: cluster.scale(len(cluster.worker_spec) + n))
            else:
                check_address(self.address)
                try:
                    self.client = Client(self.address, timeout=self.connect_timeout)
                except (OSError, TimeoutError) as error:
                    raise CpxError(f"cannot reach the Dask scheduler at {self.address}: {error}", "Dask") from None
            versions = self.client.run(_cpx_version)
            if not versions:
                raise CpxError(f"the Dask scheduler at {self.address} has no workers; start some with "
                               f"'dask worker {self.address}'", "Dask")
            mine = _cpx_version()
            other = sorted({v for v in versions.values() if v != mine})
            if other:
                raise CpxError(f"Dask workers run cpx {', '.join(other)}, this sweep cpx {mine}; "
                               "install the same cpx everywhere", "Dask")
            self.threads = sum(self.client.nthreads().values())
            self.description = (f"Dask {'LocalCluster' if self.cluster else self.address}, "
                                f"{len(versions)} worker{'s' if len(versions) != 1 else ''}, {self.threads} threads")
            self.payload = self.client.scatter(self.plan.payload, broadcast=True)
        except BaseException:
            self._close()
            raise
        return self

    def results(self, tasks: Iterable[tuple[str, int]]) -> Iterator[dict[str, Any]]:
        """Each run's row as it ends; a task lost with its worker yields ``{"lost": …}``."""
        from distributed import as_completed

        series = {s.name: s for s in self.plan.series}
        tasks = list(tasks)
        # a short sweep in smaller tasks, so that every thread has some (12 runs on 2
        # workers as one task of 12 would leave a worker idle)
        size = max(1, min(RUNS_PER_TASK, len(tasks) // (2 * max(1, self.threads))))
        pending = iter(_batches(tasks, size))
        which: dict[str, list[tuple[str, int]]] = {}

        def submit(batch: list[tuple[str, int]]) -> Any:
            name = batch[0][0]
            seeds = [seed for _, seed in batch]
            future = self.client.submit(run_many, self.payload, series[name], seeds, self.plan.until,
                                        self.keep_journals, pure=False,
                                        key=f"cpx-runs-{name}-{seeds[0]}-{uuid.uuid4().hex[:8]}")
            which[future.key] = batch
            return future

        window = as_completed([submit(b) for b in islice(pending, max(2, 2 * self.threads))])
        for future in window:
            batch = which.pop(future.key)
            try:
                rows = future.result()
            except Exception as error:  # the worker died or the task could not run at all
                rows = [{"lost": f"{type(error).__name__}: {error}", "series": name, "seed": seed}
                        for name, seed in batch]
            future.release()
            following = next(pending, None)
            if following is not None:
                window.add(submit(following))
            yield from rows

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.client is not None:
            if self.forked is not None:
                # The workers close themselves before the scheduler goes (a worker whose
                # scheduler went first logs a failed heartbeat). The sweep is over: what the
                # scheduler says of workers leaving with the scenario's copy (scattered data
                # it can no longer recover) is not news.
                scheduler_log = logging.getLogger("distributed.scheduler")
                level = scheduler_log.level
                scheduler_log.setLevel(logging.CRITICAL)
                try:
                    self.forked.stopping.set()  # leaving now is no death to make up for
                    self.client.run(close_soon)
                    self.forked.stop()
                except Exception:
                    pass  # ended below in any case
                finally:
                    scheduler_log.setLevel(level)
            self.client.close()
            self.client = None
        if self.cluster is not None:
            try:
                # workers first, through their nannies: closing the scheduler under them
                # made a worker's heartbeat fail and log an error at the end of a sweep
                self.cluster.scale(0)
            except Exception:
                pass  # closing below stops them anyway
            self.cluster.close()
            self.cluster = None
        if self.forked is not None:
            self.forked.stop()
            self.forked = None


def _batches(tasks: list[tuple[str, int]], size: int) -> Iterator[list[tuple[str, int]]]:
    """Consecutive runs of one series, at most ``size`` at a time."""
    batch: list[tuple[str, int]] = []
    for task in tasks:
        if batch and (len(batch) == size or batch[0][0] != task[0]):
            yield batch
            batch = []
        batch.append(task)
    if batch:
        yield batch
