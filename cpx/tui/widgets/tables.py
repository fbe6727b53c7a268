"""Boards as tables: units, people, places, links, cases, victims.

A :class:`Board` is a :class:`~textual.widgets.DataTable` with fixed columns that is
refilled from plain rows only when they changed, so a clock tick that changed nothing
costs a tuple comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

UNIT_COLUMNS = ("Callsign", "Status", "ETA", "Task", "Location", "Agency")
PEOPLE_COLUMNS = ("Name", "Aliases", "Suspected role", "Grades", "Reports", "Status", "Case")
PLACE_COLUMNS = ("Place", "Kind", "Town", "Grades", "Reports")
LINK_COLUMNS = ("Link / route", "Kind", "Grades", "Reports")
ORDER_COLUMNS = ("Order", "Given", "Status", "Outcome", "Verb", "Unit", "Target")
SOURCE_COLUMNS = ("Source", "Handler", "Grade", "Reports")
CASE_COLUMNS = ("Case against", "Strength", "Evidence", "Warrant")
VICTIM_COLUMNS = ("Person", "Met/seen", "Where", "Status", "Reflection ends", "Consent", "Indicators",
                  "Description")


MIN_WRAPPED_WIDTH = 12
"""Narrower than this, a last column is not wrapped (a word a line helps nobody)."""
MAX_WRAPPED_LINES = 2
"""A last column that would need more lines than this a row is not wrapped: three lines
a unit would push the orders off an 80×24 screen."""


class Board(DataTable):
    """A read-only table of rows given as tuples of strings."""

    DEFAULT_CSS = "Board { height: auto; max-height: 100%; }"

    def __init__(self, columns: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = tuple(columns)
        self._rows: list[tuple[str, ...]] = []
        self._filled_width = 0
        """The board's width when its rows were last laid out."""

    def on_mount(self) -> None:
        self.add_columns(*self._columns)
        if self._rows:  # rows given before the table was mounted: add them once laid out
            self.call_after_refresh(self._refill)

    def _refill(self) -> None:
        # Whatever rows are current by now (show() may have run in between).
        self._fill(self._rows)

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        """Replace every row, with each column exactly as wide as its widest cell.

        Widths are set here, not left to the table's own measuring on idle: that came
        after the header was drawn, and a real terminal kept the header at the old
        widths, out of line with the rows below it.
        """
        self.clear(columns=True)
        widths = [max([cell_len(label)] + [cell_len(row[index]) for row in rows
                                           if index < len(row)])
                  for index, label in enumerate(self._columns)]
        last = self._last_column_room(widths, rows)
        if last is not None:
            widths[-1] = last
        for label, width in zip(self._columns, widths):
            self.add_column(label, width=width)
        if last is None:
            self.add_rows(rows)
        else:  # the last column wraps within the board: rows as tall as their text
            for row in rows:
                self.add_row(*row, height=None)
        self._filled_width = self.size.width
        # Its height changed with its rows: lay out again now. Without this a board
        # filled as its panel was first shown stayed drawn empty in a real terminal until
        # something else repainted the screen (the clock paused, nothing did).
        self.refresh(layout=True)

    def _last_column_room(self, widths: list[int], rows: list[tuple[str, ...]]) -> int | None:
        """The width the last column wraps to so the board fits its width (a long agency
        name at 80 columns), or None when it fits already, or the room left is too
        narrow to wrap into (the board then scrolls sideways, as before)."""
        room = self.scrollable_content_region.width - sum(
            width + 2 * self.cell_padding for width in widths[:-1]) - 2 * self.cell_padding
        if not self._columns or room >= widths[-1] or room < MIN_WRAPPED_WIDTH:
            return None
        console = self.app.console
        if any(len(Text(row[-1]).wrap(console, room)) > MAX_WRAPPED_LINES
               for row in rows if len(row) == len(self._columns)):
            return None
        return room

    def on_resize(self) -> None:
        if self.columns and self.size.width != self._filled_width:
            self._fill(self._rows)

    def show(self, rows: Sequence[tuple[str, ...]]) -> bool:
        """Show ``rows``; return whether anything changed."""
        rows = [tuple(r) for r in rows]
        if rows == self._rows:
            return False
        self._rows = rows
        if not self.columns:
            return True  # not mounted yet: on_mount adds them
        cursor = self.cursor_row
        self._fill(rows)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
        return True

    @property
    def rows_shown(self) -> list[tuple[str, ...]]:
        """The rows currently shown."""
        return list(self._rows)
