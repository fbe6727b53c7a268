"""Benchmark: what reading evaluators' observations adds to ``cpx score`` / ``cpx report``.

Scoring a complete journal first asks its end line whether every line is an order or an
event (``only_orders_and_events``: 64 KiB read, whatever the journal's size): then there
is nothing to read (``gate_ms``, on a real flagship log: the baseline policy, seed 3).
Otherwise ``load_observations`` (:mod:`cpx.aar.observations`) searches the mapped file
for observation lines; that is measured on a file of COPIES copies of the same log,
without (``without_ms``: one search at memory speed) and with 20 observation lines.

Run: ``python benchmarks/observations_scan.py [--copies 64] [--repeat 7]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from cpx.aar.observations import load_observations, only_orders_and_events

    with tempfile.TemporaryDirectory(prefix="cpx-obs-bench-") as folder:
        base = Path(folder) / "base.jsonl"
        subprocess.run([sys.executable, "-m", "cpx.cli", "run", "glass_lantern", "--seed", "3",
                        "--policy", "baseline", "--journal", str(base)], check=True,
                        capture_output=True)
        body = base.read_bytes() * args.copies
        plain = Path(folder) / "plain.jsonl"
        plain.write_bytes(body)
        noted = Path(folder) / "noted.jsonl"
        line = json.dumps({"author": "evaluator-1", "note": "x", "objective": "o", "prev": "0",
                           "rating": "S", "t": 1, "task": "t", "type": "observation"},
                          separators=(",", ":"))
        noted.write_bytes(body + ((line + "\n").encode() * 20))
        figures = {"journal_mb": round(len(body) / 1e6, 1)}
        lines = base.read_bytes().count(b"\n")
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            assert only_orders_and_events(base, lines)
            times.append(time.perf_counter() - started)
        figures["gate_ms"] = round(statistics.median(times) * 1000, 3)
        for name, path in (("without_ms", plain), ("with_20_ms", noted)):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                load_observations(path)
                times.append(time.perf_counter() - started)
            figures[name] = round(statistics.median(times) * 1000, 2)
        figures["without_gb_per_s"] = round(len(body) / 1e9 / (figures["without_ms"] / 1000), 2)
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
