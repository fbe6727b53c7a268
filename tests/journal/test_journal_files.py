"""Files: no output over an input or an existing file without --force, atomic writes that
never follow a planted symlink, private journals, resume from the last journaled moment."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cpx.cli import main

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.yaml")


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def journal(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CPX_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "run.jsonl"
    assert cli(capsys, "run", "tutorial", "--policy", "baseline", "--until", "1d",
               "--journal", path)[0] == 0
    return path


def test_a_journal_is_private(journal):
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


def test_report_never_overwrites_its_journal_even_with_force(journal, capsys):
    before = journal.read_bytes()
    for extra in ([], ["--force"]):
        code, _, err = cli(capsys, "report", journal, "-o", journal, *extra)
        assert code == 2 and "is an input" in err
        assert journal.read_bytes() == before
    alias = journal.parent / "alias.jsonl"
    os.link(journal, alias)  # the same file under another name
    code, _, err = cli(capsys, "report", journal, "-o", alias, "--force")
    assert code == 2 and journal.read_bytes() == before


def test_report_output_needs_force_to_replace_a_file(journal, capsys):
    target = journal.parent / "aar.md"
    target.write_text("my own notes\n")
    code, _, err = cli(capsys, "report", journal, "-o", target)
    assert code == 2 and "already exists" in err and target.read_text() == "my own notes\n"
    assert cli(capsys, "report", journal, "-o", target, "--force")[0] == 0
    assert target.read_text().startswith("# After-Action Report")


def test_a_symlink_at_the_output_is_replaced_not_followed(journal, capsys, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    link = tmp_path / "aar.md"
    link.symlink_to(victim)
    assert cli(capsys, "report", journal, "-o", link, "--force")[0] == 0
    assert victim.read_text() == "untouched\n"
    assert not link.is_symlink() and link.read_text().startswith("# After-Action Report")


def test_schema_never_overwrites_without_force(tmp_path, capsys):
    target = tmp_path / "precious.json"
    target.write_text("{}\n")
    code, _, err = cli(capsys, "schema", "-o", target)
    assert code == 2 and target.read_text() == "{}\n"
    assert cli(capsys, "schema", "-o", target, "--force")[0] == 0
    assert json.loads(target.read_text())["title"]


def test_notes_are_saved_without_following_a_planted_link(journal, tmp_path):
    from cpx.aar.notes import Note, load_notes, notes_path, save_notes

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    planted = Path(f"{notes_path(journal)}.tmp")
    planted.symlink_to(victim)
    save_notes(journal, {3: Note(3, 60, "good call")})
    assert victim.read_text() == "untouched\n"
    assert load_notes(journal)[3].text == "good call"
    assert stat.S_IMODE(notes_path(journal).stat().st_mode) == 0o600


def test_a_journal_is_never_written_through_a_link(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    link = tmp_path / "run.jsonl"
    link.symlink_to(victim)  # dangling: the journal would create the victim
    code, _, err = cli(capsys, "run", "tutorial", "--until", "1h", "--journal", link)
    assert code == 2 and not victim.exists()


def test_resume_continues_from_the_end_line_not_the_last_event(tmp_path, capsys):
    from cpx.session.resimulate import resume_exercise

    log = tmp_path / "short.jsonl"
    assert cli(capsys, "run", "tutorial", "--until", "100m", "--journal", log)[0] == 0
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    last_event = max(r["t"] for r in lines if r["type"] in ("event", "order"))
    assert lines[-1]["t"] == 100 > last_event
    exercise = resume_exercise(log)
    assert exercise.now == 100
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())


CHILD = textwrap.dedent("""
    import sys, time
    from cpx.engine.orders import Order
    from cpx.tui.driver import ExerciseDriver
    from cpx.tui.session import open_session
    session = open_session(sys.argv[1], 3, sys.argv[2])
    driver = ExerciseDriver(session)
    driver.run_to(60)
    driver.submit(Order("surveil", "tut_surveillance", "bar_nightingale"))
    driver.run_to(900)   # hours of play after the last order, never flushed by the UI
    print("ready", flush=True)
    time.sleep(60)
""")


def test_kill_9_keeps_the_play_after_the_last_order(tmp_path):
    """A killed player loses no order, and the resume starts after the last order."""
    from cpx.session.resimulate import resume_exercise

    log = tmp_path / "play.jsonl"
    child = subprocess.Popen([sys.executable, "-c", CHILD, TUTORIAL, str(log)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    records = [json.loads(line) for line in log.read_text().splitlines() if line.endswith("}")]
    orders = [r for r in records if r["type"] == "order"]
    assert len(orders) == 1 and orders[0]["t"] == 60
    exercise = resume_exercise(log)
    assert exercise.now > 600, exercise.now
    exercise.journal.abandon()


def test_report_never_overwrites_the_scenario_its_journal_names(tmp_path, capsys):
    scenario = tmp_path / "tutorial.yaml"
    scenario.write_bytes(Path(TUTORIAL).read_bytes())
    log = tmp_path / "run.jsonl"
    assert cli(capsys, "run", scenario, "--until", "2h", "--journal", log)[0] == 0
    code, _, err = cli(capsys, "report", log, "-o", scenario, "--force")
    assert code == 2 and "is an input" in err
    assert scenario.read_bytes() == Path(TUTORIAL).read_bytes()
