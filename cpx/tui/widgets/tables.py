"""Boards as tables: units, people, places, links, cases, victims.

A :class:`Board` is a :class:`~textual.widgets.DataTable` with fixed columns that is
refilled from plain rows only when they changed, so a clock tick that changed nothing
costs a tuple comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

UNIT_COLUMNS = ("Callsign", "Status", "Location", "Task", "ETA", "Agency")
PEOPLE_COLUMNS = ("Name", "Aliases", "Suspected role", "Grades", "Reports", "Status", "Case")
PLACE_COLUMNS = ("Place", "Kind", "Town", "Grades", "Reports")
LINK_COLUMNS = ("Link / route", "Kind", "Grades", "Reports")
ORDER_COLUMNS = ("Order", "Given", "Verb", "Unit", "Target", "Status", "Outcome")
SOURCE_COLUMNS = ("Source", "Handler", "Grade", "Reports")
CASE_COLUMNS = ("Suspect", "Strength", "Evidence", "Warrant")
VICTIM_COLUMNS = ("Person", "Met", "Where", "Status", "Indicators", "Description")


class Board(DataTable):
    """A read-only table of rows given as tuples of strings."""

    DEFAULT_CSS = "Board { height: auto; max-height: 100%; }"

    def __init__(self, columns: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = tuple(columns)
        self._rows: list[tuple[str, ...]] = []

    def on_mount(self) -> None:
        self.add_columns(*self._columns)
        if self._rows:  # rows given before the table was mounted: add them once laid out
            self.call_after_refresh(self._refill)

    def _refill(self) -> None:
        # Whatever rows are current by now (show() may have run in between).
        self.clear()
        self.add_rows(self._rows)

    def show(self, rows: Sequence[tuple[str, ...]]) -> bool:
        """Show ``rows``; return whether anything changed."""
        rows = [tuple(r) for r in rows]
        if rows == self._rows:
            return False
        self._rows = rows
        if not self.columns:
            return True  # not mounted yet: on_mount adds them
        cursor = self.cursor_row
        self.clear()
        self.add_rows(rows)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
        return True

    @property
    def rows_shown(self) -> list[tuple[str, ...]]:
        """The rows currently shown."""
        return list(self._rows)
