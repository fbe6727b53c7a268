"""A sweep worker frees each run before the next: nothing of a run waits for the collector."""

from __future__ import annotations

import gc

from cpx.batch.local import _WORKER, _task
from cpx.batch.plan import build_plan
from cpx.batch.runner import run_many, run_one


def test_a_local_worker_leaves_no_garbage_between_runs(tutorial):
    plan = build_plan(str(tutorial), "2", ["baseline"], None, "6h")
    _WORKER.update(payload=plan.payload, series={s.name: s for s in plan.series}, until=plan.until,
                   keep=False, run=run_one)
    try:
        gc.collect()
        row = _task((plan.series[0].name, 1))
        assert row["status"] == "ok" and row["objectives"]
        assert gc.collect() == 0  # the run's exercise (a web of cycles) was collected already
    finally:
        _WORKER.clear()


def test_a_dask_task_leaves_no_garbage_between_runs(tutorial):
    plan = build_plan(str(tutorial), "2", ["baseline"], None, "6h")
    gc.collect()
    rows = run_many(plan.payload, plan.series[0], [1, 2], plan.until)
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert gc.collect() == 0
