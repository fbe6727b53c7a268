"""Bad sweep input is one line on stderr and exit code 1, before any run and any results file."""

from __future__ import annotations

import socket

import pytest

from cpx.batch.plan import parse_seeds
from cpx.errors import CpxError

from .conftest import cpx_sweep as cpx


def test_seed_counts_ranges_and_lists():
    assert parse_seeds("3") == (1, 2, 3)
    assert parse_seeds("5-8") == (5, 6, 7, 8)
    assert parse_seeds("1,5,9-11,5") == (1, 5, 9, 10, 11)
    for bad in ("5-1", "0", "x", "1-", "-3", "1-99999999999"):
        with pytest.raises(CpxError):
            parse_seeds(bad)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _orders(tmp_path, text):
    path = tmp_path / "orders.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["policy", "seeds", "unit", "target", "late", "scheduler", "until"])
def test_bad_input_is_one_line_and_exit_1_before_any_run(tmp_path, tutorial, case):
    results = tmp_path / "results.sqlite"
    args = [tutorial, "--seeds", "3", "-o", results]
    expect = {
        "policy": ("--policy", "passive,agressive"),
        "seeds": ("--seeds", "5-1"),
        "unit": ("--orders", "- at: 'D1 10:00'\n  order: {verb: surveil, unit: nobody, target: x}\n"),
        "target": ("--orders", "- at: 'D1 10:00'\n  order: {verb: surveil, unit: "
                               "tut_surveillance, target: club_nowhere}\n"),
        "late": ("--orders", "- at: 'D9 10:00'\n  order: {verb: surveil, unit: tut_surveillance}\n"),
        "scheduler": ("--dask", f"tcp://127.0.0.1:{_free_port()}"),
        "until": ("--until", "soon"),
    }[case]
    if expect[0] == "--orders":
        expect = ("--orders", _orders(tmp_path, expect[1]))
    done = cpx(*args, *expect)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cpx sweep: "), done.stderr
    assert "Traceback" not in done.stderr
    assert not results.exists()
    word = {"policy": "unknown policy 'agressive'", "seeds": "5-1 runs backwards",
            "unit": "'nobody' is not a unit", "target": "club_nowhere", "late": "after the end",
            "scheduler": "cannot reach the Dask scheduler", "until": "soon"}[case]
    assert word in lines[0]
    if case in ("unit", "target", "late"):
        assert "orders.yaml:1:" in lines[0]  # located in the file


def test_changed_scenario_is_refused_on_resume(tmp_path, tutorial):
    scenario = tmp_path / "tutorial.yaml"
    scenario.write_text(tutorial.read_text(encoding="utf-8"), encoding="utf-8")
    results = tmp_path / "r.sqlite"
    first = cpx(scenario, "--seeds", "2", "--policy", "passive", "--until", "2h", "-o", results, "--workers", "1")
    assert first.returncode == 0, first.stderr
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("duration: 1d", "duration: 20h"), encoding="utf-8")
    again = cpx(scenario, "--seeds", "4", "--policy", "passive", "--until", "2h", "-o", results)
    assert again.returncode == 1
    assert "Scenario changed" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    other_until = cpx(tutorial, "--seeds", "2", "--policy", "passive", "--until", "3h", "-o", results)
    assert other_until.returncode == 1 and "--until" in other_until.stderr
