"""The debrief after ENDEX: how it ended, the score card, the log and how to replay it."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from cpx.aar.ratings import MEANING, RATINGS
from cpx.tui.keys import DEBRIEF_KEYS
from cpx.tui.viewdata import Debrief

_RATING_STYLE = {"P": "bold green", "S": "bold cyan", "M": "bold yellow", "U": "bold red"}


class DebriefScreen(Screen[None]):
    """Shows a :class:`~cpx.tui.presenter.Debrief`."""

    BINDINGS = DEBRIEF_KEYS

    def __init__(self, data: Debrief) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        d = self.data
        counts = Table.grid(padding=(0, 2))
        counts.add_column(justify="right", style="bold")
        counts.add_column()
        for label, value in d.counts:
            counts.add_row(value, label)
        parts = [Text(f"Debrief — {d.title}", style="bold reverse"), Text(d.ended), Text(""),
                 Text("What the cell achieved", style="bold underline"), counts, Text("")]
        if d.scores:
            card = Table(box=None, padding=(0, 1), show_edge=False)
            card.add_column("Rating", no_wrap=True)
            card.add_column("Objective")
            card.add_column("Measured", no_wrap=True)
            for objective, value, rating in d.scores:
                card.add_row(Text(f" {rating} ", style=_RATING_STYLE.get(rating, "dim")),
                             objective, value)
            legend = Table.grid(padding=(0, 1))
            legend.add_column(no_wrap=True)
            legend.add_column(style="dim")
            for rating in RATINGS:
                legend.add_row(Text(f" {rating} ", style=_RATING_STYLE[rating]), MEANING[rating])
            parts += [Text("Score card", style="bold underline"), card, legend, Text("")]
        if d.score_note:
            parts += [Text(d.score_note, style="yellow"), Text("")]
        parts += [Text("Journal", style="bold underline"), Text(d.journal)]
        if d.replay_command:
            parts += [Text("Replay it with the instructor:", style="bold"),
                      Text(f"  {d.replay_command}", style="bold cyan")]
        parts += [Text(""), Text("Press q to leave.", style="dim")]
        with VerticalScroll(id="debrief-scroll"):
            yield Static(Group(*parts), id="debrief-text")
        yield Footer(compact=True)
