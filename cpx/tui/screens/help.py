"""The help screen: every key of the screen below and of the app, from their bindings,
then every order verb with its details (:mod:`cpx.tui.orders_help`)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cpx.tui.keys import MODAL_KEYS, first_key

# The orders section (cpx.tui.orders_help) is imported when the help is opened: it reads
# the verbs' typed definitions, which pull in the scenario models (pydantic, networkx),
# and the app imports this module before its first frame.


def bindings_table(sections: Iterable[tuple[str, Iterable[Binding]]]) -> Group:
    """Key, action and explanation, under a heading per group of bindings.

    One table per section, so a long heading does not widen the key column.
    """
    parts: list[RenderableType] = []
    for title, bindings in sections:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True, min_width=5)
        table.add_column(style="bold", no_wrap=True, min_width=7)
        table.add_column()
        for binding in bindings:
            keys = " ".join(
                k if len(k) == 1 else {"question_mark": "?", "equals_sign": "=",
                                        "colon": ":"}.get(k, k)
                for k in binding.key.split(","))
            shown = first_key(binding) if binding.key_display else keys
            table.add_row(shown, binding.description, binding.tooltip)
        parts += [Text(title, style="bold underline"), table, Text("")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Lists the keys given to it, then the orders; closes with Escape, q or ?."""

    BINDINGS = MODAL_KEYS + [
        Binding("q,question_mark,f1", "dismiss_modal", "Close", show=False, id="help.close",
                tooltip="Close the help"),
        Binding("o", "orders", "Orders", show=False, id="help.orders",
                tooltip="Jump to the orders: every verb, its details and an example"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text("Keys, then Orders (o) · Esc closes · Ctrl+P finds any action "
                              "by name", style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(bindings_table(self.sections), id="help-table")
                from cpx.tui.orders_help import orders_help

                yield Static(orders_help(), id="help-orders")

    def action_orders(self) -> None:
        """Scroll the orders section to the top of the help."""
        self.query_one("#help-scroll", VerticalScroll).scroll_to_widget(
            self.query_one("#help-orders"), top=True, animate=False)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)
