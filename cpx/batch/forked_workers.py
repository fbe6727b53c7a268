"""Dask workers forked from the sweep's own process, for ``--dask local``.

A LocalCluster's nannies start each worker as a new interpreter that imports distributed
and then, at its first task, cpx and the scenario: on two cores that is seconds a worker,
paid before the first run ends (and again by the other worker). Forked from the sweep's
process once it has loaded cpx's run code and parsed the scenario, a worker starts with
all of that in memory, as the local workers do (:mod:`cpx.batch.local`).

Forking is sound only from a process with no other thread: a lock another thread holds
at that moment stays held in the child for ever. So the workers are forked *before* the
cluster's scheduler starts its threads, and only when this process has no other thread
(:func:`can_fork`); they then wait for the scheduler's address on a pipe and join it as
ordinary single-threaded Dask workers. Otherwise the LocalCluster starts its own workers
(:func:`cpx.batch.cluster.start_local_cluster`). Without a nanny a worker that dies is
not restarted: its runs go to the other workers, as on a cluster that lost a machine.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
import threading
import time
from typing import Any, Callable


def can_fork() -> bool:
    """Whether workers may be forked from this process now: fork exists and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def warm(payload: Any, modules: tuple[str, ...]) -> None:
    """Load what every run needs (cpx's run code, the parsed scenario) before forking workers."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # a worker imports it itself, or reports the run as failed
    try:
        from cpx.batch.runner import scenario_of

        scenario_of(payload)
    except Exception:
        pass  # each run reports the scenario's problem itself, as a failed run


class ForkedWorkers:
    """``count`` Dask worker processes forked now; each joins the scheduler :meth:`join` names."""

    def __init__(self, count: int, settings: dict[str, Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.processes: list[Any] = []
        self.pipes: list[Any] = []
        self.stopping = threading.Event()
        self.watcher: threading.Thread | None = None
        # Workers ignore SIGINT, as the local ones do: a Ctrl+C at the terminal reaches the
        # whole process group, and only the sweep's own process should act on it.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            for n in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, settings), daemon=True,
                                          name=f"cpx-dask-worker-{n + 1}")
                process.start()
                theirs.close()
                self.processes.append(process)
                self.pipes.append(ours)
        finally:
            signal.signal(signal.SIGINT, previous)

    def join(self, address: str) -> None:
        """Tell every worker the scheduler's address: they connect to it."""
        for pipe in self.pipes:
            pipe.send(address)
            pipe.close()
        self.pipes = []

    def watch(self, replace: Callable[[int], None]) -> None:
        """Call ``replace(1)`` (in a thread) for each worker that dies before :meth:`stop`.

        Without a nanny nobody restarts a worker killed outright (the OOM killer, a crash
        in a C extension); with none left the sweep would wait for ever. ``replace`` adds
        a nanny-managed worker to the cluster, which restarts it, and gives up a run that
        kills every worker it lands on (Dask's ``KilledWorker``: the sweep stores it as lost).
        """
        from multiprocessing.connection import wait

        def run() -> None:
            alive = {process.sentinel: process for process in self.processes}
            while alive and not self.stopping.is_set():
                for sentinel in wait(list(alive), timeout=0.5):
                    del alive[sentinel]
                    if not self.stopping.is_set():
                        try:
                            replace(1)
                        except Exception:
                            pass  # the cluster is closing: nothing left to replace it for

        self.watcher = threading.Thread(target=run, name="cpx-dask-worker-watch", daemon=True)
        self.watcher.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Wait for the workers to end (the scheduler closed them), then end any left."""
        self.stopping.set()
        for pipe in self.pipes:  # never told an address: they end at once
            try:
                pipe.send(None)
                pipe.close()
            except OSError:
                pass
        self.pipes = []
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
        for process in self.processes:
            if process.is_alive():
                process.terminate()
                process.join(2.0)
        self.processes = []
        if self.watcher is not None:
            self.watcher.join(2.0)
            self.watcher = None


def close_soon(dask_worker: Any) -> None:
    """Run on a worker (``client.run``): close it once this call has answered.

    Closing, a worker may still send a heartbeat that the scheduler no longer answers:
    an error it would log that is no error, so it logs only critical ones from now on."""
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    dask_worker.loop.add_callback(dask_worker.close, reason="cpx sweep done")


def _serve(pipe: Any, settings: dict[str, Any]) -> None:
    """A forked worker: wait for the scheduler's address, then serve tasks until closed."""
    try:
        address = pipe.recv()
    except EOFError:
        return
    finally:
        pipe.close()
    if address is None:
        return
    gc.collect()
    gc.freeze()  # what the parent loaded stays: the collector need not walk it again
    import asyncio

    import dask
    from distributed import Worker

    dask.config.set(settings)

    async def main() -> None:
        async with Worker(address, nthreads=1, dashboard=False, silence_logs=logging.ERROR,
                          death_timeout=60) as worker:
            await worker.finished()

    asyncio.run(main())
