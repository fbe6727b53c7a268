"""The first frame: shown while the scenario is loaded and the world is built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    """A title and what is being opened; replaced by the briefing when ready."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        yield Static(f"cpx — command-post exercise\n\nOpening {self.what} …", id="loading")
