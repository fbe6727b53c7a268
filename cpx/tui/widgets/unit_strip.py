"""The units' duty state in a line or two above the feed, for terminals too narrow for
the units board beside it: ``HAWK 1 on task, ETA 18:10 · ANVIL on duty · HAWK 2 off
duty until 14:00``. Each unit's entry is kept whole on one line."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

STATE_STYLES = {"on duty": "green", "off duty": "dim", "on task": "yellow",
                "en route": "yellow", "resting": "dim"}
"""The colour of each duty state (the words carry the meaning; colour only helps)."""


class UnitStrip(Widget):
    """Each own unit's callsign and duty state, packed into as few lines as fit."""

    DEFAULT_CSS = "UnitStrip { height: auto; max-height: 4; width: 1fr; padding: 0 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: tuple[tuple[str, str, str], ...] = ()

    def show(self, entries: list[tuple[str, str, str]]) -> None:
        """``(callsign, state, detail)`` per unit, e.g. ``("HAWK 1", "on task", "ETA 18:10")``."""
        entries_t = tuple(entries)
        if entries_t != self._entries:
            self._entries = entries_t
            self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return self._text(max(self.size.width, 20)).plain

    def _text(self, width: int) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        used = 0
        for callsign, state, detail in self._entries:
            entry = Text.assemble((callsign, "bold"), " ",
                                  (state, STATE_STYLES.get(state, "")),
                                  (f", {detail}" if detail and state in ("on task", "en route")
                                   else f" {detail}" if detail else ""))
            if used and used + 3 + len(entry) > width:
                text.append("\n")
                used = 0
            elif used:
                text.append(" · ", style="dim")
                used += 3
            text.append_text(entry)
            used += len(entry)
        return text

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._text(width).plain.split("\n"))) if self._entries else 1

    def render(self) -> Text:
        return self._text(max(self.content_region.width, 20))
