"""The detail of one message: its fields, full text and what it refers to."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from cpx.tui.viewdata import MessageDetail

_BULLETS = ("* ", "- ", "• ")

EMPTY = ("No message selected. Messages arrive in the feed as the clock runs: space runs "
         "or pauses it, n jumps to the next message, the arrow keys select one to read here.")
"""What the detail says before there is anything to read (a paused clock at STARTEX)."""


def paragraphs(text: str) -> Group:
    """Reflowed message text as renderables that wrap well in a narrow pane.

    A list item keeps a hanging indent (its wrapped lines start under its text, not
    under the bullet), and an indented line — in the instructor's messages, an order
    to type as it stands — is shown bold and never joined to its neighbours.
    """
    parts: list[RenderableType] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(_BULLETS):
            item = Table.grid(padding=0)
            item.add_column(no_wrap=True)
            item.add_column(overflow="fold")
            item.add_row("  • ", Text(stripped[2:].strip()))
            parts.append(item)
        elif stripped and line[:1].isspace():
            parts.append(Text("  " + stripped, style="bold"))
        else:
            parts.append(Text(stripped))
    return Group(*parts)


class MessageDetailView(VerticalScroll):
    """Shows a :class:`~cpx.tui.presenter.MessageDetail`; empty until one is given."""

    DEFAULT_CSS = """
    MessageDetailView { height: 1fr; }
    MessageDetailView > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text(EMPTY, style="dim"), id="detail-body")

    def show(self, detail: MessageDetail) -> None:
        """Render ``detail``."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in detail.fields:
            grid.add_row(label, value)
        body = Table.grid()
        body.add_column(overflow="fold")
        body.add_row(Text(detail.title, style="bold reverse"))
        if detail.text:
            body.add_row(paragraphs(detail.text))
        if detail.refs:
            body.add_row(Text("Refers to: " + ", ".join(detail.refs), style="italic"))
        if detail.fields:
            body.add_row(grid)
        self.query_one("#detail-body", Static).update(body)
        self.scroll_home(animate=False)
