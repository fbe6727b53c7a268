"""The server and session layers run headless: no Textual, no Rich."""

from __future__ import annotations

from tests.test_import_hygiene import probe


def test_server_and_session_do_not_import_textual_or_rich():
    found = probe(("cpx.session", "cpx.server"), "import cpx.commands.serve")
    assert {"cpx.session.exercise_session", "cpx.server.hub"} <= set(found["imported"])
    assert found["ui"] == []


def test_the_session_layer_does_not_import_the_server():
    found = probe(("cpx.session",), "import sys\nassert not any(m.startswith('cpx.server') for m in sys.modules)")
    assert found["ui"] == []
