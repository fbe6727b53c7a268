"""The load benchmark runs tiny (2 bot seats, 3 s) and reports its figures.

Timings are not asserted (they belong to benchmarks/serve_load.py and
docs/performance.md): only that the bots played — orders answered, events delivered to
every seat of the cell — and that the server kept a clock.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_benchmark_runs_tiny_and_reports():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_load.py"),
                           "--scenario", "tutorial", "--seats", "2", "--seconds", "3",
                           "--order-every", "0.5", "--json"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["seats"] == 2 and figures["cells"] == 1
    assert figures["complete"] is True
    assert figures["deliveries"] > 0 and figures["event_ms_p95"] >= 0
    assert figures["orders"] > 0 and figures["answer_ms_p50"] > 0
    assert figures["sim_minutes_per_s"] > 0 and figures["errors"] == []
