"""The briefing: what the cell knows and is tasked with at STARTEX, and how to play."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from cpx.tui.keys import BRIEFING_KEYS, COMMAND_POST_KEYS, first_key
from cpx.tui.viewdata import Briefing


def _section(title: str, lines: tuple[str, ...] | list[str], bullet: str = "• ") -> list[Text]:
    if not lines:
        return []
    return [Text(title, style="bold underline")] + [Text(bullet + line) for line in lines] + [
        Text("")]


def how_to_play() -> list[str]:
    """The 'how to play' lines, generated from the command post's bindings."""
    lines = [f"{first_key(b):>5}  {b.description} — {b.tooltip}"
             for b in COMMAND_POST_KEYS if b.show]
    lines.append("  1-6  switch panel: feed, units, intel, cases, victims, map")
    lines.append("    ?  every key;  Ctrl+P  find any action by name")
    return lines


class BriefingScreen(Screen[None]):
    """Shows a :class:`~cpx.tui.presenter.Briefing`; Enter opens the command post."""

    BINDINGS = BRIEFING_KEYS

    def __init__(self, briefing: Briefing, note: str = "") -> None:
        super().__init__()
        self.briefing = briefing
        self.note = note

    def compose(self) -> ComposeResult:
        b = self.briefing
        parts: list[Text] = [
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
        parts += _section("How to play", how_to_play(), bullet="")
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
