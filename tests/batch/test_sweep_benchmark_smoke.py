"""The sweep benchmark runs and reports its figures (timings are the benchmark's business)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.sweep import main  # noqa: E402


def test_the_sweep_benchmark_reports_speed_and_memory(capsys):
    assert main(["--runs", "4", "--memory-runs", "6", "--until", "3h", "--skip-dask", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["local_s"] > 0 and figures["serial_ms_per_run"] > 0
    assert figures["memory_runs"] == 6
    assert 0 < figures["memory_parent_peak_mb"] <= figures["memory_total_peak_mb"]
    assert figures["memory_worker_peak_mb"] > 0  # the workers were found and measured
