"""The modules a compiled install compiles: they type-check, and setup.py finds them all.

``CPX_COMPILE=1 pip install .`` compiles them with mypyc, which refuses to build while mypy
reports an error and, in the compiled code, enforces every annotation at run time. A change
that breaks their typing would break the compiled install only, so the suite checks it here.
(``benchmarks.compiled`` builds the compiled engine and checks it plays the same journals.)
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_compiled_modules_type_check(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_setup_compiles_every_engine_module_named_in_pyproject():
    sys.path.insert(0, str(ROOT))
    try:
        from setup import compiled_modules
    finally:
        sys.path.remove(str(ROOT))
    found = set(compiled_modules())
    named = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]["files"]
    engine = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cpx" / "engine").glob("*.py")}
    assert "cpx/engine" in named
    assert engine - {"cpx/engine/__init__.py"} <= found
    assert "cpx/engine/__init__.py" not in found  # the package stays importable as Python
    assert {"cpx/session/scripted.py", "cpx/journal/events.py"} <= found
    # the scoring a sweep run does after play (cpx.batch.runner.run_one)
    assert {"cpx/batch/scoring.py", "cpx/batch/row_json.py", "cpx/batch/outcomes.py",
            "cpx/aar/measures.py", "cpx/aar/metrics.py", "cpx/aar/scorecard.py",
            "cpx/aar/ratings.py", "cpx/journal/summary.py"} <= found
    assert all((ROOT / path).is_file() for path in found)
