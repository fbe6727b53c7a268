"""Fixtures of the play UI tests: real scenarios, real engine, a journal in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpx.tui.app import PlayApp
from cpx.tui.clock import ExerciseClock
from cpx.tui.session import open_session

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.yaml")
FLAGSHIP = str(ROOT / "scenarios" / "glass_lantern.yaml")


def make_app(scenario: str = TUTORIAL, seed: int = 7, journal: str | Path | None = None,
             *, resume: str | Path | None = None, running: bool = False) -> PlayApp:
    """An app on a real exercise with no clock timer: the test moves the clock."""
    session = open_session(None if resume else scenario, None if resume else seed,
                           journal, resume, write_journal=journal is not None or resume is not None)
    return PlayApp(session, tick_seconds=None, clock=ExerciseClock(speed_index=3),
                   start_running=running)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty directory so relative journal paths are the same on every run."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def screen_text(app) -> str:
    """Every character on the app's screen now, line by line (what the trainee sees)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(widget, width: int = 200) -> str:
    """The plain text of a Static's content, however it was built (str, Text, Table)."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=width, record=True, file=open("/dev/null", "w"))
    console.print(content)
    return console.export_text()
