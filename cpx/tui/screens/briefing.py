"""The briefing: what the cell knows and is tasked with at STARTEX, and how to play."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cpx.tui.keys import APP_KEYS, BRIEFING_KEYS, COMMAND_POST_KEYS, first_key
from cpx.tui.viewdata import Briefing
from cpx.tui.widgets.hanging_line import HangingLine


def _section(title: str, lines: tuple[str, ...] | list[str],
             bullet: str = "• ") -> list[RenderableType]:
    """A heading and its lines; a bulleted line wraps under its text, not its bullet."""
    if not lines:
        return []
    body: list[RenderableType] = [HangingLine(bullet, line) if bullet else Text(line)
                                  for line in lines]
    return [Text(title, style="bold underline"), *body, Text("")]


def how_to_play() -> Group:
    """The 'how to play' keys, generated from the command post's bindings: key, name,
    then what it does, wrapped under itself."""
    rows = [(first_key(b), b.description, b.tooltip)
            for b in COMMAND_POST_KEYS
            if not b.id.startswith("panel.")]  # the six panel keys get one line below
    rows.append(("1-6", "Panels", "feed, units, intel, cases, victims, map"))
    rows.append(("?", "Help", "every key; Ctrl+P finds any action by name"))
    key_width = max(len(key) for key, _name, _does in rows)
    name_width = max(len(name) for _key, name, _does in rows)
    return Group(*(
        HangingLine(Text.assemble((key.rjust(key_width), "bold cyan"), " ",
                                  (name.ljust(name_width), "bold"), " "), does)
        for key, name, does in rows))


def key_label(binding: Binding) -> str:
    """A binding's key as the bar writes it: 'Enter', 'Ctrl+Q', '?'."""
    return "+".join(part.capitalize() for part in first_key(binding).split("+"))


def key_bar() -> Content:
    """The briefing's keys, from its bindings and the app's, each a link that runs it.

    One line of text in place of a button and a footer: the first frame of ``cpx play``
    lays out two widgets fewer and parses neither's styles (issue 11)."""
    links = []
    for binding in [*BRIEFING_KEYS, *APP_KEYS]:
        action = binding.action if binding.action.startswith("app.") \
            else f"screen.{binding.action}"
        links.append(Content.from_markup(
            f"[@click={action}][b]$key[/b] $description[/]",
            key=key_label(binding), description=binding.description))
    return Content("   ").join(links)


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
        yield Static(key_bar(), id="start")

    def on_mount(self) -> None:
        self.query_one("#briefing-scroll").focus()

    def action_start(self) -> None:
        self.dismiss(None)
