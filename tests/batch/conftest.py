"""Helpers for sweep tests: run the real ``cpx`` CLI and read results files with sqlite3."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"


def cpx_sweep(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Run the real ``cpx sweep`` command in a subprocess."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, "-m", "cpx.cli", "sweep", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env, **kwargs)


def table(path: Path, name: str) -> list[tuple]:
    """Every row of a results table, in key order (what must match between two sweeps)."""
    with sqlite3.connect(path) as db:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({name})")]
        keys = [c for c in ("series", "seed", "objective", "task", "measure") if c in columns]
        return db.execute(f"SELECT * FROM {name} ORDER BY {', '.join(keys)}").fetchall()


def results_of(path: Path) -> dict[str, list[tuple]]:
    return {name: table(path, name) for name in ("runs", "objectives", "measures")}


@pytest.fixture
def tutorial() -> Path:
    assert TUTORIAL.is_file(), "the bundled tutorial scenario is missing"
    return TUTORIAL
