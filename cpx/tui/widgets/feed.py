"""The message feed: a virtualised list that renders only the lines on screen.

With tens of thousands of messages a widget per line would be far too slow, so the feed
is a line-API :class:`~textual.scroll_view.ScrollView`: :meth:`render_line` draws one
visible line from the item list on demand. Adding items only changes the virtual size.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cpx.tui.viewdata import FeedItem

_TAG_STYLE = {
    "INF": Style(color="magenta", bold=True),
    "UNIT": Style(color="cyan", bold=True),
    "MSG": Style(color="yellow", bold=True),
    "AGCY": Style(color="green", bold=True),
    "ORD": Style(color="bright_blue", bold=True),  # plain blue is hard to read on black
}
_UNREAD = Style(bold=True)
_READ = Style()
_CURSOR = Style(reverse=True)
_DIM = Style(dim=True)
SENDER_NARROW = 12
"""Characters of the sender column on a feed narrower than :data:`WIDE_FEED`."""
SENDER_WIDE = 22
"""Characters of the sender column on a wide feed."""
WIDE_FEED = 100
"""From this many columns the feed gives the sender its wide column."""


class MessageFeed(ScrollView, can_focus=True):
    """Every message of the cell, newest last; a cursor, unread marks, a source filter."""

    DEFAULT_CSS = "MessageFeed { overflow-x: hidden; }"

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="feed.up",
                tooltip="Previous message"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="feed.down",
                tooltip="Next message"),
        Binding("pageup", "cursor(-10)", "Page up", show=False, id="feed.page_up",
                tooltip="Ten messages back"),
        Binding("pagedown", "cursor(10)", "Page down", show=False, id="feed.page_down",
                tooltip="Ten messages on"),
        Binding("home", "cursor_to(0)", "First", show=False, id="feed.first",
                tooltip="The first message"),
        Binding("end", "cursor_to(-1)", "Last", show=False, id="feed.last",
                tooltip="The latest message (the feed then follows new ones)"),
    ]

    source: reactive[str] = reactive("all")
    """The source filter: ``all`` or one of the presenter's feed sources."""

    class Highlighted(Message):
        """The cursor moved onto a message (its detail should show)."""

        def __init__(self, item: FeedItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[FeedItem] = []
        self._shown: list[int] = []  # indexes into items passing the filter
        self.unread: set[int] = set()  # seq of unread messages
        self.cursor = -1  # index into _shown; -1 = none yet
        self.follow = True

    # --------------------------------------------------------------- data in
    def add(self, items: Iterable[FeedItem], unread: bool = True) -> None:
        """Append new messages; the cursor follows them if it was on the last one."""
        start = len(self.items)
        for item in items:
            self.items.append(item)
            if unread:
                self.unread.add(item.seq)
        if len(self.items) == start:
            return
        for index in range(start, len(self.items)):
            if self._passes(self.items[index]):
                self._shown.append(index)
        self._resize()
        if self.follow and self._shown and self._shown[-1] >= start:
            self._move_to(self._arrival_stop(start))
            self.follow = True  # still following: the next arrivals move it on again
        else:
            self.refresh()

    def _arrival_stop(self, start: int) -> int:
        """Where a following cursor goes when items from ``start`` on arrived.

        The newest message, unless an inject (the director's or instructor's message,
        the one to read in full) came in the same tick: then that inject, so a result
        arriving with it does not carry the reader past it. Only the last screenful of a
        big batch (a resumed journal) is searched.
        """
        last = len(self._shown) - 1
        for position in range(max(last - 49, 0), last + 1):
            index = self._shown[position]
            if index >= start and self.items[index].source == "injects":
                return position
        return last

    def watch_source(self) -> None:
        current = self.current
        self._shown = [i for i, item in enumerate(self.items) if self._passes(item)]
        self._resize()
        position = next((n for n, i in enumerate(self._shown)
                         if current is not None and self.items[i].seq >= current.seq),
                        len(self._shown) - 1)
        self.cursor = -1
        if self._shown:
            self._move_to(position)
        self.refresh()

    def _passes(self, item: FeedItem) -> bool:
        return self.source == "all" or item.source == self.source

    def _resize(self) -> None:
        # Lines are cropped to the width, never scrolled sideways.
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._shown))

    @property
    def shown_count(self) -> int:
        """How many messages pass the filter."""
        return len(self._shown)

    @property
    def current(self) -> FeedItem | None:
        """The message under the cursor."""
        if 0 <= self.cursor < len(self._shown):
            return self.items[self._shown[self.cursor]]
        return None

    # -------------------------------------------------------------- movement
    def action_cursor(self, delta: int) -> None:
        if self._shown:
            self._move_to(max(0, min(len(self._shown) - 1, self.cursor + delta)))

    def action_cursor_to(self, index: int) -> None:
        if self._shown:
            self._move_to(index % len(self._shown))

    def next_unread(self) -> bool:
        """Move to the next unread message after the cursor (wrapping); False if none."""
        count = len(self._shown)
        for step in range(1, count + 1):
            position = (self.cursor + step) % count
            if self.items[self._shown[position]].seq in self.unread:
                self._move_to(position)
                return True
        return False

    def _move_to(self, position: int) -> None:
        # Follow new messages while on the last one or on the first of the last batch.
        self.follow = position == len(self._shown) - 1 or (
            self.follow and position > self.cursor)
        self.cursor = position
        item = self.items[self._shown[position]]
        self.unread.discard(item.seq)
        self._scroll_to_cursor()
        # Once more after the next refresh: new lines raise the scroll limit only then.
        self.call_after_refresh(self._scroll_to_cursor)
        self.refresh()
        self.post_message(self.Highlighted(item))

    def _scroll_to_cursor(self) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_click(self, event) -> None:
        position = int(self.scroll_offset.y) + event.y
        if 0 <= position < len(self._shown):
            self._move_to(position)

    def on_resize(self) -> None:
        self._resize()

    # ------------------------------------------------------------- rendering
    def render_line(self, y: int) -> Strip:
        """One visible line: unread mark, time, source tag, sender, grade, headline."""
        position = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if position >= len(self._shown):
            return Strip.blank(width, self.rich_style)
        item = self.items[self._shown[position]]
        unread = item.seq in self.unread
        base = _UNREAD if unread else _READ
        # A wide feed names the sender whole ('Talmor National Police', not 'Talmor Natio').
        sender = SENDER_WIDE if width >= WIDE_FEED else SENDER_NARROW
        segments = [
            Segment("● " if unread else "  ", Style(color="red", bold=True)),
            Segment(item.when[3:] if width < 60 else item.when, _DIM),
            Segment(" "),
            Segment(f"{item.tag:<4}", _TAG_STYLE.get(item.tag, _READ)),
            Segment(" "),
            Segment(f"{item.sender[:sender]:<{sender}}", base),
            Segment(f" {item.grade:<2} " if item.grade else " ", Style(color="magenta")),
            Segment(item.headline, base),
        ]
        strip = Strip(segments).crop(0, width).extend_cell_length(width)
        if position == self.cursor:
            strip = strip.apply_style(_CURSOR if self.has_focus else Style(reverse=True, dim=True))
        return strip.apply_style(self.rich_style)
