"""``cpx serve`` refuses what would lose or expose data, with a reason and no traceback."""

from __future__ import annotations

from cpx.cli import main


def test_an_existing_seats_file_is_refused_before_any_journal_is_written(tmp_path, capsys):
    seats = tmp_path / "seats.json"
    seats.write_text("[]")
    journal = tmp_path / "live.jsonl"
    code = main(["serve", "tutorial", "--journal", str(journal), "--seats", str(seats), "--port", "0"])
    assert code == 2
    assert "never overwritten" in capsys.readouterr().err
    assert not journal.exists() and seats.read_text() == "[]"


def test_bad_speed_and_resume_with_a_scenario_are_refused(tmp_path, capsys):
    assert main(["serve", "tutorial", "--speed", "0", "--journal", str(tmp_path / "a.jsonl")]) == 2
    assert "--speed" in capsys.readouterr().err
    assert main(["serve", "tutorial", "--resume", str(tmp_path / "a.jsonl")]) == 2
    assert "--resume" in capsys.readouterr().err
    assert not (tmp_path / "a.jsonl").exists()
