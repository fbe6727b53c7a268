"""The header line: exercise clock, day, speed and time to ENDEX."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ClockBar(Static):
    """One line: ``D2 14:30  Day 2  ×60  ENDEX in 3d 4h`` and the journal path."""

    DEFAULT_CSS = "ClockBar { height: 1; width: 1fr; }"

    def show(self, clock: str, day: int, speed: str, endex_in: str, note: str = "") -> None:
        """Update the header with plain values."""
        text = Text()
        text.append(f" {clock} ", style="bold reverse")
        text.append(f" Day {day} ")
        text.append(f" {speed} ", style="bold yellow" if speed == "paused" else "bold green")
        text.append(f" ENDEX in {endex_in} ")
        room = self.size.width - text.cell_len - 2
        if note and room > 8:
            # The journal path is the least urgent: shortened from the left to fit.
            shown = note if len(note) <= room else "…" + note[-(room - 1):]
            text.append(f" {shown}", style="dim")
        text.no_wrap = True
        text.overflow = "ellipsis"
        self.update(text)
