"""Every bundled scenario validates, satisfies the JSON Schema, and loads by name."""

from __future__ import annotations

import jsonschema
import pytest

from cpx.errors import CpxError
from cpx.scenario import (
    Scenario,
    bundled_scenarios,
    bundled_scenarios_dir,
    check_file,
    clock_minutes,
    default_scenario_path,
    digest,
    json_schema,
    load_scenario,
    resolve,
)
from cpx.scenario.library import BUNDLED_NAMES
from cpx.scenario.source import decode, parse

BUNDLED = bundled_scenarios()


def test_the_flagship_and_the_tutorial_are_bundled():
    names = {path.stem for path in BUNDLED}
    assert {"glass_lantern", "tutorial", "bitter_harvest"} <= names
    assert set(BUNDLED_NAMES) <= names
    assert default_scenario_path() == bundled_scenarios_dir() / "glass_lantern.yaml"
    assert default_scenario_path().is_file()


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_scenario_is_valid(path):
    result = check_file(path)
    assert [str(p) for p in result.problems] == []
    assert result.ok and isinstance(result.scenario, Scenario)
    assert result.counts["members"] == len(result.scenario.network.members)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_json_schema_accepts_bundled_scenario(path):
    data = parse(decode(path.read_bytes())).data
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_json_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_json_dump_is_a_valid_scenario_with_the_same_digest(path):
    scenario = load_scenario(path)
    again = Scenario.model_validate(scenario.model_dump(mode="json", by_alias=True))
    assert again == scenario
    assert digest(again) == digest(scenario)


def test_digest_ignores_layout_and_sees_content(tmp_path, starter_text):
    original = tmp_path / "a.yaml"
    original.write_text(starter_text)
    relaid = tmp_path / "b.yaml"
    relaid.write_text("# a comment that changes nothing\n" + starter_text.replace("capacity: 6", "capacity:   6"))
    changed = tmp_path / "c.yaml"
    changed.write_text(starter_text.replace("capacity: 6", "capacity: 7"))
    first = digest(load_scenario(original))
    assert len(first) == 64
    assert digest(load_scenario(relaid)) == first
    assert digest(load_scenario(changed)) != first


def test_clock_minutes_counts_from_startex(tmp_path, starter_text):
    path = tmp_path / "s.yaml"
    path.write_text(starter_text)  # STARTEX 08:00
    scenario = load_scenario(path)
    assert clock_minutes(scenario, "D1 08:00") == 0
    assert clock_minutes(scenario, "D1 09:30") == 90
    assert clock_minutes(scenario, "D2 07:00") == 23 * 60


def test_resolve_names_and_paths(tmp_path, monkeypatch):
    assert resolve("tutorial") == bundled_scenarios_dir() / "tutorial.yaml"
    assert resolve("tutorial.yaml") == bundled_scenarios_dir() / "tutorial.yaml"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tutorial.yaml").write_text("mine")
    assert resolve("tutorial.yaml").read_text() == "mine"  # a file that exists wins
    assert resolve("tutorial") == bundled_scenarios_dir() / "tutorial.yaml"  # a bare name is bundled
    with pytest.raises(CpxError, match="no bundled scenario of that name"):
        resolve("no_such_exercise")
