"""A line of a list as the briefing shows it: a lead (a bullet, a key and its name),
then the text, wrapped under the text's start rather than under the lead.

A Rich renderable that wraps one :class:`~rich.text.Text`: a Rich ``Table.grid`` per
line looks the same but costs four times as much to lay out, and the briefing, the
first frame of ``cpx play``, is laid out three times before it is drawn (issue 11).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text


class HangingLine:
    """``lead`` then ``text``; the text's further lines start under its first character.

    Overlong words are folded, never cut. The lead is never wrapped (keep it short).
    """

    def __init__(self, lead: Text | str, text: Text | str) -> None:
        self.lead = lead if isinstance(lead, Text) else Text(lead)
        self.text = text if isinstance(text, Text) else Text(text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.lead.cell_len
        lines = self.text.wrap(console, max(1, options.max_width - indent), overflow="fold")
        under = Text(" " * indent)
        for number, line in enumerate(lines):
            yield from (under if number else self.lead).render(console)
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.lead.cell_len
        longest = max((Text(word).cell_len for word in self.text.plain.split()), default=0)
        return Measurement(indent + longest,
                           indent + self.text.cell_len).clamp(max_width=options.max_width)
