"""A reader that stops early (``cpx … | head``) ends cpx quietly, without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_output_cut_short_by_its_reader_ends_without_a_traceback():
    cpx = subprocess.Popen([sys.executable, "-m", "cpx.cli", "validate",
                            str(ROOT / "scenarios" / "glass_lantern.yaml"), "--json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert cpx.stdout is not None and cpx.stderr is not None
    cpx.stdout.read(10)  # read a little, as `head -c 10` does, then go away
    cpx.stdout.close()
    errors = cpx.stderr.read().decode()
    cpx.wait(timeout=120)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    assert cpx.returncode in (0, 141)
