"""The director's commands: cpx validate, cpx schema, cpx new."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cpx.cli import main
from cpx.scenario import bundled_scenarios, check_file
from cpx.scenario.schema import json_schema

BROKEN = Path(__file__).parent / "broken"


def test_validate_valid_files_exits_0(capsys):
    paths = [str(path) for path in bundled_scenarios()]
    assert main(["validate", *paths]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(f"all {len(paths)} file(s) valid")


def test_validate_prints_located_problems_and_exits_1(capsys):
    good = str(bundled_scenarios()[0])
    bad = str(BROKEN / "unknown_role.yaml")
    assert main(["validate", good, bad]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{bad}:41:15: network.members[1].roles[0]: 'recruter' is not a role; did you mean 'recruiter'?" in lines
    assert lines[-1] == "1 problem in 1 of 2 file(s)"


def test_validate_says_when_the_second_pass_has_not_run(capsys):
    schema_broken = str(BROKEN / "unknown_role.yaml")
    main(["validate", schema_broken])
    assert "checked once these problems are fixed" in capsys.readouterr().out
    meaning_broken = str(BROKEN / "unknown_reference.yaml")
    main(["validate", meaning_broken])
    assert "checked once these problems are fixed" not in capsys.readouterr().out


def test_validate_accepts_bundled_names(capsys):
    assert main(["validate", "tutorial"]) == 0
    assert "tutorial.yaml: valid" in capsys.readouterr().out


def test_validate_json(capsys):
    bad = str(BROKEN / "duplicate_id.yaml")
    good = str(bundled_scenarios()[0])
    assert main(["validate", "--json", bad, good]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    first, second = report["files"]
    assert first["file"] == bad and first["ok"] is False
    assert first["errors"][0] == {
        "line": 43,
        "column": 11,
        "path": "network.members[2].id",
        "message": "the id 'lira' is already used by a member (network.members[1]); ids must be unique",
    }
    assert first["counts"]["members"] == 3 and first["counts"]["units"] == 3
    assert second["ok"] is True and second["errors"] == []
    assert set(second["counts"]) >= {"locations", "members", "venues", "informants", "agencies", "units", "injects", "objectives"}


def test_validate_missing_file_is_a_problem_not_a_crash(capsys, tmp_path):
    missing = str(tmp_path / "nope.yaml")
    assert main(["validate", missing]) == 1
    assert f"{missing}:1:1: no such file" in capsys.readouterr().out


def test_schema_to_stdout_and_file(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()
    target = tmp_path / "scenario.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text()) == json_schema()


def test_schema_shows_durations_as_notation():
    properties = json_schema()["$defs"]["CorruptOfficial"]["properties"]
    assert properties["leak_delay"]["default"] == "1h"
    assert json_schema()["$defs"]["Legal"]["properties"]["reflection_period"]["default"] == "30d"


def test_new_writes_a_starter_that_validates(tmp_path, capsys):
    target = tmp_path / "Spring Exercise.yaml"
    assert main(["new", str(target)]) == 0
    result = check_file(target)
    assert [str(p) for p in result.problems] == []
    assert result.scenario.meta.id == "spring_exercise"
    assert "#" in target.read_text()  # commented for the director


def test_new_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "mine.yaml"
    target.write_text("precious")
    assert main(["new", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "precious"
    assert main(["new", "--force", str(target)]) == 0
    assert check_file(target).ok


def test_validate_in_a_subprocess(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((BROKEN / "unknown_reference.yaml").read_text())
    done = subprocess.run(
        [sys.executable, "-m", "cpx.cli", "validate", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert f"{bad}:42:13: network.members[1].home: there is no location 'kresnoo'; did you mean 'kresno'?" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["empty", "binary"])
def test_validate_survives_unreadable_files(tmp_path, capsys, name):
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(b"" if name == "empty" else bytes(range(256)))
    assert main(["validate", str(path)]) == 1
    assert f"{path}:1:1: " in capsys.readouterr().out
