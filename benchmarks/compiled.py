"""The compiled engine: build it beside the source, prove it plays as the Python does, time both.

``CPX_COMPILE=1 pip install .`` compiles the engine's run path with mypyc (``setup.py``).
This module builds that same compiled engine in a copy of the repository, so the copy's
Python imports the C extensions while this tree stays pure Python, and then:

- **check**: the compiled modules really load; every journal of the identity manifest
  (``benchmarks.journal_identity``: 3 scenarios × 5 seeds × baseline and passive) is byte-
  identical to the pure-Python one, state hash and scores included; and the engine's,
  the doctrine's, the determinism and the after-action scoring tests pass on the compiled
  code, which enforces every annotation at run time (a few tests of the Python code's own
  mechanics left out: ``NOT_FOR_COMPILED`` says which and why);
- **time**: the CPU a sweep run costs, pure then compiled, alternated (``benchmarks.run_cost``
  totals, medians).

::

    python -m benchmarks.compiled build DIR     # ~5 min on one core: DIR/ holds the compiled copy
    python -m benchmarks.compiled check DIR     # ~3 min: exit 1 on any difference or failure
    python -m benchmarks.compiled time DIR      # alternates pure / compiled runs, prints JSON

CI builds while the suite runs, then checks (``.ci/run``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED_TESTS = ("tests/engine", "tests/doctrine", "tests/test_determinism.py", "tests/aar")
"""The tests run again on the compiled copy: those that play the engine in-process, and the
after-action scoring (compiled too: the scoring a sweep run does)."""
NOT_FOR_COMPILED = (
    # These replace a method of an engine class with monkeypatch to watch or check it: a
    # compiled class's own code calls its methods directly, so the patch sees nothing. They
    # check a Python shortcut against the plain computation; in the compiled build the same
    # code is checked by the journals being identical.
    "tests/engine/test_engine_caches.py::test_policy_views_match_full_rescan",
    "tests/engine/test_ops_fast_paths.py::test_streams_read_ahead_give_the_scalar_draws_and_nobody_else_draws",
    "tests/engine/test_ops_fast_paths.py::test_leak_chance_kept_is_the_plain_chance",
    "tests/engine/test_ops_kept_facts.py::test_shift_checks_and_leaks_kept_are_the_plain_ones",
    # (patches Doctrine.pressure: the typed order processes call it directly, compiled)
    "tests/engine/test_ops_fast_paths.py::test_kept_facts_match_plain_computation_during_a_run",
    "tests/engine/test_policy_shortcuts.py::test_each_event_kind_writes_only_the_tables_it_is_said_to",
    # (the compiled Exercise, a native class, makes its OrderDesk by a direct call)
    "tests/engine/test_order_path_shortcuts.py::test_streams_made_on_first_use_draw_what_streams_made_at_the_start_draw",
    # The interpreter's twin of Event (quick_event); the compiled Event is native, made by its
    # own constructor, and has no slots to compare.
    "tests/engine/test_core_fast_paths.py::test_the_twin_has_the_event_layout",
    # It takes weak references to the run's parts; a compiled class takes none.
    "tests/engine/test_exercise_dispose.py::test_disposing_frees_the_run_without_the_collector",
    "tests/engine/test_pathway_validators.py::test_a_finished_exercise_is_not_kept_alive",
)
"""Tests of the Python code's own mechanics, left out of the compiled run (they still run
in the suite, on the Python code)."""
_SKIPPED = shutil.ignore_patterns(".venv", "build", "dist", "__pycache__", "*.so", ".git", "runs",
                                  ".hypothesis", ".pytest_cache", "*.egg-info")


def build(dest: Path, opt_level: str = "3") -> None:
    """Copy the repository to ``dest`` and compile its engine there, in place."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest, ignore=_SKIPPED)
    env = dict(os.environ, CPX_COMPILE="1", MYPYC_OPT_LEVEL=opt_level)
    log = dest / "build.log"
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=dest, env=env,
                              stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        lines = [line for line in log.read_text().splitlines() if "error" in line.lower()]
        raise SystemExit("the compiled build failed:\n" + "\n".join(lines[-20:] or ["see " + str(log)]))


def _in(tree: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python ARGS`` with ``tree`` first on the path (its cpx, compiled or not)."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, *args], cwd=tree, env=env)


def compiled_modules(tree: Path) -> list[str]:
    """The modules meant to be compiled that ``tree``'s Python imports from a C extension."""
    probe = ("import importlib, json, sys\n"
             "mods = [importlib.import_module(n) for n in json.loads(sys.argv[1])]\n"
             "print(json.dumps([m.__name__ for m in mods if m.__file__.endswith('.so')]))")
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", probe, json.dumps(meant_to_compile())], cwd=tree, env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the compiled copy does not import:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def meant_to_compile() -> list[str]:
    """The modules a compiled install compiles: setup.py's list (pyproject's ``[tool.mypy] files``)."""
    sys.path.insert(0, str(ROOT))
    try:
        from setup import compiled_modules as sources  # setup.py runs setup() only as a script
    finally:
        sys.path.remove(str(ROOT))
    return [path.removesuffix(".py").replace("/", ".") for path in sources()]


def check(dest: Path) -> int:
    """0 when the compiled copy loads, plays every identity journal byte for byte as this
    tree's Python does, and passes the engine's tests; 1 otherwise."""
    loaded = compiled_modules(dest)
    print(f"{len(loaded)} modules compiled", flush=True)
    missing = sorted(set(meant_to_compile()) - set(loaded))
    if missing:  # a module left pure would pass every check below while proving nothing
        print(f"not compiled in {dest}: {', '.join(missing)}")
        return 1
    with tempfile.TemporaryDirectory(prefix="cpx-compiled-") as folder:
        manifest = Path(folder) / "pure.json"
        if _in(ROOT, "-m", "benchmarks.journal_identity", "-o", str(manifest)).returncode != 0:
            return 1
        if _in(dest, "-m", "benchmarks.journal_identity", "--compare", str(manifest)).returncode != 0:
            return 1
    left_out = [arg for test in NOT_FOR_COMPILED for arg in ("--deselect", test)]
    tests = _in(dest, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHECKED_TESTS, *left_out)
    return 1 if tests.returncode != 0 else 0


def timing(dest: Path, rounds: int) -> dict[str, float]:
    """Median CPU milliseconds of a sweep run (play, hash, score), pure and compiled, alternated."""
    found: dict[str, list[float]] = {"pure": [], "compiled": []}
    for _ in range(rounds):
        for name, tree in (("pure", ROOT), ("compiled", dest)):
            env = dict(os.environ, PYTHONPATH=str(tree))
            out = subprocess.run([sys.executable, "-m", "benchmarks.run_cost", "8"], cwd=tree,
                                 env=env, capture_output=True, text=True, check=True)
            found[name].append(json.loads(out.stdout)["total"])
    pure, compiled = statistics.median(found["pure"]), statistics.median(found["compiled"])
    return {"pure_ms": round(pure, 1), "compiled_ms": round(compiled, 1),
            "compiled_over_pure": round(compiled / pure, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("build", "check", "time", "all"))
    parser.add_argument("dir", type=Path, help="where the compiled copy is (built there by build)")
    parser.add_argument("--opt-level", default="3", help="mypyc's optimisation level (default 3, as installed)")
    parser.add_argument("--rounds", type=int, default=5, help="time: pure/compiled alternations (default 5)")
    args = parser.parse_args(argv)
    dest = args.dir.resolve()
    if args.step in ("build", "all"):
        began = time.perf_counter()
        build(dest, args.opt_level)
        print(f"built in {time.perf_counter() - began:.0f} s: {dest}", flush=True)
    if args.step in ("check", "all"):
        if check(dest) != 0:
            return 1
    if args.step == "time":
        print(json.dumps(timing(dest, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
