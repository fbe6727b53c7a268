"""Sweep benchmark: flagship runs per second on local workers and on a Dask LocalCluster,
and the memory of a long sweep.

Run from the repository root::

    python -m benchmarks.sweep                      # 1,000 runs each way, then 10,000 for memory
    python -m benchmarks.sweep --runs 200 --memory-runs 0 --json

Figures (``docs/performance.md`` records the last measurement):

* ``local_s`` — wall seconds for ``--runs`` flagship runs (5 days, baseline policy, each
  played, scored and stored in a SQLite results file) on ``--workers`` local worker
  processes, from the start of the pool to the last row committed (aim < 20 s for 1,000
  on 2 cores).
* ``dask_s`` — the same runs on a Dask ``LocalCluster`` with as many single-threaded
  workers, cluster start included; ``dask_over_local`` is their ratio, measured in the
  same process one after the other (aim ≤ 1.25).
* ``local_worker_cpu_ms_per_run`` and ``local_parent_cpu_ms_per_run`` — where the local
  sweep's time goes: the CPU its worker processes used (user + system, read with
  ``getrusage(RUSAGE_CHILDREN)`` once the pool has ended, so their start and end count too)
  and the CPU of the sweep's own process (storing rows, progress, the pool's threads), each
  divided by the runs stored. Against ``serial_ms_per_run`` the first shows what running in
  parallel costs each run; the second is work between rows. Neither changes ``local_s``:
  both are read before and after the timed sweep.
* ``serial_ms_per_run`` — one run played and scored in this process (median of 20), the
  floor the workers divide; measured in the same call, so the ratios hold on a busy machine.
* ``memory_*`` — for ``--memory-runs`` runs on local workers: the peak resident memory of
  the sweep's own process, of the largest worker and of all of them together (MB, read from
  ``/proc`` every 0.2 s), and the total at 10 % and at 100 % of the sweep (flat when the two
  are close; aim < 500 MB for 10,000 runs).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from cpx.batch.local import LocalWorkers
from cpx.batch.plan import build_plan
from cpx.batch.sweep import run_sweep


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


class MemoryWatch:
    """Samples the RSS of this process and its descendants while a sweep runs."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float, float, float]] = []  # (t, parent, max worker, total)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemoryWatch":
        self.started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pending, workers = _children(me), []
            while pending:
                pid = pending.pop()
                workers.append(_rss_mb(pid))
                pending += _children(pid)
            parent = _rss_mb(me)
            self.samples.append((time.monotonic() - self.started, parent, max(workers, default=0.0),
                                 parent + sum(workers)))
            self._stop.wait(self.interval)


def sweep_seconds(plan: Any, results: Path, pool: Any, cpu: dict[str, float] | None = None) -> tuple[float, int]:
    """Wall seconds of one sweep and the runs it stored; ``cpu``, when given, receives the
    CPU seconds of the worker processes (``workers``, those ended and waited for during the
    sweep) and of this process (``parent``), both read outside the timed part."""
    children, own = _children_cpu(), time.process_time()
    started = time.perf_counter()
    outcome = run_sweep(plan, results, pool, stream=io.StringIO(), tty=False)
    seconds = time.perf_counter() - started
    if cpu is not None:
        cpu["workers"] = _children_cpu() - children
        cpu["parent"] = time.process_time() - own
    return seconds, outcome.stored


def _children_cpu() -> float:
    """User + system CPU seconds of this process's ended and waited-for children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def serial_ms(plan: Any, count: int = 20) -> float:
    from cpx.batch.runner import run_one

    series = plan.series[0]
    run_one(plan.payload, series, 0, plan.until)  # parse the scenario, warm the caches
    times = []
    for seed in range(1, count + 1):
        started = time.perf_counter()
        run_one(plan.payload, series, seed, plan.until)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _note(figures: dict[str, Any]) -> None:
    """The figures so far, on stderr: a long benchmark shows what it has measured."""
    print(json.dumps(figures), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sweep", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--memory-runs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--until", default=None, help="shorter runs (smoke tests); default ENDEX (5 days)")
    parser.add_argument("--memory-until", default=None,
                        help="shorter runs for the memory sweep (memory depends on the number of runs)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"runs": args.runs, "workers": args.workers, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        plan = build_plan("glass_lantern", str(args.runs), ["baseline"], None, args.until)
        figures["serial_ms_per_run"] = round(serial_ms(plan), 1)
        cpu: dict[str, float] = {}
        seconds, stored = sweep_seconds(plan, Path(folder) / "local.sqlite",
                                        lambda: LocalWorkers(plan, args.workers), cpu)
        figures["local_s"] = round(seconds, 2)
        figures["local_runs_per_s"] = round(stored / seconds, 1)
        figures["local_worker_cpu_ms_per_run"] = round(cpu["workers"] * 1000 / max(1, stored), 1)
        figures["local_parent_cpu_ms_per_run"] = round(cpu["parent"] * 1000 / max(1, stored), 1)
        # how much of the workers' cores the sweep turned into runs, against one process alone
        figures["local_efficiency"] = round(figures["serial_ms_per_run"] * stored / 1000 / seconds / args.workers, 3)
        _note(figures)
        if not args.skip_dask:
            from cpx.batch.cluster import DaskWorkers

            seconds, stored = sweep_seconds(plan, Path(folder) / "dask.sqlite",
                                            lambda: DaskWorkers(plan, "local", args.workers))
            figures["dask_s"] = round(seconds, 2)
            figures["dask_over_local"] = round(seconds / figures["local_s"], 3)
            _note(figures)
        if args.memory_runs:
            big = build_plan("glass_lantern", str(args.memory_runs), ["baseline"], None,
                             args.memory_until or args.until)
            with MemoryWatch() as watch:
                seconds, stored = sweep_seconds(big, Path(folder) / "memory.sqlite",
                                                lambda: LocalWorkers(big, args.workers))
            samples = watch.samples or [(0.0, 0.0, 0.0, 0.0)]
            tenth = [s for s in samples if s[0] <= seconds * 0.1] or samples[:1]
            figures.update({
                "memory_runs": stored,
                "memory_s": round(seconds, 1),
                "memory_parent_peak_mb": round(max(s[1] for s in samples), 1),
                "memory_worker_peak_mb": round(max(s[2] for s in samples), 1),
                "memory_total_peak_mb": round(max(s[3] for s in samples), 1),
                "memory_total_at_10pct_mb": round(max(s[3] for s in tenth), 1),
                "memory_total_at_end_mb": round(samples[-1][3], 1),
                "results_file_mb": round((Path(folder) / "memory.sqlite").stat().st_size / 1e6, 1),
            })
            figures["memory_until"] = args.memory_until or args.until or "ENDEX"
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(map(len, figures))
        for name, value in figures.items():
            print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
