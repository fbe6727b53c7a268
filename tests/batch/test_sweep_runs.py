"""Sweeps on real worker processes and a real Dask LocalCluster store the same rows.

Rows depend only on scenario, series and seed: one worker, two workers, a Dask
LocalCluster, and a sweep interrupted by a real SIGINT and resumed all give the same
tables. Runs are short (the tutorial to 6 h) so the suite stays fast.
"""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time

from cpx.batch.local import LocalWorkers
from cpx.batch.plan import build_plan
from cpx.batch.runner import run_one
from cpx.batch.sweep import run_sweep

from .conftest import REPO, cpx_sweep, results_of

ARGS = ("--seeds", "6", "--until", "6h")


def test_one_worker_two_workers_and_resume_store_the_same_rows(tmp_path, tutorial):
    one, two, resumed = tmp_path / "one.sqlite", tmp_path / "two.sqlite", tmp_path / "resumed.sqlite"
    assert cpx_sweep(tutorial, *ARGS, "--workers", "1", "-o", one).returncode == 0
    assert cpx_sweep(tutorial, *ARGS, "--workers", "2", "-o", two).returncode == 0
    first = cpx_sweep(tutorial, "--seeds", "2-3", "--until", "6h", "--workers", "2", "-o", resumed)
    assert first.returncode == 0, first.stderr
    second = cpx_sweep(tutorial, *ARGS, "--workers", "2", "-o", resumed)
    assert second.returncode == 0, second.stderr
    assert "8 runs stored" in second.stdout and "4 were already there" in second.stdout
    reference = results_of(one)
    assert len(reference["runs"]) == 12  # passive and baseline, six seeds each
    assert {row[2] for row in reference["runs"]} == {"ok"}
    assert reference["objectives"] and reference["measures"]
    assert results_of(two) == reference
    assert results_of(resumed) == reference
    again = cpx_sweep(tutorial, *ARGS, "-o", one)
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_dask_local_cluster_stores_the_same_rows(tmp_path, tutorial):
    local, dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    assert cpx_sweep(tutorial, *ARGS, "--workers", "2", "-o", local).returncode == 0
    done = cpx_sweep(tutorial, *ARGS, "--dask", "local", "--workers", "2", "-o", dask)
    assert done.returncode == 0, done.stderr
    assert "Dask LocalCluster" in done.stdout
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert results_of(dask) == results_of(local)


def run_failing_on_seed_3(payload, series, seed, until, keep_journal=False):
    """The real run, except that seed 3 asks the engine for a policy it does not have."""
    if seed == 3:
        series = dataclasses.replace(series, policy="no_such_policy")
    return run_one(payload, series, seed, until, keep_journal)


def test_a_run_that_raises_is_stored_as_failed_and_the_sweep_goes_on(tmp_path, tutorial):
    plan = build_plan(str(tutorial), "4", ["baseline"], None, "6h")
    results = tmp_path / "r.sqlite"
    stream = io.StringIO()
    outcome = run_sweep(plan, results, lambda: LocalWorkers(plan, 2, run=run_failing_on_seed_3),
                        stream=stream, tty=False)
    assert (outcome.stored, outcome.failed) == (4, 1)
    with sqlite3.connect(results) as db:
        rows = db.execute("SELECT seed, status, error FROM runs ORDER BY seed").fetchall()
        assert [(s, st) for s, st, _ in rows] == [(1, "ok"), (2, "ok"), (3, "failed"), (4, "ok")]
        assert "no_such_policy" in rows[2][2]
        assert db.execute("SELECT COUNT(*) FROM objectives WHERE seed = 3").fetchone()[0] == 0
    assert "(1 failed)" in stream.getvalue()


def test_ctrl_c_keeps_every_run_that_ended_and_the_same_command_finishes(tmp_path, tutorial):
    results, clean = tmp_path / "r.sqlite", tmp_path / "clean.sqlite"
    args = [sys.executable, "-m", "cpx.cli", "sweep", str(tutorial), "--seeds", "150", "--policy", "baseline",
            "--until", "12h", "--workers", "2", "-o", str(results)]
    # a session of its own, so the SIGINT goes to the whole group as a terminal's Ctrl+C does
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=REPO)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(results, timeout=5) as db:
                stored = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 10:
            break
    assert proc.poll() is None, "the sweep ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    with sqlite3.connect(results) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        # every stored run is whole: its objectives were stored with it
        assert db.execute("SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM objectives o "
                          "WHERE o.series = r.series AND o.seed = r.seed)").fetchone()[0] == 0
    assert stored <= kept < 150
    finish = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert finish.returncode == 0, finish.stderr
    assert f"{150 - kept} runs stored" in finish.stdout
    reference = cpx_sweep(tutorial, "--seeds", "150", "--policy", "baseline", "--until", "12h", "--workers", "2",
                          "-o", clean)
    assert reference.returncode == 0
    assert results_of(results) == results_of(clean)


def test_kept_journals_replay_identically(tmp_path, tutorial):
    journals = tmp_path / "journals"
    done = cpx_sweep(tutorial, "--seeds", "2", "--policy", "baseline", "--until", "6h", "-o", tmp_path / "r.sqlite",
                     "--journals", journals)
    assert done.returncode == 0, done.stderr
    files = sorted(journals.glob("*.jsonl"))
    assert [f.name for f in files] == ["tutorial-baseline-seed1.jsonl", "tutorial-baseline-seed2.jsonl"]
    verify = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(files[1]), "--verify"],
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    with sqlite3.connect(tmp_path / "r.sqlite") as db:
        (state_hash,) = db.execute("SELECT state_hash FROM runs WHERE seed = 2").fetchone()
    assert state_hash in files[1].read_text(encoding="utf-8").splitlines()[-1]


def test_a_running_scheduler_by_its_address_stores_the_same_rows(tmp_path, tutorial):
    import logging

    from distributed import LocalCluster

    local, remote = tmp_path / "local.sqlite", tmp_path / "remote.sqlite"
    assert cpx_sweep(tutorial, "--seeds", "3", "--until", "6h", "--workers", "1", "-o", local).returncode == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                      dashboard_address=None) as cluster:
        done = cpx_sweep(tutorial, "--seeds", "3", "--until", "6h", "-o", remote, "--dask", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    assert cluster.scheduler_address in done.stdout
    assert results_of(remote) == results_of(local)


def run_killing_its_worker_on_seed_3(payload, series, seed, until, keep_journal=False):
    """Play normally, except that seed 3 kills its own worker process outright (as the OOM killer would)."""
    if seed == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_one(payload, series, seed, until, keep_journal)


def test_a_worker_killed_outright_loses_only_its_run_and_the_sweep_finishes(tmp_path, tutorial):
    plan = build_plan(str(tutorial), "6", ["baseline"], None, "6h")
    results = tmp_path / "r.sqlite"
    outcome = run_sweep(plan, results, lambda: LocalWorkers(plan, 2, run=run_killing_its_worker_on_seed_3),
                        stream=io.StringIO(), tty=False)
    # seed 3 is tried again on a fresh worker and given up; the run queued behind it is stored
    assert outcome.lost == 1
    with sqlite3.connect(results) as db:
        assert [s for (s,) in db.execute("SELECT seed FROM runs ORDER BY seed")] == [1, 2, 4, 5, 6]
    # the same command later does only the lost run (here it kills its worker again)
    again = run_sweep(plan, results, lambda: LocalWorkers(plan, 2, run=run_killing_its_worker_on_seed_3),
                      stream=io.StringIO(), tty=False)
    assert (again.planned - again.already, again.lost, again.stored) == (1, 1, 0)


def run_killing_its_first_worker_on_seed_4(payload, series, seed, until, keep_journal=False):
    """Seed 4 kills the first worker that plays it (a marker file beside the scenario remembers)."""
    marker = f"{payload.path}.killed-once"
    if seed == 4 and not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return run_one(payload, series, seed, until, keep_journal)


def test_a_run_whose_worker_died_once_is_played_again_and_stored(tmp_path, tutorial):
    copy = tmp_path / "tutorial.yaml"
    copy.write_bytes(tutorial.read_bytes())
    plan = build_plan(str(copy), "6", ["baseline"], None, "6h")
    results = tmp_path / "r.sqlite"
    outcome = run_sweep(plan, results, lambda: LocalWorkers(plan, 2, run=run_killing_its_first_worker_on_seed_4),
                        stream=io.StringIO(), tty=False)
    assert (tmp_path / "tutorial.yaml.killed-once").exists()  # a worker did die
    assert (outcome.lost, outcome.stored) == (0, 6)
    with sqlite3.connect(results) as db:
        assert [s for (s,) in db.execute("SELECT seed FROM runs WHERE status = 'ok' ORDER BY seed")] == [1, 2, 3, 4, 5, 6]


def test_a_worker_that_died_before_its_first_run_is_replaced(tmp_path, tutorial):
    plan = build_plan(str(tutorial), "4", ["baseline"], None, "6h")
    with LocalWorkers(plan, 1) as pool:  # one worker: no other would play the runs instead
        idle = pool.pool[0].process
        idle.kill()  # killed before it was handed anything
        idle.join()
        rows = list(pool.results(plan.runs()))
    assert sorted(row["seed"] for row in rows if "lost" not in row) == [1, 2, 3, 4]
    assert not any("lost" in row for row in rows)
