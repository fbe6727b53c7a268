"""The replay's timeline: a virtualised list drawing only the visible rows of the index.

A million-event journal has a million rows; a widget per row is out of the question.
This is a line-API :class:`~textual.scroll_view.ScrollView` whose :meth:`render_line`
reads the one row it draws from the journal index (and its record from disk, cached).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cpx.tui.replay.keys import REPLAY_KEYS
from cpx.tui.replay.session import ReplaySession

_EXCON = Style(color="red")
_TRAINEE = Style(color="cyan")
_DIM = Style(dim=True)
_DECISION = Style(color="yellow", bold=True)
_NOTE = Style(color="magenta", bold=True)
_CURSOR = Style(reverse=True)
_LEAK = Style(color="white", bgcolor="red", bold=True)

ALARM_KINDS = frozenset({"leak", "informant.burned", "unlawful.act", "victim.harmed",
                         "victim.retrafficked", "inject.expected_missed"})
"""Kinds drawn white on red so they stand out when scrolling past."""


def _moving_keys() -> list[Binding]:
    """The replay's moving keys, bound on the timeline itself.

    A scroll view binds the arrows, PgUp/PgDn and Home/End to scrolling its content;
    those would win over the app's keys while the timeline has the focus (as it does
    when the replay opens), so the arrows scrolled the view and left the cursor where
    it was. Bound here, they move the cursor as the footer says.
    """
    moving = ("up", "down", "pageup", "pagedown", "home", "end", "left", "right",
              "shift+left", "shift+right")
    return [Binding(key, f"app.{b.action}", b.description, show=False)
            for b in REPLAY_KEYS for key in b.key.split(",") if key in moving]


class Timeline(ScrollView, can_focus=True):
    """Every shown row: time, audience, decision and note marks, kind, a short summary."""

    BINDINGS = _moving_keys()

    class Moved(Message):
        """The cursor moved (the side panes should follow)."""

    def __init__(self, session: ReplaySession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def reload(self) -> None:
        """The rows changed (a filter): resize and keep the cursor in view."""
        self.virtual_size = Size(self.size.width, len(self.session.rows))
        self.follow_cursor()

    def follow_cursor(self) -> None:
        """Scroll so the cursor is visible, redraw, and tell the panes."""
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        cursor = self.session.cursor
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Moved())

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.session.rows))

    def on_click(self, event) -> None:
        position = int(self.scroll_offset.y) + event.y
        if 0 <= position < len(self.session.rows):
            self.session.move_to(position)
            self.follow_cursor()

    def render_line(self, y: int) -> Strip:
        position = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        session = self.session
        if position >= len(session.rows):
            return Strip.blank(width, self.rich_style)
        row = int(session.rows[position])
        index = session.index
        record = index.record(row)
        kind = index.kind_name(row)
        excon = record.get("visibility") == "excon"
        seq = int(index.seq[row])
        room = max(10, min(22, width // 3))  # the kind column shrinks on a narrow screen
        segments = [
            Segment(session.clock(int(index.t[row])), _DIM),
            Segment(" X " if excon else " T ", _EXCON if excon else _TRAINEE),
            Segment("◆" if index.decision[row] else " ", _DECISION),
            Segment("✎" if seq in session.notes else " ", _NOTE),
            Segment(" "),
            Segment(f"{kind[:room]:<{room}}", _LEAK if kind in ALARM_KINDS else Style(bold=True)),
            Segment(" "),
            Segment(session.describe(record), _EXCON if excon else Style()),
        ]
        strip = Strip(segments).crop(0, width).extend_cell_length(width)
        if position == session.cursor:
            strip = strip.apply_style(_CURSOR if self.has_focus else Style(reverse=True, dim=True))
        return strip.apply_style(self.rich_style)
