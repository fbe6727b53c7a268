"""The briefing: what the cell knows and is tasked with at STARTEX, and how to play."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from cpx.tui.keys import BRIEFING_KEYS, COMMAND_POST_KEYS, first_key
from cpx.tui.viewdata import Briefing


def _section(title: str, lines: tuple[str, ...] | list[str],
             bullet: str = "• ") -> list[RenderableType]:
    """A heading and its lines; a bulleted line wraps under its text, not its bullet."""
    if not lines:
        return []
    body: list[RenderableType] = []
    for line in lines:
        if bullet:
            item = Table.grid()
            item.add_column(no_wrap=True)
            item.add_column(overflow="fold")
            item.add_row(bullet, line)
            body.append(item)
        else:
            body.append(Text(line))
    return [Text(title, style="bold underline"), *body, Text("")]


def how_to_play() -> Table:
    """The 'how to play' keys, generated from the command post's bindings."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold cyan", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for b in COMMAND_POST_KEYS:
        if not b.id.startswith("panel."):  # the six panel keys get one line below
            table.add_row(first_key(b), b.description, b.tooltip)
    table.add_row("1-6", "Panels", "feed, units, intel, cases, victims, map")
    table.add_row("?", "Help", "every key; Ctrl+P finds any action by name")
    return table


class BriefingScreen(Screen[None]):
    """Shows a :class:`~cpx.tui.presenter.Briefing`; Enter opens the command post."""

    BINDINGS = BRIEFING_KEYS

    def __init__(self, briefing: Briefing, note: str = "") -> None:
        super().__init__()
        self.briefing = briefing
        self.note = note

    def compose(self) -> ComposeResult:
        b = self.briefing
        parts: list[RenderableType] = [
            Text(b.title, style="bold reverse"),
            Text(f"STARTEX {b.startex} · runs {b.duration}", style="dim"),
            Text(""),
        ]
        if self.note:
            parts += [Text(self.note, style="bold yellow"), Text("")]
        if b.newcomer_hint:
            parts += [Text(b.newcomer_hint, style="italic"), Text("")]
        parts += _section("Situation", [b.situation], bullet="")
        parts += _section("Mission", [b.mission], bullet="")
        parts += _section("Objectives", b.objectives)
        parts += _section("Your units", b.own_units)
        parts += _section("Your sources", b.informants)
        parts += _section("Partners", b.partners)
        parts += [Text("How to play", style="bold underline"), how_to_play()]
        with VerticalScroll(id="briefing-scroll"):
            yield Static(Group(*parts), id="briefing-text")
        yield Button("Start the exercise (Enter)", variant="success", id="start")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#briefing-scroll").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start()

    def action_start(self) -> None:
        self.dismiss(None)
