"""Scenario files: the pydantic models, the loader with located errors, the checks of meaning.

The usual entry points::

    from cpx.scenario import load_scenario, check_file, digest, clock_minutes, resolve

    scenario = load_scenario(resolve("tutorial"))   # raises ScenarioError listing problems
"""

from cpx.scenario.library import bundled_scenarios, bundled_scenarios_dir, default_scenario_path, resolve
from cpx.scenario.loader import (
    CheckResult,
    check_bytes,
    check_file,
    check_text,
    clock_minutes,
    digest,
    load_scenario,
    startex_minute_of_day,
)
from cpx.scenario.models import Scenario
from cpx.scenario.problems import Problem, ScenarioError
from cpx.scenario.schema import json_schema

__all__ = [
    "CheckResult",
    "Problem",
    "Scenario",
    "ScenarioError",
    "bundled_scenarios",
    "bundled_scenarios_dir",
    "check_bytes",
    "check_file",
    "check_text",
    "clock_minutes",
    "default_scenario_path",
    "digest",
    "json_schema",
    "load_scenario",
    "resolve",
    "startex_minute_of_day",
]
