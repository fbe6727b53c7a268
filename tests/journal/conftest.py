"""Fixtures for the journal tests."""

from __future__ import annotations

import pytest

from cpx.scenario.models import Scenario
from journal_samples import MINIMAL


@pytest.fixture
def scenario() -> Scenario:
    """A minimal real scenario (only its meta matters to the journal layer)."""
    return Scenario.model_validate(MINIMAL)
