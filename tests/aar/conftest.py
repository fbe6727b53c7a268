"""Every after-action test notes verified journals in its own cache (see cpx.aar.verified)."""

import pytest


@pytest.fixture(autouse=True)
def private_verified_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CPX_CACHE_DIR", str(tmp_path_factory.mktemp("verified")))
