"""The header line: exercise clock, day, speed and time to ENDEX."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class ClockBar(Widget):
    """One line: ``D2 14:30  Day 2  ×60  ENDEX in 3d 4h`` and the journal path.

    A plain widget with ``render`` rather than a Static: updating a Static asks for a
    new layout of the whole screen, and this line changes on every clock tick.
    """

    DEFAULT_CSS = "ClockBar { height: 1; width: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values: tuple[str, int, str, str, str] = ("", 0, "", "", "")

    def show(self, clock: str, day: int, speed: str, endex_in: str, note: str = "") -> None:
        """Update the header with plain values (repaints only when they changed)."""
        values = (clock, day, speed, endex_in, note)
        if values != self._values:
            self._values = values
            self.refresh()

    @property
    def plain(self) -> str:
        """The header as text (what the trainee reads)."""
        return self.render().plain

    def render(self) -> Text:
        clock, day, speed, endex_in, note = self._values
        text = Text(no_wrap=True, overflow="ellipsis")
        if not clock:
            return text
        text.append(f" {clock} ", style="bold reverse")
        text.append(f" Day {day} ")
        text.append(f" {speed} ", style="bold yellow" if speed == "paused" else "bold green")
        text.append(f" ENDEX in {endex_in} ")
        room = self.size.width - text.cell_len - 2
        if note and room > 8:
            # The journal path is the least urgent: shortened from the left to fit.
            shown = note if len(note) <= room else "…" + note[-(room - 1):]
            text.append(f" {shown}", style="dim")
        return text
