"""``cpx play`` reports a user's mistake in one line, before any screen opens."""

import pytest

from cpx.cli import main


@pytest.mark.parametrize("argv, says", [
    (["play", "no_such_scenario"], "Scenario not found"),
    (["play", "--resume", "no_such.jsonl"], "Journal not found"),
    (["play", "tutorial", "--resume", "x.jsonl"], "Conflicting options"),
])
def test_mistakes_are_one_line_errors(argv, says, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_an_existing_journal_is_never_overwritten(capsys, tmp_path):
    journal = tmp_path / "old.jsonl"
    journal.write_text("keep me\n")
    assert main(["play", "tutorial", "--journal", str(journal)]) == 2
    assert "Journal exists" in capsys.readouterr().err
    assert journal.read_text() == "keep me\n"
