"""Shared fixtures of the scenario tests."""

from __future__ import annotations

import pytest

from cpx.scenario.starter import starter_text as _starter_text


@pytest.fixture
def starter_text() -> str:
    """The text ``cpx new`` writes: a small scenario that validates."""
    return _starter_text()
