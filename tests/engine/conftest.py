"""Fixtures of the engine tests."""

from __future__ import annotations

import pytest

from cpx.scenario.models import Scenario
from engine_world import scenario


@pytest.fixture
def fixture_scenario() -> Scenario:
    """The fixture world as it is on disk."""
    return scenario()
