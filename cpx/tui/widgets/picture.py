"""The intelligence picture: people, places, links and routes, sources — as boards.

A view of plain rows (built by the presenter from a cell's picture); the replay UI can
show one beside another, e.g. what the cell knew next to the truth.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label

from cpx.tui.widgets.tables import (LINK_COLUMNS, PEOPLE_COLUMNS, PLACE_COLUMNS,
                                    SOURCE_COLUMNS, Board)

Rows = Sequence[tuple[str, ...]]


class IntelPicture(VerticalScroll):
    """Four boards under headings; :meth:`show` refills the ones that changed."""

    SECTIONS = (("people", "People", PEOPLE_COLUMNS), ("places", "Places", PLACE_COLUMNS),
                ("links", "Links and routes", LINK_COLUMNS),
                ("sources", "Sources", SOURCE_COLUMNS))

    def compose(self) -> ComposeResult:
        for key, title, columns in self.SECTIONS:
            yield Label(title, classes="section")
            yield Board(columns, id=f"{key}-board")

    def show(self, *, people: Rows, places: Rows, links: Rows, sources: Rows) -> None:
        """Show the rows of each section."""
        for key, rows in (("people", people), ("places", places), ("links", links),
                          ("sources", sources)):
            self.query_one(f"#{key}-board", Board).show(rows)
