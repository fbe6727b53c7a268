"""The command line's ``message`` command: ``message CELL TEXT…`` to another player cell.

Pure functions (no Textual), beside the order grammar of :mod:`cpx.tui.order_line`:
whether a typed line is a message, the recipient and text it gives, and the completion
of the recipient's cell id. Whether the message can be sent (ENDEX, a control
character) is the exercise's decision, not the parser's.
"""

from __future__ import annotations

from cpx.errors import CpxError

COMMAND = "message"
"""The word that starts a message on the command line (``:message`` too)."""


def is_message(line: str) -> bool:
    """Whether ``line`` is the ``message`` command rather than an order."""
    words = line.lstrip(":").split(maxsplit=1)
    return bool(words) and words[0].lower() == COMMAND


def parse_message(line: str, cells: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """``(cell, text)`` of ``message CELL TEXT…``; ``cells`` are the cells one may write to.

    A malformed line raises :class:`CpxError` saying what to type."""
    example = f"e.g. '{COMMAND} {cells[0]} The minibus left Halvik at 14:00'" if cells else ""
    if not cells:
        raise CpxError("there is no other player cell in this exercise to write to",
                       "No other cell")
    _, _, rest = line.lstrip(":").partition(" ")
    to, _, text = rest.strip().partition(" ")
    if not to:
        raise CpxError(f"name the cell to write to ({', '.join(cells)}), {example}",
                       "No recipient")
    if to not in cells:
        lowered = [c for c in cells if c.lower() == to.lower() or c.startswith(to.lower())]
        if len(lowered) == 1:
            to = lowered[0]
        else:
            raise CpxError(f"'{to}' is not a cell you can write to; the cells: "
                           f"{', '.join(cells)}", "Unknown cell")
    if not text.strip():
        raise CpxError(f"write the message after the cell, {example}", "Empty message")
    return to, text.strip()


def complete_message(line: str, cells: tuple[str, ...] | list[str]) -> str | None:
    """The line with the recipient's cell id completed ('message bor' → 'message
    border_police'), or None when nothing fits (the text is never completed)."""
    if line.endswith(" "):
        return None
    head, _, word = line.rpartition(" ")
    if len(line.split()) != 2:
        return None
    for cell in cells:
        if cell != word and cell.startswith(word.lower()):
            return f"{head} {cell}"
    return None
