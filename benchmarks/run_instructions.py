"""Machine instructions one sweep run costs, counted by valgrind's callgrind.

Wall and CPU time on a shared 2-core VM vary by ±30 % from minute to minute, so a change
worth 2 % of a run cannot be seen with them. An instruction count can: callgrind counts
the same total for the same code and inputs, whatever else the machine is doing. It is
not time (cache misses and mispredicted branches cost cycles without instructions; on this
machine a run executes ~1.5 G instructions a second where a tight loop does ~3 G), but
a change that runs less Python shows here first.

    python -m benchmarks.run_instructions [--runs N] [--scenario NAME]

prints one JSON line ``{"runs", "scenario", "instructions_per_run", "valgrind_s"}``. It
needs valgrind (Debian's ``valgrind`` package); it runs itself under callgrind (about
2 minutes for 3 runs: valgrind runs Python ~50× slower) with collection switched on only
inside ``functools.reduce``, which wraps the measured runs (a warm-up run and the imports
are not counted). Not ``builtins.sum``: callgrind toggles collection at every entry and
exit of the function named, so a ``sum()`` that cpx itself calls inside a run switched
collection off for the work it wrapped; cpx never calls ``reduce``.
Each run is what a sweep worker does: ``run_one`` (build, play 5 days with
the baseline policy on every cell, state hash, outcome figures, scoring) and
``collect_run``, seeds 1..N. ``PYTHONHASHSEED`` is fixed so that dict and set layouts,
and so the count, repeat exactly.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time

_MARK = "--measured-by-callgrind"


def _play_runs(scenario: str, runs: int) -> None:
    """The measured part, run inside valgrind: a warm-up run, then ``runs`` runs inside reduce()."""
    from benchmarks.sweep import build_plan
    from cpx.batch.runner import collect_run, prepare_worker, run_one

    plan = build_plan(scenario, str(runs), ["baseline"], None, None)
    series = plan.series[0]
    prepare_worker(plan.payload)
    run_one(plan.payload, series, 0, plan.until)  # warm-up: modules imported, memos filled
    collect_run()

    def one(seed: int) -> int:
        row = run_one(plan.payload, series, seed, plan.until)
        collect_run()
        if row["status"] != "ok":
            raise SystemExit(f"run {seed} failed: {row['error']}")
        return 0

    # callgrind collects only while functools.reduce (functools_reduce in C) is on the stack
    functools.reduce(lambda done, seed: done + one(seed), range(1, runs + 1), 0)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_instructions")
    parser.add_argument("--runs", type=int, default=3, help="runs counted (seeds 1..N; default 3)")
    parser.add_argument("--scenario", default="glass_lantern", help="bundled scenario or file (default: the flagship)")
    parser.add_argument(_MARK, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.measured_by_callgrind:
        _play_runs(args.scenario, args.runs)
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 1
    command = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", "--collect-atstart=no",
               "--toggle-collect=functools_reduce*", sys.executable, "-m", "benchmarks.run_instructions",
               "--runs", str(args.runs), "--scenario", args.scenario, _MARK]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    seconds = time.monotonic() - started
    collected = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or collected is None:
        print(f"valgrind failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return 1
    count = int(collected.group(1))
    if count == 0:
        print("callgrind counted nothing: this Python has no functools_reduce symbol to switch on at",
              file=sys.stderr)
        return 1
    print(json.dumps({"runs": args.runs, "scenario": args.scenario,
                      "instructions_per_run": round(count / args.runs), "valgrind_s": round(seconds, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
