"""How ``--dask local`` starts its workers: forked from the sweep's process with cpx's run
code and the scenario loaded when that process has no other thread, else from a fork
server that imported distributed and cpx once (never spawned interpreters that each
import both: seconds a worker on two cores). Real LocalClusters, real worker processes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest

from cpx.batch.cluster import DaskWorkers
from cpx.batch.local import LocalWorkers
from cpx.batch.plan import build_plan
from cpx.batch.sweep import run_sweep

from .conftest import REPO, results_of

FORKED_CHECK = """
import json, os, sys
from cpx.batch.cluster import DaskWorkers
from cpx.batch.plan import build_plan
from cpx.batch.forked_workers import can_fork

assert can_fork(), "the check needs a process with one thread"
plan = build_plan(sys.argv[1], "2", ["baseline"], None, "2h")
with DaskWorkers(plan, "local", 2) as pool:
    parents = pool.client.run(os.getppid)
    loaded = pool.client.run(lambda: sorted(__import__("cpx.batch.runner").batch.runner._SCENARIOS))
    rows = list(pool.results(plan.runs()))
print(json.dumps({"me": os.getpid(), "parents": list(parents.values()), "loaded": list(loaded.values()),
                  "sha": plan.payload.sha256, "ok": [r["status"] for r in rows]}))
"""


def test_a_single_threaded_sweep_forks_its_dask_workers_with_the_scenario_loaded(tutorial):
    done = subprocess.run([sys.executable, "-c", FORKED_CHECK, str(tutorial)], capture_output=True, text=True,
                          timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["parents"] == [found["me"], found["me"]]  # forked by the sweep's process itself
    assert found["loaded"] == [[found["sha"]], [found["sha"]]]  # parsed before the first task
    assert found["ok"] == ["ok", "ok"]
    assert "ERROR" not in done.stderr  # closing is quiet: workers end before the scheduler


@contextmanager
def another_thread():
    """A thread running in this process: forking now would not be sound."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_with_another_thread_running_workers_come_from_the_fork_server_with_cpx_imported(tutorial):
    plan = build_plan(str(tutorial), "2", ["baseline"], None, "2h")
    with another_thread(), DaskWorkers(plan, "local", 2) as pool:
        parents = pool.client.run(os.getppid)
        ready = pool.client.run(lambda: __import__("sys").modules.get("cpx.engine.exercise") is not None)
    assert len(parents) == 2
    assert os.getpid() not in parents.values()  # not forked by this (multi-threaded) process
    assert all(ready.values()), "the workers had to import cpx's run code themselves"


@pytest.mark.parametrize("threads", ["one thread", "another thread"])
def test_dask_workers_store_the_rows_local_workers_store(tmp_path, tutorial, threads):
    plan = build_plan(str(tutorial), "4", ["baseline", "passive"], None, "6h")
    local, dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    run_sweep(plan, local, lambda: LocalWorkers(plan, 2), stream=io.StringIO(), tty=False)
    with another_thread() if threads == "another thread" else _nothing():
        outcome = run_sweep(plan, dask, lambda: DaskWorkers(plan, "local", 2), stream=io.StringIO(), tty=False)
    assert (outcome.stored, outcome.lost, outcome.failed) == (8, 0, 0)
    assert results_of(dask) == results_of(local)


@contextmanager
def _nothing():
    yield


KILL_ONE = """
import json, os, signal, sys
from cpx.batch.cluster import DaskWorkers
from cpx.batch.plan import build_plan

plan = build_plan(sys.argv[1], "12", ["baseline"], None, "6h")
rows = []
with DaskWorkers(plan, "local", 2) as pool:
    assert pool.forked is not None, "the check needs workers forked from this process"
    for row in pool.results(plan.runs()):
        if not rows:  # a worker killed outright (as the OOM killer would), runs still to do
            os.kill(pool.forked.processes[0].pid, signal.SIGKILL)
        rows.append(row)
    replaced = len(pool.cluster.worker_spec)
print(json.dumps({"seeds": sorted(r["seed"] for r in rows if "lost" not in r),
                  "lost": sum("lost" in r for r in rows), "replaced": replaced}))
"""


def test_a_forked_worker_killed_outright_is_replaced_and_the_sweep_finishes(tutorial):
    done = subprocess.run([sys.executable, "-c", KILL_ONE, str(tutorial)], capture_output=True, text=True,
                          timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # the runs it held went to the other worker or its replacement: none lost, none twice
    assert (found["seeds"], found["lost"]) == (list(range(1, 13)), 0)
    assert found["replaced"] == 1  # a nanny-managed worker took its place
