"""The detail of one message: its fields, full text and what it refers to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from cpx.tui.viewdata import MessageDetail


class MessageDetailView(VerticalScroll):
    """Shows a :class:`~cpx.tui.presenter.MessageDetail`; empty until one is given."""

    DEFAULT_CSS = """
    MessageDetailView { height: 1fr; }
    MessageDetailView > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text("Select a message to read it.", style="dim"), id="detail-body")

    def show(self, detail: MessageDetail) -> None:
        """Render ``detail``."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in detail.fields:
            grid.add_row(label, value)
        body = Table.grid()
        body.add_row(Text(detail.title, style="bold"))
        if detail.text:
            body.add_row(Text(detail.text))
        if detail.refs:
            body.add_row(Text("Refers to: " + ", ".join(detail.refs), style="italic"))
        if detail.fields:
            body.add_row(grid)
        self.query_one("#detail-body", Static).update(body)
        self.scroll_home(animate=False)
