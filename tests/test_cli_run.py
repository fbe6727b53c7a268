"""``cpx run`` and ``cpx replay``: through ``cpx.cli.main``, and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cpx.cli import main

# the journal tests' forger (re-seals the hash chain after a change)
sys.path.insert(0, str(Path(__file__).parent / "journal"))
from journal_runs import forge  # noqa: E402


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_then_verify(tmp_path, capsys):
    journal = tmp_path / "day1.jsonl"
    code, out, _ = run_cli(
        capsys, "run", "glass_lantern", "--seed", "4", "--policy", "baseline", "--until", "1d",
        "--journal", str(journal), "--json",
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["journal"] == str(journal) and summary["seed"] == 4 and summary["until"] == 1440
    for key in ("events_by_kind", "victims", "arrests", "informant_exposure", "leaks", "network_reactions"):
        assert key in summary
    assert summary["events"] == sum(summary["events_by_kind"].values()) > 0
    code, out, _ = run_cli(capsys, "replay", str(journal), "--verify")
    assert code == 0 and "identical" in out
    code, out, _ = run_cli(capsys, "replay", str(journal), "--summary")
    assert code == 0 and "victims" in out and "seed 4" in out


def test_run_text_summary_and_default_journal(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "run", "glass_lantern", "--until", "6h")
    assert code == 0
    assert "journal: runs/glass_lantern-seed1.jsonl" in out and "by kind" in out
    code, out, _ = run_cli(capsys, "run", "glass_lantern", "--until", "6h")
    assert "journal: runs/glass_lantern-seed1-2.jsonl" in out  # never overwrites the first


def test_a_tampered_journal_fails_verify_with_its_line(tmp_path, capsys):
    journal = tmp_path / "run.jsonl"
    assert run_cli(capsys, "run", "glass_lantern", "--until", "6h", "--journal", str(journal))[0] == 0
    lines = journal.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if '"type":"event"' in line)
    forged = forge(lines, index, lambda record: record.update(t=record["t"] + 1))
    journal.write_text("\n".join(forged) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "replay", str(journal), "--verify")
    assert code == 1
    assert f"DIFFERENT at line {index + 1}" in out


def test_orders_file_runs_and_its_mistakes_are_located(tmp_path, capsys):
    orders = tmp_path / "plan.yaml"
    orders.write_text("- at: D1 09:00\n  order: {verb: surveil, unit: nope, target: nothing}\n", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "run", "glass_lantern", "--until", "6h", "--orders", str(orders), "--no-journal", "--json"
    )
    assert code == 1  # a rejected order of the file: exit 1 (unless --allow-rejected)
    assert json.loads(out)["orders"] == {"accepted": 0, "rejected": 1}
    orders.write_text("- at: D1 09:00\n  order: {verb: surveil}\n- at: D9\n  order: {verb: raid}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", "glass_lantern", "--orders", str(orders), "--no-journal")
    assert code == 2 and f"{orders}:3:" in err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["run", "no_such_scenario"], "no bundled scenario"),
        (["run", "glass_lantern", "--until", "soon"], "not a duration"),
        (["replay", "missing.jsonl", "--verify"], "cannot read"),
    ],
)
def test_user_mistakes_are_one_line_errors(tmp_path, capsys, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and words in err and "Traceback" not in err


def test_an_existing_journal_is_not_overwritten(tmp_path, capsys):
    journal = tmp_path / "taken.jsonl"
    journal.write_text("precious\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", "glass_lantern", "--until", "1h", "--journal", str(journal))
    assert code == 2 and "never overwritten" in err
    assert journal.read_text(encoding="utf-8") == "precious\n"


def test_cpx_run_and_verify_as_processes(tmp_path):
    journal = tmp_path / "proc.jsonl"
    cpx = [sys.executable, "-m", "cpx.cli"]
    done = subprocess.run(
        cpx + ["run", "glass_lantern", "--seed", "2", "--policy", "baseline", "--until", "12h", "--journal", str(journal)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert str(journal) in done.stdout
    done = subprocess.run(cpx + ["replay", str(journal), "--verify"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
