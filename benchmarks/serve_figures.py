"""What the ``cpx serve`` benchmarks share: a real server process, and their figures.

:func:`served` runs ``cpx serve`` in its own process on a free port, in a scratch folder,
for the length of a ``with`` block; :func:`spread` turns a list of milliseconds into the
median, 95th percentile and maximum the benchmarks report; :func:`report` prints them.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def start_server(scenario: str, folder: Path, journal: str,
                 *options: str) -> tuple[subprocess.Popen, str, list[dict]]:
    """A ``cpx serve SCENARIO`` process journaling to ``folder/journal``, with ``options``;
    its URL once it listens and the seats of its seats file."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cpx.cli", "serve", scenario, *options, "--port", "0",
         "--journal", journal],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    for line in proc.stdout:
        if line.startswith("listening on "):
            seats = json.loads((folder / f"{journal}.seats.json").read_text())
            return proc, line.split()[-1], seats
    raise SystemExit("cpx serve did not start")


@contextlib.contextmanager
def served(scenario: str, journal: str, *options: str) -> Iterator[tuple[str, list[dict]]]:
    """``with served("glass_lantern", "bench.jsonl", "--speed", "600") as (url, seats)``:
    a server listening for the block, stopped (SIGTERM) after it."""
    with tempfile.TemporaryDirectory(prefix="cpx-serve-bench-") as folder:
        proc, url, seats = start_server(scenario, Path(folder), journal, *options)
        try:
            yield url, seats
        finally:
            proc.terminate()
            proc.wait(timeout=120)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def spread(name: str, values: list[float], most: bool = True) -> dict[str, float | None]:
    """``{name_p50, name_p95[, name_max]}`` of ``values`` in ms, to 0.1 (None when empty)."""
    figures: dict[str, float | None] = {
        f"{name}_p50": round(statistics.median(values), 1) if values else None,
        f"{name}_p95": round(percentile(values, 0.95), 1) if values else None,
    }
    if most:
        figures[f"{name}_max"] = round(max(values), 1) if values else None
    return figures


def report(figures: dict, as_json: bool) -> None:
    """Print ``figures`` as one JSON line, or one aligned ``name: value`` line each."""
    if as_json:
        print(json.dumps(figures))
        return
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:>{width}}: {value}")
